"""The domain on its own: lifecycle, assignment choice, wait estimates."""
from __future__ import annotations

import pytest

from chalicelib.domain.agent import Agent, AgentStatus
from chalicelib.domain.assignment import choose_agent, queue_view
from chalicelib.domain.conversation import (
    ABANDONED,
    ENDED_BY_CITIZEN,
    ClosedBy,
    Conversation,
    Status,
    validate_agent_outcome,
)
from chalicelib.domain.retention import Retention
from chalicelib.domain.topics import topic_by_id
from chalicelib.domain.waiting import DEFAULT_HANDLING_S, HandlingTime, estimate_wait_s
from chalicelib.errors import (
    ConversationClosedError,
    ConversationNotWaitingError,
    ForbiddenError,
    InvalidFieldError,
    InvalidResumeTokenError,
    UnknownTopicError,
)


def conversation(created_at: float = 100.0, topic: str = "autre") -> Conversation:
    return Conversation.open(topic, "fr", "secret", "conn-1", created_at, 999)


def agent(agent_id: str, active: int = 0, idle_since: float = 0.0, status=AgentStatus.AVAILABLE, capacity=3) -> Agent:
    return Agent(agent_id, agent_id, status, capacity, active, idle_since, 999, connection_id=f"c-{agent_id}")


def test_a_new_conversation_waits_in_its_topic():
    conv = conversation()
    assert conv.status is Status.WAITING
    assert conv.citizen_connection_id == "conn-1"
    assert conv.resume_token_hash != "secret"


def test_a_conversation_goes_waiting_then_assigned_then_closed():
    conv = conversation().assigned_to("agent1", "Brigadier K.", now=110)
    assert (conv.status, conv.agent_id, conv.assigned_at) == (Status.ASSIGNED, "agent1", 110)
    closed = conv.closed(ClosedBy.AGENT, "resolved", now=170)
    assert closed.status is Status.CLOSED and closed.outcome == "resolved"
    assert closed.handling_time_s() == 60


def test_an_assigned_conversation_cannot_be_assigned_again():
    conv = conversation().assigned_to("agent1", "A", now=1)
    with pytest.raises(ConversationNotWaitingError):
        conv.assigned_to("agent2", "B", now=2)


def test_a_closed_conversation_cannot_be_closed_again():
    closed = conversation().closed(ClosedBy.CITIZEN, ABANDONED, now=5)
    with pytest.raises(ConversationClosedError):
        closed.closed(ClosedBy.AGENT, "resolved", now=6)


def test_a_citizen_leaving_before_an_officer_joins_abandons():
    assert conversation().close_outcome_for_citizen() == ABANDONED
    assert conversation().assigned_to("a", "A", 1).close_outcome_for_citizen() == ENDED_BY_CITIZEN


def test_a_waiting_citizen_gone_longer_than_the_grace_period_has_abandoned():
    from dataclasses import replace

    gone = replace(conversation(), citizen_connection_id=None, citizen_left_at=1000.0)
    assert not gone.is_abandoned_at(1100.0, grace_s=120)
    assert gone.is_abandoned_at(1121.0, grace_s=120)
    assert not conversation().is_abandoned_at(5000.0, grace_s=120)


def test_only_the_right_resume_token_resumes():
    conv = conversation()
    conv.check_resume_token("secret")
    with pytest.raises(InvalidResumeTokenError):
        conv.check_resume_token("guess")


def test_only_the_holding_agent_may_act():
    conv = conversation().assigned_to("agent1", "A", 1)
    conv.ensure_handled_by("agent1")
    with pytest.raises(ForbiddenError):
        conv.ensure_handled_by("agent2")


def test_officers_close_with_a_known_outcome():
    assert validate_agent_outcome("oriented") == "oriented"
    with pytest.raises(InvalidFieldError):
        validate_agent_outcome("whatever")


def test_the_least_busy_available_agent_gets_the_next_conversation():
    chosen = choose_agent([agent("a", active=2), agent("b", active=1), agent("c", active=1, status=AgentStatus.AWAY)])
    assert chosen.agent_id == "b"


def test_between_equally_busy_agents_the_one_idle_longest_wins():
    assert choose_agent([agent("a", 1, idle_since=50), agent("b", 1, idle_since=10)]).agent_id == "b"


def test_an_agent_at_capacity_or_disconnected_gets_nothing():
    from dataclasses import replace

    full = agent("a", active=3)
    offline = replace(agent("b"), connection_id=None)
    assert choose_agent([full, offline]) is None


def test_one_queue_across_topics_is_served_oldest_first():
    old = conversation(created_at=10, topic="victime")
    new = conversation(created_at=20, topic="autre")
    view = queue_view([new, old], now=30, grace_s=120)
    assert view.serving_order == (old, new)
    assert (view.position_of(old.conversation_id), view.position_of(new.conversation_id)) == (1, 2)
    assert queue_view([], now=30, grace_s=120).serving_order == ()


def test_an_offline_citizen_keeps_their_place_but_is_skipped_until_they_return():
    from dataclasses import replace

    dropped = replace(conversation(created_at=10), citizen_connection_id=None, citizen_left_at=25)
    online = conversation(created_at=20)
    view = queue_view([online, dropped], now=30, grace_s=120)
    assert view.serving_order == (online,) and view.offline == (dropped,) and view.abandoned == ()
    assert view.position_of(dropped.conversation_id) is None
    back = replace(dropped, citizen_connection_id="conn-2", citizen_left_at=None)
    assert queue_view([online, back], now=40, grace_s=120).serving_order == (back, online)


def test_an_offline_citizen_past_the_grace_period_has_left_for_good():
    from dataclasses import replace

    gone = replace(conversation(created_at=10), citizen_connection_id=None, citizen_left_at=25)
    view = queue_view([gone], now=25 + 121, grace_s=120)
    assert view.abandoned == (gone,) and view.serving_order == () and view.offline == ()


def test_wait_grows_with_position_and_shrinks_with_agents():
    handling = HandlingTime(mean_s=300, samples=10)
    one = [agent("a", active=3)]
    two = [agent("a", active=3), agent("b", active=3)]
    assert estimate_wait_s(1, one, handling) == 100
    assert estimate_wait_s(3, one, handling) == 300
    assert estimate_wait_s(3, two, handling) == 150


def test_wait_is_zero_when_a_free_slot_awaits_that_position():
    handling = HandlingTime(mean_s=300, samples=10)
    officers = [agent("a", active=1), agent("b", active=3)]  # two free slots out of six
    assert estimate_wait_s(1, officers, handling) == 0
    assert estimate_wait_s(2, officers, handling) == 0
    assert estimate_wait_s(3, officers, handling) == 50  # one beyond the free slots: 300 s / 6 slots


def test_in_a_surge_the_wait_grows_linearly_with_the_position():
    handling = HandlingTime(mean_s=420, samples=10)
    desk = [agent(f"a{i}", active=3) for i in range(12)]
    assert estimate_wait_s(36, desk, handling) == 420
    assert estimate_wait_s(360, desk, handling) == 4200


def test_wait_is_unknown_when_no_agent_is_available():
    assert estimate_wait_s(1, [agent("a", status=AgentStatus.AWAY)], HandlingTime()) is None


def test_recent_handling_times_weigh_most():
    handling = HandlingTime()
    assert handling.mean_s == DEFAULT_HANDLING_S
    handling = handling.record(100)
    assert handling.mean_s == 100
    longer = handling.record(600)
    assert 100 < longer.mean_s < 600 and longer.samples == 2


def test_personal_data_expires_after_the_retention_period():
    assert Retention(90).expires_at(0) == 90 * 86400
    assert 2 * 3600 < Retention.connection_expires_at(0) < 3 * 3600


def test_an_unknown_topic_is_refused():
    assert topic_by_id("victime").label
    with pytest.raises(UnknownTopicError):
        topic_by_id("nope")
