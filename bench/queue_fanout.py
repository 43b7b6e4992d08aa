"""`python -m bench.queue_fanout`: what one queue change costs inside the request, with 10, 100 and 1,000 waiting.

The services run in process on moto's DynamoDB (the local stack's emulation), with the asynchronous
broadcaster (as on AWS): the request that changes the queue posts to officers only; the waiting
citizens are told by one broadcast pass, outside it. For comparison, the design before the
broadcaster posted one frame to every waiting citizen inside the request, one after another, for
each change: the "inline" columns run that mode (the broadcaster inside the request). Prints a
table; asserts nothing.
"""
from __future__ import annotations

import json
import os
import time
from collections.abc import Callable
from typing import Any

__all__ = ["main"]

SIZES = (10, 100, 1000)


class CountingNotifier:
    """Counts posts (frames) per connection; nothing is sent anywhere."""

    def __init__(self) -> None:
        self.posts = 0

    def send(self, connection_id: str, frame: Any) -> None:
        json.dumps(frame)
        self.posts += 1

    def close(self, connection_id: str) -> None:
        """Nothing to close."""


def _measure(action: Callable[[], object], notifier: CountingNotifier) -> tuple[float, int]:
    before = notifier.posts
    started = time.perf_counter()
    action()
    return (time.perf_counter() - started) * 1000, notifier.posts - before


def _desk(waiting: int, inline: bool) -> dict[str, tuple[float, int]]:
    from moto import mock_aws

    from chalicelib.adapters.dynamodb_reports import dynamodb_report_storage
    from chalicelib.adapters.dynamodb_repositories import dynamodb_storage
    from chalicelib.adapters.dynamodb_ws_tickets import dynamodb_ws_tickets
    from chalicelib.bootstrap import build_runtime
    from chalicelib.config import Settings
    from chalicelib.domain.agent import AgentIdentity
    from chalicelib.ports import QueueAnnouncer
    from local.dynamodb_tables import create_tables
    from local.moto_dynamodb import emulate_dynamodb

    class Deferred(QueueAnnouncer):
        def request(self) -> None:
            """Left to the asynchronous invocation, measured apart."""

    settings = Settings(**{f"{t}_table": f"fanout-{waiting}-{inline}-{t}" for t in ("connections", "conversations", "messages", "agents", "stats", "reports")})  # type: ignore[arg-type]
    with mock_aws():
        emulate_dynamodb()
        create_tables(settings)
        notifier = CountingNotifier()
        runtime = build_runtime(
            dynamodb_storage(settings),
            dynamodb_report_storage(settings),
            notifier,  # type: ignore[arg-type]
            dynamodb_ws_tickets(settings),
            settings,
            announcer=None if inline else Deferred(),
        )
        ws = runtime.websocket
        ws.connect("officer", {"ticket": runtime.tickets.issue(AgentIdentity("a1", "Officer a1", frozenset({"agents"})))})
        for i in range(waiting):
            ws.connect(f"c{i}", None)
            ws.message(f"c{i}", json.dumps({"action": "start", "topic": ("demarches", "victime", "autre")[i % 3]}))
        first = runtime.ctx.storage.conversations.waiting(limit=1)[0].conversation_id
        figures = {
            "one leaves the queue (take)": _measure(
                lambda: ws.message("officer", json.dumps({"action": "take", "conversation_id": first})), notifier
            ),
            "an officer goes available": _measure(
                lambda: ws.message("officer", json.dumps({"action": "set_status", "status": "available"})), notifier
            ),
        }
        if not inline:
            figures["one broadcast pass"] = _measure(runtime.broadcaster.run, notifier)
            # The supervisors' live board rides on the same pass: one query more, one post per supervisor.
            for i in range(3):
                chief = AgentIdentity(f"s{i}", f"Supervisor s{i}", frozenset({"supervisors"}))
                ws.connect(f"supervisor-{i}", {"ticket": runtime.tickets.issue(chief)})
            runtime.ctx.storage.stats.queue_changed()
            figures["the pass, 3 supervisors online"] = _measure(runtime.broadcaster.run, notifier)
        return figures


def main() -> None:
    """Print handler time (ms) and posts per event, asynchronous broadcaster against inline fan-out."""
    for name, value in {"AWS_ACCESS_KEY_ID": "t", "AWS_SECRET_ACCESS_KEY": "t", "AWS_DEFAULT_REGION": "eu-west-3",
                        "POWERTOOLS_METRICS_DISABLED": "true", "POWERTOOLS_LOG_LEVEL": "WARNING"}.items():  # fmt: skip
        os.environ.setdefault(name, value)
    print("Queue change cost inside the request (ms / posts), moto in process")
    print(f"{'event':32} " + " ".join(f"{f'{n} waiting':>22}" for n in SIZES))
    results = {n: (_desk(n, inline=False), _desk(n, inline=True)) for n in SIZES}
    events = ("one leaves the queue (take)", "an officer goes available", "one broadcast pass", "the pass, 3 supervisors online")
    for event in events:
        cells = []
        for n in SIZES:
            broadcaster, _inline = results[n]
            ms, posts = broadcaster[event]
            cell = f"{ms:6.0f} ms {posts:5d} posts"
            cells.append(f"{cell:>22}")
        print(f"{event:32} " + " ".join(cells))
    for event in ("one leaves the queue (take)", "an officer goes available"):
        cells = []
        for n in SIZES:
            ms, posts = results[n][1][event]
            cells.append(f"{f'{ms:6.0f} ms {posts:5d} posts':>22}")
        print(f"{'inline: ' + event:32} " + " ".join(cells))


if __name__ == "__main__":
    main()
