"""Staffing by Erlang C (M/M/c): how many officers a service target needs, from arrivals and handling time.

Plain functions, no I/O. Erlang C's "agents" are Guichet's chat **slots**: an officer holds up to
`capacity` conversations at once (3 by default), so c slots need ceil(c / capacity) officers. The handling
time measured by the desk (assignment → close) already includes the slowdown of holding several chats at
once, which is why the slots can be treated as servers of that mean handling time.

    load (erlangs)        A = arrival_rate × mean_handling
    P(wait)               Erlang C(A, c), from Erlang B by its stable recurrence
    share within t        1 - P(wait) × exp(-(c - A) × t / mean_handling)
    mean wait             P(wait) × mean_handling / (c - A)
"""
from __future__ import annotations

import math
from dataclasses import dataclass

__all__ = [
    "ServiceTarget",
    "StaffingNeed",
    "mean_wait",
    "probability_of_waiting",
    "servers_needed",
    "share_answered_within",
    "staffing_need",
]

# Past this many slots the desk has bigger problems than a staffing figure: the search stops there.
_MAX_SERVERS = 10_000


@dataclass(frozen=True)
class ServiceTarget:
    """The desk's service level: `share` of citizens answered within `within_s` seconds (80 % in 60 s)."""

    share: float = 0.8
    within_s: float = 60.0


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


def servers_needed(arrival_rate: float, mean_handling: float, target: ServiceTarget) -> int:
    """The fewest servers that answer `target.share` of arrivals within `target.within_s` (0 with no arrivals)."""
    load = arrival_rate * mean_handling
    if load <= 0:
        return 0
    servers = max(1, math.floor(load) + 1)  # fewer servers than erlangs never drain the queue
    while servers < _MAX_SERVERS:
        if share_answered_within(target.within_s, arrival_rate, mean_handling, servers) >= target.share:
            return servers
        servers += 1
    return servers


@dataclass(frozen=True)
class StaffingNeed:
    """What a rate of arrivals needs: erlangs offered, chat slots, officers, and the share they would answer in time."""

    arrivals_per_hour: float
    mean_handling_s: float
    erlangs: float
    slots_needed: int
    officers_needed: int
    expected_share: float | None  # with officers_needed × capacity slots; None with no arrivals


def staffing_need(
    arrivals_per_hour: float, mean_handling_s: float, capacity: int, target: ServiceTarget
) -> StaffingNeed:
    """Officers needed for `target` at this arrival rate and handling time, each holding `capacity` chats."""
    rate = max(0.0, arrivals_per_hour) / 3600.0
    slots = servers_needed(rate, mean_handling_s, target)
    officers = math.ceil(slots / max(1, capacity))
    expected = (
        share_answered_within(target.within_s, rate, mean_handling_s, officers * max(1, capacity)) if slots else None
    )
    return StaffingNeed(
        arrivals_per_hour=arrivals_per_hour,
        mean_handling_s=mean_handling_s,
        erlangs=rate * mean_handling_s,
        slots_needed=slots,
        officers_needed=officers,
        expected_share=expected,
    )
