"""The broadcaster publishes how many citizens wait and the longest wait: the stage's alarms read them."""
from __future__ import annotations

from chalicelib.services.queue_broadcast import QUEUE_LONGEST_WAIT_METRIC, QUEUE_WAITING_METRIC
from tests.chat_desk import Desk


def test_every_pass_publishes_the_number_waiting_and_the_longest_wait():
    desk = Desk()  # no announcer: the broadcaster's pass runs inside the request that changed the queue
    desk.citizen_starts("c1")
    first_arrival = desk.clock.t
    desk.clock.t += 40
    desk.citizen_starts("c2")  # 41 s after the first

    assert desk.telemetry.values[QUEUE_WAITING_METRIC][-1] == 2
    assert desk.telemetry.durations[QUEUE_LONGEST_WAIT_METRIC][-1] == desk.clock.t - first_arrival == 41


def test_an_empty_queue_publishes_zero_waiting_and_no_wait():
    desk = Desk()
    desk.citizen_starts("c1")
    desk.agent_available("agent1")  # takes the citizen: the queue is empty again

    assert desk.telemetry.values[QUEUE_WAITING_METRIC][-1] == 0
    assert desk.telemetry.durations[QUEUE_LONGEST_WAIT_METRIC][-1] == 0
