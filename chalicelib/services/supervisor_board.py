"""The supervisors' figures of the day and the staffing for the coming hours, read from the hourly counters."""
from __future__ import annotations

from dataclasses import dataclass

from aws_lambda_powertools import Logger

from chalicelib.domain.agent import AgentStatus
from chalicelib.domain.clock import Clock
from chalicelib.domain.day_figures import DayFigures, day_figures, mean_handling_s, recent_arrivals_per_hour
from chalicelib.domain.desk_figures import HourSlot, day_slots, hour_after, hour_slot
from chalicelib.domain.staffing import ServiceTarget, StaffingNeed, staffing_need
from chalicelib.ports import Storage

__all__ = ["COMING_HOURS", "DeskToday", "OnlineOfficers", "SupervisorBoard"]

logger = Logger(child=True)

# How many hours ahead the staffing is given, and how many survey comments of the day are shown.
COMING_HOURS = 3
COMMENTS_SHOWN = 100


@dataclass(frozen=True)
class OnlineOfficers:
    """Officers connected now: how many, how many answer (available), and their chat slots."""

    online: int
    available: int
    busy_slots: int
    available_slots: int


@dataclass(frozen=True)
class DeskToday:
    """Today's figures hour by hour, and the staffing the recent arrivals call for."""

    generated_at: float
    timezone: str
    target: ServiceTarget
    capacity: int
    figures: DayFigures
    officers: OnlineOfficers
    arrivals_per_hour: float
    mean_handling_s: float
    coming_hours: list[tuple[HourSlot, StaffingNeed]]


class SupervisorBoard:
    def __init__(self, storage: Storage, clock: Clock, timezone: str, target: ServiceTarget, capacity: int) -> None:
        self._storage = storage
        self._clock = clock
        self._timezone = timezone
        self._target = target
        self._capacity = capacity

    def today(self) -> DeskToday:
        """The day so far (midnight to this hour, in the desk's time zone) and the staffing of the next hours."""
        now = self._clock.now()
        current = hour_slot(now, self._timezone)
        figures_store = self._storage.figures
        counters = figures_store.counters(current.day) if figures_store else {}
        comments = figures_store.comments(current.day, COMMENTS_SHOWN) if figures_store else []
        slots = [slot for slot in day_slots(current.day, self._timezone) if slot.start <= current.start]
        figures = day_figures(slots, counters, comments, self._target.within_s)
        handling = mean_handling_s(counters) or self._storage.stats.handling_time().mean_s
        arrivals = recent_arrivals_per_hour(now, current, counters)
        # A flat forecast: the last 60 minutes' arrivals, for each of the next hours.
        need = staffing_need(arrivals, handling, self._capacity, self._target)
        coming = [(hour_after(current, n, self._timezone), need) for n in range(1, COMING_HOURS + 1)]
        logger.info("supervisor figures read", extra={"hours": len(slots), "comments": len(comments)})
        return DeskToday(
            generated_at=now,
            timezone=self._timezone,
            target=self._target,
            capacity=self._capacity,
            figures=figures,
            officers=self._officers(),
            arrivals_per_hour=arrivals,
            mean_handling_s=handling,
            coming_hours=coming,
        )

    def _officers(self) -> OnlineOfficers:
        agents = self._storage.agents.online()
        answering = [a for a in agents if a.status is AgentStatus.AVAILABLE]
        return OnlineOfficers(
            online=len(agents),
            available=len(answering),
            busy_slots=sum(a.active_count for a in agents),
            available_slots=sum(a.capacity for a in answering),
        )
