"""Erlang C against textbook M/M/c values."""
from __future__ import annotations

import math

import pytest

from bench.erlang_c import mean_wait, probability_of_waiting, share_answered_within


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
