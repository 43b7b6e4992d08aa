"""Whether officers are answering now: the citizen pages show the offline state and its alternatives."""
from __future__ import annotations

from dataclasses import dataclass

from chalicelib.domain.agent import AgentStatus
from chalicelib.ports import Storage

__all__ = ["Availability", "current_availability"]


@dataclass(frozen=True)
class Availability:
    officers_available: int
    open_slots: int

    @property
    def answering(self) -> bool:
        return self.officers_available > 0


def current_availability(storage: Storage) -> Availability:
    """How many officers are available now and how many more chats they can take."""
    available = [a for a in storage.agents.online() if a.status is AgentStatus.AVAILABLE]
    return Availability(officers_available=len(available), open_slots=sum(a.free_slots for a in available))
