"""The chat use cases over in-memory fakes, driven through the websocket endpoint as frames."""
from __future__ import annotations

import json
from typing import Any

import pytest

from chalicelib.domain.conversation import Author, Status
from chalicelib.services.delivery import CONNECTING_S
from tests.chat_desk import Desk


@pytest.fixture
def desk() -> Desk:
    return Desk()


def test_a_citizen_is_queued_with_a_position_and_a_resume_token(desk):
    queued = desk.citizen_starts("c1")
    assert queued["position"] == 1
    assert queued["resume_token"] and queued["conversation_id"]
    assert queued["estimated_wait_s"] is None  # no officer available yet


def test_the_second_citizen_is_second_and_gets_a_wait_estimate_once_an_agent_is_busy(desk):
    agent = desk.agent_available("agent1")
    for i in range(3):
        desk.citizen_starts(f"busy{i}")
    assert len(desk.frames(agent, "assigned")) == 3
    queued = desk.citizen_starts("c-late")
    second = desk.citizen_starts("c-later")
    assert (queued["position"], second["position"]) == (1, 2)
    assert second["estimated_wait_s"] > queued["estimated_wait_s"] > 0


def test_an_available_agent_gets_the_conversation_and_the_citizen_hears_who(desk):
    agent = desk.agent_available("agent1")
    queued = desk.citizen_starts("c1")
    assigned = desk.last(agent, "assigned")
    assert assigned["conversation"]["conversation_id"] == queued["conversation_id"]
    assert desk.last("c1", "agent_joined")["agent"]["display_name"] == "Officer agent1"


def test_messages_are_acked_once_stored_and_delivered_to_the_other_side(desk):
    agent = desk.agent_available("agent1")
    conv_id = desk.citizen_starts("c1")["conversation_id"]
    desk.frame("c1", action="send", client_msg_id="m1", text="Bonjour")
    ack = desk.last("c1", "ack")
    assert ack["client_msg_id"] == "m1"
    delivered = desk.last(agent, "message")
    assert (delivered["text"], delivered["author"], delivered["message_id"]) == ("Bonjour", "citizen", ack["message_id"])
    desk.frame(agent, action="send", conversation_id=conv_id, client_msg_id="a1", text="Bonjour, je vous écoute.")
    assert desk.last("c1", "message")["author"] == "agent"
    stored = desk.storage.messages.after(conv_id, None)
    assert [m.text for m in stored] == ["Bonjour", "Bonjour, je vous écoute."]


def test_a_message_sent_while_waiting_reaches_the_officer_on_assignment(desk):
    desk.citizen_starts("c1")
    desk.frame("c1", action="send", client_msg_id="m1", text="Je patiente")
    agent = desk.agent_available("agent1")
    assigned = desk.last(agent, "assigned")
    assert [m["text"] for m in assigned["conversation"]["messages"]] == ["Je patiente"]


def test_the_same_client_msg_id_twice_is_stored_once_and_acked_twice(desk):
    desk.agent_available("agent1")
    conv_id = desk.citizen_starts("c1")["conversation_id"]
    desk.frame("c1", action="send", client_msg_id="m1", text="Une fois")
    desk.frame("c1", action="send", client_msg_id="m1", text="Une fois")
    acks = desk.frames("c1", "ack")
    assert len(acks) == 2 and acks[0]["message_id"] == acks[1]["message_id"]
    assert len(desk.storage.messages.after(conv_id, None)) == 1
    delivered = desk.frames("conn-agent1", "message")
    assert {f["message_id"] for f in delivered} == {acks[0]["message_id"]}  # one message, however often sent


def test_a_repeat_of_a_message_whose_first_answer_was_lost_still_reaches_the_officer(desk):
    desk.agent_available("agent1")
    conv_id = desk.citizen_starts("c1")["conversation_id"]
    # The first attempt committed, then the invocation died before acking or delivering anything.
    stored = desk.storage.conversations.get(conv_id)
    desk.storage.messages.append(stored, Author.CITIZEN, "Allô", "m1", desk.clock.now(), stored.expires_at)
    desk.frame("c1", action="send", conversation_id=conv_id, client_msg_id="m1", text="Allô")
    assert desk.last("c1", "ack")["message_id"] == "0000000001"
    assert desk.last("conn-agent1", "message")["text"] == "Allô"


def test_a_resumed_connection_gets_every_message_it_missed_in_order(desk):
    agent = desk.agent_available("agent1")
    queued = desk.citizen_starts("c1")
    conv_id = queued["conversation_id"]
    desk.frame("c1", action="send", client_msg_id="m1", text="un")
    first_id = desk.last("c1", "ack")["message_id"]
    desk.ws.disconnect("c1")
    for i in range(3):
        desk.frame(agent, action="send", conversation_id=conv_id, client_msg_id=f"a{i}", text=f"réponse {i}")
    desk.connect("c2")
    desk.frame("c2", action="resume", conversation_id=conv_id, resume_token=queued["resume_token"], after=first_id)
    frames = desk.frames("c2")
    assert frames[0]["type"] == "resumed" and frames[0]["status"] == "assigned"
    assert [f["text"] for f in frames[1:]] == ["réponse 0", "réponse 1", "réponse 2"]
    desk.connect("c3")
    desk.frame("c3", action="resume", conversation_id=conv_id, resume_token=queued["resume_token"], after=None)
    own = desk.frames("c3", "message")[0]
    assert (own["text"], own["client_msg_id"]) == ("un", "m1")
    assert "client_msg_id" not in desk.frames("c3", "message")[1]


def test_resuming_with_a_wrong_token_is_refused(desk):
    conv_id = desk.citizen_starts("c1")["conversation_id"]
    desk.connect("c2")
    desk.frame("c2", action="resume", conversation_id=conv_id, resume_token="forged")
    assert desk.last("c2", "error")["code"] == "invalid_resume_token"
    desk.frame("c2", action="resume", conversation_id="no-such-conversation", resume_token="forged")
    assert desk.frames("c2", "error")[-1]["code"] == "invalid_resume_token"


def test_a_citizen_cannot_act_on_another_conversation_or_as_an_agent(desk):
    desk.agent_available("agent1")
    other = desk.citizen_starts("c1")["conversation_id"]
    desk.citizen_starts("c2")
    desk.frame("c2", action="close", conversation_id=other, outcome="resolved")
    assert desk.last("c2", "error")["code"] == "action_not_allowed"
    desk.frame("c2", action="send", conversation_id=other, client_msg_id="x", text="intrus")
    assert [m.text for m in desk.storage.messages.after(other, None)] == []


def test_an_agent_cannot_write_in_a_conversation_held_by_another(desk):
    desk.agent_available("agent1")
    conv_id = desk.citizen_starts("c1")["conversation_id"]
    intruder = desk.agent_available("agent2")
    desk.frame(intruder, action="send", conversation_id=conv_id, client_msg_id="x", text="Intrus")
    error = desk.last(intruder, "error")
    assert (error["code"], error["client_msg_id"]) == ("forbidden", "x")


def test_an_invalid_agent_token_is_refused_at_connect(desk):
    assert desk.connect("evil", "forged") == 401
    assert desk.storage.connections.get("evil") is None


def test_closing_tells_both_sides_frees_the_slot_and_counts_the_handling_time(desk):
    agent = desk.agent_available("agent1")
    conv_id = desk.citizen_starts("c1")["conversation_id"]
    desk.clock.t += 240
    desk.frame(agent, action="close", conversation_id=conv_id, outcome="oriented")
    for cid in ("c1", agent):
        closed = desk.last(cid, "closed")
        assert (closed["by"], closed["outcome"]) == ("agent", "oriented")
    assert desk.storage.agents.get("agent1").active_count == 0
    assert desk.storage.stats.handling_time().mean_s == 240


def test_a_freed_slot_goes_to_the_next_waiting_citizen(desk):
    agent = desk.agent_available("agent1")
    ids = [desk.citizen_starts(f"c{i}")["conversation_id"] for i in range(4)]
    assert desk.storage.conversations.get(ids[3]).status is Status.WAITING
    desk.frame(agent, action="close", conversation_id=ids[0], outcome="resolved")
    assert desk.storage.conversations.get(ids[3]).status is Status.ASSIGNED
    assert desk.last("c3", "agent_joined")


def test_a_citizen_ending_before_an_officer_joins_abandons_and_the_queue_moves_up(desk):
    desk.citizen_starts("c1")
    desk.citizen_starts("c2")
    desk.frame("c1", action="end")
    assert desk.last("c1", "closed")["outcome"] == "abandoned"
    assert desk.last("c2", "queue")["position"] == 1


def test_a_citizen_gone_past_the_grace_period_is_not_assigned(desk):
    conv_id = desk.citizen_starts("c1")["conversation_id"]
    desk.ws.disconnect("c1")
    desk.clock.t += 600
    agent = desk.agent_available("agent1")
    assert desk.frames(agent, "assigned") == []
    assert desk.storage.conversations.get(conv_id).outcome == "abandoned"


def test_an_agent_takes_a_specific_waiting_conversation(desk):
    agent = desk.agent_available("agent1")
    desk.frame(agent, action="set_status", status="away")
    first = desk.citizen_starts("c1")["conversation_id"]
    second = desk.citizen_starts("c2")["conversation_id"]
    desk.frame(agent, action="set_status", status="available")  # dispatch gives the oldest...
    desk.frame(agent, action="take", conversation_id=second)  # ...and the agent takes the other one
    mine = {c.conversation_id for c in desk.storage.conversations.active_for_agent("agent1")}
    assert mine == {first, second}
    desk.frame(agent, action="take", conversation_id=second)
    assert desk.last(agent, "error")["code"] == "not_waiting"


def test_an_away_agent_can_take_a_chosen_conversation_but_gets_none_automatically(desk):
    agent = desk.agent_available("agent1")
    desk.frame(agent, action="set_status", status="away")
    conv_id = desk.citizen_starts("c1")["conversation_id"]
    assert desk.frames(agent, "assigned") == []
    listed = desk.last(agent, "waiting")
    assert [c["conversation_id"] for c in listed["conversations"]] == [conv_id] and listed["total"] == 1
    desk.frame(agent, action="take", conversation_id=conv_id)
    assert desk.last(agent, "assigned")["conversation"]["conversation_id"] == conv_id
    emptied = desk.last(agent, "waiting")
    assert emptied["conversations"] == [] and emptied["total"] == 0 and emptied["version"] > listed["version"]


def test_typing_is_relayed_and_not_stored(desk):
    agent = desk.agent_available("agent1")
    conv_id = desk.citizen_starts("c1")["conversation_id"]
    desk.frame("c1", action="typing")
    assert desk.last(agent, "typing") == {"type": "typing", "conversation_id": conv_id, "author": "citizen"}
    assert desk.storage.messages.after(conv_id, None) == []


def test_a_gone_connection_is_forgotten_when_a_send_gets_410(desk):
    agent = desk.agent_available("agent1")
    conv_id = desk.citizen_starts("c1")["conversation_id"]
    desk.clock.t += CONNECTING_S + 1
    desk.notifier.gone.add("c1")
    desk.frame(agent, action="send", conversation_id=conv_id, client_msg_id="a1", text="Vous êtes là ?")
    assert desk.last(agent, "ack")  # the sender is fine: only the gone connection is dropped
    assert desk.storage.connections.get("c1") is None
    assert desk.storage.conversations.get(conv_id).citizen_connection_id is None
    assert desk.storage.connections.get(agent) is not None


def test_a_connection_still_opening_is_not_forgotten_on_a_410(desk):
    desk.citizen_starts("c1")
    desk.agent_available("agent1")  # its own $connect: another invocation posts to it before it opens
    desk.notifier.gone.add("conn-agent1")
    desk.citizen_starts("c2")  # `waiting` and `assigned` to the console answer 410
    desk.notifier.gone.discard("conn-agent1")
    assert desk.storage.connections.get("conn-agent1") is not None
    assert desk.storage.agents.get("agent1").connection_id == "conn-agent1"
    desk.frame("conn-agent1", action="sync")  # what it missed comes back with the state
    assert len(desk.last("conn-agent1", "agent_state")["conversations"]) == 2


def test_agent_sync_returns_open_conversations_with_their_messages(desk):
    agent = desk.agent_available("agent1")
    desk.citizen_starts("c1")
    desk.frame("c1", action="send", client_msg_id="m1", text="Allô")
    desk.ws.disconnect(agent)
    assert desk.connect("conn-agent1-bis", "valid:agent1") == 200
    desk.frame("conn-agent1-bis", action="sync")
    state = desk.last("conn-agent1-bis", "agent_state")
    assert state["agent"]["status"] == "away"
    assert [m["text"] for m in state["conversations"][0]["messages"]] == ["Allô"]
    assert desk.last("conn-agent1-bis", "waiting")["conversations"] == []


@pytest.mark.parametrize(
    "body, code",
    [
        ("not json", "invalid_frame"),
        ("[1,2]", "invalid_frame"),
        ('{"no_action": 1}', "invalid_frame"),
        ('{"action": "explode"}', "unknown_action"),
        ('{"action": "start", "topic": 42}', "invalid_field"),
        ('{"action": "start", "topic": "nope"}', "unknown_topic"),
        ('{"action": "send", "client_msg_id": "m", "text": "' + "a" * 4001 + '"}', "text_too_long"),
        ('{"action": "send", "client_msg_id": "m", "text": "' + "a" * 20000 + '"}', "frame_too_large"),
        ('{"action": "send", "client_msg_id": "m", "text": "hello"}', "no_conversation"),
        ('{"action": "start", "topic": "autre", "extra": true}', "invalid_field"),
        ("", "invalid_frame"),
    ],
)
def test_bad_frames_get_a_clear_error_and_the_connection_keeps_working(desk, body, code):
    desk.connect("c1")
    desk.ws.message("c1", body)
    assert desk.last("c1", "error")["code"] == code
    desk.frame("c1", action="ping")
    assert desk.last("c1", "pong") == {"type": "pong"}


def test_an_error_echoes_the_client_msg_id(desk):
    desk.connect("c1")
    desk.ws.message("c1", json.dumps({"action": "send", "client_msg_id": "m9", "text": "x" * 4001}))
    assert desk.last("c1", "error")["client_msg_id"] == "m9"


def test_an_unexpected_failure_answers_internal_error_without_leaking_text(desk, monkeypatch):
    desk.connect("c1")

    def boom(*_: Any) -> None:
        raise RuntimeError("secret citizen text")

    monkeypatch.setattr(desk.storage.conversations, "add", boom)
    desk.frame("c1", action="start", topic="autre")
    error = desk.last("c1", "error")
    assert error["code"] == "internal_error" and "secret" not in error["message"]


def test_the_citizen_answers_the_survey_once_after_the_close(desk):
    agent = desk.agent_available("agent1")
    conv_id = desk.citizen_starts("c1")["conversation_id"]
    desk.frame("c1", action="survey", found_easily=True, understood=True, rating=5)
    assert desk.last("c1", "error")["code"] == "not_closed"
    desk.frame(agent, action="close", conversation_id=conv_id, outcome="resolved")
    desk.frame("c1", action="survey", found_easily=False, understood=True, rating=4, comment="  Merci  ")
    assert desk.last("c1", "survey_saved")["conversation_id"] == conv_id
    survey = desk.storage.conversations.get(conv_id).survey
    assert (survey.found_easily, survey.understood, survey.rating, survey.comment) == (False, True, 4, "Merci")
    desk.frame("c1", action="survey", found_easily=True, understood=True, rating=1)
    assert desk.last("c1", "error")["code"] == "survey_already_answered"


@pytest.mark.parametrize(
    "fields",
    [
        {"found_easily": True, "understood": True, "rating": 6},
        {"found_easily": True, "understood": True, "rating": 0},
        {"found_easily": "yes", "understood": True, "rating": 3},
        {"found_easily": True, "understood": True, "rating": 3, "comment": "x" * 1001},
        {"found_easily": True, "rating": 3},
    ],
)
def test_a_malformed_survey_is_refused(desk, fields):
    desk.connect("c1")
    desk.frame("c1", action="survey", **fields)
    assert desk.last("c1", "error")["code"] == "invalid_field"


def test_a_conversation_publishes_its_business_metrics(desk):
    conv_id = desk.citizen_starts("c1")["conversation_id"]
    desk.clock.t += 30
    agent = desk.agent_available("agent1")
    desk.clock.t += 12
    desk.frame(agent, action="send", conversation_id=conv_id, client_msg_id="a1", text="Bonjour")
    desk.frame(agent, action="send", conversation_id=conv_id, client_msg_id="a2", text="Je regarde")
    desk.clock.t += 60
    desk.frame(agent, action="close", conversation_id=conv_id, outcome="resolved")
    counts, durations = desk.telemetry.counts, desk.telemetry.durations
    assert counts["ConversationsStarted"] == counts["ConversationsAssigned"] == counts["ConversationsClosed"] == 1
    assert counts["MessagesStored"] == 2
    assert durations["WaitBeforeAssignment"] == [30]
    assert durations["FirstResponseTime"] == [12]
    assert durations["HandlingTime"] == [72]
    assert counts["ConversationsAnswered"] == 1 and durations["WaitBeforeAnswer"] == [30]
    assert desk.telemetry.values["AnsweredWithinTarget"] == [1]


def test_the_metrics_follow_the_hourly_figures_answered_once_and_abandoned_outside_the_target(desk):
    # An abandoned citizen counts 0 in AnsweredWithinTarget: its average is the figures' share_within_target.
    desk.citizen_starts("gone")
    desk.frame("gone", action="end")
    conv_id = desk.citizen_starts("c1")["conversation_id"]
    desk.clock.t += 90
    desk.agent_available("agent1")
    counts, durations = desk.telemetry.counts, desk.telemetry.durations
    assert counts["ConversationsAbandoned"] == 1
    assert counts["ConversationsAnswered"] == 1 and durations["WaitBeforeAnswer"] == [90]
    assert desk.telemetry.values["AnsweredWithinTarget"] == [0, 0]  # abandoned; answered after 90 s
    assert conv_id


def test_a_start_sent_again_after_a_lost_answer_finds_the_same_conversation(desk):
    desk.connect("c1")
    desk.frame("c1", action="start", topic="victime", start_id="s" * 24)
    first = desk.last("c1", "queued")
    desk.ws.disconnect("c1")  # the answer never reached the phone
    desk.connect("c2")
    desk.frame("c2", action="start", topic="victime", start_id="s" * 24)
    again = desk.last("c2", "queued")
    assert again["conversation_id"] == first["conversation_id"]
    assert again["resume_token"] != first["resume_token"] and again["position"] == 1
    assert len(desk.storage.conversations.waiting()) == 1
    desk.connect("c3")
    desk.frame("c3", action="resume", conversation_id=first["conversation_id"], resume_token=first["resume_token"])
    assert desk.last("c3", "error")["code"] == "invalid_resume_token"
    desk.frame("c3", action="resume", conversation_id=first["conversation_id"], resume_token=again["resume_token"])
    assert desk.last("c3", "resumed")["status"] == "waiting"


def test_a_start_sent_again_once_assigned_replays_the_officer_and_the_messages(desk):
    desk.connect("c1")
    desk.frame("c1", action="start", topic="autre", start_id="t" * 24)
    desk.frame("c1", action="send", client_msg_id="m1", text="Premier")
    agent = desk.agent_available("agent1")
    conv_id = desk.last(agent, "assigned")["conversation"]["conversation_id"]
    desk.frame(agent, action="send", conversation_id=conv_id, client_msg_id="a1", text="Réponse")
    desk.ws.disconnect("c1")
    desk.connect("c2")
    desk.frame("c2", action="start", topic="autre", start_id="t" * 24)
    types = [f["type"] for f in desk.frames("c2")]
    assert types == ["queued", "agent_joined", "message", "message"]
    assert desk.last("c2", "queued")["position"] is None
    assert [f["text"] for f in desk.frames("c2", "message")] == ["Premier", "Réponse"]
