"""Officers' REST routes, behind the Cognito authorizer: today the websocket ticket."""
from __future__ import annotations

from chalice.app import Blueprint, CognitoUserPoolAuthorizer, Response

from chalicelib.api.error_mapping import error_response
from chalicelib.api.officer_auth import officer_of
from chalicelib.domain.ws_ticket import TICKET_LIFETIME_S
from chalicelib.services.officer_tickets import OfficerTickets

__all__ = ["officer_routes"]


def officer_routes(tickets: OfficerTickets, authorizer: CognitoUserPoolAuthorizer) -> Blueprint:
    """The officers' routes, each behind this authorizer and checking the officer's groups."""
    routes = Blueprint(__name__)

    @routes.route("/agent/ws-ticket", methods=["POST"], authorizer=authorizer, content_types=["*/*"])
    def ws_ticket() -> Response:
        """A single-use ticket that opens this officer's websocket within a few seconds: `/ws?ticket=…`."""
        try:
            ticket = tickets.issue(officer_of(routes.current_request))
        except Exception as exc:  # noqa: BLE001 - every failure answers with our error body
            return error_response(exc)
        return Response(
            body={"ticket": ticket, "expires_in": TICKET_LIFETIME_S},
            headers={"Cache-Control": "no-store"},
        )

    return routes
