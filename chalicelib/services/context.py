"""What every use case needs: the storage, the way to push frames, the time and the policies."""
from __future__ import annotations

from dataclasses import dataclass

from chalicelib.domain.agent import DEFAULT_CAPACITY
from chalicelib.domain.clock import Clock, SystemClock
from chalicelib.domain.retention import Retention
from chalicelib.ports import Notifier, Storage

__all__ = ["ChatContext", "ABANDON_GRACE_S"]

# A waiting citizen whose connection dropped keeps their place this long, then counts as abandoned.
ABANDON_GRACE_S = 120.0


@dataclass
class ChatContext:
    storage: Storage
    notifier: Notifier
    clock: Clock = SystemClock()
    retention: Retention = Retention()
    agent_capacity: int = DEFAULT_CAPACITY
    abandon_grace_s: float = ABANDON_GRACE_S
