"""Closing a conversation, whoever does it, and what follows: both sides told, stats, next assignment."""
from __future__ import annotations

from aws_lambda_powertools import Logger

from chalicelib.domain.conversation import ABANDONED, ClosedBy, Conversation, Status
from chalicelib.domain.desk_figures import when_closed
from chalicelib.ports import Participants
from chalicelib.services.context import ChatContext
from chalicelib.services.dispatch import Dispatcher
from chalicelib.services.queue_board import QueueBoard

__all__ = ["Closer"]

logger = Logger(child=True)


class Closer:
    def __init__(
        self, ctx: ChatContext, participants: Participants, board: QueueBoard, dispatcher: Dispatcher
    ) -> None:
        self._ctx = ctx
        self._participants = participants
        self._board = board
        self._dispatcher = dispatcher

    def close(self, conversation: Conversation, by: ClosedBy, outcome: str) -> Conversation:
        """Close, tell both sides, count the handling time, and give the freed slot to the queue."""
        storage = self._ctx.storage
        now = self._ctx.clock.now()
        closed = storage.conversations.close(
            conversation.conversation_id, by, outcome, now, tally=when_closed(self._ctx.hour(now))
        )
        logger.info("conversation closed", extra={"by": by.value, "outcome": outcome, "topic": closed.topic})
        self._ctx.telemetry.count("ConversationsClosed")
        if outcome == ABANDONED:
            self._ctx.telemetry.count("ConversationsAbandoned")
            # Not answered in time: AnsweredWithinTarget's average is then the figures' share within the target.
            self._ctx.telemetry.count("AnsweredWithinTarget", 0)
        handling = closed.handling_time_s()
        if handling is not None:
            storage.stats.record_handling_time(handling)
            self._ctx.telemetry.seconds("HandlingTime", handling)
        self._participants.closed(closed)
        if conversation.status is Status.WAITING:
            self._board.left(closed)
        else:
            self._dispatcher.slot_freed()
        return closed
