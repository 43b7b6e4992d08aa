"""The local stack's Query shortcut on moto answers what moto's whole-table Query answers, whatever the writes."""
from __future__ import annotations

import random
from collections.abc import Iterator
from typing import Any

import boto3
import pytest
from botocore.exceptions import ClientError
from moto import mock_aws

from local.moto_dynamodb import emulate_dynamodb

TOPICS = ["a", "b", "c"]


@pytest.fixture
def table(monkeypatch: pytest.MonkeyPatch) -> Iterator[Any]:
    for name, value in {"AWS_ACCESS_KEY_ID": "t", "AWS_SECRET_ACCESS_KEY": "t", "AWS_DEFAULT_REGION": "eu-west-3"}.items():
        monkeypatch.setenv(name, value)
    with mock_aws():
        emulate_dynamodb()
        client = boto3.client("dynamodb")
        client.create_table(
            TableName="items",
            KeySchema=[{"AttributeName": "pk", "KeyType": "HASH"}, {"AttributeName": "sk", "KeyType": "RANGE"}],
            AttributeDefinitions=[
                {"AttributeName": n, "AttributeType": "S"} for n in ("pk", "sk", "topic", "created")
            ],
            GlobalSecondaryIndexes=[
                {
                    "IndexName": "topic-index",
                    "KeySchema": [
                        {"AttributeName": "topic", "KeyType": "HASH"},
                        {"AttributeName": "created", "KeyType": "RANGE"},
                    ],
                    "Projection": {"ProjectionType": "ALL"},
                }
            ],
            BillingMode="PAY_PER_REQUEST",
        )
        yield client


def whole_table_answer(client: Any, topic: str) -> list[tuple[str, str]]:
    """What the index holds for a topic, computed from a Scan."""
    items = client.scan(TableName="items")["Items"]
    matching = [i for i in items if i.get("topic", {}).get("S") == topic and "created" in i]
    return sorted((i["created"]["S"], i["pk"]["S"] + i["sk"]["S"]) for i in matching)


def index_answer(client: Any, topic: str) -> list[tuple[str, str]]:
    answer = client.query(
        TableName="items",
        IndexName="topic-index",
        KeyConditionExpression="topic = :t",
        ExpressionAttributeValues={":t": {"S": topic}},
    )
    return [(i["created"]["S"], i["pk"]["S"] + i["sk"]["S"]) for i in answer["Items"]]


def test_index_and_partition_queries_follow_puts_updates_deletes_and_failed_transactions(table: Any) -> None:
    rng = random.Random(7)
    for step in range(120):
        pk, sk = f"p{rng.randrange(12)}", f"s{rng.randrange(4)}"
        key = {"pk": {"S": pk}, "sk": {"S": sk}}
        roll = rng.random()
        if roll < 0.35:
            table.put_item(
                TableName="items",
                Item={**key, "topic": {"S": rng.choice(TOPICS)}, "created": {"S": f"{step:05d}"}},
            )
        elif roll < 0.55:
            table.update_item(TableName="items", Key=key, UpdateExpression="REMOVE topic")
        elif roll < 0.7:
            table.update_item(
                TableName="items",
                Key=key,
                UpdateExpression="SET topic = :t, created = :c",
                ExpressionAttributeValues={":t": {"S": rng.choice(TOPICS)}, ":c": {"S": f"{step:05d}"}},
            )
        elif roll < 0.8:
            table.delete_item(TableName="items", Key=key)
        else:
            other = {"pk": {"S": f"q{rng.randrange(4)}"}, "sk": {"S": "s0"}}
            try:  # the second write's condition fails half the time: the first is rolled back
                table.transact_write_items(
                    TransactItems=[
                        {"Update": {"TableName": "items", "Key": key, "UpdateExpression": "REMOVE topic"}},
                        {
                            "Put": {
                                "TableName": "items",
                                "Item": {**other, "topic": {"S": "a"}, "created": {"S": f"{step:05d}"}},
                                "ConditionExpression": "attribute_not_exists(pk)" if rng.random() < 0.5 else "attribute_exists(pk) OR attribute_not_exists(pk)",
                            }
                        },
                    ]
                )
            except ClientError as exc:
                assert exc.response["Error"]["Code"] == "TransactionCanceledException"
        for topic in TOPICS:
            assert index_answer(table, topic) == whole_table_answer(table, topic)
        partition = table.query(
            TableName="items", KeyConditionExpression="pk = :p", ExpressionAttributeValues={":p": {"S": pk}}
        )["Items"]
        scanned = [i for i in table.scan(TableName="items")["Items"] if i["pk"]["S"] == pk]
        assert partition == sorted(scanned, key=lambda i: i["sk"]["S"])
