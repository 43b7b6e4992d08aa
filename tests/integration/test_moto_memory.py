"""The local stack's moto keeps the items that are stored, not every version ever written."""
from __future__ import annotations

import gc

import boto3
import pytest
from moto import mock_aws

from local.moto_dynamodb import emulate_dynamodb


def test_rewriting_an_item_leaves_no_old_versions_in_memory(monkeypatch: pytest.MonkeyPatch) -> None:
    for name, value in {"AWS_ACCESS_KEY_ID": "t", "AWS_SECRET_ACCESS_KEY": "t", "AWS_DEFAULT_REGION": "eu-west-3"}.items():
        monkeypatch.setenv(name, value)
    with mock_aws():
        emulate_dynamodb()
        from moto.dynamodb.models.dynamo_type import Item

        client = boto3.client("dynamodb")
        client.create_table(
            TableName="t",
            KeySchema=[{"AttributeName": "pk", "KeyType": "HASH"}],
            AttributeDefinitions=[{"AttributeName": "pk", "AttributeType": "S"}],
            BillingMode="PAY_PER_REQUEST",
        )
        for n in range(300):
            client.put_item(TableName="t", Item={"pk": {"S": f"k{n % 3}"}, "n": {"N": str(n)}})
            client.update_item(TableName="t", Key={"pk": {"S": "k0"}}, UpdateExpression="ADD c :one", ExpressionAttributeValues={":one": {"N": "1"}})
        gc.collect()
        alive = sum(1 for o in gc.get_objects() if type(o) is Item)
        assert client.scan(TableName="t", Select="COUNT")["Count"] == 3
        assert Item.instances_tracked == []  # type: ignore[attr-defined]
        assert alive < 50  # three stored; a few more may sit in caches, never the 900 versions written
