"""The broadcaster: tells officers the queue and every waiting citizen where they stand, coalescing the queue's changes.

It runs outside the requests that change the queue (an asynchronous Lambda invocation on AWS). One
broadcaster at a time holds a lease; a change made while it runs moves the queue's version, so its
lease cannot be given back and it makes another pass, at most one per `min_interval_s`. The work
is one pass per interval however many changes happened, instead of one per change.
"""
from __future__ import annotations

import time
from collections.abc import Callable

from aws_lambda_powertools import Logger

from chalicelib.domain.assignment import queue_view
from chalicelib.ports import QueueAnnouncer
from chalicelib.services.context import ChatContext
from chalicelib.services.dispatch import Dispatcher
from chalicelib.services.queue_board import QueueBoard

__all__ = ["LEASE_S", "MAX_PASSES", "QueueBroadcaster"]

logger = Logger(child=True)

# A broadcaster that crashed frees the lease after this long.
LEASE_S = 60.0
# After this many passes in one invocation, hand over to a fresh one (bounded invocation time).
MAX_PASSES = 20


class QueueBroadcaster:
    def __init__(
        self,
        ctx: ChatContext,
        board: QueueBoard,
        dispatcher: Dispatcher,
        announcer: QueueAnnouncer,
        min_interval_s: float = 1.0,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        self._ctx = ctx
        self._board = board
        self._dispatcher = dispatcher
        self._announcer = announcer
        self._min_interval_s = min_interval_s
        self._sleep = sleep

    def run(self) -> int:
        """Broadcast until the queue stops changing; return the number of passes (0: another broadcaster runs)."""
        stats = self._ctx.storage.stats
        if not stats.claim_broadcast(self._ctx.clock.now(), LEASE_S):
            return 0
        for done in range(1, MAX_PASSES + 1):
            started = time.monotonic()
            version = self._pass()
            if stats.release_broadcast(version):
                return done
            self._sleep(max(0.0, self._min_interval_s - (time.monotonic() - started)))
        stats.release_broadcast(None)
        self._announcer.request()
        return MAX_PASSES

    def _pass(self) -> int:
        """One pass: close what was abandoned, tell the online officers and waiting citizens; return its version."""
        storage = self._ctx.storage
        version = storage.stats.queue_version()  # read first: the queue read after it is at least as new
        waiting = storage.conversations.waiting()
        for gone in queue_view(waiting, self._ctx.clock.now(), self._ctx.abandon_grace_s).abandoned:
            self._dispatcher.abandon(gone)
        posts = self._board.tell_queue(version, waiting)
        logger.debug("queue broadcast", extra={"version": version, "posts": posts})
        return version
