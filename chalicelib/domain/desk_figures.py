"""The desk's figures of the day, hour by hour, from counters kept as the events happen (never from a Scan).

Every event adds a `Tally` to the counters of the hour it happens in: a conversation started, answered
(an officer joined), the officer's first answer, a close (abandoned or handled), a survey. Durations go
into histograms with fixed buckets, so medians and 90th percentiles come from the buckets.

**Hours and the day**: an hour is a clock hour in the desk's time zone (`GUICHET_DESK_TIMEZONE`,
Europe/Paris), keyed by the epoch of its start; the day runs from local midnight to local midnight. Each
figure counts in the hour its own event happened: a conversation started at 23:58 and answered at 00:01
counts as started on the first day and answered on the next. The spring change day has 23 hours; on the
autumn one the 02:00 hour happens twice, told apart by its UTC offset.

What the supervisors read back from the counters (medians, shares, the day's figures) is in day_figures.py: the
chat functions, which only count, never import it.
"""
from __future__ import annotations

import bisect
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import datetime
from zoneinfo import ZoneInfo

from chalicelib.domain.conversation import ABANDONED, Author, Conversation
from chalicelib.domain.survey import Survey

__all__ = [
    "BUCKET_BOUNDS_S",
    "HourSlot",
    "SurveyComment",
    "Tally",
    "answered",
    "bucket_of",
    "closed",
    "day_slots",
    "first_response",
    "hour_slot",
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


def hour_after(slot: HourSlot, hours: int, timezone: str) -> HourSlot:
    """The clock hour `hours` after this one (counted in elapsed time, so a clock change is no surprise)."""
    return hour_slot(slot.start + hours * 3600, timezone)


__all__ += ["FIRST_RESPONSE", "HANDLING", "OVERFLOW_BUCKET", "WAIT", "hour_after"]


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
