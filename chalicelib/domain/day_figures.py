"""The supervisors' figures of the day, read back from the desk's hourly counters (domain/desk_figures.py).

Medians and 90th percentiles come from the counters' fixed buckets; an hour's figures, and the day's total,
the counters of every hour added up. Only the REST function (the supervisors' board) reads them.
"""
from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from chalicelib.domain.desk_figures import (
    BUCKET_BOUNDS_S,
    FIRST_RESPONSE,
    HANDLING,
    OVERFLOW_BUCKET,
    WAIT,
    HourSlot,
    SurveyComment,
)

__all__ = [
    "DayFigures",
    "Distribution",
    "HourFigures",
    "SurveyFigures",
    "day_figures",
    "hour_figures",
    "mean_handling_s",
    "percentile",
    "recent_arrivals_per_hour",
    "share_within",
]


def _bucket_range(index: int) -> tuple[float, float | None]:
    low = 0.0 if index == 0 else float(BUCKET_BOUNDS_S[index - 1])
    high = float(BUCKET_BOUNDS_S[index]) if index < OVERFLOW_BUCKET else None
    return low, high


def percentile(buckets: Mapping[int, float], q: float) -> float | None:
    """The q-quantile (0 < q ≤ 1) of a histogram, linear within its bucket; the last bucket answers its floor."""
    total = sum(buckets.values())
    if total <= 0:
        return None
    rank, seen = q * total, 0.0
    for index in sorted(buckets):
        count = buckets[index]
        if count <= 0:
            continue
        if seen + count >= rank:
            low, high = _bucket_range(index)
            if high is None:
                return low
            return round(low + (high - low) * (rank - seen) / count, 1)
        seen += count
    return _bucket_range(max(buckets))[0]


def share_within(buckets: Mapping[int, float], limit_s: float) -> float:
    """How many of the histogram's samples fall under `limit_s` (exact at a bucket bound, linear inside one)."""
    within = 0.0
    for index, count in buckets.items():
        low, high = _bucket_range(index)
        if high is not None and high <= limit_s:
            within += count
        elif low < limit_s and high is not None:
            within += count * (limit_s - low) / (high - low)
    return within


@dataclass(frozen=True)
class Distribution:
    """A duration's count, median, 90th percentile and mean (seconds; None without samples)."""

    count: int
    median_s: float | None
    p90_s: float | None
    mean_s: float | None


def _histogram(counters: Mapping[str, float], prefix: str) -> dict[int, float]:
    marker = f"{prefix}_b"
    return {int(name[len(marker):]): value for name, value in counters.items() if name.startswith(marker)}


def _distribution(counters: Mapping[str, float], prefix: str) -> Distribution:
    buckets = _histogram(counters, prefix)
    count = int(counters.get(prefix, 0))
    total = counters.get(f"{prefix}_sum", 0.0)
    return Distribution(
        count=count,
        median_s=percentile(buckets, 0.5),
        p90_s=percentile(buckets, 0.9),
        mean_s=round(total / count, 1) if count else None,
    )


@dataclass(frozen=True)
class SurveyFigures:
    answers: int
    found_easily: int
    understood: int
    rating_mean: float | None
    ratings: Mapping[int, int]


@dataclass(frozen=True)
class HourFigures:
    """An hour's figures (or the day's, with `slot` None)."""

    slot: HourSlot | None
    started: int
    answered: int
    abandoned: int
    wait: Distribution
    first_response: Distribution
    handling: Distribution
    answered_within_target: int
    # Answered within the target time ÷ (answered + abandoned): an abandoned citizen was not answered in time.
    share_within_target: float | None
    survey: SurveyFigures
    comments: list[SurveyComment] = field(default_factory=list)


def hour_figures(slot: HourSlot | None, counters: Mapping[str, float], target_s: float) -> HourFigures:
    """An hour's counters as figures; `target_s` is the service target's time (60 s)."""

    def count(name: str) -> int:
        return int(counters.get(name, 0))

    within = round(share_within(_histogram(counters, WAIT), target_s))
    answered_count, abandoned_count = count("answered"), count("abandoned")
    offered = answered_count + abandoned_count
    surveys = count("surveys")
    return HourFigures(
        slot=slot,
        started=count("started"),
        answered=answered_count,
        abandoned=abandoned_count,
        wait=_distribution(counters, WAIT),
        first_response=_distribution(counters, FIRST_RESPONSE),
        handling=_distribution(counters, HANDLING),
        answered_within_target=within,
        share_within_target=round(within / offered, 3) if offered else None,
        survey=SurveyFigures(
            answers=surveys,
            found_easily=count("found_easily"),
            understood=count("understood"),
            rating_mean=round(counters.get("rating_sum", 0) / surveys, 2) if surveys else None,
            ratings={r: count(f"rating_{r}") for r in range(1, 6)},
        ),
    )


@dataclass(frozen=True)
class DayFigures:
    day: str
    hours: list[HourFigures]
    total: HourFigures
    comments: list[SurveyComment]


def day_figures(
    slots: Iterable[HourSlot],
    counters_by_start: Mapping[int, Mapping[str, float]],
    comments: Iterable[SurveyComment],
    target_s: float,
) -> DayFigures:
    """The day's hours (those given, in order) and the day's total, the counters of every hour added up."""
    slots = list(slots)
    total: dict[str, float] = {}
    for counters in counters_by_start.values():
        for name, value in counters.items():
            total[name] = total.get(name, 0) + value
    return DayFigures(
        day=slots[0].day if slots else "",
        hours=[hour_figures(slot, counters_by_start.get(slot.start, {}), target_s) for slot in slots],
        total=hour_figures(None, total, target_s),
        comments=sorted(comments, key=lambda c: c.answered_at, reverse=True),
    )


def recent_arrivals_per_hour(
    now: float, slot: HourSlot, counters_by_start: Mapping[int, Mapping[str, float]]
) -> float:
    """Arrivals in the last 60 minutes: this hour's starts plus the previous hour's, pro rata of its part in them."""
    elapsed = min(1.0, max(0.0, (now - slot.start) / 3600))
    current = counters_by_start.get(slot.start, {}).get("started", 0)
    previous = counters_by_start.get(slot.start - 3600, {}).get("started", 0)
    return float(current + previous * (1 - elapsed))


def mean_handling_s(counters_by_start: Mapping[int, Mapping[str, float]]) -> float | None:
    """The day's mean handling time (assignment → close), None before any conversation was handled."""
    count = sum(c.get(HANDLING, 0) for c in counters_by_start.values())
    total = sum(c.get(f"{HANDLING}_sum", 0) for c in counters_by_start.values())
    return total / count if count else None
