"""Make moto's DynamoDB Query cost what the real one does: the items it reads, not the table (laptop and tests only).

moto answers every Query by listing and sorting every item of the table before filtering: a query
costs O(n log n) in the table's size, so the local stack slows down as conversations accumulate and
a laptop cannot hold the 100,000 stored conversations the benchmark checks against. Here a Query on
the table's key reads that partition only, and a Query on an index reads only the items whose index
key has the value asked for, from a map kept by the table. moto's own query code still sorts, pages,
filters and projects those candidates, so answers are unchanged.

The map is brought up to date lazily: each write records the keys it names (before it runs, so a
failed transaction's restored items are covered too), and the next Query on the table looks those
items up again. Writes that name no keys (PartiQL, restores, table changes) drop the map, which is
rebuilt from the whole table on the next Query. Correct only while DynamoDB requests are serialized
(local.moto_dynamodb), which they are wherever this is installed.
"""
from __future__ import annotations

import functools
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

__all__ = ["query_only_matching_items"]

_MARK = "_guichet_indexed_queries"
_STATE = "_guichet_index_state"

# Backend methods that change items without naming their keys: forget every map of the backend.
_UNKEYED_WRITES = (
    "create_table",
    "delete_table",
    "update_table",
    "execute_statement",
    "execute_transaction",
    "batch_execute_statement",
    "restore_table_from_backup",
    "restore_table_to_point_in_time",
    "import_table",
)

_Key = tuple[Any, Any]  # (hash DynamoType, range DynamoType or None)


@dataclass
class _IndexMap:
    """One index's key attribute: which items hold which value."""

    attribute: str
    by_value: dict[Any, dict[_Key, None]] = field(default_factory=dict)
    value_of: dict[_Key, Any] = field(default_factory=dict)

    def place(self, key: _Key, item: Any) -> None:
        """File the item (or its absence) under its current value of the index key."""
        old = self.value_of.pop(key, None)
        if old is not None:
            holders = self.by_value.get(old)
            if holders is not None:
                holders.pop(key, None)
                if not holders:
                    del self.by_value[old]
        value = item.attrs.get(self.attribute) if item is not None else None
        if value is not None:
            self.by_value.setdefault(value, {})[key] = None
            self.value_of[key] = value


@dataclass
class _TableState:
    """A table's index maps (built on first use) and the keys written since they were last refreshed."""

    maps: dict[str, _IndexMap] | None = None
    dirty: set[_Key] = field(default_factory=set)


def query_only_matching_items() -> None:
    """Patch moto's DynamoDB so a Query reads only its partition or its index value (idempotent)."""
    from moto.dynamodb import models
    from moto.dynamodb.models.table import Table

    if getattr(Table.query, _MARK, False):
        return
    backend = models.DynamoDBBackend
    _patch(backend, "put_item", lambda self, table_name, item_attrs, *a, **k: _note(self, table_name, [item_attrs]))
    _patch(backend, "update_item", lambda self, table_name, key, *a, **k: _note(self, table_name, [key]))
    _patch(backend, "delete_item", lambda self, table_name, key, *a, **k: _note(self, table_name, [key]))
    _patch(
        backend, "transact_write_items", lambda self, transact_items, *a, **k: _note_transaction(self, transact_items)
    )
    for name in _UNKEYED_WRITES:
        if hasattr(backend, name):
            _patch(backend, name, lambda self, *a, **k: _forget_all(self))

    original_query = Table.query

    @functools.wraps(original_query)
    def query(self: Any, hash_key: Any, *args: Any, **kwargs: Any) -> Any:
        index_name = args[6] if len(args) > 6 else kwargs.get("index_name")
        candidates = _candidates(self, hash_key, index_name, kwargs.get("hash_key_conditions") or [])
        if candidates is None:
            return original_query(self, hash_key, *args, **kwargs)
        self.all_items = lambda: candidates  # moto's query lists candidates through all_items()
        try:
            return original_query(self, hash_key, *args, **kwargs)
        finally:
            del self.all_items

    setattr(query, _MARK, True)
    Table.query = query  # type: ignore[method-assign]


def _patch(cls: Any, name: str, before: Callable[..., None]) -> None:
    """Run `before` with the same arguments ahead of cls.name."""
    original = getattr(cls, name)

    @functools.wraps(original)
    def patched(self: Any, *args: Any, **kwargs: Any) -> Any:
        before(self, *args, **kwargs)
        return original(self, *args, **kwargs)

    setattr(cls, name, patched)


def _state(table: Any) -> _TableState:
    state = table.__dict__.get(_STATE)
    if state is None:
        state = table.__dict__[_STATE] = _TableState()
    return state


def _key_of(table: Any, attrs: dict[str, Any]) -> _Key | None:
    from moto.dynamodb.models.dynamo_type import DynamoType

    if table.hash_key_attr not in attrs:
        return None
    range_attr = table.range_key_attr
    if range_attr and range_attr not in attrs:
        return None
    return DynamoType(attrs[table.hash_key_attr]), DynamoType(attrs[range_attr]) if range_attr else None


def _note(backend: Any, table_name: str, keys: Iterable[dict[str, Any]]) -> None:
    """Remember which items a write is about to touch."""
    table = backend.tables.get(table_name)
    if table is None:
        return
    state = _state(table)
    if state.maps is None:
        return  # nothing built yet: the first query builds from the table as it is then
    for attrs in keys:
        key = _key_of(table, attrs or {})
        if key is None:
            state.maps = None  # a write we cannot place: rebuild on the next query
            return
        state.dirty.add(key)


def _note_transaction(backend: Any, transact_items: list[dict[str, Any]]) -> None:
    for entry in transact_items:
        _, op = next(iter(entry.items()))
        _note(backend, op.get("TableName"), [op.get("Key") or op.get("Item") or {}])


def _forget_all(backend: Any) -> None:
    for table in backend.tables.values():
        table.__dict__.pop(_STATE, None)


def _candidates(table: Any, hash_key: Any, index_name: str | None, hash_conditions: list[Any]) -> list[Any] | None:
    """The items a Query can match, or None to let moto look at the whole table."""
    if not index_name:
        if hash_key is None:
            return None
        partition = table.items.get(hash_key)
        if partition is None:
            return []
        return list(partition.values()) if table.range_key_attr else [partition]
    if len(hash_conditions) != 1:
        return None
    attribute, value = hash_conditions[0]
    index_map = _index_maps(table).get(index_name)
    if index_map is None or index_map.attribute != attribute:
        return None
    items = (table.get_item(h, r) for h, r in index_map.by_value.get(value, {}))
    return [item for item in items if item is not None]


def _index_maps(table: Any) -> dict[str, _IndexMap]:
    """The table's index maps, refreshed for the keys written since the last query."""
    state = _state(table)
    if state.maps is None:
        state.maps = {}
        for index in table.all_indexes():
            hash_keys = [k["AttributeName"] for k in index.schema if k["KeyType"] == "HASH"]
            if len(hash_keys) == 1:
                state.maps[index.name] = _IndexMap(hash_keys[0])
        state.dirty.clear()
        for item in _every_item(table):
            key = (item.hash_key, item.range_key if table.range_key_attr else None)
            for index_map in state.maps.values():
                index_map.place(key, item)
    elif state.dirty:
        for key in state.dirty:
            item = table.get_item(*key) if table.range_key_attr else table.get_item(key[0])
            for index_map in state.maps.values():
                index_map.place(key, item)
        state.dirty.clear()
    return state.maps


def _every_item(table: Any) -> Iterable[Any]:
    for partition in table.items.values():
        if table.range_key_attr:
            yield from partition.values()
        else:
            yield partition
