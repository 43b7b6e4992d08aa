"""A websocket connection: a citizen's (tied to one conversation) or an agent's."""
from __future__ import annotations

from dataclasses import dataclass, replace
from enum import Enum

from chalicelib.domain.conversation import Author, Conversation
from chalicelib.errors import ForbiddenError

__all__ = ["Connection", "Role"]


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
    # A keyed hash of the client's address (never the address): the budget of new conversations it spends from.
    source_key: str | None = None
    # An officer's connection: whether they are a supervisor, and the name colleagues see on their notes.
    supervisor: bool = False
    display_name: str | None = None

    def author_in(self, conversation: Conversation) -> Author:
        """Who this connection writes as in the conversation: its citizen, its officer, or nobody (ForbiddenError)."""
        if self.role is Role.CITIZEN and self.conversation_id == conversation.conversation_id:
            return Author.CITIZEN
        if self.role is Role.AGENT and self.agent_id is not None and self.agent_id == conversation.agent_id:
            return Author.AGENT
        raise ForbiddenError()

    def attached_to(self, conversation_id: str) -> Connection:
        """This connection, now carrying a conversation."""
        return replace(self, conversation_id=conversation_id)
