"""Count the DynamoDB throttles the functions meet, from botocore's own events (every DynamoDB client).

botocore retries a throttled request a few times (standard mode, with backoff) before the error reaches
the code, so two counts: `DynamoDBThrottledAttempts`, every attempt DynamoDB throttled (retried ones
included: the table alarm's view, seen from the functions), and `DynamoDBThrottles`, the calls that still
failed after the retries: those became errors (an `internal_error` frame, a 500). Transactions cancelled
because one of their items was throttled count as throttles too.
"""
from __future__ import annotations

from typing import Any

from botocore import handlers

from chalicelib.ports import Telemetry

__all__ = ["THROTTLED_ATTEMPTS", "THROTTLES", "count_dynamodb_throttles", "is_throttle"]

THROTTLES = "DynamoDBThrottles"
THROTTLED_ATTEMPTS = "DynamoDBThrottledAttempts"

_THROTTLE_CODES = frozenset(
    {"ProvisionedThroughputExceededException", "ThrottlingException", "RequestLimitExceeded"}
)
# A transaction's cancellation reasons name a throttled item with these codes.
_THROTTLED_REASONS = frozenset({"ThrottlingError", "ProvisionedThroughputExceeded"})


def is_throttle(parsed: Any) -> bool:
    """Whether botocore's parsed DynamoDB answer is a throttle (an error, or a transaction cancelled by one)."""
    if not isinstance(parsed, dict):
        return False
    code = (parsed.get("Error") or {}).get("Code")
    if code in _THROTTLE_CODES:
        return True
    reasons = parsed.get("CancellationReasons") or []
    return code == "TransactionCanceledException" and any(
        isinstance(reason, dict) and reason.get("Code") in _THROTTLED_REASONS for reason in reasons
    )


class _ThrottleCounter:
    """botocore handlers for every session made after installation; counts go to the current telemetry."""

    def __init__(self) -> None:
        self.telemetry: Telemetry | None = None

    def attempt(self, response: Any = None, event_name: str = "", **_: Any) -> None:
        # needs-retry: once per attempt; `response` is (http response, parsed) or None (a connection error).
        if self.telemetry is not None and response is not None and is_throttle(response[1]):
            self.telemetry.count(THROTTLED_ATTEMPTS)
        # None: the retry decision stays botocore's.

    def call(self, parsed: Any = None, event_name: str = "", **_: Any) -> None:
        # after-call: once per call, with the answer the code gets (after the retries).
        if self.telemetry is not None and is_throttle(parsed):
            self.telemetry.count(THROTTLES)


_COUNTER = _ThrottleCounter()


def count_dynamodb_throttles(telemetry: Telemetry) -> None:
    """Count throttles into this telemetry from every botocore session created from now on (call before the
    DynamoDB clients are made; calling again only changes where the counts go)."""
    _COUNTER.telemetry = telemetry
    entries = (("needs-retry.dynamodb", _COUNTER.attempt), ("after-call.dynamodb", _COUNTER.call))
    for entry in entries:
        if entry not in handlers.BUILTIN_HANDLERS:
            handlers.BUILTIN_HANDLERS.append(entry)
