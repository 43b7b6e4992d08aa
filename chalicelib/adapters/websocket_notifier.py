"""Pushing frames through API Gateway's management API (Chalice's WebsocketAPI)."""
from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

from chalice.app import WebsocketAPI, WebsocketDisconnectedError

from chalicelib.errors import ConnectionGoneError
from chalicelib.ports import Notifier

__all__ = ["ChaliceWebsocketNotifier"]


class ChaliceWebsocketNotifier(Notifier):
    def __init__(self, websocket_api: WebsocketAPI, api_id: str = "", stage: str = "api") -> None:
        self._api = websocket_api
        self._api_id = api_id
        self._stage = stage

    def send(self, connection_id: str, frame: Mapping[str, Any]) -> None:
        """Post one JSON frame; API Gateway's 410 becomes ConnectionGoneError."""
        self._configure()
        try:
            self._api.send(connection_id, json.dumps(frame, ensure_ascii=False))
        except WebsocketDisconnectedError as exc:
            raise ConnectionGoneError(exc.connection_id) from exc

    def close(self, connection_id: str) -> None:
        """Close a connection (DELETE @connections); one already gone is not an error."""
        self._configure()
        try:
            self._api.close(connection_id)
        except WebsocketDisconnectedError:
            pass

    def _configure(self) -> None:
        if self._api_id:
            # REST routes and plain functions get no websocket event to configure from (chalice issue #1991).
            self._api.configure_from_api_id(self._api_id, self._stage)
