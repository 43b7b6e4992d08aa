"""`/supervisor/today`: the day's figures hour by hour and the staffing for the coming hours (supervisors only)."""
from __future__ import annotations

from collections.abc import Callable
from typing import Any

from chalice.app import Authorizer, Blueprint, Request, Response

from chalicelib.api.error_mapping import error_response
from chalicelib.domain.agent import AgentIdentity
from chalicelib.domain.day_figures import Distribution, HourFigures
from chalicelib.domain.desk_figures import HourSlot, SurveyComment
from chalicelib.domain.staffing import StaffingNeed
from chalicelib.services.supervisor_board import DeskToday, SupervisorBoard

__all__ = ["PATH", "supervisor_routes", "today_body"]

PATH = "/supervisor/today"


def _distribution(d: Distribution, with_mean: bool = False) -> dict[str, Any]:
    body: dict[str, Any] = {"count": d.count, "median": d.median_s, "p90": d.p90_s}
    if with_mean:
        body["mean"] = d.mean_s
    return body


def _slot(slot: HourSlot) -> dict[str, Any]:
    return {"hour": slot.label, "start": slot.start, "utc_offset": slot.utc_offset}


def _hour(h: HourFigures) -> dict[str, Any]:
    return {
        **(_slot(h.slot) if h.slot else {}),
        "started": h.started,
        "answered": h.answered,
        "abandoned": h.abandoned,
        "answered_within_target": h.answered_within_target,
        "share_within_target": h.share_within_target,
        "wait_s": _distribution(h.wait),
        "first_response_s": _distribution(h.first_response),
        "handling_s": _distribution(h.handling, with_mean=True),
        "survey": {
            "answers": h.survey.answers,
            "found_easily": h.survey.found_easily,
            "understood": h.survey.understood,
            "rating_mean": h.survey.rating_mean,
            "ratings": {str(r): n for r, n in h.survey.ratings.items()},
        },
    }


def _comment(c: SurveyComment) -> dict[str, Any]:
    return {
        "answered_at": c.answered_at,
        "topic": c.topic,
        "rating": c.rating,
        "found_easily": c.found_easily,
        "understood": c.understood,
        "comment": c.comment,
    }


def _need(slot: HourSlot, need: StaffingNeed) -> dict[str, Any]:
    return {
        **_slot(slot),
        "arrivals_per_hour": round(need.arrivals_per_hour, 1),
        "erlangs": round(need.erlangs, 2),
        "slots_needed": need.slots_needed,
        "officers_needed": need.officers_needed,
        "expected_share_within_target": round(need.expected_share, 3) if need.expected_share is not None else None,
    }


def today_body(today: DeskToday) -> dict[str, Any]:
    """The day's figures and the staffing, as the board reads them."""
    return {
        "day": today.figures.day,
        "timezone": today.timezone,
        "generated_at": today.generated_at,
        "target": {"share": today.target.share, "within_s": today.target.within_s},
        "hours": [_hour(h) for h in today.figures.hours],
        "total": _hour(today.figures.total),
        "comments": [_comment(c) for c in today.figures.comments],
        "staffing": {
            "capacity": today.capacity,
            "arrivals_per_hour": round(today.arrivals_per_hour, 1),
            "mean_handling_s": round(today.mean_handling_s, 1),
            "online": {
                "officers": today.officers.online,
                "available": today.officers.available,
                "available_slots": today.officers.available_slots,
                "busy_slots": today.officers.busy_slots,
            },
            "coming_hours": [_need(slot, need) for slot, need in today.coming_hours],
        },
    }


def supervisor_routes(
    board: SupervisorBoard,
    supervisor_of: Callable[[Request], AgentIdentity],
    authorizer: Authorizer | None = None,
) -> Blueprint:
    """The supervisors' routes, each behind `authorizer`; `supervisor_of` refuses anyone but a supervisor."""
    routes = Blueprint(__name__)

    @routes.route(PATH, methods=["GET"], authorizer=authorizer)
    def today() -> Response:
        """Today hour by hour, the survey comments, and the officers needed for the coming hours."""
        try:
            supervisor_of(routes.current_request)
            body = today_body(board.today())
        except Exception as exc:  # noqa: BLE001 - every failure answers with our error body
            return error_response(exc)
        return Response(body=body, headers={"Cache-Control": "no-store"})

    return routes
