"""Count DynamoDB requests from botocore's `before-call` events, per operation."""
from __future__ import annotations

import threading
from collections import Counter
from typing import Any

import botocore.session

__all__ = ["DynamoDBCallCounter"]


class DynamoDBCallCounter:
    """Registers on every botocore session PynamoDB creates and counts each DynamoDB API call."""

    def __init__(self) -> None:
        self.calls: Counter[str] = Counter()
        self._lock = threading.Lock()

    def install(self) -> None:
        """Make PynamoDB's sessions report their calls here (call before the first request)."""
        import pynamodb.connection.base as pynamodb_base

        def counted_session() -> botocore.session.Session:
            session = botocore.session.get_session()
            session.register("before-call.dynamodb", self._count)
            return session

        pynamodb_base.get_session = counted_session  # type: ignore[assignment]

    def _count(self, model: Any, **_: Any) -> None:
        with self._lock:
            self.calls[model.name] += 1

    def snapshot(self) -> Counter[str]:
        """A copy of the counts so far."""
        with self._lock:
            return Counter(self.calls)
