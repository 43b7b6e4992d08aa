"""The supervisors' live board: who waits (by topic, longest wait), which officers are online and how loaded,
and the chats in progress — assembled from what the queue broadcaster already read, plus the chats in progress.

Durations are whole seconds as of `at`; a page adds the time elapsed since `at` while it shows them.
"""
from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from chalicelib.domain.agent import Agent, AgentStatus
from chalicelib.domain.assignment import queue_view
from chalicelib.domain.citizen_alias import citizen_alias, pick_alias_code
from chalicelib.domain.conversation import Conversation, Status

__all__ = [
    "MAX_CHATS",
    "MAX_OFFICERS",
    "BoardChat",
    "BoardOfficer",
    "LiveBoard",
    "TopicWait",
    "assemble_board",
    "supervisor_consoles",
]

# Bounds that keep one board frame below API Gateway's 128 KB message even with long ids and names (a chat's line
# is about 250 bytes, an officer's 200; tests/unit/test_live_board.py checks a full frame). The officers' own
# `open_chats` still count every chat.
MAX_CHATS = 250
MAX_OFFICERS = 150


@dataclass(frozen=True)
class TopicWait:
    topic: str
    waiting: int
    longest_wait_s: int


@dataclass(frozen=True)
class BoardOfficer:
    agent_id: str
    display_name: str
    status: str
    capacity: int
    open_chats: int
    # Since their latest answer in the chats they hold; None when they hold none or have not answered yet.
    since_last_answer_s: int | None
    supervisor: bool


@dataclass(frozen=True)
class BoardChat:
    conversation_id: str
    topic: str
    agent_id: str
    display_name: str
    alias: str
    assigned_s: int
    # How long the citizen has awaited this officer's answer; None when the officer answered last.
    awaiting_reply_s: int | None


@dataclass(frozen=True)
class LiveBoard:
    version: int
    at: int
    waiting_total: int
    waiting_offline: int
    longest_wait_s: int
    by_topic: tuple[TopicWait, ...]
    officers: tuple[BoardOfficer, ...]
    chats: tuple[BoardChat, ...]


def _seconds(now: float, since: float | None) -> int | None:
    return None if since is None else max(0, int(now - since))


def supervisor_consoles(agents: Iterable[Agent]) -> list[str]:
    """The consoles of the supervisors online: the only connections that receive the board."""
    return [a.connection_id for a in agents if a.supervisor and a.connection_id and a.status is not AgentStatus.OFFLINE]


def assemble_board(
    version: int,
    now: float,
    waiting: Sequence[Conversation],
    agents: Iterable[Agent],
    in_progress: Iterable[Conversation],
    abandon_grace_s: float,
) -> LiveBoard:
    """The board as of queue `version` from the queue, the officers online and the chats in progress."""
    view = queue_view(waiting, now, abandon_grace_s)
    queued = [*view.serving_order, *view.offline]  # the abandoned are closed by this very pass
    by_topic: dict[str, list[int]] = {}
    for conversation in queued:
        by_topic.setdefault(conversation.topic, []).append(_seconds(now, conversation.created_at) or 0)
    topics = tuple(
        sorted(
            (TopicWait(topic, len(waits), max(waits)) for topic, waits in by_topic.items()),
            key=lambda t: (-t.longest_wait_s, t.topic),
        )
    )

    chats = sorted(
        (c for c in in_progress if c.status is Status.ASSIGNED and c.agent_id),
        key=lambda c: (c.assigned_at or 0.0, c.conversation_id),
    )
    last_answer: dict[str, float] = {}
    for chat in chats:
        if chat.last_reply_at is not None and chat.agent_id is not None:
            last_answer[chat.agent_id] = max(last_answer.get(chat.agent_id, 0.0), chat.last_reply_at)
    online = sorted(
        (a for a in agents if a.connection_id and a.status is not AgentStatus.OFFLINE),
        key=lambda a: (a.display_name, a.agent_id),
    )
    officers = tuple(
        BoardOfficer(
            agent_id=a.agent_id,
            display_name=a.display_name,
            status=a.status.value,
            capacity=a.capacity,
            open_chats=a.active_count,
            since_last_answer_s=_seconds(now, last_answer.get(a.agent_id)) if a.active_count else None,
            supervisor=a.supervisor,
        )
        for a in online[:MAX_OFFICERS]
    )
    codes: list[str] = []
    lines: list[BoardChat] = []
    for chat in chats[:MAX_CHATS]:
        code = pick_alias_code(chat.conversation_id, codes)
        codes.append(code)
        lines.append(
            BoardChat(
                conversation_id=chat.conversation_id,
                topic=chat.topic,
                agent_id=chat.agent_id or "",
                display_name=chat.agent_display_name or chat.agent_id or "",
                alias=citizen_alias(code),
                assigned_s=_seconds(now, chat.assigned_at) or 0,
                awaiting_reply_s=_seconds(now, chat.awaiting_since),
            )
        )
    return LiveBoard(
        version=version,
        at=int(now),
        waiting_total=len(queued),
        waiting_offline=len(view.offline),
        longest_wait_s=max((t.longest_wait_s for t in topics), default=0),
        by_topic=topics,
        officers=officers,
        chats=tuple(lines),
    )
