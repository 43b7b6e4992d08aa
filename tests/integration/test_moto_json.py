"""The local stack's plain-JSON reading and answering on moto give what moto's own parser and serializer give, operation by operation."""
from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import boto3
import pytest
from moto import mock_aws
from moto.dynamodb.responses import DynamoHandler

from local.moto_json import DATA_PLANE, data_plane_in_plain_json

Calls = list[tuple[str, dict[str, Any]]]

KEY = {"pk": {"S": "p1"}, "sk": {"S": "s1"}}
CALLS: Calls = [
    ("PutItem", {"Item": {**KEY, "n": {"N": "1"}, "tags": {"SS": ["a", "b"]}, "m": {"M": {"x": {"L": [{"BOOL": True}]}}}}}),
    ("PutItem", {"Item": {"pk": {"S": "p1"}, "sk": {"S": "s2"}, "bin": {"B": b"\x00\xff"}}, "ReturnValues": "NONE"}),
    ("GetItem", {"Key": KEY, "ConsistentRead": True}),
    ("GetItem", {"Key": {"pk": {"S": "p1"}, "sk": {"S": "s2"}}}),  # a binary attribute: moto's own path
    ("GetItem", {"Key": {"pk": {"S": "none"}, "sk": {"S": "none"}}}),
    ("UpdateItem", {"Key": KEY, "UpdateExpression": "ADD n :one", "ExpressionAttributeValues": {":one": {"N": "1"}}, "ReturnValues": "ALL_NEW"}),
    ("Query", {"KeyConditionExpression": "pk = :p", "ExpressionAttributeValues": {":p": {"S": "p1"}}, "Limit": 1}),
    ("Query", {"KeyConditionExpression": "pk = :p", "ExpressionAttributeValues": {":p": {"S": "p1"}}, "ReturnConsumedCapacity": "TOTAL"}),
    ("Scan", {"Select": "COUNT"}),
    ("TransactWriteItems", {"TransactItems": [{"Put": {"TableName": "items", "Item": {"pk": {"S": "p2"}, "sk": {"S": "s"}}}}]}),
    ("TransactGetItems", {"TransactItems": [{"Get": {"TableName": "items", "Key": KEY}}]}),
    ("BatchGetItem", {"RequestItems": {"items": {"Keys": [KEY]}}}),
    ("BatchWriteItem", {"RequestItems": {"items": [{"DeleteRequest": {"Key": {"pk": {"S": "p2"}, "sk": {"S": "s"}}}}]}}),
    ("DeleteItem", {"Key": KEY, "ReturnValues": "ALL_OLD"}),
    ("DeleteItem", {"Key": KEY}),
]


@pytest.fixture
def moto_serializer() -> Iterator[Callable[[], None]]:
    """Lets a test take the plain-JSON answers out again, and puts back what the process had."""
    before = DynamoHandler.serialized, DynamoHandler.parse_parameters

    def take_out() -> None:
        for name in ("serialized", "parse_parameters"):
            method = getattr(DynamoHandler, name)
            setattr(DynamoHandler, name, getattr(method, "__wrapped__", method))

    yield take_out
    DynamoHandler.serialized, DynamoHandler.parse_parameters = before  # type: ignore[method-assign]


def _answers(monkeypatch: pytest.MonkeyPatch) -> list[dict[str, Any]]:
    for name, value in {"AWS_ACCESS_KEY_ID": "t", "AWS_SECRET_ACCESS_KEY": "t", "AWS_DEFAULT_REGION": "eu-west-3"}.items():
        monkeypatch.setenv(name, value)
    with mock_aws():
        client = boto3.client("dynamodb")
        client.create_table(
            TableName="items",
            KeySchema=[{"AttributeName": "pk", "KeyType": "HASH"}, {"AttributeName": "sk", "KeyType": "RANGE"}],
            AttributeDefinitions=[{"AttributeName": n, "AttributeType": "S"} for n in ("pk", "sk")],
            BillingMode="PAY_PER_REQUEST",
        )
        answers = []
        for operation, params in CALLS:
            method = getattr(client, "".join("_" + c.lower() if c.isupper() else c for c in operation).lstrip("_"))
            table = {} if operation.startswith(("Transact", "Batch")) else {"TableName": "items"}
            answer = method(**table, **params)
            answer.pop("ResponseMetadata")
            answers.append(answer)
        return answers


def test_every_data_plane_operation_is_covered() -> None:
    assert {operation for operation, _ in CALLS} == DATA_PLANE


def test_plain_json_gives_what_moto_parses_and_serializes(
    monkeypatch: pytest.MonkeyPatch, moto_serializer: Callable[[], None]
) -> None:
    moto_serializer()
    by_moto = _answers(monkeypatch)
    data_plane_in_plain_json()
    plain = _answers(monkeypatch)
    assert plain == by_moto
    assert plain[2]["Item"]["tags"] == {"SS": ["a", "b"]} and plain[3]["Item"]["bin"] == {"B": b"\x00\xff"}
