"""Lambda sizing for a surge (curfew, lockdown), applied on top of `.chalice/config.json`.

Chalice reads per-function settings only from `.chalice/config.json`: a `lambda_functions`
key passed through the CDK construct's `stage_config` is ignored (checked with chalice
1.34). So the normal sizing lives in config.json and the surge sizing is applied here as
property overrides on the packaged functions.
"""
from __future__ import annotations

from dataclasses import dataclass
from types import MappingProxyType
from typing import Mapping

__all__ = ["FunctionSize", "FUNCTION_LOGICAL_IDS", "SURGE"]

# Chalice's `lambda_functions` keys and the logical ids `chalice package` gives them.
FUNCTION_LOGICAL_IDS: Mapping[str, str] = MappingProxyType(
    {
        "api_handler": "APIHandler",
        "websocket_connect": "WebsocketConnect",
        "websocket_message": "WebsocketMessage",
        "websocket_disconnect": "WebsocketDisconnect",
    }
)


@dataclass(frozen=True)
class FunctionSize:
    """Memory (which also buys CPU) and reserved concurrency for one function."""

    memory_mb: int
    reserved_concurrency: int | None = None


# Reservations are taken from the account's concurrency quota (1,000 by default) and
# AWS keeps 100 unreserved: 400 + 150 + 100 = 650 leaves room for the REST function.
# Raise the account quota before raising these (see docs/operations.md, "Surge").
SURGE: Mapping[str, FunctionSize] = MappingProxyType(
    {
        "api_handler": FunctionSize(memory_mb=1024),
        "websocket_connect": FunctionSize(memory_mb=512, reserved_concurrency=150),
        "websocket_message": FunctionSize(memory_mb=1024, reserved_concurrency=400),
        "websocket_disconnect": FunctionSize(memory_mb=512, reserved_concurrency=100),
    }
)
