"""Lambda sizing for a surge (curfew, lockdown), applied on top of `.chalice/config.json`.

Chalice reads per-function settings only from `.chalice/config.json`: a `lambda_functions`
key passed through the CDK construct's `stage_config` is ignored (checked with chalice
1.34). So the normal sizing lives in config.json and the surge sizing is applied by the
stack as property overrides on the packaged functions.
"""
from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType

__all__ = ["SURGE", "FunctionSize"]


@dataclass(frozen=True)
class FunctionSize:
    """Memory (which also buys CPU) and reserved concurrency for one function."""

    memory_mb: int
    reserved_concurrency: int | None = None


# Keyed by the `lambda_functions` keys. Reservations come out of the account's concurrency
# quota (1,000 by default) and AWS keeps 100 unreserved: 150 + 400 + 100 = 650 leaves 350
# for the REST function and everything else in the account. Raise the account quota before
# raising these (docs/operations.md, "Surge").
SURGE: Mapping[str, FunctionSize] = MappingProxyType(
    {
        "api_handler": FunctionSize(memory_mb=1024),
        "websocket_connect": FunctionSize(memory_mb=512, reserved_concurrency=150),
        "websocket_message": FunctionSize(memory_mb=1024, reserved_concurrency=400),
        "websocket_disconnect": FunctionSize(memory_mb=512, reserved_concurrency=100),
        # One broadcaster at a time holds the lease: no reservation needed.
        "queue_broadcast": FunctionSize(memory_mb=512),
    }
)
