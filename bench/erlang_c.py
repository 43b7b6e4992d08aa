"""Erlang C (M/M/c): what a queue with Poisson arrivals, exponential handling and c servers should show.

Plain functions, no I/O: the bench compares the waits it measures against them.
"""
from __future__ import annotations

import math

__all__ = ["mean_wait", "probability_of_waiting", "share_answered_within"]


def probability_of_waiting(arrival_rate: float, mean_handling: float, servers: int) -> float:
    """Erlang C: the probability that an arrival waits at all (1.0 when the offered load reaches the servers)."""
    load = arrival_rate * mean_handling  # offered traffic, in erlangs
    if servers <= 0 or load >= servers:
        return 1.0
    if load <= 0:
        return 0.0
    # Erlang B by its stable recurrence, then C from B.
    blocking = 1.0
    for n in range(1, servers + 1):
        blocking = load * blocking / (n + load * blocking)
    return servers * blocking / (servers - load * (1 - blocking))


def share_answered_within(target: float, arrival_rate: float, mean_handling: float, servers: int) -> float:
    """The share of arrivals answered within `target` (same time unit as the handling time); 0 when overloaded."""
    load = arrival_rate * mean_handling
    if servers <= 0 or load >= servers:
        return 0.0
    waiting = probability_of_waiting(arrival_rate, mean_handling, servers)
    return 1.0 - waiting * math.exp(-(servers - load) * target / mean_handling)


def mean_wait(arrival_rate: float, mean_handling: float, servers: int) -> float:
    """Average wait in the queue (infinite when overloaded)."""
    load = arrival_rate * mean_handling
    if servers <= 0 or load >= servers:
        return math.inf
    return probability_of_waiting(arrival_rate, mean_handling, servers) * mean_handling / (servers - load)
