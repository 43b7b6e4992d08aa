"""Erlang C (chalicelib/domain/staffing.py) against textbook M/M/c values and published staffing examples."""
from __future__ import annotations

import math

import pytest

from chalicelib.domain.staffing import (
    ServiceTarget,
    mean_wait,
    probability_of_waiting,
    servers_needed,
    share_answered_within,
    staffing_need,
)


def test_one_server_waits_with_the_probability_of_its_utilisation() -> None:
    # M/M/1: P(wait) = rho, W_q = rho / (mu - lambda).
    assert probability_of_waiting(0.5, 1.0, 1) == pytest.approx(0.5)
    assert mean_wait(0.5, 1.0, 1) == pytest.approx(1.0)
    assert share_answered_within(2.0, 0.5, 1.0, 1) == pytest.approx(1 - 0.5 * math.exp(-1.0))


def test_three_servers_offered_two_erlangs_wait_four_times_in_nine() -> None:
    # M/M/3 with a = 2: P0 = 1/9, P(wait) = (a^3 / 3!) * 3/(3 - 2) * P0 = 4/9.
    assert probability_of_waiting(2.0, 1.0, 3) == pytest.approx(4 / 9)
    assert mean_wait(2.0, 1.0, 3) == pytest.approx(4 / 9)


def test_two_servers_offered_one_erlang_wait_one_time_in_three() -> None:
    # M/M/2 with a = 1: P0 = 1/3, P(wait) = (a^2 / 2!) * 2/(2 - 1) * P0 = 1/3.
    assert probability_of_waiting(1.0, 1.0, 2) == pytest.approx(1 / 3)


@pytest.mark.parametrize("load, servers", [(9.0, 36), (18.0, 36), (90.0, 108), (47.5, 55)])
def test_the_recurrence_matches_the_textbook_sum(load: float, servers: int) -> None:
    top = load**servers / math.factorial(servers) * servers / (servers - load)
    expected = top / (sum(load**k / math.factorial(k) for k in range(servers)) + top)
    assert probability_of_waiting(load / 60, 60.0, servers) == pytest.approx(expected, rel=1e-9)


def test_an_overloaded_desk_always_waits_and_never_meets_a_target() -> None:
    assert probability_of_waiting(3.0, 1.0, 3) == 1.0
    assert share_answered_within(60, 3.0, 1.0, 3) == 0.0
    assert mean_wait(4.0, 1.0, 3) == math.inf


# The classic call-centre example (Call Centre Helper's "Erlang C formula made simple": 100 calls in 30 minutes,
# 3 minutes' handling, 80 % answered within 20 seconds), as published in the test suite of the open-source
# workforce library pyworkforce (github.com/rodrigo-arenas/pyworkforce, pyworkforce/queuing/tests/test_erlang.py,
# `test_expected_erlangc_results` and `test_over_occupancy_erlangc`; its `asa=0.33` minutes is 19.8 s):
# 10 erlangs; 14 agents → service level 0.888, P(wait) 0.174, occupancy 0.714; 15 agents → 0.941, 0.102.
CALLS_PER_S = 100 / 1800
HANDLING_S = 180.0


def test_the_published_example_needs_fourteen_agents_for_80_percent_in_20_seconds() -> None:
    assert servers_needed(CALLS_PER_S, HANDLING_S, ServiceTarget(share=0.8, within_s=19.8)) == 14
    assert round(share_answered_within(19.8, CALLS_PER_S, HANDLING_S, 14), 3) == 0.888
    assert round(probability_of_waiting(CALLS_PER_S, HANDLING_S, 14), 3) == 0.174
    assert round(CALLS_PER_S * HANDLING_S / 14, 3) == 0.714  # occupancy


def test_the_published_example_with_fifteen_agents() -> None:
    assert round(share_answered_within(19.8, CALLS_PER_S, HANDLING_S, 15), 3) == 0.941
    assert round(probability_of_waiting(CALLS_PER_S, HANDLING_S, 15), 3) == 0.102


def test_thirteen_agents_miss_the_published_target() -> None:
    assert share_answered_within(19.8, CALLS_PER_S, HANDLING_S, 13) < 0.8


def test_slots_become_officers_by_their_capacity() -> None:
    # 200 conversations an hour, 180 s each: the same 10 erlangs, 14 slots, so 5 officers of 3 chats.
    need = staffing_need(200, 180, capacity=3, target=ServiceTarget(share=0.8, within_s=19.8))
    assert (need.erlangs, need.slots_needed, need.officers_needed) == (pytest.approx(10.0), 14, 5)
    assert need.expected_share == pytest.approx(share_answered_within(19.8, 200 / 3600, 180, 15))
    assert staffing_need(200, 180, capacity=1, target=ServiceTarget(0.8, 19.8)).officers_needed == 14


def test_a_quiet_hour_needs_nobody() -> None:
    need = staffing_need(0, 420, capacity=3, target=ServiceTarget())
    assert (need.slots_needed, need.officers_needed, need.expected_share) == (0, 0, None)


def test_the_default_target_is_80_percent_within_60_seconds() -> None:
    assert ServiceTarget() == ServiceTarget(share=0.8, within_s=60.0)
