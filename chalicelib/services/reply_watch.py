"""The reply watch: officers are reminded of citizens awaiting their answer, then the conversation goes back
to the queue. It runs inside the queue broadcaster's passes (no scheduler of its own) and reads one bounded
query of the sparse reply-index: only conversations whose officer owes an answer are in it.
"""
from __future__ import annotations

from dataclasses import replace

from aws_lambda_powertools import Logger

from chalicelib.domain.agent import AgentStatus
from chalicelib.domain.conversation import Conversation
from chalicelib.domain.reply_watch import ReplyDue
from chalicelib.ports import Participants
from chalicelib.services.context import ChatContext
from chalicelib.services.dispatch import Dispatcher
from chalicelib.services.queue_board import QueueBoard

__all__ = ["NO_REPLY", "ReplyWatch"]

logger = Logger(child=True)

# How many awaiting conversations one look reads (the longest waits first); the next look reads the rest.
WATCHED = 100
# The reason an officer's console loses a conversation the watch sent back to the queue.
NO_REPLY = "no_reply"


class ReplyWatch:
    def __init__(
        self, ctx: ChatContext, participants: Participants, board: QueueBoard, dispatcher: Dispatcher
    ) -> None:
        self._ctx = ctx
        self._participants = participants
        self._board = board
        self._dispatcher = dispatcher

    def check(self) -> float | None:
        """Remind and re-queue what is due now; return when the next look is needed (None: nothing awaits)."""
        policy = self._ctx.reply_policy
        if not policy.enabled:
            return None
        storage, now = self._ctx.storage, self._ctx.clock.now()
        next_due: float | None = None
        requeued = 0
        for conversation in storage.conversations.awaiting_reply(WATCHED):
            due = policy.due(conversation, now)
            if due is ReplyDue.REQUEUE:
                requeued += self._requeue(conversation)
                continue
            if due is ReplyDue.REMIND:
                if storage.conversations.mark_reminded(conversation):
                    self._participants.reply_reminder(conversation, policy.requeue_in_s(conversation, now))
                conversation = replace(conversation, reply_reminded=True)
            at = policy.next_due_at(conversation)
            if at is not None:
                next_due = at if next_due is None else min(next_due, at)
        if requeued:
            self._dispatcher.dispatch()
        return next_due

    def someone_may_wait(self) -> bool:
        """Whether a wait can begin: an online officer holds a conversation (one query of the online officers).

        An officer offline holds their conversations until they return; a wait begun there is seen at the
        next look, which any change of the queue or of an officer's presence starts."""
        if not self._ctx.reply_policy.enabled:
            return False
        return any(agent.active_count > 0 for agent in self._ctx.storage.agents.online())

    def _requeue(self, conversation: Conversation) -> int:
        """Back to the head of the queue (its arrival keeps its place); the officer is told and set away."""
        storage, now = self._ctx.storage, self._ctx.clock.now()
        back = storage.conversations.requeue(conversation, now)
        if back is None:
            return 0  # answered, closed or moved meanwhile
        logger.info("conversation requeued: no reply", extra={"topic": conversation.topic})
        self._ctx.telemetry.count("ConversationsRequeued")
        self._participants.unassigned(conversation.agent_connection_id, conversation, NO_REPLY)
        agent = storage.agents.get(conversation.agent_id or "")
        if agent is not None and agent.status is AgentStatus.AVAILABLE and agent.connection_id:
            # Not at the desk, it seems: no new conversation until they say they are back.
            agent = storage.agents.set_status(agent.agent_id, AgentStatus.AWAY, now)
            self._participants.status_changed(agent.connection_id or "", agent)
        self._board.changed()
        self._participants.requeued(back, self._board.standing(back))
        return 1
