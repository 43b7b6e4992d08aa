"""DynamoDB throttles counted from botocore's events on moto: the retried attempts, and what reached the code."""
from __future__ import annotations

from types import SimpleNamespace

import pytest
from botocore import endpoint, handlers
from botocore.exceptions import ClientError
from moto import mock_aws
from pynamodb.connection import Connection

from chalicelib.adapters.dynamodb_throttles import count_dynamodb_throttles
from local.dynamodb_throttling import DynamoDBThrottler
from tests.fakes import FakeTelemetry


@pytest.fixture
def fresh_handlers(monkeypatch: pytest.MonkeyPatch) -> None:
    """botocore's built-in handlers as a copy, so that what a test installs is gone after it."""
    monkeypatch.setattr(handlers, "BUILTIN_HANDLERS", list(handlers.BUILTIN_HANDLERS))
    for name, value in {"AWS_ACCESS_KEY_ID": "t", "AWS_SECRET_ACCESS_KEY": "t", "AWS_DEFAULT_REGION": "eu-west-3"}.items():
        monkeypatch.setenv(name, value)


@pytest.fixture
def backoffs(monkeypatch: pytest.MonkeyPatch) -> list[float]:
    """The pauses botocore asks for between attempts, recorded instead of slept (its exponential backoff
    made these two tests wait about 20 s); botocore's endpoint uses `time` for nothing else."""
    asked: list[float] = []
    monkeypatch.setattr(endpoint, "time", SimpleNamespace(sleep=asked.append))
    return asked


def create_table(connection: Connection) -> None:
    connection.create_table(
        "t",
        attribute_definitions=[{"attribute_name": "pk", "attribute_type": "S"}],
        key_schema=[{"attribute_name": "pk", "key_type": "HASH"}],
        billing_mode="PAY_PER_REQUEST",
    )


def test_a_call_throttled_on_every_attempt_counts_each_attempt_and_one_throttle(
    fresh_handlers: None, backoffs: list[float]
) -> None:
    telemetry = FakeTelemetry()
    count_dynamodb_throttles(telemetry)
    throttler = DynamoDBThrottler(share=0.0)
    throttler.install()
    with mock_aws():
        connection = Connection(region="eu-west-3")  # a new botocore session: it gets both hooks
        create_table(connection)
        throttler.share = 1.0
        with pytest.raises(ClientError):
            # PynamoDB's own botocore client (its retry settings), called as its models call it.
            connection.client.get_item(TableName="t", Key={"pk": {"S": "key"}})
    attempts = throttler.counts()["throttled"]
    assert attempts > 1  # botocore retried before giving up
    assert len(backoffs) == attempts - 1  # and backed off before each retry
    assert telemetry.counts == {"DynamoDBThrottledAttempts": attempts, "DynamoDBThrottles": 1}


def test_throttles_that_a_retry_absorbs_are_attempts_not_throttles(fresh_handlers: None, backoffs: list[float]) -> None:
    telemetry = FakeTelemetry()
    count_dynamodb_throttles(telemetry)
    throttler = DynamoDBThrottler(share=0.3, seed=7)
    throttler.install()
    with mock_aws():
        connection = Connection(region="eu-west-3")
        create_table(connection)
        for index in range(20):
            connection.client.put_item(TableName="t", Item={"pk": {"S": f"k{index}"}})
    assert throttler.counts()["throttled"] > 0
    assert len(backoffs) == throttler.counts()["throttled"]  # each throttled attempt was retried after a pause
    assert telemetry.counts.get("DynamoDBThrottledAttempts") == throttler.counts()["throttled"]
    assert "DynamoDBThrottles" not in telemetry.counts
