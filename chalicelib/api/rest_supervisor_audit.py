"""`GET /supervisor/audit`: the day's supervisor actions, newest first (supervisors only)."""
from __future__ import annotations

from collections.abc import Callable
from typing import Any

from chalice.app import Authorizer, Blueprint, Request, Response

from chalicelib.api.error_mapping import error_response
from chalicelib.domain.agent import AgentIdentity
from chalicelib.domain.supervisor_audit import AuditRecord
from chalicelib.services.supervisor_audit import AuditLog, AuditToday

__all__ = ["PATH", "audit_body", "supervisor_audit_routes"]

PATH = "/supervisor/audit"


def _entry(entry: AuditRecord) -> dict[str, Any]:
    return {
        "at": entry.at,
        "actor": {"agent_id": entry.actor_id, "display_name": entry.actor_name},
        "action": entry.action,
        "conversation_id": entry.conversation_id,
        "agent_id": entry.agent_id,
        "value": entry.value,
    }


def audit_body(today: AuditToday) -> dict[str, Any]:
    """The day's entries as the console reads them."""
    return {"day": today.day, "entries": [_entry(e) for e in today.entries]}


def supervisor_audit_routes(
    audit: AuditLog,
    supervisor_of: Callable[[Request], AgentIdentity],
    authorizer: Authorizer | None = None,
) -> Blueprint:
    """The audit trail's route, behind `authorizer`; `supervisor_of` refuses anyone but a supervisor."""
    routes = Blueprint(__name__)

    @routes.route(PATH, methods=["GET"], authorizer=authorizer)
    def audit_today() -> Response:
        """Today's supervisor actions, newest first (at most 200)."""
        try:
            supervisor_of(routes.current_request)
            body = audit_body(audit.today())
        except Exception as exc:  # noqa: BLE001 - every failure answers with our error body
            return error_response(exc)
        return Response(body=body, headers={"Cache-Control": "no-store"})

    return routes
