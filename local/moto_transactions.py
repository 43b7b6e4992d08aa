"""Make moto's DynamoDB transactions cost what the real ones do (laptop and tests only).

moto snapshots every table a transaction touches with a deep copy, to roll back on failure: a
transaction costs O(table size), ~50 ms with a few thousand items, and the local stack slows down
as data accumulates. Here only the items the transaction names are snapshotted and restored.
Correct only while DynamoDB requests are serialized (local.moto_dynamodb), which they are wherever
this is installed.
"""
from __future__ import annotations

import contextlib
import copy
import functools
import types
from collections.abc import Iterator
from typing import Any

__all__ = ["snapshot_only_touched_items"]

_MARK = "_guichet_item_snapshots"


def snapshot_only_touched_items() -> None:
    """Patch moto's DynamoDB backend so a transaction snapshots only its own items (idempotent)."""
    from moto.dynamodb import models

    original = models.DynamoDBBackend.transact_write_items
    if getattr(original, _MARK, False):
        return

    @functools.wraps(original)
    def transact_write_items(self: Any, transact_items: list[dict[str, Any]]) -> None:
        snapshots = [_snapshot(self, entry) for entry in transact_items]
        with _tables_not_deep_copied(models):
            try:
                original(self, transact_items)
            except Exception:
                for snapshot in reversed(snapshots):
                    if snapshot is not None:
                        _restore(*snapshot)
                raise

    setattr(transact_write_items, _MARK, True)
    models.DynamoDBBackend.transact_write_items = transact_write_items  # type: ignore[method-assign]


def _snapshot(backend: Any, entry: dict[str, Any]) -> tuple[Any, Any, Any, Any] | None:
    from moto.dynamodb.models.dynamo_type import DynamoType

    _, op = next(iter(entry.items()))
    table = backend.tables.get(op.get("TableName"))
    if table is None:
        return None
    key = op.get("Key") or op.get("Item") or {}
    if table.hash_key_attr not in key or (table.range_key_attr and table.range_key_attr not in key):
        return None
    hash_value = DynamoType(key[table.hash_key_attr])
    range_value = DynamoType(key[table.range_key_attr]) if table.range_key_attr else None
    current = table.get_item(hash_value, range_value)
    return table, hash_value, range_value, copy.deepcopy(current) if current is not None else None


def _restore(table: Any, hash_value: Any, range_value: Any, item: Any) -> None:
    if range_value is not None:
        if item is None:
            table.items.get(hash_value, {}).pop(range_value, None)
        else:
            table.items[hash_value][range_value] = item
    elif item is None:
        table.items.pop(hash_value, None)
    else:
        table.items[hash_value] = item


@contextlib.contextmanager
def _tables_not_deep_copied(models: Any) -> Iterator[None]:
    """Within one serialized transaction, moto's whole-table deep copy becomes the identity."""
    real_copy = models.copy

    def deepcopy(value: Any, memo: Any = None) -> Any:
        if type(value).__name__ == "Table":
            return value
        return real_copy.deepcopy(value, memo)

    models.copy = types.SimpleNamespace(deepcopy=deepcopy, copy=real_copy.copy)
    try:
        yield
    finally:
        models.copy = real_copy
