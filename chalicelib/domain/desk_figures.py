"""The desk's figures of the day, hour by hour, from counters kept as the events happen (never from a Scan).

Every event adds a `Tally` to the counters of the hour it happens in: a conversation started, answered
(an officer joined), the officer's first answer, a close (abandoned or handled), a survey. Durations go
into histograms with fixed buckets, so medians and 90th percentiles come from the buckets.

**Hours and the day**: an hour is a clock hour in the desk's time zone (`GUICHET_DESK_TIMEZONE`,
Europe/Paris), keyed by the epoch of its start; the day runs from local midnight to local midnight. Each
figure counts in the hour its own event happened: a conversation started at 23:58 and answered at 00:01
counts as started on the first day and answered on the next. The spring change day has 23 hours; on the
autumn one the 02:00 hour happens twice, told apart by its UTC offset.
"""
from __future__ import annotations

import bisect
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from zoneinfo import ZoneInfo

from chalicelib.domain.conversation import ABANDONED, Author, Conversation
from chalicelib.domain.survey import Survey

__all__ = [
    "BUCKET_BOUNDS_S",
    "DayFigures",
    "Distribution",
    "HourFigures",
    "HourSlot",
    "SurveyComment",
    "SurveyFigures",
    "Tally",
    "answered",
    "bucket_of",
    "closed",
    "day_figures",
    "day_slots",
    "first_response",
    "hour_slot",
    "percentile",
    "share_within",
    "started",
    "surveyed",
]

# Upper bounds of the buckets, in seconds: 10 s wide to 2 min, 30 s to 10 min, 1 min to 30 min; one more
# bucket holds everything from 30 min. Bucket i covers [bound(i-1), bound(i)); 60 s is a bound, so the
# share answered within 60 s is exact. 49 buckets keep an hour's item near 1 KB.
BUCKET_BOUNDS_S: tuple[int, ...] = (
    tuple(range(10, 121, 10)) + tuple(range(150, 601, 30)) + tuple(range(660, 1801, 60))
)
OVERFLOW_BUCKET = len(BUCKET_BOUNDS_S)

# The histograms (counter name prefixes) and the plain counters.
WAIT, FIRST_RESPONSE, HANDLING = "wait", "frt", "aht"


def bucket_of(seconds: float) -> int:
    """The index of the bucket holding this duration."""
    return bisect.bisect_right(BUCKET_BOUNDS_S, max(0.0, seconds))


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
class HourSlot:
    """One clock hour of the desk: its day (local date), its start (epoch) and how it reads."""

    day: str
    start: int
    label: str  # "09:00"
    utc_offset: str  # "+01:00"


def _slot(local: datetime) -> HourSlot:
    start = local.replace(minute=0, second=0, microsecond=0)
    offset = start.strftime("%z")
    return HourSlot(
        day=start.date().isoformat(),
        start=int(start.timestamp()),
        label=start.strftime("%H:%M"),
        utc_offset=f"{offset[:3]}:{offset[3:]}",
    )


def hour_slot(epoch: float, timezone: str) -> HourSlot:
    """The desk's clock hour holding this instant."""
    return _slot(datetime.fromtimestamp(epoch, ZoneInfo(timezone)))


def day_slots(day: str, timezone: str) -> list[HourSlot]:
    """Every clock hour of a desk day, from local midnight (23, 24 or 25 of them)."""
    zone = ZoneInfo(timezone)
    midnight = datetime.fromisoformat(day).replace(tzinfo=zone)
    epoch, slots = midnight.timestamp(), list[HourSlot]()
    while True:
        slot = hour_slot(epoch, timezone)
        if slot.day != day:
            return slots
        if not slots or slot.start != slots[-1].start:
            slots.append(slot)
        epoch = slot.start + 3600
        if len(slots) > 26:  # a zone whose day never ends would be a bug
            return slots


@dataclass(frozen=True)
class SurveyComment:
    """A citizen's survey comment, kept per hour for the retention period (personal data)."""

    conversation_id: str
    answered_at: float
    rating: int
    found_easily: bool
    understood: bool
    comment: str
    topic: str
    expires_at: int


@dataclass(frozen=True)
class Tally:
    """What one event adds to the counters of its hour (and, for a survey with a comment, the comment)."""

    slot: HourSlot
    counts: Mapping[str, float]
    comment: SurveyComment | None = None


def _duration(prefix: str, seconds: float) -> dict[str, float]:
    seconds = max(0.0, seconds)
    return {prefix: 1, f"{prefix}_sum": round(seconds, 3), f"{prefix}_b{bucket_of(seconds)}": 1}


def started(slot: HourSlot) -> Tally:
    """A conversation started."""
    return Tally(slot, {"started": 1})


def answered(slot: HourSlot, waited_s: float) -> Tally:
    """An officer joined a conversation for the first time after `waited_s` seconds."""
    return Tally(slot, {"answered": 1, **_duration(WAIT, waited_s)})


def first_response(slot: HourSlot, seconds: float) -> Tally:
    """The officer's first message, `seconds` after joining."""
    return Tally(slot, _duration(FIRST_RESPONSE, seconds))


def closed(slot: HourSlot, abandoned: bool, handling_s: float | None) -> Tally:
    """A conversation closed: abandoned before any officer joined, or handled for `handling_s` seconds."""
    counts: dict[str, float] = {"closed": 1}
    if abandoned:
        counts["abandoned"] = 1
    if handling_s is not None:
        counts.update(_duration(HANDLING, handling_s))
    return Tally(slot, counts)


def surveyed(slot: HourSlot, survey: Survey, conversation_id: str, topic: str, expires_at: int) -> Tally:
    """An end-of-chat survey, and its comment if it has one."""
    counts: dict[str, float] = {
        "surveys": 1,
        "found_easily": int(survey.found_easily),
        "understood": int(survey.understood),
        "rating_sum": survey.rating,
        f"rating_{survey.rating}": 1,
    }
    comment = (
        SurveyComment(
            conversation_id,
            survey.answered_at,
            survey.rating,
            survey.found_easily,
            survey.understood,
            survey.comment,
            topic,
            expires_at,
        )
        if survey.comment
        else None
    )
    return Tally(slot, counts, comment)


# Reading the counters back.


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


def hour_after(slot: HourSlot, hours: int, timezone: str) -> HourSlot:
    """The clock hour `hours` after this one (counted in elapsed time, so a clock change is no surprise)."""
    return hour_slot(slot.start + hours * 3600, timezone)


__all__ += ["OVERFLOW_BUCKET", "hour_after", "hour_figures", "mean_handling_s", "recent_arrivals_per_hour"]


def when_closed(slot: HourSlot) -> Callable[[Conversation], Tally]:
    """The close's tally, decided on the conversation as closed: abandoned, or handled for how long."""
    return lambda conversation: closed(slot, conversation.outcome == ABANDONED, conversation.handling_time_s())


def when_first_answer(slot: HourSlot, author: Author, now: float) -> Callable[[Conversation], Tally | None]:
    """The message's tally, decided on the conversation as stored against: only the officer's first answer counts."""

    def tally(conversation: Conversation) -> Tally | None:
        if author is not Author.AGENT or conversation.first_response_at is not None:
            return None
        if conversation.assigned_at is None:
            return None
        return first_response(slot, now - conversation.assigned_at)

    return tally


__all__ += ["when_closed", "when_first_answer"]
