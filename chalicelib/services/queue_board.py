"""Keeping waiting citizens and online officers informed of the queue, at a few reads per change."""
from __future__ import annotations

from chalicelib.domain.agent import Agent
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

    def joined(self, conversation: Conversation) -> None:
        """A conversation joined the queue: officers add it to their list (nobody else moves)."""
        frame = outbound.waiting_added(conversation)
        self._to_agents(self._ctx.storage.agents.online(), frame)

    def left(self, conversation: Conversation) -> None:
        """A conversation left the queue: those behind it move up, officers drop it from their list."""
        agents = self._ctx.storage.agents.online()
        self._update_citizens(conversation.topic, agents)
        self._to_agents(agents, outbound.waiting_removed(conversation.conversation_id))

    def estimates_changed(self) -> None:
        """Officers came or went: every waiting citizen gets a new estimate."""
        agents = self._ctx.storage.agents.online()
        for topic in TOPICS:
            self._update_citizens(topic.id, agents)

    def send_waiting_list(self, connection_id: str) -> None:
        """Send one officer the whole queue, oldest first."""
        everyone: list[tuple[Conversation, int]] = []
        for topic in TOPICS:
            everyone.extend((c, i + 1) for i, c in enumerate(self._ctx.storage.conversations.waiting(topic.id)))
        frame = outbound.waiting_list(sorted(everyone, key=lambda item: item[0].created_at))
        self._delivery.to(connection_id, frame)

    def _update_citizens(self, topic: str, agents: list[Agent]) -> None:
        queue = self._ctx.storage.conversations.waiting(topic)
        if not queue:
            return
        handling = self._ctx.storage.stats.handling_time()
        for index, conversation in enumerate(queue):
            position = index + 1
            wait = estimate_wait_s(position, agents, handling)
            self._delivery.to_citizen(conversation, outbound.queue_update(conversation, position, wait))

    def _to_agents(self, agents: list[Agent], frame: dict) -> None:
        self._delivery.to_agents((a.connection_id for a in agents if a.connection_id), frame)
