"""Handing a conversation to a colleague: the holder offers it, the colleague accepts or declines in time."""
from __future__ import annotations

from dataclasses import dataclass
from enum import Enum

from chalicelib.domain.agent import Agent, AgentStatus
from chalicelib.errors import ColleagueUnavailableError

__all__ = ["MAX_TRANSFER_NOTE_LENGTH", "TransferOffer", "TransferOutcome", "ensure_transfer_target", "may_receive"]

# A word for the colleague ("victime de violences, demande un supervisor"), never shown to the citizen.
MAX_TRANSFER_NOTE_LENGTH = 500


class TransferOutcome(str, Enum):
    ACCEPTED = "accepted"
    DECLINED = "declined"
    EXPIRED = "expired"


@dataclass(frozen=True)
class TransferOffer:
    """A pending offer, kept on the conversation until it is answered or expires."""

    from_agent_id: str
    from_display_name: str
    to_agent_id: str
    to_display_name: str
    offered_at: float
    expires_at: float
    note: str | None = None

    def is_live(self, now: float) -> bool:
        """Still open to an answer."""
        return now < self.expires_at

    def remaining_s(self, now: float) -> int:
        """Whole seconds left to answer (0 once expired)."""
        return max(0, int(self.expires_at - now + 0.999))


def may_receive(colleague: Agent, holder_id: str) -> bool:
    """Whether a colleague can be offered a conversation: online, another officer, a slot free, and
    available (a supervisor may be away: they are asked by name)."""
    return (
        colleague.agent_id != holder_id
        and colleague.connection_id is not None
        and colleague.status is not AgentStatus.OFFLINE
        and colleague.free_slots > 0
        and (colleague.status is AgentStatus.AVAILABLE or colleague.supervisor)
    )


def ensure_transfer_target(colleague: Agent | None, holder_id: str) -> Agent:
    """The colleague, if they can be offered the conversation; ColleagueUnavailableError otherwise."""
    if colleague is None or not may_receive(colleague, holder_id):
        raise ColleagueUnavailableError()
    return colleague
