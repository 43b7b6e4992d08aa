"""`/agent/history`: the officer's own closed conversations of the day, searchable and read-only."""
from __future__ import annotations

from collections.abc import Callable
from typing import Any

from chalice.app import Authorizer, Blueprint, Request, Response

from chalicelib.api.error_mapping import error_response
from chalicelib.domain.agent import AgentIdentity
from chalicelib.domain.conversation import Conversation
from chalicelib.domain.message import Message
from chalicelib.domain.orientation import Card, orientation_catalogue
from chalicelib.errors import UnknownCardError
from chalicelib.protocol import outbound
from chalicelib.protocol.canned_answer_request import parse_query
from chalicelib.services.history import OfficerHistory

__all__ = ["history_entry", "history_routes"]

PATH = "/agent/history"


def history_entry(conversation: Conversation) -> dict[str, Any]:
    """A closed conversation as the history list shows it (no message text)."""
    return {
        "conversation_id": conversation.conversation_id,
        "topic": conversation.topic,
        "lang": conversation.lang,
        "created_at": conversation.created_at,
        "closed_at": conversation.closed_at,
        "closed_by": conversation.closed_by.value if conversation.closed_by else None,
        "outcome": conversation.outcome,
        "message_count": conversation.last_seq,
        **outbound.context_body(conversation),
    }


def _without(frame: dict[str, Any], *keys: str) -> dict[str, Any]:
    return {k: v for k, v in frame.items() if k not in keys}


def _card_of(conversation: Conversation) -> Callable[[Message], Card | None]:
    catalogue = orientation_catalogue()

    def card_of(msg: Message) -> Card | None:
        if msg.card is None:
            return None
        try:
            return catalogue.card(msg.card, conversation.lang)
        except UnknownCardError:
            return Card(msg.card.kind, msg.card.ref, msg.text, None)

    return card_of


def history_routes(
    history: OfficerHistory,
    officer_of: Callable[[Request], AgentIdentity],
    authorizer: Authorizer | None = None,
) -> Blueprint:
    """The history routes, each behind `authorizer`; `officer_of` names the officer who signed the request."""
    routes = Blueprint(__name__)
    no_store: dict[str, str | list[str]] = {"Cache-Control": "no-store"}

    @routes.route(PATH, methods=["GET"], authorizer=authorizer)
    def list_history() -> Response:
        """Today's closed conversations of this officer, newest first; `?q=` keeps those holding every word."""
        request = routes.current_request
        try:
            found = history.today(officer_of(request), parse_query(request.query_params))
        except Exception as exc:  # noqa: BLE001 - every failure answers with our error body
            return error_response(exc)
        return Response(body={"conversations": [history_entry(c) for c in found]}, headers=no_store)

    @routes.route(PATH + "/{conversation_id}", methods=["GET"], authorizer=authorizer)
    def read_conversation(conversation_id: str) -> Response:
        """One of them, read-only: every message and internal note."""
        try:
            conversation, messages, notes = history.conversation(officer_of(routes.current_request), conversation_id)
        except Exception as exc:  # noqa: BLE001
            return error_response(exc)
        card_of = _card_of(conversation)
        body = {
            **history_entry(conversation),
            "messages": [_without(outbound.message(m, card=card_of(m), officer=True), "type") for m in messages],
            "notes": [_without(outbound.note(conversation_id, n), "type", "conversation_id") for n in notes],
        }
        return Response(body={"conversation": body}, headers=no_store)

    return routes
