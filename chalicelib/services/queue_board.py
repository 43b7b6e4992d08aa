"""Keeping waiting citizens and online officers informed of the one queue, at a bounded cost per change.

A change of the queue (someone joins, leaves, drops or comes back; an officer comes or goes) costs
the request that made it one counter update, whatever the number of officers and citizens. They
are told by the broadcaster (services/queue_broadcast.py), outside that request: one pass reads
the queue once, sends each online officer the queue and each waiting citizen their position,
estimate and the queue's version.
"""
from __future__ import annotations

from chalicelib.domain.agent import Agent
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

    def notices_changed(self, revision: int) -> int:
        """The desk's notices changed: publish their revision with a new queue version, so the broadcaster's next
        pass tells every waiting citizen (one write here, whatever the queue's length); return the version."""
        signal = self._ctx.storage.stats.notices_changed(revision)
        if not signal.broadcast_running:
            self._announcer.request()
        return signal.version

    def standing(self, conversation: Conversation) -> Standing:
        """Where a waiting conversation stands now; the version is read first, so the position is at least as new."""
        storage = self._ctx.storage
        marks = storage.stats.queue_marks()
        position = storage.conversations.position(conversation)
        wait = estimate_wait_s(position, storage.agents.online(), storage.stats.handling_time())
        return Standing(position, wait, marks.version, marks.notices)

    def joined(self, conversation: Conversation) -> None:
        """A conversation joined the queue: the broadcaster tells officers and those waiting."""
        self.changed()

    def left(self, conversation: Conversation) -> None:
        """A conversation left the queue: the broadcaster tells officers and those behind, who move up."""
        self.changed()

    def send_waiting_list(self, connection_id: str) -> None:
        """Send one officer the queue in serving order (offline citizens last, without a position)."""
        storage = self._ctx.storage
        version = storage.stats.queue_version()  # read first: the queue read after it is at least as new
        view = queue_view(storage.conversations.waiting(), self._ctx.clock.now(), self._ctx.abandon_grace_s)
        self._participants.waiting_list([connection_id], view, version)

    def tell_queue(
        self, version: int, waiting: list[Conversation], notices: int = 0, agents: list[Agent] | None = None
    ) -> int:
        """Send every online officer the queue and every online waiting citizen their position and
        estimate, as of `version` (and the notices' revision `notices`; `agents`: the officers online, if already
        read); return the posts."""
        storage = self._ctx.storage
        view = queue_view(waiting, self._ctx.clock.now(), self._ctx.abandon_grace_s)
        agents = storage.agents.online() if agents is None else agents
        handling = storage.stats.handling_time()
        consoles = [agent.connection_id for agent in agents if agent.connection_id]
        self._participants.waiting_list(consoles, view, version)
        posts = len(consoles)
        for index, conversation in enumerate(view.serving_order):
            position = index + 1
            wait = estimate_wait_s(position, agents, handling)
            self._participants.standing(conversation, position, wait, version, notices)
            posts += 1
        return posts
