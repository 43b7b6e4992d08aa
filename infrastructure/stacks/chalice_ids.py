"""Logical ids of the resources `chalice package` generates, as checked with chalice 1.34."""
from __future__ import annotations

from dataclasses import dataclass

__all__ = [
    "FUNCTIONS",
    "QUEUE_BROADCAST",
    "REST_API",
    "REST_API_STAGE",
    "WEBSOCKET_API",
    "WEBSOCKET_STAGE",
    "PackagedFunction",
]

REST_API = "RestAPI"
# Made by SAM's transform from the REST API and its stage name ("api").
REST_API_STAGE = "RestAPIapiStage"
WEBSOCKET_API = "WebsocketAPI"
WEBSOCKET_STAGE = "WebsocketAPIStage"


@dataclass(frozen=True)
class PackagedFunction:
    """One Lambda function of the Chalice app.

    `key` is its `lambda_functions` key in `.chalice/config.json`. With `autogen_policy: false`
    Chalice gives each function its own role, built from the stage's `iam_policy_file`.
    """

    key: str
    function_id: str
    role_id: str


FUNCTIONS: tuple[PackagedFunction, ...] = (
    PackagedFunction("api_handler", "APIHandler", "ApiHandlerRole"),
    PackagedFunction("websocket_connect", "WebsocketConnect", "WebsocketConnectRole"),
    PackagedFunction("websocket_message", "WebsocketMessage", "WebsocketMessageRole"),
    PackagedFunction("websocket_disconnect", "WebsocketDisconnect", "WebsocketDisconnectRole"),
    PackagedFunction("queue_broadcast", "QueueBroadcast", "QueueBroadcastRole"),
)
# The function the chat functions start asynchronously to tell waiting citizens where they stand.
QUEUE_BROADCAST = FUNCTIONS[-1]
