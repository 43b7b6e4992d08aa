"""An officer's presence: available / away / offline, and how many chats they hold."""
from __future__ import annotations

from dataclasses import dataclass, replace
from enum import Enum

__all__ = ["DEFAULT_CAPACITY", "Agent", "AgentIdentity", "AgentStatus"]

DEFAULT_CAPACITY = 3


class AgentStatus(str, Enum):
    AVAILABLE = "available"
    AWAY = "away"
    OFFLINE = "offline"


@dataclass(frozen=True)
class AgentIdentity:
    """Who a verified token says the agent is."""

    agent_id: str
    display_name: str
    groups: frozenset[str]

    @property
    def is_supervisor(self) -> bool:
        return "supervisors" in self.groups


@dataclass(frozen=True)
class Agent:
    agent_id: str
    display_name: str
    status: AgentStatus
    capacity: int
    active_count: int
    idle_since: float
    expires_at: int
    connection_id: str | None = None
    # Supervisors can be offered a transfer even while away.
    supervisor: bool = False

    @property
    def free_slots(self) -> int:
        return max(0, self.capacity - self.active_count)

    @property
    def can_choose(self) -> bool:
        """Connected (available or away) with a free slot: may pick a specific waiting conversation."""
        return self.status is not AgentStatus.OFFLINE and self.connection_id is not None and self.free_slots > 0

    @property
    def can_take(self) -> bool:
        """Available, connected, and below the cap of simultaneous conversations."""
        return self.status is AgentStatus.AVAILABLE and self.connection_id is not None and self.free_slots > 0

    def with_status(self, status: AgentStatus, now: float) -> Agent:
        """This agent with a new status; going available restarts the idle clock."""
        going_available = status is AgentStatus.AVAILABLE and self.status is not AgentStatus.AVAILABLE
        idle_since = now if going_available else self.idle_since
        return replace(self, status=status, idle_since=idle_since)
