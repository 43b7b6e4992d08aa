"""Queue position and wait estimate, computed from the order in which the dispatcher serves.

One queue for every topic: conversations are served oldest first, and a waiting citizen whose
connection dropped is skipped (not counted, not served) until they come back; they then stand
where their arrival put them, ahead of those who came later.

    position          = 1 + online waiting conversations that arrived earlier
    free_slots        = free chat slots of the officers available now
    open_slots        = chat capacity of the officers available now
    estimated_wait_s  = 0                                                    if position <= free_slots
                      = ceil((position - free_slots) × mean_handling_s / open_slots)   otherwise
                      = None                                                 if open_slots == 0

- mean_handling_s is the exponentially weighted mean of recent handling times (assignment to
  close), DEFAULT_HANDLING_S before any conversation closed;
- each of the open slots frees on average every mean_handling_s seconds, so the queue beyond the
  free slots drains at open_slots / mean_handling_s conversations per second;
- in a surge the estimate grows linearly with the position and shrinks as officers go available;
- with no officer available the estimate is None ("no officer available right now").
"""
from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass

from chalicelib.domain.agent import Agent, AgentStatus

__all__ = ["DEFAULT_HANDLING_S", "HandlingTime", "Standing", "estimate_wait_s"]

DEFAULT_HANDLING_S = 420.0
_WEIGHT = 0.2


@dataclass(frozen=True)
class Standing:
    """Where a waiting conversation stands: position (None while its citizen is offline), estimate, version; and the
    revision of the desk's notices published with that version (the widget reads them again when it moves)."""

    position: int | None
    estimated_wait_s: int | None
    version: int
    notices: int = 0


@dataclass(frozen=True)
class HandlingTime:
    """Exponentially weighted mean of recent handling times (recent ones weigh most)."""

    mean_s: float = DEFAULT_HANDLING_S
    samples: int = 0

    def record(self, seconds: float) -> HandlingTime:
        """The mean once this handling time is counted."""
        if self.samples == 0:
            return HandlingTime(mean_s=seconds, samples=1)
        return HandlingTime(mean_s=_WEIGHT * seconds + (1 - _WEIGHT) * self.mean_s, samples=self.samples + 1)


def estimate_wait_s(position: int, agents: Iterable[Agent], handling: HandlingTime) -> int | None:
    """Seconds until the citizen at `position` (1 = next) is likely to get an officer."""
    answering = [a for a in agents if a.status is AgentStatus.AVAILABLE and a.connection_id]
    slots = sum(a.capacity for a in answering)
    if slots == 0:
        return None
    free = sum(a.free_slots for a in answering)
    if position <= free:
        return 0
    return math.ceil((position - free) * handling.mean_s / slots)


@dataclass(frozen=True)
class QueueSignal:
    """What a queue change leaves behind: the queue's new version, and whether a broadcast is under way."""

    version: int
    broadcast_running: bool


__all__.append("QueueSignal")


@dataclass(frozen=True)
class QueueMarks:
    """What the broadcaster reads each interval: the queue's version, and the version last told to everyone
    (written when a broadcaster gives its lease back)."""

    version: int = 0
    told: int = 0
    # The revision of the desk's notices last published (services/desk_settings.py): queue frames carry it.
    notices: int = 0


__all__.append("QueueMarks")
