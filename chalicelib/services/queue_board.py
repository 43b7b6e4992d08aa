"""Keeping waiting citizens and online officers informed of the queue."""
from __future__ import annotations

from typing import Iterable

from chalicelib.domain.conversation import Conversation
from chalicelib.domain.topics import TOPICS
from chalicelib.domain.waiting import estimate_wait_s
from chalicelib.protocol import outbound
from chalicelib.services.context import ChatContext
from chalicelib.services.delivery import Delivery

__all__ = ["QueueBoard"]


class QueueBoard:
    def __init__(self, ctx: ChatContext, delivery: Delivery) -> None:
        self._ctx = ctx
        self._delivery = delivery

    def position_and_wait(self, conversation: Conversation) -> tuple[int, int | None]:
        """Where a waiting conversation stands and how long it will likely wait."""
        storage = self._ctx.storage
        position = storage.conversations.position(conversation)
        wait = estimate_wait_s(position, storage.agents.online(), storage.stats.handling_time())
        return position, wait

    def broadcast(self, topics: Iterable[str] | None = None) -> None:
        """Tell each waiting citizen of these topics their position and wait; tell officers the queue."""
        storage = self._ctx.storage
        agents = storage.agents.online()
        handling = storage.stats.handling_time()
        changed = set(topics) if topics is not None else {t.id for t in TOPICS}
        everyone: list[tuple[Conversation, int]] = []
        for topic in TOPICS:
            queue = storage.conversations.waiting(topic.id)
            for index, conversation in enumerate(queue):
                position = index + 1
                everyone.append((conversation, position))
                if topic.id in changed:
                    wait = estimate_wait_s(position, agents, handling)
                    self._delivery.to_citizen(conversation, outbound.queue_update(conversation, position, wait))
        frame = outbound.waiting_list(sorted(everyone, key=lambda item: item[0].created_at))
        self._delivery.to_agents((a.connection_id for a in agents if a.connection_id), frame)

    def send_waiting_list(self, connection_id: str) -> None:
        """Send one officer the whole queue."""
        storage = self._ctx.storage
        everyone: list[tuple[Conversation, int]] = []
        for topic in TOPICS:
            everyone.extend((c, i + 1) for i, c in enumerate(storage.conversations.waiting(topic.id)))
        self._delivery.to(connection_id, outbound.waiting_list(sorted(everyone, key=lambda item: item[0].created_at)))
