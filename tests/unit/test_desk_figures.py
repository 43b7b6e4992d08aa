"""The desk's hourly counters: buckets and percentiles, hours across midnight and clock changes, the tallies."""
from __future__ import annotations

from datetime import datetime
from itertools import pairwise
from zoneinfo import ZoneInfo

import pytest

from chalicelib.domain.day_figures import day_figures, percentile, recent_arrivals_per_hour, share_within
from chalicelib.domain.desk_figures import (
    BUCKET_BOUNDS_S,
    OVERFLOW_BUCKET,
    answered,
    bucket_of,
    closed,
    day_slots,
    hour_after,
    hour_slot,
    started,
    surveyed,
)
from chalicelib.domain.survey import Survey

PARIS = "Europe/Paris"


def paris(*args: int) -> float:
    return datetime(*args, tzinfo=ZoneInfo(PARIS)).timestamp()


def test_buckets_are_ten_seconds_wide_to_two_minutes_and_reach_thirty_minutes() -> None:
    assert (bucket_of(0), bucket_of(9.9), bucket_of(10), bucket_of(59.9), bucket_of(60)) == (0, 0, 1, 5, 6)
    assert BUCKET_BOUNDS_S[-1] == 1800 and 60 in BUCKET_BOUNDS_S
    assert bucket_of(1800) == bucket_of(7200) == OVERFLOW_BUCKET


def test_median_and_90th_percentile_come_from_the_buckets() -> None:
    # 10 waits: 5 in [0, 10), 4 in [30, 40), 1 in [300, 330).
    buckets = {0: 5, 3: 4, bucket_of(310): 1}
    assert percentile(buckets, 0.5) == 10.0  # the 5th of 10 closes the first bucket
    assert percentile(buckets, 0.9) == 40.0  # the 9th closes [30, 40)
    assert percentile({}, 0.5) is None


def test_a_percentile_inside_a_bucket_is_interpolated() -> None:
    assert percentile({6: 4}, 0.5) == 65.0  # half-way through [60, 70)


def test_a_percentile_past_thirty_minutes_answers_thirty_minutes() -> None:
    assert percentile({OVERFLOW_BUCKET: 3}, 0.9) == 1800.0


def test_the_share_within_sixty_seconds_is_exact_at_the_bound() -> None:
    buckets = {bucket_of(5): 3, bucket_of(55): 2, bucket_of(61): 5}
    assert share_within(buckets, 60) == 5


def test_an_hour_is_a_clock_hour_of_the_desk_and_the_day_starts_at_local_midnight() -> None:
    late = hour_slot(paris(2026, 3, 13, 23, 59, 59), PARIS)
    early = hour_slot(paris(2026, 3, 14, 0, 0, 1), PARIS)
    assert (late.day, late.label) == ("2026-03-13", "23:00")
    assert (early.day, early.label) == ("2026-03-14", "00:00")
    assert early.start - late.start == 3600
    # 23:30 UTC on the 13th is already the 14th in Paris (UTC+1 in March).
    assert hour_slot(datetime(2026, 3, 13, 23, 30, tzinfo=ZoneInfo("UTC")).timestamp(), PARIS).day == "2026-03-14"


def test_a_conversation_started_before_midnight_and_answered_after_counts_on_both_days() -> None:
    start, joined = paris(2026, 3, 13, 23, 58), paris(2026, 3, 14, 0, 1)
    tallies = [started(hour_slot(start, PARIS)), answered(hour_slot(joined, PARIS), joined - start)]
    days = {t.slot.day: dict(t.counts) for t in tallies}
    assert days["2026-03-13"] == {"started": 1}
    assert days["2026-03-14"]["answered"] == 1 and days["2026-03-14"]["wait_sum"] == 180


def test_an_ordinary_day_has_24_hours_the_spring_change_23_and_the_autumn_one_25() -> None:
    assert len(day_slots("2026-03-14", PARIS)) == 24
    spring = day_slots("2026-03-29", PARIS)
    assert len(spring) == 23 and "02:00" not in [s.label for s in spring]
    autumn = day_slots("2026-10-25", PARIS)
    assert len(autumn) == 25
    twice = [s for s in autumn if s.label == "02:00"]
    assert [s.utc_offset for s in twice] == ["+02:00", "+01:00"]
    assert all(b.start - a.start == 3600 for a, b in pairwise(autumn))


def test_the_hour_after_counts_elapsed_time() -> None:
    slot = hour_slot(paris(2026, 10, 25, 1, 30), PARIS)
    assert [hour_after(slot, n, PARIS).label for n in (1, 2, 3)] == ["02:00", "02:00", "03:00"]


def test_the_days_figures_add_the_hours_up() -> None:
    slots = day_slots("2026-03-14", PARIS)[9:11]
    nine, ten = slots
    counters: dict[int, dict[str, float]] = {}
    for tally in [
        started(nine),
        started(nine),
        started(ten),
        answered(nine, 20),
        answered(ten, 90),
        closed(ten, abandoned=True, handling_s=None),
        closed(ten, abandoned=False, handling_s=400),
        surveyed(ten, Survey(True, False, 4, 0.0, "merci"), "c1", "autre", 2**31),
    ]:
        hour = counters.setdefault(tally.slot.start, {})
        for name, value in tally.counts.items():
            hour[name] = hour.get(name, 0) + value
    figures = day_figures(slots, counters, [], target_s=60)
    first, second = figures.hours
    assert (first.started, first.answered, first.answered_within_target, first.share_within_target) == (2, 1, 1, 1.0)
    assert (second.answered, second.abandoned, second.share_within_target) == (1, 1, 0.0)
    assert second.handling.count == 1 and second.handling.mean_s == 400
    assert (second.survey.answers, second.survey.found_easily, second.survey.understood) == (1, 1, 0)
    assert second.survey.rating_mean == 4 and second.survey.ratings[4] == 1
    total = figures.total
    assert (total.started, total.answered, total.abandoned, total.answered_within_target) == (3, 2, 1, 1)
    assert total.share_within_target == pytest.approx(1 / 3, abs=1e-3)


def test_a_survey_comment_travels_with_its_tally() -> None:
    slot = hour_slot(paris(2026, 3, 14, 10, 5), PARIS)
    tally = surveyed(slot, Survey(True, True, 5, 1.0, "très clair"), "conv-1", "vol", 123)
    assert tally.comment is not None and (tally.comment.comment, tally.comment.expires_at) == ("très clair", 123)
    assert surveyed(slot, Survey(True, True, 5, 1.0), "conv-1", "vol", 123).comment is None


def test_recent_arrivals_take_the_previous_hour_pro_rata() -> None:
    slot = hour_slot(paris(2026, 3, 14, 10, 0), PARIS)
    counters = {slot.start: {"started": 6.0}, slot.start - 3600: {"started": 40.0}}
    assert recent_arrivals_per_hour(slot.start + 900, slot, counters) == pytest.approx(6 + 40 * 0.75)
