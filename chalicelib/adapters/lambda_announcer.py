"""Starting the queue broadcaster as an asynchronous Lambda invocation (API Gateway's request returns at once)."""
from __future__ import annotations

from typing import Any

import boto3

from chalicelib.ports import QueueAnnouncer

__all__ = ["LambdaQueueAnnouncer"]


class LambdaQueueAnnouncer(QueueAnnouncer):
    def __init__(self, function_name: str, region: str, endpoint_url: str | None = None) -> None:
        self._function_name = function_name
        self._region = region
        self._endpoint_url = endpoint_url
        self._client: Any = None

    def request(self) -> None:
        """Invoke the broadcaster with InvocationType=Event: queued by Lambda, run outside this request."""
        if self._client is None:
            # Made on first use, so a process that never changes the queue never builds the client.
            self._client = boto3.client("lambda", region_name=self._region, endpoint_url=self._endpoint_url)
        self._client.invoke(FunctionName=self._function_name, InvocationType="Event", Payload=b"{}")
