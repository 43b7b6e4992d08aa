"""The desk's notices and opening hours: `GET /desk` for every widget (public, cacheable a few seconds), and the
supervisors' reads and edits under `/supervisor/` (behind the officers' authorizer, supervisors only)."""
from __future__ import annotations

from collections.abc import Callable
from typing import Any

from chalice.app import Authorizer, Blueprint, Request, Response

from chalicelib.api.error_mapping import error_response
from chalicelib.api.request_body import json_request_body
from chalicelib.domain.agent import AgentIdentity
from chalicelib.domain.desk_settings import DeskSettings, Notice
from chalicelib.domain.opening_hours import WEEKDAYS, OpeningHours
from chalicelib.protocol.desk_request import parse_hours, parse_notices
from chalicelib.services.desk_settings import DeskSettingsService, DeskView

__all__ = ["HOURS_PATH", "NOTICES_PATH", "PUBLIC_CACHE_S", "PUBLIC_PATH", "SUPERVISOR_PATH", "desk_routes"]

PUBLIC_PATH = "/desk"
SUPERVISOR_PATH = "/supervisor/desk"
NOTICES_PATH = "/supervisor/desk-notices"
HOURS_PATH = "/supervisor/opening-hours"
# Every widget reads GET /desk when it opens: CloudFront may answer it from its cache this long.
PUBLIC_CACHE_S = 5


def _notice(notice: Notice, with_enabled: bool) -> dict[str, Any]:
    body: dict[str, Any] = {
        "text_fr": notice.text_fr,
        "text_en": notice.text_en,
        "links": [{"url": x.url, "label_fr": x.label_fr, "label_en": x.label_en} for x in notice.links],
    }
    if with_enabled:
        body = {"enabled": notice.enabled, **body}
    return body


def _hours(hours: OpeningHours) -> dict[str, Any]:
    return {
        name: None if day is None else {"opens": day.opens_text, "closes": day.closes_text}
        for name, day in zip(WEEKDAYS, hours.days, strict=True)
    }


def public_desk_body(view: DeskView) -> dict[str, Any]:
    """What every widget reads: the notices shown now, the hours, open or closed, and when that changes."""
    notices = view.settings.notices
    return {
        "revision": view.settings.revision,
        "open": view.opening.open,
        "closes_at": view.opening.closes_at,
        "next_opening": view.opening.next_opening,
        "timezone": view.timezone,
        "hours": _hours(view.settings.hours),
        "notices": {
            "pinned": _notice(notices.pinned, False) if notices.pinned.shown else None,
            "surge": _notice(notices.surge, False) if notices.surge.shown else None,
        },
    }


def supervisor_desk_body(view: DeskView) -> dict[str, Any]:
    """What the console's editor reads: the same, with notices switched off too, and who saved last."""
    settings: DeskSettings = view.settings
    return {
        **public_desk_body(view),
        "notices": {
            "pinned": _notice(settings.notices.pinned, True),
            "surge": _notice(settings.notices.surge, True),
        },
        "updated_at": settings.updated_at,
        "updated_by": settings.updated_by,
    }


def desk_routes(
    desk: DeskSettingsService,
    supervisor_of: Callable[[Request], AgentIdentity],
    authorizer: Authorizer | None = None,
) -> Blueprint:
    """The public read, and the supervisors' routes behind `authorizer` (`supervisor_of` refuses anyone else)."""
    routes = Blueprint(__name__)
    no_store: dict[str, str | list[str]] = {"Cache-Control": "no-store"}

    @routes.route(PUBLIC_PATH, methods=["GET"], cors=True)
    def public_desk() -> Response:
        """The notices, the hours, open or closed now and the next opening."""
        try:
            body = public_desk_body(desk.view())
        except Exception as exc:  # noqa: BLE001 - every failure answers with our error body
            return error_response(exc)
        return Response(body=body, headers={"Cache-Control": f"public, max-age={PUBLIC_CACHE_S}"})

    @routes.route(SUPERVISOR_PATH, methods=["GET"], authorizer=authorizer)
    def supervisor_desk() -> Response:
        """The settings as the editor shows them."""
        try:
            supervisor_of(routes.current_request)
            body = supervisor_desk_body(desk.view())
        except Exception as exc:  # noqa: BLE001
            return error_response(exc)
        return Response(body=body, headers=no_store)

    @routes.route(NOTICES_PATH, methods=["PUT"], authorizer=authorizer)
    def put_notices() -> Response:
        """Replace the pinned answer and the surge notice; waiting citizens see them at the next queue frame."""
        try:
            editor = supervisor_of(routes.current_request)
            saved = desk.set_notices(editor, parse_notices(json_request_body(routes.current_request)))
            body = supervisor_desk_body(desk.view(saved))
        except Exception as exc:  # noqa: BLE001
            return error_response(exc)
        return Response(body=body, headers=no_store)

    @routes.route(HOURS_PATH, methods=["PUT"], authorizer=authorizer)
    def put_hours() -> Response:
        """Replace the opening hours (open conversations are not cut)."""
        try:
            editor = supervisor_of(routes.current_request)
            saved = desk.set_hours(editor, parse_hours(json_request_body(routes.current_request)))
            body = supervisor_desk_body(desk.view(saved))
        except Exception as exc:  # noqa: BLE001
            return error_response(exc)
        return Response(body=body, headers=no_store)

    return routes
