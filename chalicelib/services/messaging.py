"""Writing in a conversation, from either side: stored, acknowledged, delivered, at two DynamoDB requests.

The sender is known by the connection the frame came on: the conversation records the citizen's
connection and the officer's console, so one read of the conversation says who writes and where
the message goes, and the transaction that stores it is conditioned on both being unchanged.
"""
from __future__ import annotations

from aws_lambda_powertools import Logger

from chalicelib.domain.conversation import Author, Conversation
from chalicelib.domain.desk_figures import when_first_answer
from chalicelib.domain.orientation import CardRef, OrientationCatalogue, orientation_catalogue
from chalicelib.errors import (
    ActionNotAllowedError,
    ConversationClosedError,
    ForbiddenError,
    MessageSequenceConflictError,
    NotFoundError,
    ParticipantsChangedError,
)
from chalicelib.ports import Participants
from chalicelib.services.context import ChatContext

__all__ = ["Messaging"]

logger = Logger(child=True)

# A participant changing twice while one message is stored is already rare; three times is a storm.
_MAX_ATTEMPTS = 3


class Messaging:
    def __init__(
        self,
        ctx: ChatContext,
        participants: Participants,
        catalogue: OrientationCatalogue | None = None,
    ) -> None:
        self._ctx = ctx
        self._participants = participants
        self._catalogue = catalogue or orientation_catalogue()

    def send_card(self, connection_id: str, conversation_id: str, client_msg_id: str, card: CardRef) -> None:
        """An officer's orientation card: checked against the orientation data first, then sent like a message."""
        title = self._catalogue.card(card, "fr").title  # UnknownCardError before anything is read
        self.send(connection_id, conversation_id, client_msg_id, title, card)

    def send(
        self, connection_id: str, conversation_id: str, client_msg_id: str, text: str, card: CardRef | None = None
    ) -> None:
        """Store a message from whoever holds this connection in the conversation, ack it, deliver it."""
        storage, now = self._ctx.storage, self._ctx.clock.now()
        try:
            conversation = storage.conversations.get(conversation_id)
        except NotFoundError:
            raise ForbiddenError() from None
        by: str | None = None  # a joined supervisor's name, read once from their connection row
        for _ in range(_MAX_ATTEMPTS):
            if not conversation.is_open:
                self._ack_repeat(conversation, connection_id, client_msg_id)
                return
            author = self._author(conversation, connection_id)
            if card is not None and author is not Author.AGENT:
                raise ActionNotAllowedError("Only the officer sends orientation cards.")
            if by is None and author is Author.AGENT and self._joined_supervisor(conversation, connection_id):
                by = self._supervisor_name(connection_id)
            try:
                msg, created, conversation = storage.messages.append(
                    conversation,
                    author,
                    text,
                    client_msg_id,
                    now,
                    self._ctx.retention.expires_at(now),
                    burst=self._ctx.message_burst if author is Author.CITIZEN else None,
                    card=card,
                    first_response=when_first_answer(self._ctx.hour(now), author, now),
                    by=by,
                )
                break
            except ParticipantsChangedError as changed:
                conversation = changed.current
            except ConversationClosedError:
                self._ack_repeat(storage.conversations.get(conversation_id), connection_id, client_msg_id)
                return
        else:
            raise MessageSequenceConflictError()
        self._participants.acknowledged(connection_id, client_msg_id, msg)
        if created:
            self._ctx.telemetry.count("MessagesStored")
            first_answer = author is Author.AGENT and conversation.first_response_at is None
            if first_answer and conversation.assigned_at is not None:
                self._ctx.telemetry.seconds("FirstResponseTime", now - conversation.assigned_at)
        # A repeat is delivered again too: the first attempt may have committed and then lost its answer
        # (a timeout, a retried request), so nobody delivered it. Clients ignore a message id they show.
        self._participants.message(conversation, msg, writer=connection_id)

    def _ack_repeat(self, closed: Conversation, connection_id: str, client_msg_id: str) -> None:
        """After the close only a repeat of a stored message is answered (with its ack); anything new is refused."""
        try:
            author = self._author(closed, connection_id)
        except ForbiddenError:
            raise ConversationClosedError() from None
        stored = self._ctx.storage.messages.find(closed.conversation_id, author, client_msg_id)
        if stored is None:
            raise ConversationClosedError()
        self._participants.acknowledged(connection_id, client_msg_id, stored)

    @staticmethod
    def _joined_supervisor(conversation: Conversation, connection_id: str) -> bool:
        """A supervisor's console that joined it (not the console of the officer holding it)."""
        return connection_id in conversation.joined and connection_id != conversation.agent_connection_id

    def _supervisor_name(self, connection_id: str) -> str:
        """The name officers see on a joined supervisor's messages (one read of their connection row)."""
        connection = self._ctx.storage.connections.get(connection_id)
        if connection is None:
            raise ForbiddenError()
        return connection.display_name or connection.agent_id or ""

    def _author(self, conversation: Conversation, connection_id: str) -> Author:
        """Who writes: the conversation's own record, else (a connection closing as its successor took over) its row."""
        try:
            return conversation.author_on(connection_id)
        except ForbiddenError:
            connection = self._ctx.storage.connections.get(connection_id)
            if connection is None:
                raise
            return connection.author_in(conversation)

