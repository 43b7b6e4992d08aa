"""A websocket connection: a citizen's (tied to one conversation) or an agent's."""
from __future__ import annotations

from dataclasses import dataclass, replace
from enum import Enum

__all__ = ["Role", "Connection"]


class Role(str, Enum):
    CITIZEN = "citizen"
    AGENT = "agent"


@dataclass(frozen=True)
class Connection:
    connection_id: str
    role: Role
    connected_at: float
    expires_at: int
    agent_id: str | None = None
    conversation_id: str | None = None

    def attached_to(self, conversation_id: str) -> "Connection":
        """This connection, now carrying a conversation."""
        return replace(self, conversation_id=conversation_id)
