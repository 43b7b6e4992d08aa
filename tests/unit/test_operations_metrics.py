"""What the on-call alarms read: error frames by code, and which DynamoDB answers are throttles (fakes, counts)."""
from __future__ import annotations

import pytest

from chalicelib.adapters.dynamodb_throttles import is_throttle
from tests.chat_desk import Desk


def test_every_error_frame_is_counted_under_its_code() -> None:
    desk = Desk()
    desk.connect("citizen-1")
    desk.ws.message("citizen-1", "not json")
    desk.ws.message("citizen-1", '{"action": "fly"}')
    desk.ws.message("citizen-1", '{"action": "fly"}')
    codes = [f["code"] for f in desk.frames("citizen-1", "error")]
    assert codes == ["invalid_frame", "unknown_action", "unknown_action"]
    assert desk.telemetry.split_counts == {
        ("ErrorFrames", "code", "invalid_frame"): 1,
        ("ErrorFrames", "code", "unknown_action"): 2,
    }


def test_an_unexpected_failure_is_counted_as_internal_error(monkeypatch: pytest.MonkeyPatch) -> None:
    desk = Desk()
    desk.connect("citizen-1")

    def broken(_: str) -> None:
        raise RuntimeError("storage down")

    monkeypatch.setattr(desk.storage.connections, "get", broken)
    desk.frame("citizen-1", action="start", topic="autre", lang="fr")
    assert [f["code"] for f in desk.frames("citizen-1", "error")] == ["internal_error"]
    assert desk.telemetry.split_counts == {("ErrorFrames", "code", "internal_error"): 1}


@pytest.mark.parametrize(
    ("parsed", "throttle"),
    [
        ({"Error": {"Code": "ProvisionedThroughputExceededException"}}, True),
        ({"Error": {"Code": "ThrottlingException"}}, True),
        ({"Error": {"Code": "RequestLimitExceeded"}}, True),
        (
            {
                "Error": {"Code": "TransactionCanceledException"},
                "CancellationReasons": [{"Code": "None"}, {"Code": "ThrottlingError"}],
            },
            True,
        ),
        (
            {
                "Error": {"Code": "TransactionCanceledException"},
                "CancellationReasons": [{"Code": "ConditionalCheckFailed"}],
            },
            False,
        ),
        ({"Error": {"Code": "ConditionalCheckFailedException"}}, False),
        ({"Item": {}}, False),
        (None, False),
    ],
)
def test_throttles_are_told_from_other_dynamodb_answers(parsed: object, throttle: bool) -> None:
    assert is_throttle(parsed) is throttle
