"""Make moto's DynamoDB atomic per request, as the real service is (laptop and tests only).

moto handles DynamoDB requests without a lock: two threads can interleave inside one conditional
write or transaction (a failed transaction even rolls back by restoring a copy of whole tables), so
races that real DynamoDB settles would corrupt data. One process-wide lock around each request fixes it.
"""
from __future__ import annotations

import functools
import threading
from typing import Any

__all__ = ["emulate_dynamodb", "serialize_moto_dynamodb"]

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


def emulate_dynamodb() -> None:
    """moto's DynamoDB as the local stack and the tests use it: atomic requests, transactions and
    queries that cost what the touched items cost, requests and results in plain JSON (call after the
    mock starts; idempotent)."""
    from local.moto_json import data_plane_in_plain_json
    from local.moto_queries import query_only_matching_items
    from local.moto_transactions import snapshot_only_touched_items

    serialize_moto_dynamodb()
    snapshot_only_touched_items()
    query_only_matching_items()
    data_plane_in_plain_json()
