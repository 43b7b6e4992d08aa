"""`/agent/canned-answers`: officers list, search and manage their canned answers; supervisors the shared ones."""
from __future__ import annotations

from collections.abc import Callable
from typing import Any

from chalice.app import Authorizer, Blueprint, Request, Response

from chalicelib.api.error_mapping import error_response
from chalicelib.api.request_body import json_request_body
from chalicelib.domain.agent import AgentIdentity
from chalicelib.domain.canned_answer import CannedAnswer
from chalicelib.protocol.canned_answer_request import parse_answer_update, parse_new_answer, parse_query
from chalicelib.services.canned_answers import CannedAnswers

__all__ = ["answer_body", "canned_answer_routes"]

PATH = "/agent/canned-answers"


def answer_body(answer: CannedAnswer) -> dict[str, Any]:
    """An answer as the console reads it."""
    return {
        "id": answer.answer_id,
        "scope": answer.scope.value,
        "owner": answer.owner,
        "title": answer.title,
        "shortcut": answer.shortcut,
        "text": answer.text,
        "text_en": answer.text_en,
        "updated_at": answer.updated_at,
        "updated_by": answer.updated_by,
    }


def canned_answer_routes(
    answers: CannedAnswers,
    officer_of: Callable[[Request], AgentIdentity],
    authorizer: Authorizer | None = None,
) -> Blueprint:
    """The canned-answer routes, each behind `authorizer`; `officer_of` names the officer who signed the request."""
    routes = Blueprint(__name__)
    no_store: dict[str, str | list[str]] = {"Cache-Control": "no-store"}

    @routes.route(PATH, methods=["GET"], authorizer=authorizer)
    def list_answers() -> Response:
        """The officer's own answers then the shared ones; `?q=` keeps those holding every word."""
        request = routes.current_request
        try:
            found = answers.list(officer_of(request), parse_query(request.query_params))
        except Exception as exc:  # noqa: BLE001 - every failure answers with our error body
            return error_response(exc)
        return Response(body={"answers": [answer_body(a) for a in found]}, headers=no_store)

    @routes.route(PATH, methods=["POST"], authorizer=authorizer, content_types=["*/*"])
    def create_answer() -> Response:
        """A new personal answer, or a shared one (supervisors)."""
        request = routes.current_request
        try:
            officer = officer_of(request)
            scope, draft = parse_new_answer(json_request_body(request))
            created = answers.create(officer, scope, draft)
        except Exception as exc:  # noqa: BLE001
            return error_response(exc)
        return Response(status_code=201, body={"answer": answer_body(created)}, headers=no_store)

    @routes.route(PATH + "/{answer_id}", methods=["PUT"], authorizer=authorizer, content_types=["*/*"])
    def update_answer(answer_id: str) -> Response:
        """Rewrite one of the officer's answers, or a shared one (supervisors)."""
        request = routes.current_request
        try:
            officer = officer_of(request)
            updated = answers.update(officer, answer_id, parse_answer_update(json_request_body(request)))
        except Exception as exc:  # noqa: BLE001
            return error_response(exc)
        return Response(body={"answer": answer_body(updated)}, headers=no_store)

    @routes.route(PATH + "/{answer_id}", methods=["DELETE"], authorizer=authorizer)
    def delete_answer(answer_id: str) -> Response:
        """Delete one of the officer's answers, or a shared one (supervisors)."""
        try:
            answers.delete(officer_of(routes.current_request), answer_id)
        except Exception as exc:  # noqa: BLE001
            return error_response(exc)
        return Response(status_code=204, body="")

    return routes
