"""Keeping waiting citizens and online officers informed of the one queue, at a bounded cost per change.

A change of the queue (someone joins, leaves, drops or comes back; an officer comes or goes) costs
the request that made it one counter update and, for officers, one frame each. Waiting citizens
are told by the broadcaster (services/queue_broadcast.py), outside that request: one pass reads
the queue once and sends each waiting citizen their position, estimate and the queue's version.
"""
from __future__ import annotations

from dataclasses import dataclass

from chalicelib.domain.agent import Agent
from chalicelib.domain.assignment import queue_view
from chalicelib.domain.conversation import Conversation
from chalicelib.domain.waiting import estimate_wait_s
from chalicelib.ports import QueueAnnouncer
from chalicelib.protocol import outbound
from chalicelib.services.context import ChatContext
from chalicelib.services.delivery import Delivery

__all__ = ["QueueBoard", "Standing"]


@dataclass(frozen=True)
class Standing:
    """Where a waiting conversation stands: position (None while its citizen is offline), estimate, version."""

    position: int | None
    estimated_wait_s: int | None
    version: int


class QueueBoard:
    def __init__(self, ctx: ChatContext, delivery: Delivery, announcer: QueueAnnouncer) -> None:
        self._ctx = ctx
        self._delivery = delivery
        self._announcer = announcer

    def changed(self) -> int:
        """The queue changed: count a new version and have the waiting citizens told; return the version."""
        signal = self._ctx.storage.stats.queue_changed()
        if not signal.broadcast_running:
            self._announcer.request()
        return signal.version

    def standing(self, conversation: Conversation) -> Standing:
        """Where a waiting conversation stands now; the version is read first, so the position is at least as new."""
        storage = self._ctx.storage
        version = storage.stats.queue_version()
        position = storage.conversations.position(conversation)
        wait = estimate_wait_s(position, storage.agents.online(), storage.stats.handling_time())
        return Standing(position, wait, version)

    def joined(self, conversation: Conversation) -> None:
        """A conversation joined the queue: officers add it to their list, citizens learn the new estimates."""
        self._to_agents(self._ctx.storage.agents.online(), outbound.waiting_added(conversation))
        self.changed()

    def left(self, conversation: Conversation) -> None:
        """A conversation left the queue: officers drop it from their list, those behind move up."""
        self._to_agents(self._ctx.storage.agents.online(), outbound.waiting_removed(conversation.conversation_id))
        self.changed()

    def send_waiting_list(self, connection_id: str) -> None:
        """Send one officer the whole queue in serving order (offline citizens last, without a position)."""
        view = queue_view(self._ctx.storage.conversations.waiting(), self._ctx.clock.now(), self._ctx.abandon_grace_s)
        queue: list[tuple[Conversation, int | None]] = [(c, i + 1) for i, c in enumerate(view.serving_order)]
        queue += [(c, None) for c in view.offline]
        self._delivery.to(connection_id, outbound.waiting_list(queue))

    def tell_waiting_citizens(self, version: int, waiting: list[Conversation]) -> int:
        """Send every online waiting citizen their position and estimate as of `version`; return the posts."""
        storage = self._ctx.storage
        view = queue_view(waiting, self._ctx.clock.now(), self._ctx.abandon_grace_s)
        if not view.serving_order:
            return 0
        agents, handling = storage.agents.online(), storage.stats.handling_time()
        posts = 0
        for index, conversation in enumerate(view.serving_order):
            position = index + 1
            frame = outbound.queue_update(conversation, position, estimate_wait_s(position, agents, handling), version)
            self._delivery.to_citizen(conversation, frame)
            posts += 1
        return posts

    def _to_agents(self, agents: list[Agent], frame: outbound.Frame) -> None:
        self._delivery.to_agents((a.connection_id for a in agents if a.connection_id), frame)
