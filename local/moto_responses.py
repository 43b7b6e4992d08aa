"""Answer moto's DynamoDB data-plane requests with plain JSON (laptop and tests only).

moto 5 turns every result into its response through a generic, model-driven serializer that walks
the operation's output shape member by member: for a Query returning 36 officers that walk costs
more than the query itself, and on the laptop stack it was a quarter of each chat event's time.
DynamoDB's data-plane results are already in their wire shape (attribute values as `{"S": …}`),
so for those operations the result is dumped as JSON directly. Anything JSON cannot carry as is
(binary attributes arrive as bytes) and every error take moto's own path.
"""
from __future__ import annotations

import functools
import json
from typing import Any

__all__ = ["DATA_PLANE", "answer_data_plane_in_json"]

DATA_PLANE = frozenset(
    {
        "BatchGetItem",
        "BatchWriteItem",
        "DeleteItem",
        "GetItem",
        "PutItem",
        "Query",
        "Scan",
        "TransactGetItems",
        "TransactWriteItems",
        "UpdateItem",
    }
)
# The members those operations answer with; moto adds a few of its own (DeleteItem's
# `ConsumedCapacityUnits`) that its serializer leaves out, and so does this.
_OUTPUT_MEMBERS = frozenset(
    {
        "Attributes",
        "ConsumedCapacity",
        "Count",
        "Item",
        "ItemCollectionMetrics",
        "Items",
        "LastEvaluatedKey",
        "Responses",
        "ScannedCount",
        "UnprocessedItems",
        "UnprocessedKeys",
    }
)
_CONTENT_TYPE = "application/x-amz-json-1.0"
_MARK = "_guichet_plain_json"


def answer_data_plane_in_json() -> None:
    """Patch moto's DynamoHandler so data-plane results skip the generic serializer (idempotent)."""
    from moto.core.responses import ActionResult
    from moto.dynamodb.responses import DynamoHandler

    original = DynamoHandler.serialized
    if getattr(original, _MARK, False):
        return

    @functools.wraps(original)
    def serialized(self: DynamoHandler, action_result: ActionResult) -> Any:
        result = action_result.result
        if isinstance(result, dict) and self._get_action() in DATA_PLANE:
            try:
                members = {key: value for key, value in result.items() if key in _OUTPUT_MEMBERS}
                body = json.dumps(members, separators=(",", ":"))
            except TypeError:  # bytes (binary attributes), datetimes: moto's serializer knows them
                pass
            else:
                return 200, {**self.response_headers, "Content-Type": _CONTENT_TYPE}, body
        return original(self, action_result)

    setattr(serialized, _MARK, True)
    DynamoHandler.serialized = serialized  # type: ignore[method-assign]
