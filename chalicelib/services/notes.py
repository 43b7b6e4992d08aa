"""Internal notes: officers write about a conversation for each other; the citizen never learns of them.

A note is stored like a message (numbered, once per client_msg_id, two DynamoDB requests for the officer
holding the conversation) but in its own table, and it is only ever told to officers' consoles.
"""
from __future__ import annotations

from dataclasses import dataclass

from aws_lambda_powertools import Logger

from chalicelib.domain.connection import Role
from chalicelib.domain.conversation import Conversation
from chalicelib.domain.note import Note
from chalicelib.errors import ActionNotAllowedError, ForbiddenError, NotFoundError, UnknownConnectionError
from chalicelib.ports import Participants
from chalicelib.services.context import ChatContext

__all__ = ["Notes"]

logger = Logger(child=True)


@dataclass(frozen=True)
class _Writer:
    agent_id: str
    display_name: str


class Notes:
    def __init__(self, ctx: ChatContext, participants: Participants) -> None:
        self._ctx = ctx
        self._participants = participants

    def add(self, connection_id: str, conversation_id: str, client_msg_id: str, text: str) -> None:
        """Store a note by the officer holding the conversation (or a supervisor) and tell the officers' consoles."""
        storage, now = self._ctx.storage, self._ctx.clock.now()
        try:
            conversation = storage.conversations.get(conversation_id)
        except NotFoundError:
            raise ForbiddenError() from None
        writer = self._writer(conversation, connection_id)
        conversation.ensure_open()
        draft = Note(
            conversation_id=conversation_id,
            seq=0,
            author_id=writer.agent_id,
            author_name=writer.display_name,
            text=text,
            created_at=now,
            client_msg_id=client_msg_id,
            expires_at=self._ctx.retention.expires_at(now),
        )
        note, created, conversation = storage.notes.add(conversation, draft)
        if created:
            logger.info("note added")
            self._ctx.telemetry.count("NotesAdded")
        # The writer's console and the console of the officer holding the conversation; never the citizen's.
        self._participants.note([connection_id, conversation.agent_connection_id], conversation, note)

    def _writer(self, conversation: Conversation, connection_id: str) -> _Writer:
        """Who writes: the officer holding the conversation on this console (no read), else a supervisor."""
        if conversation.agent_id and connection_id == conversation.agent_connection_id:
            return _Writer(conversation.agent_id, conversation.agent_display_name or conversation.agent_id)
        connection = self._ctx.storage.connections.get(connection_id)
        if connection is None:
            raise UnknownConnectionError()
        if connection.role is not Role.AGENT or connection.agent_id is None:
            raise ActionNotAllowedError()
        if connection.agent_id != conversation.agent_id and not connection.supervisor:
            raise ForbiddenError()
        return _Writer(connection.agent_id, connection.display_name or connection.agent_id)
