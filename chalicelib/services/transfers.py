"""Transfers: the officer holding a conversation offers it to a named colleague (or a supervisor), who accepts
or declines before the offer expires. On accept the conversation moves in one transaction, guarded like an
assignment; the citizen learns who continues and the colleague gets the whole history and the notes.
"""
from __future__ import annotations

from aws_lambda_powertools import Logger

from chalicelib.domain.connection import Connection
from chalicelib.domain.conversation import Conversation
from chalicelib.domain.transfer import TransferOffer, TransferOutcome, ensure_transfer_target, may_receive
from chalicelib.errors import ForbiddenError, NotFoundError, TransferExpiredError
from chalicelib.ports import Participants
from chalicelib.services.context import ChatContext
from chalicelib.services.dispatch import Dispatcher

__all__ = ["Transfers"]

logger = Logger(child=True)

# Reasons an officer's console loses a conversation it held.
TRANSFERRED = "transferred"


class Transfers:
    def __init__(self, ctx: ChatContext, participants: Participants, dispatcher: Dispatcher) -> None:
        self._ctx = ctx
        self._participants = participants
        self._dispatcher = dispatcher

    def colleagues(self, connection: Connection) -> None:
        """Tell the officer who can take a conversation from them now: available colleagues, and supervisors."""
        me = _agent_id(connection)
        online = [a for a in self._ctx.storage.agents.online() if may_receive(a, me)]
        ordered = sorted(online, key=lambda a: (not a.supervisor, a.active_count, a.display_name, a.agent_id))
        self._participants.colleagues(connection.connection_id, ordered)

    def offer(self, connection: Connection, conversation_id: str, to_agent_id: str, note: str | None) -> None:
        """Offer one of the officer's conversations to a colleague, who has `transfer_offer_s` to answer."""
        me = _agent_id(connection)
        storage, now = self._ctx.storage, self._ctx.clock.now()
        conversation = self._conversation(conversation_id)
        conversation.ensure_may_offer(me, now)
        colleague = ensure_transfer_target(storage.agents.get(to_agent_id), me)
        offer = TransferOffer(
            from_agent_id=me,
            from_display_name=conversation.agent_display_name or connection.display_name or me,
            to_agent_id=colleague.agent_id,
            to_display_name=colleague.display_name,
            offered_at=now,
            expires_at=now + self._ctx.transfer_offer_s,
            note=(note or "").strip() or None,
        )
        offered = storage.conversations.offer_transfer(conversation, offer, now)
        logger.info("transfer offered", extra={"topic": conversation.topic, "to_supervisor": colleague.supervisor})
        self._ctx.telemetry.count("TransfersOffered")
        self._participants.transfer_pending(connection.connection_id, offered, offer, now)
        self._participants.transfer_offered(colleague.connection_id or "", offered, offer, now)

    def accept(self, connection: Connection, conversation_id: str) -> None:
        """Take the conversation offered to this officer: theirs in one transaction, with its history."""
        me = _agent_id(connection)
        storage, now = self._ctx.storage, self._ctx.clock.now()
        conversation = self._conversation(conversation_id)
        offer = self._live_offer(conversation, me, now)
        moved = storage.conversations.transfer(conversation, offer, connection.connection_id, now)
        logger.info("transfer accepted", extra={"topic": moved.topic})
        self._ctx.telemetry.count("TransfersAccepted")
        agent = storage.agents.get(me)
        if agent is None:
            raise NotFoundError("Reconnect to sign in again.")
        messages = storage.messages.after(moved.conversation_id, None) if moved.last_seq else []
        notes = storage.notes.for_conversation(moved.conversation_id) if moved.last_note_seq else []
        self._participants.assigned(agent, moved, messages, notes)
        self._participants.agent_joined(moved)  # the citizen: someone else continues, by name
        holder_console = conversation.agent_connection_id
        self._participants.transfer_result(holder_console, conversation, offer, TransferOutcome.ACCEPTED)
        self._participants.unassigned(holder_console, conversation, TRANSFERRED)
        self._dispatcher.slot_freed()  # the former holder's slot is free

    def decline(self, connection: Connection, conversation_id: str) -> None:
        """Refuse the conversation offered to this officer: the holder keeps it and is told."""
        me = _agent_id(connection)
        now = self._ctx.clock.now()
        conversation = self._conversation(conversation_id)
        offer = self._live_offer(conversation, me, now)
        if self._ctx.storage.conversations.withdraw_offer(conversation_id, offer):
            logger.info("transfer declined", extra={"topic": conversation.topic})
            self._ctx.telemetry.count("TransfersDeclined")
        for console in (conversation.agent_connection_id, connection.connection_id):
            self._participants.transfer_result(console, conversation, offer, TransferOutcome.DECLINED)

    def _live_offer(self, conversation: Conversation, me: str, now: float) -> TransferOffer:
        """The offer to this officer; an expired one is withdrawn and its holder told before the error."""
        try:
            return conversation.offer_for(me, now)
        except TransferExpiredError:
            offer = conversation.transfer
            conversations = self._ctx.storage.conversations
            if offer is not None and conversations.withdraw_offer(conversation.conversation_id, offer):
                self._participants.transfer_result(
                    conversation.agent_connection_id, conversation, offer, TransferOutcome.EXPIRED
                )
            raise

    def _conversation(self, conversation_id: str) -> Conversation:
        try:
            return self._ctx.storage.conversations.get(conversation_id)
        except NotFoundError:
            raise ForbiddenError() from None


def _agent_id(connection: Connection) -> str:
    if connection.agent_id is None:
        raise NotFoundError("Reconnect to sign in again.")
    return connection.agent_id
