"""Time as a port, so the domain and the services can be tested at a fixed instant."""
from __future__ import annotations

import time
from typing import Protocol

__all__ = ["Clock", "SystemClock"]


class Clock(Protocol):
    def now(self) -> float:
        """Seconds since the epoch."""


class SystemClock:
    """The wall clock."""

    def now(self) -> float:
        """Seconds since the epoch."""
        return time.time()
