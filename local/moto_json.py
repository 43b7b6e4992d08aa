"""Read and answer moto's DynamoDB data-plane requests as plain JSON (laptop and tests only).

moto 5 parses every request and serializes every result through generic, model-driven code that
walks the operation's shapes member by member: for a Query returning 36 officers that walk cost
more than the query itself, and on the laptop stack parsing and answering were about a third of
each chat event's time. DynamoDB's data-plane requests and results are already in their wire shape
(attribute values as `{"S": …}`), so for those operations the body is loaded and the result dumped
as JSON directly. Binary attributes (base64 on the wire, bytes inside moto) and every error take
moto's own path.
"""
from __future__ import annotations

import functools
import json
from typing import Any

__all__ = ["DATA_PLANE", "data_plane_in_plain_json"]

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
_BINARY = (b'"B"', b'"BS"')
_MARK = "_guichet_plain_json"


def data_plane_in_plain_json() -> None:
    """Patch moto's DynamoHandler so data-plane requests and results skip its generic parser and
    serializer (idempotent)."""
    from moto.core.responses import ActionResult
    from moto.dynamodb.responses import DynamoHandler

    original = DynamoHandler.serialized
    if getattr(original, _MARK, False):
        return
    original_parse = DynamoHandler.parse_parameters

    @functools.wraps(original_parse)
    def parse_parameters(self: DynamoHandler, request: Any) -> None:
        body = request.data
        if self._get_action() in DATA_PLANE and isinstance(body, bytes) and not any(b in body for b in _BINARY):
            self.params = json.loads(body)
        else:
            original_parse(self, request)

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
    DynamoHandler.parse_parameters = parse_parameters  # type: ignore[method-assign]
    DynamoHandler.serialized = serialized  # type: ignore[method-assign]
