"""The desk's opening hours: one span a weekday (or closed), in the desk's time zone; open now, when it closes, when it
opens next. Spans that touch across midnight (20:00–24:00 then 00:00–08:00) are one opening."""
from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

__all__ = ["ALWAYS", "DAY_MINUTES", "WEEKDAYS", "DayHours", "OpeningHours", "OpeningState", "parse_clock"]

# Monday first, as datetime.weekday() counts.
WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
DAY_MINUTES = 24 * 60
ALWAYS = "always"
# How far ahead the next opening is looked for: a week and a day covers any weekly schedule.
_HORIZON_DAYS = 8
_CLOCK = re.compile(r"^(?:([01]\d|2[0-3]):([0-5]\d)|(24):(00))$")


def parse_clock(text: str) -> int:
    """Minutes since midnight of "HH:MM" (00:00 to 24:00); ValueError otherwise."""
    match = _CLOCK.match(text)
    if not match:
        raise ValueError(f"not a time of day: {text!r}")
    hours, minutes = (match.group(1), match.group(2)) if match.group(1) else (match.group(3), match.group(4))
    return int(hours) * 60 + int(minutes)


def _clock(minutes: int) -> str:
    return f"{minutes // 60:02d}:{minutes % 60:02d}"


@dataclass(frozen=True)
class DayHours:
    """One day's opening: from `opens` to `closes`, minutes since local midnight (closes may be 1440: midnight)."""

    opens: int
    closes: int

    def __post_init__(self) -> None:
        if not 0 <= self.opens < self.closes <= DAY_MINUTES:
            raise ValueError("a day opens before it closes, between 00:00 and 24:00")

    @classmethod
    def parse(cls, opens: str, closes: str) -> DayHours:
        """From "HH:MM" times; ValueError when they are not times or do not make a span."""
        return cls(parse_clock(opens), parse_clock(closes))

    @property
    def opens_text(self) -> str:
        return _clock(self.opens)

    @property
    def closes_text(self) -> str:
        return _clock(self.closes)


@dataclass(frozen=True)
class OpeningState:
    """Open or not at an instant; when it closes (None: not within a week), when it opens next (None: open now
    or never)."""

    open: bool
    closes_at: float | None
    next_opening: float | None


@dataclass(frozen=True)
class OpeningHours:
    """Seven days, Monday first: each a span or None (closed)."""

    days: tuple[DayHours | None, ...]

    def __post_init__(self) -> None:
        if len(self.days) != len(WEEKDAYS):
            raise ValueError("opening hours name the seven days of the week")

    @classmethod
    def always(cls) -> OpeningHours:
        """Open at any hour, every day."""
        return cls.daily(DayHours(0, DAY_MINUTES))

    @classmethod
    def daily(cls, hours: DayHours | None) -> OpeningHours:
        """The same hours every day."""
        return cls((hours,) * len(WEEKDAYS))

    @classmethod
    def parse(cls, text: str) -> OpeningHours:
        """From a setting: `always`, `08:00-20:00` (every day), or `mon=08:00-20:00,sun=closed,...` (days not
        named are closed). ValueError on anything else."""
        text = text.strip()
        if text == ALWAYS:
            return cls.always()
        if "=" not in text:
            return cls.daily(_span(text))
        days: dict[str, DayHours | None] = {}
        for part in text.split(","):
            name, _, value = part.strip().partition("=")
            if name not in WEEKDAYS or name in days:
                raise ValueError(f"unknown or repeated day: {name!r}")
            days[name] = None if value.strip() == "closed" else _span(value)
        return cls(tuple(days.get(name) for name in WEEKDAYS))

    def to_text(self) -> str:
        """The setting's form (`parse` reads it back)."""
        if self == OpeningHours.always():
            return ALWAYS
        return ",".join(
            f"{name}={'closed' if day is None else f'{day.opens_text}-{day.closes_text}'}"
            for name, day in zip(WEEKDAYS, self.days, strict=True)
        )

    @property
    def never_open(self) -> bool:
        return all(day is None for day in self.days)

    def state(self, now: float, timezone: str) -> OpeningState:
        """Open or closed at `now` in the desk's time zone, when it closes and when it opens next."""
        spans = self._spans(now, timezone)
        for start, end in spans:
            if start <= now < end:
                # Open without a break up to the horizon: it does not close within a week.
                return OpeningState(True, None if end >= spans[-1][1] else end, None)
        upcoming = [start for start, _ in spans if start > now]
        return OpeningState(False, None, min(upcoming) if upcoming else None)

    def is_open(self, now: float, timezone: str) -> bool:
        """Whether the desk answers at `now`."""
        return self.state(now, timezone).open

    def _spans(self, now: float, timezone: str) -> list[tuple[float, float]]:
        """The openings from yesterday to the horizon, as epoch spans, touching ones merged."""
        zone = ZoneInfo(timezone)
        today = datetime.fromtimestamp(now, zone).date()
        spans: list[tuple[float, float]] = []
        for offset in range(-1, _HORIZON_DAYS):
            day = today + timedelta(days=offset)
            hours = self.days[day.weekday()]
            if hours is None:
                continue
            start, end = _local(day, hours.opens, zone), _local(day, hours.closes, zone)
            if spans and spans[-1][1] >= start:
                spans[-1] = (spans[-1][0], max(spans[-1][1], end))
            else:
                spans.append((start, end))
        return spans


def _span(text: str) -> DayHours:
    opens, sep, closes = text.strip().partition("-")
    if not sep:
        raise ValueError(f"not a span of hours: {text!r}")
    return DayHours.parse(opens.strip(), closes.strip())


def _local(day: date, minutes: int, zone: ZoneInfo) -> float:
    """The epoch of `minutes` after local midnight of `day` (24:00 is the next day's midnight)."""
    day = day + timedelta(days=minutes // DAY_MINUTES)
    minutes %= DAY_MINUTES
    return datetime(day.year, day.month, day.day, minutes // 60, minutes % 60, tzinfo=zone).timestamp()
