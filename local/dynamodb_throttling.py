"""Throttle a share of DynamoDB requests, as an over-busy table does (laptop fault injection, off by default).

Set GUICHET_LOCAL_DYNAMODB_THROTTLE to a share (e.g. `0.02`) before the local stack starts. The
chosen requests are answered with DynamoDB's own throttling response (HTTP 400,
`ProvisionedThroughputExceededException`) by a botocore `before-send` handler, before moto sees
them: inside botocore's retry loop, exactly where a real throttle arrives, so the app's clients
(PynamoDB's botocore client, standard retry mode) retry them with backoff or give up as they would
on AWS. A `before-call` handler would sit outside that loop and throttle in a way AWS never does.
"""
from __future__ import annotations

import io
import json
import random
import threading
from collections.abc import Iterator
from typing import Any

from botocore import handlers
from botocore.awsrequest import AWSPreparedRequest, AWSResponse

__all__ = ["THROTTLE_ENV", "DynamoDBThrottler"]

THROTTLE_ENV = "GUICHET_LOCAL_DYNAMODB_THROTTLE"

# Where a throttled request is pointed so that moto's handler, which runs next, leaves it alone.
_NOWHERE = "http://throttled.invalid/"

_BODY = json.dumps(
    {
        "__type": "com.amazonaws.dynamodb.v20120810#ProvisionedThroughputExceededException",
        "message": "The level of configured provisioned throughput for the table was exceeded (injected locally).",
    }
).encode()


class DynamoDBThrottler:
    """Answers a share of DynamoDB requests with a throttling error; counts what it did."""

    def __init__(self, share: float, seed: int | None = None) -> None:
        self.share = share
        self.requests = 0
        self.throttled = 0
        self._random = random.Random(seed)
        self._lock = threading.Lock()

    def install(self) -> None:
        """Hook every botocore session created from now on (call before the app builds its clients).

        First in line for `before-send`, ahead of moto's own handler. botocore runs every
        `before-send` handler and keeps the first response, so moto would still apply a request
        this handler throttles: a throttled request is pointed away from AWS, where moto does not
        answer, so the table never sees it — as with a real throttle.
        """
        handlers.BUILTIN_HANDLERS.insert(0, ("before-send", self._before_send))

    def _before_send(self, request: AWSPreparedRequest, event_name: str = "", **_: Any) -> AWSResponse | None:
        if not event_name.startswith("before-send.dynamodb."):
            return None
        with self._lock:
            self.requests += 1
            if self._random.random() >= self.share:
                return None
            self.throttled += 1
        headers = {
            "Content-Type": "application/x-amz-json-1.0",
            "x-amzn-ErrorType": "ProvisionedThroughputExceededException",
        }
        response = AWSResponse(request.url, 400, headers, _Body(_BODY))
        request.url = _NOWHERE
        return response

    def counts(self) -> dict[str, int]:
        """Requests seen (attempts, retries included) and requests throttled."""
        with self._lock:
            return {"attempts": self.requests, "throttled": self.throttled}


class _Body(io.BytesIO):
    def stream(self, **_: Any) -> Iterator[bytes]:
        data = self.read()
        if data:
            yield data
