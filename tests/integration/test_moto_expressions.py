"""The local stack's once-parsed expressions evaluate as moto's own parse: same answers, same failures."""
from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import boto3
import pytest
from botocore.exceptions import ClientError
from moto import mock_aws
from moto.dynamodb.comparisons import ConditionExpressionParser
from moto.dynamodb.parsing.expressions import UpdateExpressionParser

from local.moto_expressions import parse_expressions_once

KEY = {"pk": {"S": "p1"}}


def v(**values: Any) -> dict[str, Any]:
    """Expression attribute values from plain numbers and strings."""
    return {f":{k}": {"N": str(x)} if isinstance(x, int) else {"S": x} for k, x in values.items()}


# The same expressions come back with other values and names: a kept tree must take each request's own.
CALLS: list[tuple[str, dict[str, Any]]] = [
    ("put_item", {"Item": {**KEY, "v": {"N": "1"}, "s": {"S": "abc"}, "tags": {"SS": ["a", "b"]}}}),
    ("update_item", {"UpdateExpression": "SET v = :n, s = :s", "ConditionExpression": "v = :old",
                     "ExpressionAttributeValues": v(n=2, s="abd", old=1), "ReturnValues": "ALL_NEW"}),
    ("update_item", {"UpdateExpression": "SET v = :n, s = :s", "ConditionExpression": "v = :old",
                     "ExpressionAttributeValues": v(n=3, s="x", old=1), "ReturnValues": "ALL_NEW"}),  # fails now
    ("update_item", {"UpdateExpression": "SET v = :n, s = :s", "ConditionExpression": "v = :old",
                     "ExpressionAttributeValues": v(n=3, s="x", old=2), "ReturnValues": "ALL_NEW"}),
    ("update_item", {"UpdateExpression": "ADD v :one REMOVE s", "ConditionExpression": "#v BETWEEN :lo AND :hi",
                     "ExpressionAttributeNames": {"#v": "v"}, "ExpressionAttributeValues": v(one=1, lo=1, hi=3),
                     "ReturnValues": "ALL_NEW"}),
    ("update_item", {"UpdateExpression": "ADD v :one REMOVE s", "ConditionExpression": "#v BETWEEN :lo AND :hi",
                     "ExpressionAttributeNames": {"#v": "v"}, "ExpressionAttributeValues": v(one=1, lo=5, hi=9)}),
    ("update_item", {"UpdateExpression": "SET s = :s", "ConditionExpression": "#x BETWEEN :lo AND :hi",
                     "ExpressionAttributeNames": {"#x": "s"}, "ExpressionAttributeValues": {**v(lo=5, hi=9), ":s": {"S": "y"}}}),
    ("update_item", {"UpdateExpression": "SET s = :s", "ConditionExpression": "size(tags) > :n AND v IN (:a, :b)",
                     "ExpressionAttributeValues": {**v(n=1, a=4, b=5), ":s": {"S": "z"}}, "ReturnValues": "ALL_NEW"}),
    ("update_item", {"UpdateExpression": "SET s = :s", "ConditionExpression": "size(tags) > :n AND v IN (:a, :b)",
                     "ExpressionAttributeValues": {**v(n=2, a=4, b=5), ":s": {"S": "w"}}}),
    ("update_item", {"UpdateExpression": "SET s = :s", "ConditionExpression": "NOT begins_with(s, :p) OR attribute_not_exists(q)",
                     "ExpressionAttributeValues": v(s="zz", p="z"), "ReturnValues": "UPDATED_NEW"}),
    ("update_item", {"UpdateExpression": "SET s = :s", "ConditionExpression": "v = :missing",
                     "ExpressionAttributeValues": v(s="a")}),  # an undefined value
    ("update_item", {"UpdateExpression": "SET s = :s", "ConditionExpression": "#nope = :s",
                     "ExpressionAttributeValues": v(s="a")}),  # an undefined name
    ("update_item", {"UpdateExpression": "SET s = :s", "ConditionExpression": "v = = :s",
                     "ExpressionAttributeValues": v(s="a")}),  # bad syntax
    ("delete_item", {"ConditionExpression": "v = :v", "ExpressionAttributeValues": v(v=9)}),
    ("query", {"KeyConditionExpression": "pk = :p", "FilterExpression": "v >= :min",
               "ExpressionAttributeValues": v(p="p1", min=4)}),
    ("query", {"KeyConditionExpression": "pk = :p", "FilterExpression": "v >= :min",
               "ExpressionAttributeValues": v(p="p1", min=5)}),
    ("transact_write_items", {"TransactItems": [
        {"ConditionCheck": {"TableName": "items", "Key": KEY, "ConditionExpression": "v = :v", "ExpressionAttributeValues": v(v=4)}},
        {"Update": {"TableName": "items", "Key": {"pk": {"S": "p2"}}, "UpdateExpression": "ADD n :one",
                    "ConditionExpression": "attribute_not_exists(n) OR n < :max", "ExpressionAttributeValues": v(one=1, max=1)}},
    ]}),
    ("transact_write_items", {"TransactItems": [
        {"Update": {"TableName": "items", "Key": {"pk": {"S": "p2"}}, "UpdateExpression": "ADD n :one",
                    "ConditionExpression": "attribute_not_exists(n) OR n < :max", "ExpressionAttributeValues": v(one=1, max=1)}},
    ]}),  # fails: n is 1 now
    ("get_item", {"Key": {"pk": {"S": "p2"}}, "ConsistentRead": True}),
    ("delete_item", {"ConditionExpression": "v = :v", "ExpressionAttributeValues": v(v=4), "ReturnValues": "ALL_OLD"}),
]  # fmt: skip


@pytest.fixture
def moto_parse() -> Iterator[Callable[[], None]]:
    """Lets a test take the kept parses out again, and puts back what the process had."""
    before = (
        ConditionExpressionParser.__dict__["parse"],
        ConditionExpressionParser.__dict__["_make_operand"],
        UpdateExpressionParser.__dict__["make"],
    )

    def take_out() -> None:
        parse, operand, make = before
        ConditionExpressionParser.parse = getattr(parse, "__wrapped__", parse)  # type: ignore[method-assign]
        ConditionExpressionParser._make_operand = getattr(operand, "__wrapped__", operand)  # type: ignore[method-assign]
        function = make.__func__
        UpdateExpressionParser.make = classmethod(getattr(function, "__wrapped__", function))  # type: ignore[assignment]

    yield take_out
    parse, operand, make = before
    ConditionExpressionParser.parse = parse  # type: ignore[method-assign]
    ConditionExpressionParser._make_operand = operand  # type: ignore[method-assign]
    UpdateExpressionParser.make = make  # type: ignore[assignment]


def _answers(monkeypatch: pytest.MonkeyPatch) -> list[Any]:
    for name, value in {"AWS_ACCESS_KEY_ID": "t", "AWS_SECRET_ACCESS_KEY": "t", "AWS_DEFAULT_REGION": "eu-west-3"}.items():
        monkeypatch.setenv(name, value)
    with mock_aws():
        client = boto3.client("dynamodb")
        client.create_table(
            TableName="items",
            KeySchema=[{"AttributeName": "pk", "KeyType": "HASH"}],
            AttributeDefinitions=[{"AttributeName": "pk", "AttributeType": "S"}],
            BillingMode="PAY_PER_REQUEST",
        )
        answers: list[Any] = []
        for operation, params in CALLS:
            table = {} if operation == "transact_write_items" else {"TableName": "items"}
            key = {"Key": KEY} if operation in ("update_item", "delete_item") else {}
            try:
                answer = getattr(client, operation)(**table, **key, **params)
                answer.pop("ResponseMetadata")
                answers.append(answer)
            except ClientError as error:
                answers.append((error.response["Error"]["Code"], error.response["Error"]["Message"]))
            except (KeyError, ValueError) as error:  # moto raises these for undefined names and bad syntax
                answers.append((type(error).__name__, str(error)))
        return answers


def test_kept_parses_answer_and_fail_as_moto_does(monkeypatch: pytest.MonkeyPatch, moto_parse: Callable[[], None]) -> None:
    moto_parse()
    by_moto = _answers(monkeypatch)
    parse_expressions_once()
    kept = _answers(monkeypatch)
    assert kept == by_moto
    # The sequence exercises what it means to: the same text passing, then failing on other values.
    failed = [n for n, answer in enumerate(by_moto) if isinstance(answer, tuple)]
    assert failed == [2, 5, 6, 8, 10, 11, 12, 13, 17]
    assert [by_moto[n][0] for n in (10, 11, 12)] == ["KeyError", "KeyError", "ValueError"]
    assert by_moto[3]["Attributes"]["v"] == {"N": "3"} and (by_moto[14]["Count"], by_moto[15]["Count"]) == (1, 0)


def test_a_kept_parse_is_used_again() -> None:
    parse_expressions_once()
    first = UpdateExpressionParser.make("SET a = :a")
    assert UpdateExpressionParser.make("SET a = :a") is first
