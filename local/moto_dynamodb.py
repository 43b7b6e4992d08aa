"""Make moto's DynamoDB atomic per request, as the real service is (laptop and tests only).

moto handles DynamoDB requests without a lock: two threads can interleave inside one conditional
write or transaction (a failed transaction even rolls back by restoring a copy of whole tables), so
races that real DynamoDB settles would corrupt data. One process-wide lock around each request fixes it.
"""
from __future__ import annotations

import functools
import threading
from typing import Any

__all__ = ["emulate_dynamodb", "serialize_moto_dynamodb", "stop_tracking_items"]

_LOCK = threading.RLock()
_MARK = "_guichet_serialized"


def serialize_moto_dynamodb() -> None:
    """Run every DynamoDB request moto handles under one process-wide lock (idempotent)."""
    from moto.dynamodb.responses import DynamoHandler

    original = DynamoHandler.call_action
    if getattr(original, _MARK, False):
        return

    @functools.wraps(original)
    def call_action(self: DynamoHandler) -> Any:
        with _LOCK:
            return original(self)

    setattr(call_action, _MARK, True)
    DynamoHandler.call_action = call_action  # type: ignore[method-assign]


class _Untracked(list[Any]):
    """A model class's instance list that keeps nothing."""

    def append(self, instance: Any) -> None:
        """Forget it."""


def stop_tracking_items() -> None:
    """moto remembers every model instance it ever made (`instances_tracked`, for its dashboard): for
    DynamoDB that is every version of every item ever written. On the laptop stack they piled up
    (46,000 items for 2,000 stored after a two-minute surge) and each full garbage collection
    walked them all: 0.7 s with the whole stack stopped. DynamoDB's models keep none (idempotent)."""
    import moto.dynamodb.models  # noqa: F401  (registers the DynamoDB model classes)
    from moto.core.model_instances import model_data

    for cls in model_data.get("dynamodb", {}).values():
        if not isinstance(cls.instances_tracked, _Untracked):
            cls.instances_tracked = _Untracked()


def emulate_dynamodb() -> None:
    """moto's DynamoDB as the local stack and the tests use it: atomic requests, transactions and
    queries that cost what the touched items cost, requests and results in plain JSON, expressions
    parsed once, no memory of dead items (call after the mock starts; idempotent)."""
    from local.moto_expressions import parse_expressions_once
    from local.moto_json import data_plane_in_plain_json
    from local.moto_queries import query_only_matching_items
    from local.moto_transactions import snapshot_only_touched_items

    serialize_moto_dynamodb()
    stop_tracking_items()
    snapshot_only_touched_items()
    query_only_matching_items()
    data_plane_in_plain_json()
    parse_expressions_once()
