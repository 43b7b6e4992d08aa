"""Queue position and wait estimate.

estimated_wait_s = position × mean_handling_s / open_slots, where
- mean_handling_s is the exponentially weighted mean of recent handling times
  (assignment to close), DEFAULT_HANDLING_S before any conversation closed;
- open_slots is the sum of the simultaneous-conversation caps of the agents
  who are available now: each slot frees on average every mean_handling_s seconds.
With no agent available the estimate is None ("no officer available right now").
"""
from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Iterable

from chalicelib.domain.agent import Agent, AgentStatus

__all__ = ["HandlingTime", "estimate_wait_s", "DEFAULT_HANDLING_S"]

DEFAULT_HANDLING_S = 420.0
_WEIGHT = 0.2


@dataclass(frozen=True)
class HandlingTime:
    """Exponentially weighted mean of recent handling times (recent ones weigh most)."""

    mean_s: float = DEFAULT_HANDLING_S
    samples: int = 0

    def record(self, seconds: float) -> "HandlingTime":
        """The mean once this handling time is counted."""
        if self.samples == 0:
            return HandlingTime(mean_s=seconds, samples=1)
        return HandlingTime(mean_s=_WEIGHT * seconds + (1 - _WEIGHT) * self.mean_s, samples=self.samples + 1)


def estimate_wait_s(position: int, agents: Iterable[Agent], handling: HandlingTime) -> int | None:
    """Seconds until the citizen at `position` (1 = next) is likely to get an officer."""
    slots = sum(a.capacity for a in agents if a.status is AgentStatus.AVAILABLE and a.connection_id)
    if slots == 0:
        return None
    return int(math.ceil(position * handling.mean_s / slots))
