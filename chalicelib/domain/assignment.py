"""Who gets what: the oldest waiting conversation goes to the least-busy available agent."""
from __future__ import annotations

from typing import Iterable, Sequence

from chalicelib.domain.agent import Agent
from chalicelib.domain.conversation import Conversation

__all__ = ["choose_agent", "oldest_waiting", "agents_by_preference"]


def agents_by_preference(agents: Iterable[Agent]) -> list[Agent]:
    """Agents who can take a conversation: fewest active first, then the one idle longest."""
    return sorted((a for a in agents if a.can_take), key=lambda a: (a.active_count, a.idle_since, a.agent_id))


def choose_agent(agents: Iterable[Agent]) -> Agent | None:
    """The agent the next conversation goes to, or None when nobody can take one."""
    ranked = agents_by_preference(agents)
    return ranked[0] if ranked else None


def oldest_waiting(queue_heads: Sequence[Conversation]) -> Conversation | None:
    """The conversation waiting longest across every topic's queue head."""
    waiting = [c for c in queue_heads if c.status.value == "waiting"]
    return min(waiting, key=lambda c: (c.created_at, c.conversation_id)) if waiting else None
