"""One contract, two implementations: every test runs on the in-memory fakes and on DynamoDB (moto)."""
from __future__ import annotations

import time
import uuid

import pytest

from chalicelib.domain.agent import Agent, AgentIdentity, AgentStatus
from chalicelib.domain.connection import Connection, Role
from chalicelib.domain.conversation import Author, ClosedBy, Conversation, Status, new_resume_token
from chalicelib.domain.retention import Retention
from chalicelib.domain.survey import Survey
from chalicelib.domain.waiting import DEFAULT_HANDLING_S, HandlingTime, QueueMarks
from chalicelib.errors import (
    AssignmentConflictError,
    ConversationClosedError,
    ConversationExistsError,
    NotClosedError,
    NotFoundError,
    ParticipantsChangedError,
    SurveyAlreadyAnsweredError,
)
from chalicelib.ports import Storage

RETENTION = Retention()
AN_HOUR_AGO = -3600


def a_conversation(topic: str = "demarches", created_at: float | None = None, expired: bool = False) -> Conversation:
    now = time.time() if created_at is None else created_at
    expires_at = int(time.time()) + AN_HOUR_AGO if expired else RETENTION.expires_at(now)
    return Conversation.open(topic, "fr", new_resume_token(), f"ws-{uuid.uuid4().hex[:8]}", now, expires_at)


def an_identity(agent_id: str) -> AgentIdentity:
    return AgentIdentity(agent_id=agent_id, display_name=f"Officer {agent_id}", groups=frozenset({"agents"}))


def a_connected_agent(storage: Storage, agent_id: str, capacity: int = 3, expired: bool = False) -> Agent:
    now = time.time()
    expires_at = int(now) + AN_HOUR_AGO if expired else Retention.connection_expires_at(now)
    agent, _ = storage.agents.connect(an_identity(agent_id), f"ws-{agent_id}", capacity, now, expires_at)
    return agent


def an_available_agent(storage: Storage, agent_id: str, capacity: int = 3) -> Agent:
    a_connected_agent(storage, agent_id, capacity)
    return storage.agents.set_status(agent_id, AgentStatus.AVAILABLE, time.time())


def a_citizen_connection(connection_id: str = "ws-citizen", expired: bool = False) -> Connection:
    now = time.time()
    expires_at = int(now) + AN_HOUR_AGO if expired else Retention.connection_expires_at(now)
    return Connection(connection_id=connection_id, role=Role.CITIZEN, connected_at=now, expires_at=expires_at)


def an_assigned_conversation(storage: Storage, agent: Agent) -> Conversation:
    conversation = a_conversation()
    storage.conversations.add(conversation)
    return storage.conversations.assign(conversation.conversation_id, agent, time.time())


def append(storage: Storage, conversation: Conversation, author: Author, client_msg_id: str, text: str = "Bonjour"):
    now = time.time()
    message, created, _ = storage.messages.append(
        conversation, author, text, client_msg_id, now, RETENTION.expires_at(now)
    )
    return message, created


class TestStorageContract:
    # Connections

    def test_a_connection_added_can_be_read_back(self, storage: Storage) -> None:
        connection = a_citizen_connection()
        storage.connections.add(connection)
        assert storage.connections.get("ws-citizen") == connection

    def test_an_unknown_connection_is_none(self, storage: Storage) -> None:
        assert storage.connections.get("ws-nobody") is None

    def test_attaching_a_conversation_to_a_connection_is_remembered(self, storage: Storage) -> None:
        storage.connections.add(a_citizen_connection())
        storage.connections.attach("ws-citizen", "conv-1")
        assert storage.connections.get("ws-citizen").conversation_id == "conv-1"

    def test_attaching_to_an_unknown_connection_does_nothing(self, storage: Storage) -> None:
        storage.connections.attach("ws-nobody", "conv-1")
        assert storage.connections.get("ws-nobody") is None

    def test_a_removed_connection_is_forgotten_and_removing_it_again_is_fine(self, storage: Storage) -> None:
        storage.connections.add(a_citizen_connection())
        storage.connections.remove("ws-citizen")
        storage.connections.remove("ws-citizen")
        assert storage.connections.get("ws-citizen") is None

    def test_an_expired_connection_is_not_returned(self, storage: Storage) -> None:
        storage.connections.add(a_citizen_connection(expired=True))
        assert storage.connections.get("ws-citizen") is None

    # Conversations and queues

    def test_a_conversation_added_can_be_read_back(self, storage: Storage) -> None:
        conversation = a_conversation()
        storage.conversations.add(conversation)
        assert storage.conversations.get(conversation.conversation_id) == conversation

    def test_an_unknown_conversation_is_not_found(self, storage: Storage) -> None:
        with pytest.raises(NotFoundError):
            storage.conversations.get("nope")

    def test_one_queue_for_every_topic_is_first_in_first_out_with_positions(self, storage: Storage) -> None:
        start = time.time()
        first_a, first_b, second_a, second_b, third_a = (
            a_conversation("victime" if i % 2 else "demarches", created_at=start + i) for i in range(5)
        )
        for conversation in (third_a, first_b, second_a, first_a, second_b):
            storage.conversations.add(conversation)

        everyone = [first_a, first_b, second_a, second_b, third_a]
        assert storage.conversations.waiting() == everyone
        assert storage.conversations.waiting(limit=2) == everyone[:2]
        assert [storage.conversations.position(c) for c in everyone] == [1, 2, 3, 4, 5]

    def test_a_citizen_who_is_offline_is_not_counted_ahead_of_others(self, storage: Storage) -> None:
        start = time.time()
        first, second, third = (a_conversation(created_at=start + i) for i in range(3))
        for conversation in (first, second, third):
            storage.conversations.add(conversation)
        storage.conversations.set_citizen_connection(first.conversation_id, None, start + 5)
        assert [storage.conversations.position(c) for c in (second, third)] == [1, 2]
        storage.conversations.set_citizen_connection(first.conversation_id, "ws-back", start + 6)
        assert [storage.conversations.position(c) for c in (first, second, third)] == [1, 2, 3]

    def test_an_expired_conversation_is_neither_found_nor_queued(self, storage: Storage) -> None:
        expired, live = a_conversation(expired=True), a_conversation()
        storage.conversations.add(expired)
        storage.conversations.add(live)
        with pytest.raises(NotFoundError):
            storage.conversations.get(expired.conversation_id)
        assert storage.conversations.waiting() == [live]

    # Assignment

    def test_assigning_moves_the_conversation_from_the_queue_to_the_agents_desk(self, storage: Storage) -> None:
        agent = an_available_agent(storage, "a1")
        conversation = a_conversation()
        storage.conversations.add(conversation)
        now = time.time()

        assigned = storage.conversations.assign(conversation.conversation_id, agent, now)

        assert assigned == conversation.assigned_to("a1", "Officer a1", now, "ws-a1")
        assert storage.conversations.get(conversation.conversation_id) == assigned
        assert storage.agents.get("a1").active_count == 1
        assert storage.agents.get("a1").idle_since == now
        assert storage.conversations.waiting() == []
        assert storage.conversations.active_for_agent("a1") == [assigned]

    def test_a_conversation_that_no_longer_waits_cannot_be_assigned(self, storage: Storage) -> None:
        first, second = an_available_agent(storage, "a1"), an_available_agent(storage, "a2")
        conversation = an_assigned_conversation(storage, first)
        with pytest.raises(AssignmentConflictError):
            storage.conversations.assign(conversation.conversation_id, second, time.time())
        assert storage.conversations.get(conversation.conversation_id).agent_id == "a1"
        assert storage.agents.get("a2").active_count == 0

    def test_an_unknown_conversation_cannot_be_assigned(self, storage: Storage) -> None:
        agent = an_available_agent(storage, "a1")
        with pytest.raises(AssignmentConflictError):
            storage.conversations.assign("nope", agent, time.time())
        assert storage.agents.get("a1").active_count == 0

    def test_an_away_agent_cannot_be_assigned(self, storage: Storage) -> None:
        agent = a_connected_agent(storage, "a1")
        conversation = a_conversation()
        storage.conversations.add(conversation)
        with pytest.raises(AssignmentConflictError):
            storage.conversations.assign(conversation.conversation_id, agent, time.time())
        assert storage.conversations.get(conversation.conversation_id).status is Status.WAITING

    def test_an_away_agent_may_take_a_conversation_they_chose(self, storage: Storage) -> None:
        agent = a_connected_agent(storage, "a1")
        conversation = a_conversation()
        storage.conversations.add(conversation)
        assigned = storage.conversations.assign(conversation.conversation_id, agent, time.time(), chosen=True)
        assert (assigned.status, assigned.agent_id) == (Status.ASSIGNED, "a1")
        assert storage.agents.get("a1").active_count == 1

    def test_an_offline_agent_cannot_choose_a_conversation(self, storage: Storage) -> None:
        agent = an_available_agent(storage, "a1")
        storage.agents.disconnect("a1", "ws-a1")
        conversation = a_conversation()
        storage.conversations.add(conversation)
        with pytest.raises(AssignmentConflictError):
            storage.conversations.assign(conversation.conversation_id, agent, time.time(), chosen=True)

    def test_an_offline_agent_cannot_be_assigned_even_from_a_stale_available_copy(self, storage: Storage) -> None:
        agent = an_available_agent(storage, "a1")
        storage.agents.disconnect("a1", "ws-a1")
        conversation = a_conversation()
        storage.conversations.add(conversation)
        with pytest.raises(AssignmentConflictError):
            storage.conversations.assign(conversation.conversation_id, agent, time.time())
        assert storage.conversations.waiting() == [conversation]

    def test_an_agent_at_capacity_cannot_be_assigned(self, storage: Storage) -> None:
        agent = an_available_agent(storage, "a1", capacity=1)
        an_assigned_conversation(storage, agent)
        conversation = a_conversation()
        storage.conversations.add(conversation)
        with pytest.raises(AssignmentConflictError):
            storage.conversations.assign(conversation.conversation_id, agent, time.time())
        assert storage.agents.get("a1").active_count == 1

    def test_an_automatic_assignment_from_a_stale_load_conflicts(self, storage: Storage) -> None:
        agent = an_available_agent(storage, "a1")  # as read: holding nothing
        an_assigned_conversation(storage, agent)  # another dispatcher gave them one meanwhile
        conversation = a_conversation()
        storage.conversations.add(conversation)
        with pytest.raises(AssignmentConflictError):
            storage.conversations.assign(conversation.conversation_id, agent, time.time())
        fresh = storage.agents.get("a1")
        assert storage.conversations.assign(conversation.conversation_id, fresh, time.time()).agent_id == "a1"
        assert storage.agents.get("a1").active_count == 2

    def test_a_conversation_id_is_stored_once(self, storage: Storage) -> None:
        conversation = a_conversation()
        storage.conversations.add(conversation)
        with pytest.raises(ConversationExistsError):
            storage.conversations.add(conversation)

    def test_a_resume_token_can_be_renewed(self, storage: Storage) -> None:
        conversation = a_conversation()
        storage.conversations.add(conversation)
        storage.conversations.renew_resume_token(conversation.conversation_id, "new-hash")
        assert storage.conversations.get(conversation.conversation_id).resume_token_hash == "new-hash"
        with pytest.raises(NotFoundError):
            storage.conversations.renew_resume_token("nope", "x")

    # Survey

    def test_a_closed_conversation_keeps_one_survey(self, storage: Storage) -> None:
        conversation = a_conversation()
        storage.conversations.add(conversation)
        storage.conversations.close(conversation.conversation_id, ClosedBy.CITIZEN, "abandoned", time.time())
        survey = Survey(found_easily=True, understood=False, rating=2, answered_at=time.time(), comment="Trop long")
        storage.conversations.record_survey(conversation.conversation_id, survey)
        assert storage.conversations.get(conversation.conversation_id).survey == survey
        with pytest.raises(SurveyAlreadyAnsweredError):
            storage.conversations.record_survey(conversation.conversation_id, survey)

    def test_an_open_conversation_takes_no_survey(self, storage: Storage) -> None:
        conversation = a_conversation()
        storage.conversations.add(conversation)
        survey = Survey(found_easily=True, understood=True, rating=5, answered_at=time.time())
        with pytest.raises(NotClosedError):
            storage.conversations.record_survey(conversation.conversation_id, survey)
        assert storage.conversations.get(conversation.conversation_id).survey is None

    # Closing

    def test_closing_an_assigned_conversation_gives_the_agent_slot_back(self, storage: Storage) -> None:
        agent = an_available_agent(storage, "a1")
        conversation = an_assigned_conversation(storage, agent)
        now = time.time()

        closed = storage.conversations.close(conversation.conversation_id, ClosedBy.AGENT, "resolved", now)

        assert closed == conversation.closed(ClosedBy.AGENT, "resolved", now)
        assert storage.conversations.get(conversation.conversation_id) == closed
        assert storage.agents.get("a1").active_count == 0
        assert storage.agents.get("a1").idle_since == now
        assert storage.conversations.active_for_agent("a1") == []

    def test_closing_a_waiting_conversation_takes_it_out_of_the_queue(self, storage: Storage) -> None:
        conversation = a_conversation()
        storage.conversations.add(conversation)
        closed = storage.conversations.close(conversation.conversation_id, ClosedBy.CITIZEN, "abandoned", time.time())
        assert closed.status is Status.CLOSED and closed.outcome == "abandoned"
        assert storage.conversations.waiting() == []

    def test_closing_twice_is_refused(self, storage: Storage) -> None:
        agent = an_available_agent(storage, "a1")
        conversation = an_assigned_conversation(storage, agent)
        storage.conversations.close(conversation.conversation_id, ClosedBy.AGENT, "resolved", time.time())
        with pytest.raises(ConversationClosedError):
            storage.conversations.close(conversation.conversation_id, ClosedBy.CITIZEN, "ended_by_citizen", time.time())
        assert storage.agents.get("a1").active_count == 0

    def test_closing_an_unknown_conversation_is_not_found(self, storage: Storage) -> None:
        with pytest.raises(NotFoundError):
            storage.conversations.close("nope", ClosedBy.SYSTEM, "abandoned", time.time())

    # The citizen's connection

    def test_a_citizen_leaving_is_recorded_and_coming_back_clears_it(self, storage: Storage) -> None:
        conversation = a_conversation()
        storage.conversations.add(conversation)
        left_at = time.time()

        storage.conversations.set_citizen_connection(conversation.conversation_id, None, left_at)
        gone = storage.conversations.get(conversation.conversation_id)
        storage.conversations.set_citizen_connection(conversation.conversation_id, "ws-back", left_at + 5)
        back = storage.conversations.get(conversation.conversation_id)

        assert (gone.citizen_connection_id, gone.citizen_left_at) == (None, left_at)
        assert (back.citizen_connection_id, back.citizen_left_at) == ("ws-back", None)

    def test_an_old_connection_closing_does_not_unlink_the_citizens_newer_one(self, storage: Storage) -> None:
        conversation = a_conversation()
        storage.conversations.add(conversation)
        old = conversation.citizen_connection_id
        storage.conversations.set_citizen_connection(conversation.conversation_id, "ws-new", time.time())
        assert storage.conversations.citizen_left(conversation.conversation_id, old, time.time()) is False
        assert storage.conversations.get(conversation.conversation_id).citizen_connection_id == "ws-new"
        assert storage.conversations.citizen_left(conversation.conversation_id, "ws-new", 42.0) is True
        left = storage.conversations.get(conversation.conversation_id)
        assert (left.citizen_connection_id, left.citizen_left_at) == (None, 42.0)

    def test_a_message_is_stored_only_against_the_participants_it_was_read_with(self, storage: Storage) -> None:
        conversation = a_conversation()
        storage.conversations.add(conversation)
        storage.conversations.set_citizen_connection(conversation.conversation_id, "ws-resumed", time.time())
        now = time.time()
        with pytest.raises(ParticipantsChangedError) as changed:
            storage.messages.append(conversation, Author.CITIZEN, "Bonjour", "m1", now, RETENTION.expires_at(now))
        assert changed.value.current.citizen_connection_id == "ws-resumed"
        assert storage.messages.after(conversation.conversation_id, None) == []
        message, created, stored_against = storage.messages.append(
            changed.value.current, Author.CITIZEN, "Bonjour", "m1", now, RETENTION.expires_at(now)
        )
        assert (message.seq, created, stored_against.last_seq) == (1, True, 1)
        assert stored_against.citizen_connection_id == "ws-resumed"

    def test_an_assignment_records_the_officers_console_and_a_new_console_takes_the_conversations(
        self, storage: Storage
    ) -> None:
        agent = an_available_agent(storage, "a1")
        conversation = an_assigned_conversation(storage, agent)
        assert conversation.agent_connection_id == "ws-a1"
        storage.agents.connect(an_identity("a1"), "ws-a1-new", 3, time.time(), int(time.time()) + 3600)
        moved = storage.conversations.follow_agent("a1", "ws-a1-new")
        assert [c.conversation_id for c in moved] == [conversation.conversation_id]
        assert storage.conversations.get(conversation.conversation_id).agent_connection_id == "ws-a1-new"

    def test_an_assignment_to_a_console_that_was_replaced_conflicts(self, storage: Storage) -> None:
        agent = an_available_agent(storage, "a1")  # read on ws-a1
        storage.agents.connect(an_identity("a1"), "ws-a1-new", 3, time.time(), int(time.time()) + 3600)
        storage.agents.set_status("a1", AgentStatus.AVAILABLE, time.time())
        conversation = a_conversation()
        storage.conversations.add(conversation)
        with pytest.raises(AssignmentConflictError):
            storage.conversations.assign(conversation.conversation_id, agent, time.time())

    def test_the_citizen_connection_of_an_unknown_conversation_is_not_found(self, storage: Storage) -> None:
        with pytest.raises(NotFoundError):
            storage.conversations.set_citizen_connection("nope", None, time.time())

    # Messages

    def test_messages_are_numbered_one_two_three_in_order(self, storage: Storage) -> None:
        conversation = a_conversation()
        storage.conversations.add(conversation)
        stored = [append(storage, conversation, Author.CITIZEN, f"c{i}", text=f"text {i}") for i in range(3)]
        assert [(m.seq, created) for m, created in stored] == [(1, True), (2, True), (3, True)]
        assert [m.text for m in storage.messages.after(conversation.conversation_id, None)] == [
            "text 0",
            "text 1",
            "text 2",
        ]
        assert storage.conversations.get(conversation.conversation_id).last_seq == 3

    def test_after_a_message_id_only_later_messages_come(self, storage: Storage) -> None:
        conversation = a_conversation()
        storage.conversations.add(conversation)
        (_, _), (second, _), (third, _) = (append(storage, conversation, Author.CITIZEN, f"c{i}") for i in range(3))
        assert storage.messages.after(conversation.conversation_id, second.message_id) == [third]
        assert storage.messages.after(conversation.conversation_id, third.message_id) == []
        assert storage.messages.after("no-such-conversation", None) == []

    def test_a_stale_copy_of_the_conversation_still_gets_the_next_number(self, storage: Storage) -> None:
        conversation = a_conversation()
        storage.conversations.add(conversation)
        append(storage, conversation, Author.CITIZEN, "c1")
        message, created = append(storage, conversation, Author.CITIZEN, "c2")
        assert (message.seq, created) == (2, True)

    def test_a_repeated_client_msg_id_from_the_same_author_is_stored_once(self, storage: Storage) -> None:
        conversation = a_conversation()
        storage.conversations.add(conversation)
        first, created = append(storage, conversation, Author.CITIZEN, "same", text="first")
        again, created_again = append(storage, conversation, Author.CITIZEN, "same", text="retry")
        assert (created, created_again) == (True, False)
        assert again == first and again.message_id == first.message_id
        assert storage.messages.after(conversation.conversation_id, None) == [first]

    def test_the_same_client_msg_id_from_the_other_author_is_another_message(self, storage: Storage) -> None:
        conversation = a_conversation()
        storage.conversations.add(conversation)
        citizens, _ = append(storage, conversation, Author.CITIZEN, "same")
        agents, created = append(storage, conversation, Author.AGENT, "same")
        assert created and (citizens.seq, agents.seq) == (1, 2)

    def test_appending_to_a_closed_conversation_is_refused(self, storage: Storage) -> None:
        conversation = a_conversation()
        storage.conversations.add(conversation)
        storage.conversations.close(conversation.conversation_id, ClosedBy.CITIZEN, "abandoned", time.time())
        with pytest.raises(ConversationClosedError):
            append(storage, conversation, Author.CITIZEN, "late")
        assert storage.messages.after(conversation.conversation_id, None) == []

    def test_the_first_agent_message_sets_first_response_at_once(self, storage: Storage) -> None:
        agent = an_available_agent(storage, "a1")
        conversation = an_assigned_conversation(storage, agent)
        append(storage, conversation, Author.CITIZEN, "c1")
        assert storage.conversations.get(conversation.conversation_id).first_response_at is None

        first, _ = append(storage, conversation, Author.AGENT, "a1")
        append(storage, conversation, Author.AGENT, "a2")

        assert storage.conversations.get(conversation.conversation_id).first_response_at == first.sent_at

    def test_every_chat_in_progress_is_listed_once_assigned_and_leaves_when_closed(self, storage: Storage) -> None:
        a1, a2 = an_available_agent(storage, "a1"), an_available_agent(storage, "a2")
        first = an_assigned_conversation(storage, a1)
        second = an_assigned_conversation(storage, a2)
        waiting = a_conversation()
        storage.conversations.add(waiting)

        assert [c.conversation_id for c in storage.conversations.in_progress(10)] == [
            first.conversation_id,
            second.conversation_id,
        ]
        assert [c.conversation_id for c in storage.conversations.in_progress(1)] == [first.conversation_id]
        storage.conversations.close(first.conversation_id, ClosedBy.AGENT, "resolved", time.time())
        assert [c.conversation_id for c in storage.conversations.in_progress(10)] == [second.conversation_id]

    def test_the_officers_answer_is_remembered_as_their_last_reply(self, storage: Storage) -> None:
        agent = an_available_agent(storage, "a1")
        conversation = an_assigned_conversation(storage, agent)
        append(storage, conversation, Author.CITIZEN, "c1")
        assert storage.conversations.get(conversation.conversation_id).last_reply_at is None

        answer, _ = append(storage, conversation, Author.AGENT, "a1")
        append(storage, conversation, Author.CITIZEN, "c2")

        stored = storage.conversations.get(conversation.conversation_id)
        assert stored.last_reply_at == answer.sent_at
        assert [c.last_reply_at for c in storage.conversations.in_progress(10)] == [answer.sent_at]

    def test_an_expired_message_is_not_returned(self, storage: Storage) -> None:
        conversation = a_conversation()
        storage.conversations.add(conversation)
        now = time.time()
        storage.messages.append(conversation, Author.CITIZEN, "old", "c1", now, int(now) + AN_HOUR_AGO)
        fresh, _ = append(storage, conversation, Author.CITIZEN, "c2")
        assert storage.messages.after(conversation.conversation_id, None) == [fresh]

    # Agents

    def test_a_connected_agent_is_online_and_away(self, storage: Storage) -> None:
        agent = a_connected_agent(storage, "a1", capacity=2)
        assert (agent.status, agent.connection_id, agent.capacity, agent.active_count) == (
            AgentStatus.AWAY,
            "ws-a1",
            2,
            0,
        )
        assert storage.agents.get("a1") == agent
        assert storage.agents.online() == [agent]

    def test_an_unknown_agent_is_none(self, storage: Storage) -> None:
        assert storage.agents.get("nobody") is None

    def test_going_available_restarts_the_idle_clock_but_staying_available_does_not(self, storage: Storage) -> None:
        a_connected_agent(storage, "a1")
        start = time.time()
        available = storage.agents.set_status("a1", AgentStatus.AVAILABLE, start + 10)
        still = storage.agents.set_status("a1", AgentStatus.AVAILABLE, start + 20)
        away = storage.agents.set_status("a1", AgentStatus.AWAY, start + 30)
        assert (available.status, available.idle_since) == (AgentStatus.AVAILABLE, start + 10)
        assert still.idle_since == start + 10
        assert (away.status, away.idle_since) == (AgentStatus.AWAY, start + 10)
        assert storage.agents.get("a1") == away

    def test_the_status_of_an_unknown_agent_cannot_be_set(self, storage: Storage) -> None:
        with pytest.raises(NotFoundError):
            storage.agents.set_status("nobody", AgentStatus.AVAILABLE, time.time())
        assert storage.agents.get("nobody") is None

    def test_disconnecting_takes_the_agent_offline(self, storage: Storage) -> None:
        an_available_agent(storage, "a1")
        assert storage.agents.disconnect("a1", "ws-a1") is True
        agent = storage.agents.get("a1")
        assert (agent.status, agent.connection_id) == (AgentStatus.OFFLINE, None)
        assert storage.agents.online() == []

    def test_disconnecting_an_old_connection_does_nothing(self, storage: Storage) -> None:
        a_connected_agent(storage, "a1")
        back, replaced = storage.agents.connect(an_identity("a1"), "ws-new", 3, time.time(), int(time.time()) + 3600)
        assert replaced == "ws-a1"
        assert storage.agents.disconnect("a1", "ws-a1") is False
        assert storage.agents.disconnect("nobody", "ws-a1") is False
        assert storage.agents.get("a1") == back
        assert storage.agents.online() == [back]

    def test_reconnecting_keeps_the_conversations_the_agent_holds(self, storage: Storage) -> None:
        agent = an_available_agent(storage, "a1")
        an_assigned_conversation(storage, agent)
        idle_since = storage.agents.get("a1").idle_since
        storage.agents.disconnect("a1", "ws-a1")
        back, replaced = storage.agents.connect(
            an_identity("a1"), "ws-new", 3, time.time() + 60, int(time.time()) + 3600
        )
        assert (back.status, back.active_count, back.idle_since, replaced) == (AgentStatus.AWAY, 1, idle_since, None)
        assert storage.agents.get("a1") == back

    def test_online_lists_every_connected_agent_and_no_other(self, storage: Storage) -> None:
        a_connected_agent(storage, "away")
        an_available_agent(storage, "available")
        a_connected_agent(storage, "gone")
        storage.agents.disconnect("gone", "ws-gone")
        a_connected_agent(storage, "expired", expired=True)
        assert sorted((a.agent_id, a.status) for a in storage.agents.online()) == [
            ("available", AgentStatus.AVAILABLE),
            ("away", AgentStatus.AWAY),
        ]
        assert storage.agents.get("expired") is None

    # Statistics

    def test_the_handling_time_starts_at_the_default(self, storage: Storage) -> None:
        assert storage.stats.handling_time() == HandlingTime(mean_s=DEFAULT_HANDLING_S, samples=0)

    def test_each_queue_change_is_a_new_version(self, storage: Storage) -> None:
        assert storage.stats.queue_version() == 0
        first, second = storage.stats.queue_changed(), storage.stats.queue_changed()
        assert (first.version, second.version) == (1, 2)
        assert storage.stats.queue_version() == 2
        assert not second.broadcast_running

    def test_one_broadcaster_at_a_time_and_it_keeps_the_lease_while_the_queue_changes(self, storage: Storage) -> None:
        now = time.time()
        assert storage.stats.release_broadcast(QueueMarks()) is True  # nothing held: nothing to give back
        assert storage.stats.claim_broadcast(now, 60) is True
        assert storage.stats.claim_broadcast(now + 1, 60) is False
        assert storage.stats.queue_changed().broadcast_running is True
        assert storage.stats.release_broadcast(QueueMarks(version=0)) is False  # the queue moved to version 1
        assert storage.stats.queue_marks() == QueueMarks(version=1, told=0)
        assert storage.stats.release_broadcast(QueueMarks(version=1)) is True
        assert storage.stats.queue_marks() == QueueMarks(version=1, told=1)  # version 1 was told
        assert storage.stats.claim_broadcast(now + 2, 60) is True

    def test_an_expired_lease_can_be_claimed_and_a_forced_release_always_works(self, storage: Storage) -> None:
        now = time.time()
        assert storage.stats.claim_broadcast(now - 120, 60) is True  # a broadcaster that died a minute ago
        assert storage.stats.claim_broadcast(now, 60) is True
        storage.stats.queue_changed()
        assert storage.stats.release_broadcast(None) is True
        assert storage.stats.queue_changed().broadcast_running is False

    def test_recorded_handling_times_update_the_mean(self, storage: Storage) -> None:
        storage.stats.record_handling_time(300.0)
        storage.stats.record_handling_time(600.0)
        assert storage.stats.handling_time() == HandlingTime().record(300.0).record(600.0)
