"""Who gets what: the longest-waiting online citizen goes to the least-busy available officer.

One queue for every topic, served oldest first. A waiting citizen whose connection dropped keeps
their place but is skipped while offline; past the grace period they count as gone (abandoned)
and never reach an officer.
"""
from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from chalicelib.domain.agent import Agent
from chalicelib.domain.conversation import Conversation, Status

__all__ = ["QueueView", "agents_by_preference", "choose_agent", "queue_view"]


def agents_by_preference(agents: Iterable[Agent]) -> list[Agent]:
    """Agents who can take a conversation: fewest active first, then the one idle longest."""
    return sorted((a for a in agents if a.can_take), key=lambda a: (a.active_count, a.idle_since, a.agent_id))


def choose_agent(agents: Iterable[Agent]) -> Agent | None:
    """The agent the next conversation goes to, or None when nobody can take one."""
    ranked = agents_by_preference(agents)
    return ranked[0] if ranked else None


@dataclass(frozen=True)
class QueueView:
    """The queue as the dispatcher serves it: who is next, and who has left for good."""

    serving_order: tuple[Conversation, ...]
    offline: tuple[Conversation, ...]
    abandoned: tuple[Conversation, ...]

    def position_of(self, conversation_id: str) -> int | None:
        """1 for the next to be served; None for a citizen who is offline or no longer waiting."""
        for index, conversation in enumerate(self.serving_order):
            if conversation.conversation_id == conversation_id:
                return index + 1
        return None


def queue_view(waiting: Sequence[Conversation], now: float, grace_s: float) -> QueueView:
    """Split the waiting conversations (any order) into the serving order, the offline and the abandoned."""
    ordered = sorted(
        (c for c in waiting if c.status is Status.WAITING), key=lambda c: (c.created_at, c.conversation_id)
    )
    abandoned = tuple(c for c in ordered if c.is_abandoned_at(now, grace_s))
    offline = tuple(c for c in ordered if c.citizen_connection_id is None and c not in abandoned)
    serving = tuple(c for c in ordered if c.citizen_connection_id is not None)
    return QueueView(serving_order=serving, offline=offline, abandoned=abandoned)
