"""The broadcaster: tells officers the queue and every waiting citizen where they stand, coalescing the queue's changes.

It runs outside the requests that change the queue (an asynchronous Lambda invocation on AWS). One
broadcaster at a time holds a lease; a change made while it runs moves the queue's version, so its
lease cannot be given back and it makes another pass, at most one per `min_interval_s`. The work
is one pass per interval however many changes happened, instead of one per change.

The reply watch (services/reply_watch.py) runs in the same invocation: while officers hold conversations
(any citizen's next message may begin a wait), the broadcaster keeps its lease and looks at the waits when
something falls due, and never later than the soonest a new wait can fall due (reading only the queue's item
each interval meanwhile); it hands over to a fresh invocation after MAX_PASSES. So a message that begins a
wait asks for nothing: no invocation, no request. The version last told is kept on the queue's item when
the lease is given back, so an invocation with nothing new to tell only looks.
"""
from __future__ import annotations

import time
from collections.abc import Callable

from aws_lambda_powertools import Logger

from chalicelib.domain.assignment import queue_view
from chalicelib.ports import QueueAnnouncer
from chalicelib.services.context import ChatContext
from chalicelib.services.dispatch import Dispatcher
from chalicelib.services.live_board import LiveBoardFeed
from chalicelib.services.queue_board import QueueBoard
from chalicelib.services.reply_watch import ReplyWatch

__all__ = ["LEASE_S", "MAX_PASSES", "QUEUE_LONGEST_WAIT_METRIC", "QUEUE_WAITING_METRIC", "QueueBroadcaster"]

logger = Logger(child=True)

# A broadcaster that crashed frees the lease after this long.
LEASE_S = 60.0
# Published at every pass (the stage's alarms read them: infrastructure/stacks/alarms.py).
QUEUE_WAITING_METRIC = "QueueWaiting"
QUEUE_LONGEST_WAIT_METRIC = "QueueLongestWait"
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
        watch: ReplyWatch | None = None,
        keep_watching: bool = False,
        live_board: LiveBoardFeed | None = None,
    ) -> None:
        self._ctx = ctx
        self._board = board
        self._dispatcher = dispatcher
        self._announcer = announcer
        self._min_interval_s = min_interval_s
        self._sleep = sleep
        self._watch = watch
        self._live_board = live_board
        # In its own invocation (AWS, the local stack), the broadcaster keeps its lease while citizens await
        # an answer; inside requests or under tests it looks once per pass and returns.
        self._keep_watching = keep_watching and min_interval_s > 0

    def run(self) -> int:
        """Broadcast until the queue stops changing (and, outside requests, while officers hold conversations);
        return the number of passes (0: another broadcaster runs)."""
        stats = self._ctx.storage.stats
        if not stats.claim_broadcast(self._ctx.clock.now(), LEASE_S):
            return 0  # the holder sees the queue's version move before it can give the lease back
        told: int | None = None
        watch_at: float | None = self._ctx.clock.now()
        for done in range(1, MAX_PASSES + 1):
            started = time.monotonic()
            marks = stats.queue_marks()  # read first: the queue read after it is at least as new
            if told is None:
                told = marks.told  # what the last broadcaster told everyone before it gave the lease back
            if marks.version != told:
                self._pass(marks.version, marks.notices)
                told, watch_at = marks.version, self._ctx.clock.now()  # a change may have started or ended a wait
            if watch_at is not None and self._ctx.clock.now() >= watch_at:
                watch_at = self._look()
            if watch_at is None or not self._keep_watching:
                # Nothing to watch (or inside a request, where the watch keeps no timer): stop if nothing moved.
                if stats.release_broadcast(marks):
                    return done
            self._sleep(max(0.0, self._min_interval_s - (time.monotonic() - started)))
        stats.release_broadcast(None)
        self._announcer.request()
        return MAX_PASSES

    def _look(self) -> float | None:
        """The reply watch; when to look again (None: nobody awaits an answer, and none can begin to)."""
        if self._watch is None:
            return None
        due = self._watch.check()
        # A wait that begins after this look falls due no sooner than this: no need to look before.
        soonest = self._ctx.clock.now() + self._ctx.reply_policy.soonest_new_due_s
        if due is not None:
            return min(due, soonest)
        if self._keep_watching and self._watch.someone_may_wait():
            return soonest  # nobody awaits now, but any citizen's next message may begin a wait
        return None

    def _pass(self, version: int, notices: int = 0) -> int:
        """One pass: close what was abandoned, tell the online officers and waiting citizens as of `version`,
        and the supervisors online the live board (nothing more is read when none is online)."""
        storage = self._ctx.storage
        waiting = storage.conversations.waiting()
        now = self._ctx.clock.now()
        view = queue_view(waiting, now, self._ctx.abandon_grace_s)
        for gone in view.abandoned:
            self._dispatcher.abandon(gone)
        # Gauges for the stage's alarms and dashboard (their Maximum per period): how many wait, and for how long.
        still_waiting = (*view.serving_order, *view.offline)
        self._ctx.telemetry.count(QUEUE_WAITING_METRIC, len(still_waiting))
        oldest = min((c.created_at for c in still_waiting), default=now)
        self._ctx.telemetry.seconds(QUEUE_LONGEST_WAIT_METRIC, max(0.0, now - oldest))
        agents = storage.agents.online()
        posts = self._board.tell_queue(version, waiting, notices, agents)
        if self._live_board is not None:
            posts += self._live_board.tell_supervisors(version, waiting, agents)
        logger.debug("queue broadcast", extra={"version": version, "posts": posts})
        return version
