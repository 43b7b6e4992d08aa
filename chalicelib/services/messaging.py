"""Writing in a conversation, from either side: stored, acknowledged, delivered, at two DynamoDB requests.

The sender is known by the connection the frame came on: the conversation records the citizen's
connection and the officer's console, so one read of the conversation says who writes and where
the message goes, and the transaction that stores it is conditioned on both being unchanged.
"""
from __future__ import annotations

from aws_lambda_powertools import Logger

from chalicelib.domain.conversation import Author
from chalicelib.errors import ForbiddenError, MessageSequenceConflictError, NotFoundError, ParticipantsChangedError
from chalicelib.protocol import outbound
from chalicelib.services.context import ChatContext
from chalicelib.services.delivery import Delivery

__all__ = ["Messaging"]

logger = Logger(child=True)

# A participant changing twice while one message is stored is already rare; three times is a storm.
_MAX_ATTEMPTS = 3


class Messaging:
    def __init__(self, ctx: ChatContext, delivery: Delivery) -> None:
        self._ctx = ctx
        self._delivery = delivery

    def send(self, connection_id: str, conversation_id: str, client_msg_id: str, text: str) -> None:
        """Store a message from whoever holds this connection in the conversation, ack it, deliver it."""
        storage, now = self._ctx.storage, self._ctx.clock.now()
        try:
            conversation = storage.conversations.get(conversation_id)
        except NotFoundError:
            raise ForbiddenError() from None
        for _ in range(_MAX_ATTEMPTS):
            author = conversation.author_on(connection_id)
            conversation.ensure_open()
            try:
                msg, created, conversation = storage.messages.append(
                    conversation, author, text, client_msg_id, now, self._ctx.retention.expires_at(now)
                )
                break
            except ParticipantsChangedError as changed:
                conversation = changed.current
        else:
            raise MessageSequenceConflictError()
        self._delivery.to(connection_id, outbound.ack(client_msg_id, msg))
        if not created:
            return
        self._ctx.telemetry.count("MessagesStored")
        if author is Author.AGENT and conversation.first_response_at is None and conversation.assigned_at is not None:
            self._ctx.telemetry.seconds("FirstResponseTime", now - conversation.assigned_at)
        other = Author.AGENT if author is Author.CITIZEN else Author.CITIZEN
        self._delivery.to(conversation.connection_of(other), outbound.message(msg))
