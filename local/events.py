"""API Gateway websocket events, shaped as API Gateway sends them to Lambda (the fields Chalice reads and more)."""
from __future__ import annotations

import base64
import time
import uuid
from collections.abc import Mapping
from typing import Any

__all__ = ["WebsocketEventBuilder"]


class WebsocketEventBuilder:
    """Builds $connect, $default and $disconnect events for one API id, stage and domain."""

    def __init__(self, domain_name: str, stage: str = "local", api_id: str = "local") -> None:
        self.domain_name = domain_name
        self.stage = stage
        self.api_id = api_id

    def _context(self, connection_id: str, route_key: str, event_type: str, source_ip: str) -> dict[str, Any]:
        now_ms = int(time.time() * 1000)
        return {
            "routeKey": route_key,
            "eventType": event_type,
            "connectionId": connection_id,
            "domainName": self.domain_name,
            "stage": self.stage,
            "apiId": self.api_id,
            "requestId": uuid.uuid4().hex,
            "extendedRequestId": uuid.uuid4().hex,
            "messageDirection": "IN",
            "requestTimeEpoch": now_ms,
            "connectedAt": now_ms,
            "identity": {"sourceIp": source_ip},
        }

    def connect(
        self,
        connection_id: str,
        query: Mapping[str, str] | None = None,
        headers: Mapping[str, str] | None = None,
        source_ip: str = "127.0.0.1",
    ) -> dict[str, Any]:
        """The $connect event (query string parameters are None when there are none, as on AWS)."""
        return {
            "requestContext": self._context(connection_id, "$connect", "CONNECT", source_ip),
            "headers": dict(headers or {}),
            "multiValueHeaders": {k: [v] for k, v in (headers or {}).items()},
            "queryStringParameters": dict(query) if query else None,
            "multiValueQueryStringParameters": {k: [v] for k, v in query.items()} if query else None,
            "isBase64Encoded": False,
        }

    def message(self, connection_id: str, body: str | bytes, source_ip: str = "127.0.0.1") -> dict[str, Any]:
        """A $default event carrying one frame (binary frames arrive base64-encoded)."""
        context = self._context(connection_id, "$default", "MESSAGE", source_ip)
        context["messageId"] = uuid.uuid4().hex
        if isinstance(body, bytes):
            return {"requestContext": context, "body": base64.b64encode(body).decode(), "isBase64Encoded": True}
        return {"requestContext": context, "body": body, "isBase64Encoded": False}

    def disconnect(self, connection_id: str, status_code: int = 1000, source_ip: str = "127.0.0.1") -> dict[str, Any]:
        """The $disconnect event."""
        context = self._context(connection_id, "$disconnect", "DISCONNECT", source_ip)
        context.update(disconnectStatusCode=status_code, disconnectReason="")
        return {"requestContext": context, "headers": {}, "isBase64Encoded": False}
