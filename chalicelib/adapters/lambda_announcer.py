"""Starting the queue broadcaster as an asynchronous Lambda invocation (API Gateway's request returns at once)."""
from __future__ import annotations

import json
from typing import Any

import boto3

from chalicelib.ports import QueueAnnouncer

__all__ = ["REPLY_WATCH", "LambdaQueueAnnouncer"]

# The invocation's payload key that asks for the reply watch (app.py passes it to the broadcaster).
REPLY_WATCH = "reply_watch"


class LambdaQueueAnnouncer(QueueAnnouncer):
    def __init__(self, function_name: str, region: str, endpoint_url: str | None = None) -> None:
        self._function_name = function_name
        self._region = region
        self._endpoint_url = endpoint_url
        self._client: Any = None

    def request(self) -> None:
        """Invoke the broadcaster with InvocationType=Event: queued by Lambda, run outside this request."""
        self._invoke(b"{}")

    def request_reply_watch(self) -> None:
        """Invoke the broadcaster to watch unanswered citizens (a running one is nudged instead)."""
        self._invoke(json.dumps({REPLY_WATCH: True}).encode())

    def _invoke(self, payload: bytes) -> None:
        if self._client is None:
            # Made on first use, so a process that never changes the queue never builds the client.
            self._client = boto3.client("lambda", region_name=self._region, endpoint_url=self._endpoint_url)
        self._client.invoke(FunctionName=self._function_name, InvocationType="Event", Payload=payload)
