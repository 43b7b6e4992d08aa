"""Unanswered citizens: the officer holding a conversation is reminded, then it goes back to the queue.

A conversation awaits its officer's answer from the moment it is assigned (or transferred) and from the
citizen's first message after the officer's last one; the officer's reply ends the wait. At
`reminder_s` the officer is reminded once; at `timeout_s` the conversation goes back to the head of the
queue (its arrival keeps its place) and the officer's slot is freed.
"""
from __future__ import annotations

from dataclasses import dataclass
from enum import Enum

from chalicelib.domain.conversation import Conversation, Status

__all__ = ["ReplyDue", "ReplyPolicy"]


class ReplyDue(str, Enum):
    REMIND = "remind"
    REQUEUE = "requeue"


@dataclass(frozen=True)
class ReplyPolicy:
    """`timeout_s` 0 turns the watch off; the reminder comes `reminder_s` after the wait began."""

    timeout_s: float = 120.0
    reminder_s: float = 90.0

    @property
    def enabled(self) -> bool:
        return self.timeout_s > 0

    def due(self, conversation: Conversation, now: float) -> ReplyDue | None:
        """What the watch must do about this conversation now, if anything."""
        since = conversation.awaiting_since
        if not self.enabled or since is None or conversation.status is not Status.ASSIGNED:
            return None
        if now >= since + self.timeout_s:
            return ReplyDue.REQUEUE
        if now >= since + self.reminder_s and not conversation.reply_reminded:
            return ReplyDue.REMIND
        return None

    def next_due_at(self, conversation: Conversation) -> float | None:
        """When something will next be due for this conversation (None: nothing, it awaits no answer)."""
        since = conversation.awaiting_since
        if not self.enabled or since is None or conversation.status is not Status.ASSIGNED:
            return None
        if conversation.reply_reminded or self.reminder_s >= self.timeout_s:
            return since + self.timeout_s
        return since + self.reminder_s

    def requeue_in_s(self, conversation: Conversation, now: float) -> int:
        """Whole seconds before the conversation goes back to the queue (for the reminder)."""
        since = conversation.awaiting_since if conversation.awaiting_since is not None else now
        return max(0, int(since + self.timeout_s - now + 0.999))

    @property
    def soonest_new_due_s(self) -> float:
        """The earliest a wait beginning now can need the watch: the watch need not look sooner."""
        return min(self.reminder_s, self.timeout_s)
