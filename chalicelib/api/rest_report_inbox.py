"""`/agent/reports…`: the officers' inbox of citizens' reports, its triage, contact details and CSV export."""
from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from chalice.app import Authorizer, Blueprint, Request, Response

from chalicelib.api.error_mapping import error_response
from chalicelib.api.request_body import json_request_body
from chalicelib.domain.agent import AgentIdentity
from chalicelib.domain.report import Report
from chalicelib.protocol.report_inbox_request import (
    DESK_TIMEZONE,
    parse_inbox_query,
    parse_triage_change,
    wants_contact,
)
from chalicelib.services.report_inbox import ReportDetail, ReportTriage

__all__ = ["report_detail_body", "report_inbox_routes", "report_summary"]

PATH = "/agent/reports"
_EXCERPT = 140


def _unit(triage: ReportTriage, unit_id: str | None) -> dict[str, str] | None:
    return {"id": unit_id, "name": triage.unit_name(unit_id)} if unit_id else None


def report_summary(report: Report, triage: ReportTriage) -> dict[str, Any]:
    """A report as a line of the inbox: never its contact details."""
    text = report.description
    return {
        "reference": report.reference,
        "kind": report.kind.value,
        "status": report.status.value,
        "created_at": report.created_at,
        "updated_at": report.last_update,
        "commune": report.place.commune,
        "postcode": report.place.postcode,
        "anonymous": report.anonymous,
        "excerpt": text if len(text) <= _EXCERPT else text[: _EXCERPT - 1] + "…",
        "handler": (
            {"agent_id": report.handler.agent_id, "display_name": report.handler.display_name}
            if report.handler
            else None
        ),
        "unit": _unit(triage, report.unit_id),
    }


def report_detail_body(detail: ReportDetail, triage: ReportTriage) -> dict[str, Any]:
    """The detail view: the whole report but its contact details, its history, and what this officer may do."""
    report = detail.report
    body = report_summary(report, triage)
    body.update(
        {
            "place": {
                "commune": report.place.commune,
                "postcode": report.place.postcode,
                "description": report.place.description,
            },
            "when": report.when,
            "description": report.description,
            "details": dict(report.details),
            "history": [
                {
                    "status": step.status.value,
                    "at": step.at,
                    "by": {"agent_id": step.by_id, "display_name": step.by_name},
                    "note": step.note,
                    "unit": _unit(triage, step.unit_id),
                }
                for step in report.history
            ],
            "has_contact": report.has_contact,
            "may_see_contact": detail.may_see_contact,
        }
    )
    if detail.audit is not None:
        body["audit"] = [{"action": e.action.value, "agent_id": e.agent_id, "at": e.at} for e in detail.audit]
    return body


def report_inbox_routes(
    triage: ReportTriage,
    officer_of: Callable[[Request], AgentIdentity],
    supervisor_of: Callable[[Request], AgentIdentity],
    authorizer: Authorizer | None = None,
) -> Blueprint:
    """The inbox routes, each behind `authorizer`; the export for supervisors only (`supervisor_of`)."""
    routes = Blueprint(__name__)
    no_store: dict[str, str | list[str]] = {"Cache-Control": "no-store"}

    @routes.route(PATH, methods=["GET"], authorizer=authorizer)
    def list_reports() -> Response:
        """A page of one status's reports, newest first, narrowed by kind, commune and dates."""
        request = routes.current_request
        try:
            officer = officer_of(request)
            inbox_filter, limit, cursor = parse_inbox_query(request.query_params)
            page = triage.list(officer, inbox_filter, limit, cursor)
        except Exception as exc:  # noqa: BLE001 - every failure answers with our error body
            return error_response(exc)
        body = {"reports": [report_summary(r, triage) for r in page.reports], "cursor": page.cursor}
        return Response(body=body, headers=no_store)

    @routes.route("/agent/report-units", methods=["GET"], authorizer=authorizer)
    def list_units() -> Response:
        """The units a report may be forwarded to (the locator's)."""
        try:
            officer_of(routes.current_request)
        except Exception as exc:  # noqa: BLE001
            return error_response(exc)
        return Response(body={"units": [{"id": i, "name": n} for i, n in triage.units()]}, headers=no_store)

    @routes.route(PATH + "/{reference}", methods=["GET"], authorizer=authorizer)
    def show_report(reference: str) -> Response:
        """One report, without its contact details."""
        try:
            detail = triage.detail(officer_of(routes.current_request), reference)
        except Exception as exc:  # noqa: BLE001
            return error_response(exc)
        return Response(body={"report": report_detail_body(detail, triage)}, headers=no_store)

    @routes.route(PATH + "/{reference}/contact", methods=["GET"], authorizer=authorizer)
    def show_contact(reference: str) -> Response:
        """The citizen's contact details: the report's handler or a supervisor; audited."""
        try:
            contact = triage.contact(officer_of(routes.current_request), reference)
        except Exception as exc:  # noqa: BLE001
            return error_response(exc)
        body = {"contact": {"name": contact.name, "email": contact.email, "phone": contact.phone}}
        return Response(body=body, headers=no_store)

    @routes.route(PATH + "/{reference}/status", methods=["POST"], authorizer=authorizer, content_types=["*/*"])
    def change_status(reference: str) -> Response:
        """Take a report, forward it to a unit, or close it, with a note."""
        request = routes.current_request
        try:
            officer = officer_of(request)
            changed = triage.change(officer, reference, parse_triage_change(json_request_body(request)))
            detail = triage.detail(officer, changed.reference)
        except Exception as exc:  # noqa: BLE001
            return error_response(exc)
        return Response(body={"report": report_detail_body(detail, triage)}, headers=no_store)

    @routes.route("/agent/report-export", methods=["GET"], authorizer=authorizer)
    def export_reports() -> Response:
        """The filtered list as CSV (supervisors); `?contact=1` adds the contact details, audited."""
        request = routes.current_request
        try:
            supervisor = supervisor_of(request)
            inbox_filter, _, _ = parse_inbox_query(request.query_params)
            text, _count = triage.export(supervisor, inbox_filter, wants_contact(request.query_params))
        except Exception as exc:  # noqa: BLE001
            return error_response(exc)
        stamp = datetime.fromtimestamp(triage.clock.now(), ZoneInfo(DESK_TIMEZONE)).strftime("%Y%m%d-%H%M")
        headers: dict[str, str | list[str]] = {
            **no_store,
            "Content-Type": "text/csv; charset=utf-8",
            "Content-Disposition": f'attachment; filename="signalements-{inbox_filter.status.value}-{stamp}.csv"',
        }
        return Response(body="\ufeff" + text, headers=headers)

    return routes
