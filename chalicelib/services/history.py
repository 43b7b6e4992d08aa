"""The officer's own closed conversations of the day (read-only): one query of the history-index, and the
messages of each only when searching."""
from __future__ import annotations

from aws_lambda_powertools import Logger

from chalicelib.domain.agent import AgentIdentity
from chalicelib.domain.clock import Clock
from chalicelib.domain.conversation import Conversation
from chalicelib.domain.history import DEFAULT_DESK_TIMEZONE, HISTORY_LIMIT, conversation_matches, start_of_day
from chalicelib.domain.message import Message
from chalicelib.domain.note import Note
from chalicelib.errors import NotFoundError
from chalicelib.ports import Storage

__all__ = ["OfficerHistory"]

logger = Logger(child=True)


class OfficerHistory:
    """The use cases behind `/api/agent/history`."""

    def __init__(self, storage: Storage, clock: Clock, timezone: str = DEFAULT_DESK_TIMEZONE) -> None:
        self._storage = storage
        self._clock = clock
        self._timezone = timezone

    def today(self, officer: AgentIdentity, query: str | None = None) -> list[Conversation]:
        """The conversations this officer closed (or held when they closed) since midnight, newest first;
        with a query, only those whose topic, outcome or messages hold every word."""
        since = start_of_day(self._clock.now(), self._timezone)
        closed = self._storage.conversations.closed_for_agent(officer.agent_id, since, HISTORY_LIMIT)
        if not query or not query.strip():
            return closed
        messages = self._storage.messages
        return [c for c in closed if conversation_matches(c, messages.after(c.conversation_id, None), query)]

    def conversation(
        self, officer: AgentIdentity, conversation_id: str
    ) -> tuple[Conversation, list[Message], list[Note]]:
        """One of the officer's closed conversations, with its messages and notes; NotFoundError otherwise."""
        try:
            conversation = self._storage.conversations.get(conversation_id)
        except NotFoundError:
            raise NotFoundError("No such conversation in your history.") from None
        if conversation.agent_id != officer.agent_id or conversation.is_open:
            raise NotFoundError("No such conversation in your history.")
        messages = self._storage.messages.after(conversation_id, None)
        notes = self._storage.notes.for_conversation(conversation_id) if conversation.last_note_seq else []
        return conversation, messages, notes
