"""Keeping waiting citizens and online officers informed of the one queue, at a bounded cost per change.

A change of the queue (someone joins, leaves, drops or comes back; an officer comes or goes) costs
the request that made it one counter update and, for officers, one frame each. Waiting citizens
are told by the broadcaster (services/queue_broadcast.py), outside that request: one pass reads
the queue once and sends each waiting citizen their position, estimate and the queue's version.
"""
from __future__ import annotations

from chalicelib.domain.assignment import queue_view
from chalicelib.domain.conversation import Conversation
from chalicelib.domain.waiting import Standing, estimate_wait_s
from chalicelib.ports import Participants, QueueAnnouncer
from chalicelib.services.context import ChatContext

__all__ = ["QueueBoard"]


class QueueBoard:
    def __init__(self, ctx: ChatContext, participants: Participants, announcer: QueueAnnouncer) -> None:
        self._ctx = ctx
        self._participants = participants
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
        self._participants.waiting_added(self._ctx.storage.agents.online(), conversation)
        self.changed()

    def left(self, conversation: Conversation) -> None:
        """A conversation left the queue: officers drop it from their list, those behind move up."""
        self._participants.waiting_removed(self._ctx.storage.agents.online(), conversation)
        self.changed()

    def send_waiting_list(self, connection_id: str) -> None:
        """Send one officer the whole queue in serving order (offline citizens last, without a position)."""
        view = queue_view(self._ctx.storage.conversations.waiting(), self._ctx.clock.now(), self._ctx.abandon_grace_s)
        self._participants.waiting_list(connection_id, view)

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
            self._participants.standing(conversation, position, estimate_wait_s(position, agents, handling), version)
            posts += 1
        return posts
