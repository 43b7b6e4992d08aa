"""Transfers between officers, the reply watch (reminder, then back to the queue) and the officer's context
and history, over the in-memory fakes."""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

import pytest

from chalicelib.domain.conversation import Status
from chalicelib.domain.history import conversation_matches, start_of_day
from chalicelib.domain.reply_watch import ReplyDue, ReplyPolicy
from chalicelib.domain.transfer import TransferOffer, ensure_transfer_target
from chalicelib.errors import ColleagueUnavailableError
from chalicelib.services.queue_broadcast import QueueBroadcaster
from tests.chat_desk import Desk
from tests.fakes import RecordingAnnouncer, officer


def held(desk: Desk, agent_id: str = "agent1", citizen: str = "c1") -> tuple[str, str]:
    """An available officer holding a citizen's conversation: (the officer's connection, the conversation id)."""
    console = desk.agent_available(agent_id)
    conversation_id = desk.citizen_starts(citizen)["conversation_id"]
    assert desk.last(console, "assigned")["conversation"]["conversation_id"] == conversation_id
    return console, conversation_id


def colleague(desk: Desk, agent_id: str, available: bool = True) -> str:
    cid = f"conn-{agent_id}"
    assert desk.connect(cid, f"valid:{agent_id}") == 200
    if available:
        desk.frame(cid, action="set_status", status="available")
    return cid


# Transfers


def test_a_transfer_accepted_moves_the_conversation_its_history_and_notes_and_the_citizen_is_told():
    desk = Desk()
    holder, conv = held(desk)
    desk.frame("c1", action="send", conversation_id=conv, client_msg_id="m1", text="Bonjour, ma carte a été volée")
    desk.frame(holder, action="add_note", conversation_id=conv, client_msg_id="n1", text="Carte encore en main")
    other = colleague(desk, "agent2")
    desk.frame(holder, action="colleagues")
    listed = desk.last(holder, "colleagues")["colleagues"]
    assert [c["agent_id"] for c in listed] == ["agent2"] and listed[0]["free_slots"] == 3

    desk.frame(holder, action="transfer", conversation_id=conv, to_agent_id="agent2", note="Plutôt pour toi")
    pending = desk.last(holder, "transfer_pending")
    assert (pending["to"]["agent_id"], pending["expires_in_s"]) == ("agent2", 60)
    offer = desk.last(other, "transfer_offer")
    assert offer["from"] == {"agent_id": "agent1", "display_name": "Officer agent1"}
    assert (offer["note"], offer["topic"], offer["expires_in_s"]) == ("Plutôt pour toi", "autre", 60)

    desk.clock.t += 10
    desk.frame(other, action="transfer_accept", conversation_id=conv)
    assigned = desk.last(other, "assigned")["conversation"]
    assert [m["text"] for m in assigned["messages"]] == ["Bonjour, ma carte a été volée"]
    assert [n["text"] for n in assigned["notes"]] == ["Carte encore en main"]
    assert assigned["transferred_from"] == {"display_name": "Officer agent1"}
    assert desk.last("c1", "agent_joined")["agent"] == {"display_name": "Officer agent2"}
    assert desk.last(holder, "transfer_result")["outcome"] == "accepted"
    assert desk.last(holder, "unassigned") == {"type": "unassigned", "conversation_id": conv, "reason": "transferred"}
    agents = desk.storage.agents
    assert (agents.get("agent1").active_count, agents.get("agent2").active_count) == (0, 1)  # type: ignore[union-attr]

    desk.frame("c1", action="send", conversation_id=conv, client_msg_id="m2", text="Merci")
    assert desk.last(other, "message")["text"] == "Merci"
    desk.frame(holder, action="send", conversation_id=conv, client_msg_id="a1", text="Encore moi")
    assert desk.last(holder, "error")["code"] == "forbidden"


def test_a_transfer_declined_leaves_the_conversation_with_its_holder_who_is_told():
    desk = Desk()
    holder, conv = held(desk)
    other = colleague(desk, "agent2")
    desk.frame(holder, action="transfer", conversation_id=conv, to_agent_id="agent2")
    desk.frame(other, action="transfer_decline", conversation_id=conv)
    assert desk.last(holder, "transfer_result")["outcome"] == "declined"
    assert desk.last(other, "transfer_result")["outcome"] == "declined"
    assert desk.storage.conversations.get(conv).agent_id == "agent1"
    desk.frame(other, action="transfer_accept", conversation_id=conv)
    assert desk.last(other, "error")["code"] == "no_transfer_offer"
    desk.frame(holder, action="transfer", conversation_id=conv, to_agent_id="agent2")  # a new offer is allowed
    assert desk.last(other, "transfer_offer")["conversation_id"] == conv


def test_an_offer_expires_one_pending_at_a_time_and_only_to_someone_who_can_take_it():
    desk = Desk()
    holder, conv = held(desk)
    other = colleague(desk, "agent2")
    colleague(desk, "agent3", available=False)
    desk.frame(holder, action="transfer", conversation_id=conv, to_agent_id="agent3")  # away, not a supervisor
    assert desk.last(holder, "error")["code"] == "colleague_unavailable"
    desk.frame(holder, action="transfer", conversation_id=conv, to_agent_id="agent1")
    assert desk.last(holder, "error")["code"] == "colleague_unavailable"
    desk.frame(holder, action="transfer", conversation_id=conv, to_agent_id="nobody")
    assert desk.last(holder, "error")["code"] == "colleague_unavailable"
    desk.frame(holder, action="transfer", conversation_id=conv, to_agent_id="agent2")
    desk.frame(holder, action="transfer", conversation_id=conv, to_agent_id="agent2")
    assert desk.last(holder, "error")["code"] == "transfer_pending"
    desk.frame(other, action="transfer", conversation_id=conv, to_agent_id="agent1")
    assert desk.last(other, "error")["code"] == "forbidden"
    desk.clock.t += 61
    desk.frame(other, action="transfer_accept", conversation_id=conv)
    assert desk.last(other, "error")["code"] == "transfer_expired"
    assert desk.last(holder, "transfer_result")["outcome"] == "expired"
    assert desk.storage.conversations.get(conv).agent_id == "agent1"


def test_a_supervisor_may_be_offered_a_conversation_while_away_and_a_citizen_cannot_transfer():
    desk = Desk()
    holder, conv = held(desk)
    boss = "conn-boss"
    assert desk.ws.connect(boss, {"ticket": desk.runtime.tickets.issue(officer("boss", frozenset({"supervisors"})))}) == 200
    desk.frame(holder, action="colleagues")
    [listed] = desk.last(holder, "colleagues")["colleagues"]
    assert (listed["agent_id"], listed["supervisor"], listed["status"]) == ("boss", True, "away")
    desk.frame(holder, action="transfer", conversation_id=conv, to_agent_id="boss")
    desk.frame(boss, action="transfer_accept", conversation_id=conv)
    assert desk.last(boss, "assigned")["conversation"]["conversation_id"] == conv
    desk.frame("c1", action="transfer", conversation_id=conv, to_agent_id="boss")
    assert desk.last("c1", "error")["code"] == "action_not_allowed"


def test_a_colleague_without_a_free_slot_cannot_accept():
    desk = Desk()
    holder, conv = held(desk)
    other = colleague(desk, "agent2")
    desk.frame(holder, action="transfer", conversation_id=conv, to_agent_id="agent2")
    full = desk.storage.agents.rows["agent2"]  # type: ignore[attr-defined]
    desk.storage.agents.rows["agent2"] = replace(full, active_count=full.capacity)  # type: ignore[attr-defined]
    desk.frame(other, action="transfer_accept", conversation_id=conv)
    assert desk.last(other, "error")["code"] == "agent_unavailable"
    assert desk.storage.conversations.get(conv).agent_id == "agent1"


def test_the_transfer_target_rules():
    desk = Desk()
    colleague(desk, "agent2")
    agent = desk.storage.agents.get("agent2")
    assert ensure_transfer_target(agent, "agent1") is agent
    with pytest.raises(ColleagueUnavailableError):
        ensure_transfer_target(agent, "agent2")
    with pytest.raises(ColleagueUnavailableError):
        ensure_transfer_target(None, "agent1")
    offer = TransferOffer("a", "A", "b", "B", offered_at=100.0, expires_at=160.0)
    assert (offer.is_live(159.9), offer.is_live(160.0), offer.remaining_s(100.5)) == (True, False, 60)


# The reply watch


def test_the_reply_policy_reminds_then_requeues_and_only_watches_assigned_waits():
    policy = ReplyPolicy(timeout_s=120, reminder_s=90)
    desk = Desk()
    _, conv = held(desk)
    conversation = desk.storage.conversations.get(conv)
    since = conversation.awaiting_since
    assert since is not None and policy.next_due_at(conversation) == since + 90
    assert policy.due(conversation, since + 89) is None
    assert policy.due(conversation, since + 90) is ReplyDue.REMIND
    reminded = replace(conversation, reply_reminded=True)
    assert policy.due(reminded, since + 100) is None and policy.next_due_at(reminded) == since + 120
    assert policy.due(reminded, since + 120) is ReplyDue.REQUEUE
    assert ReplyPolicy(timeout_s=0).due(conversation, since + 1000) is None


def test_the_officers_answer_ends_the_wait_and_the_citizens_next_message_starts_one():
    desk = Desk()
    officer_cid, conv = held(desk)
    assert desk.storage.conversations.get(conv).awaiting_since == desk.clock.t  # the first answer is owed
    desk.frame(officer_cid, action="send", conversation_id=conv, client_msg_id="a1", text="Bonjour")
    assert desk.storage.conversations.get(conv).awaiting_since is None
    desk.clock.t += 5
    desk.frame("c1", action="send", conversation_id=conv, client_msg_id="m1", text="Question")
    first = desk.clock.t
    desk.clock.t += 5
    desk.frame("c1", action="send", conversation_id=conv, client_msg_id="m2", text="Vous êtes là ?")
    assert desk.storage.conversations.get(conv).awaiting_since == first  # the first unanswered message


def test_an_unanswered_citizen_reminds_the_officer_then_goes_back_to_the_head_of_the_queue():
    desk = Desk(announcer=RecordingAnnouncer())
    officer_cid, conv = held(desk)
    desk.frame(officer_cid, action="set_status", status="away")
    desk.citizen_starts("c2")  # waits: arrived later
    later = desk.storage.conversations.get(desk.last("c2", "queued")["conversation_id"])
    desk.frame("c1", action="send", conversation_id=conv, client_msg_id="m1", text="Allô ?")
    desk.clock.t += 88  # the wait began at the assignment, a second before c2 arrived
    desk.runtime.broadcaster.run()
    assert desk.frames(officer_cid, "reply_reminder") == []
    desk.clock.t += 1
    desk.runtime.broadcaster.run()
    [reminder] = desk.frames(officer_cid, "reply_reminder")
    assert (reminder["conversation_id"], reminder["requeue_in_s"]) == (conv, 30)
    desk.runtime.broadcaster.run()
    assert len(desk.frames(officer_cid, "reply_reminder")) == 1  # once per wait

    desk.clock.t += 30
    desk.runtime.broadcaster.run()
    assert desk.last(officer_cid, "unassigned") == {"type": "unassigned", "conversation_id": conv, "reason": "no_reply"}
    back = desk.storage.conversations.get(conv)
    assert (back.status, back.agent_id, back.requeued_count) == (Status.WAITING, None, 1)
    assert back.created_at < later.created_at
    assert desk.last("c1", "requeued")["position"] == 1  # ahead of c2, who came later
    assert desk.storage.agents.get("agent1").active_count == 0  # type: ignore[union-attr]

    # The next officer gets it first, with its context.
    other = desk.agent_available("agent2")
    assigned = desk.frames(other, "assigned")[0]["conversation"]
    assert assigned["conversation_id"] == conv and assigned["requeued_count"] == 1
    assert [m["text"] for m in assigned["messages"]] == ["Allô ?"]


def test_an_answer_just_before_the_deadline_keeps_the_conversation():
    desk = Desk(announcer=RecordingAnnouncer())
    officer_cid, conv = held(desk)
    desk.clock.t += 119
    desk.frame(officer_cid, action="send", conversation_id=conv, client_msg_id="a1", text="Bonjour")
    desk.clock.t += 60
    desk.runtime.broadcaster.run()
    assert desk.storage.conversations.get(conv).agent_id == "agent1"
    stale = replace(desk.storage.conversations.get(conv), awaiting_since=desk.clock.t - 200)
    assert desk.storage.conversations.requeue(stale, desk.clock.t) is None  # the wait it saw is over


def test_an_available_officer_who_let_a_citizen_wait_is_set_away():
    desk = Desk(announcer=RecordingAnnouncer())
    officer_cid, conv = held(desk)
    desk.clock.t += 120
    desk.runtime.broadcaster.run()
    assert desk.last(officer_cid, "status")["agent"]["status"] == "away"
    assert desk.storage.conversations.get(conv).status is Status.WAITING  # nobody else available: it waits


def test_a_broadcaster_in_its_own_invocation_keeps_watching_until_nobody_awaits_an_answer():
    desk = Desk(announcer=RecordingAnnouncer())
    officer_cid, _ = held(desk)
    slept: list[float] = []

    def sleep(seconds: float) -> None:
        slept.append(seconds)
        desk.clock.t += 10  # ten seconds pass between passes

    watcher = watcher_for(desk, sleep)
    # The 13th pass, at +120 s, puts it back in the queue; the 14th tells the queue of it, and nobody awaits.
    assert watcher.run() == 14
    assert desk.frames(officer_cid, "reply_reminder") and desk.last(officer_cid, "unassigned")["reason"] == "no_reply"
    assert desk.storage.stats.broadcast_until is None  # type: ignore[attr-defined]


def watcher_for(desk: Desk, sleep: Callable[[float], None]) -> QueueBroadcaster:
    """A broadcaster as in its own invocation (it keeps its lease while citizens await an answer)."""
    runtime = desk.runtime
    return QueueBroadcaster(
        runtime.ctx, runtime.broadcaster._board, runtime.dispatcher, RecordingAnnouncer(),  # type: ignore[attr-defined]
        min_interval_s=1.0, sleep=sleep, watch=runtime.broadcaster._watch, keep_watching=True,  # type: ignore[attr-defined]
    )  # fmt: skip


def test_a_citizen_message_that_begins_a_wait_asks_for_nothing():
    announcer = RecordingAnnouncer()
    desk = Desk(announcer=announcer)
    officer_cid, conv = held(desk)
    desk.frame(officer_cid, action="send", conversation_id=conv, client_msg_id="a1", text="Bonjour")
    before = announcer.requests
    desk.frame("c1", action="send", conversation_id=conv, client_msg_id="m1", text="Vous êtes là ?")
    assert desk.storage.conversations.get(conv).awaiting_since == desk.clock.t  # the wait began
    assert announcer.requests == before  # no invocation: the running broadcaster will look


def test_the_broadcaster_keeps_watching_while_an_officer_holds_a_conversation_and_sees_a_wait_begin():
    desk = Desk(announcer=RecordingAnnouncer())
    officer_cid, conv = held(desk)
    desk.frame(officer_cid, action="send", conversation_id=conv, client_msg_id="a1", text="Bonjour")  # no wait
    slept: list[float] = []

    def ten_seconds(seconds: float) -> None:
        slept.append(seconds)
        desk.clock.t += 10
        if len(slept) == 2:  # twenty seconds in, with nobody awaiting an answer, the citizen writes
            desk.frame("c1", action="send", conversation_id=conv, client_msg_id="m1", text="Vous êtes là ?")

    told_before = len(desk.frames(officer_cid, "waiting"))
    # It kept its lease although nobody awaited an answer, looked at +90 s (the soonest a new wait can fall
    # due), reminded at +110 s and re-queued at +140 s (the 15th pass), told the queue of it on the 16th, then
    # let go: the officer, set away, holds nothing.
    assert watcher_for(desk, ten_seconds).run() == 16
    assert desk.frames(officer_cid, "reply_reminder") and desk.last(officer_cid, "unassigned")["reason"] == "no_reply"
    assert len(desk.frames(officer_cid, "waiting")) == told_before + 2  # at the start and after the re-queue
    assert desk.storage.stats.broadcast_until is None  # type: ignore[attr-defined]


def test_with_no_conversation_held_the_broadcaster_lets_go_at_once():
    desk = Desk(announcer=RecordingAnnouncer())
    desk.agent_available("agent1")
    assert watcher_for(desk, lambda seconds: None).run() == 1


def test_an_invocation_with_nothing_new_to_tell_only_looks():
    desk = Desk(announcer=RecordingAnnouncer())
    officer_cid, _ = held(desk)
    assert desk.runtime.broadcaster.run() == 1  # tells the queue, gives the lease back as told
    told = len(desk.frames(officer_cid, "waiting"))
    assert desk.runtime.broadcaster.run() == 1
    assert len(desk.frames(officer_cid, "waiting")) == told
    desk.citizen_starts("c2")  # a change: the next invocation tells it
    assert desk.runtime.broadcaster.run() == 1
    assert len(desk.frames(officer_cid, "waiting")) == told + 1


# Context and history


def test_the_officer_sees_how_long_the_citizen_waited_and_how_often_they_came_back():
    desk = Desk()
    start = desk.citizen_starts("c1")
    desk.frame("c1", action="send", conversation_id=start["conversation_id"], client_msg_id="m1", text="Avant")
    desk.ws.disconnect("c1")
    desk.connect("c1-back")
    desk.frame("c1-back", action="resume", conversation_id=start["conversation_id"], resume_token=start["resume_token"])
    desk.clock.t += 42
    console = desk.agent_available("agent1")
    assigned = desk.last(console, "assigned")["conversation"]
    assert (assigned["waited_s"], assigned["resumed_count"], assigned["requeued_count"]) == (42, 1, 0)
    assert assigned["transferred_from"] is None
    assert assigned["messages"][0]["sent_at"] < assigned["assigned_at"]  # written before the officer joined


def test_history_lists_the_officers_closed_conversations_of_the_day_and_searches_them():
    desk = Desk()
    console, conv = held(desk)
    desk.frame("c1", action="send", conversation_id=conv, client_msg_id="m1", text="On m'a volé mon vélo")
    desk.frame(console, action="close", conversation_id=conv, outcome="resolved")
    second = desk.citizen_starts("c2", topic="escroquerie")["conversation_id"]
    desk.frame(console, action="close", conversation_id=second, outcome="oriented")
    history = desk.runtime.history
    assert history is not None
    me = officer("agent1")
    assert [c.conversation_id for c in history.today(me)] == [second, conv]
    assert [c.conversation_id for c in history.today(me, "VELO")] == [conv]
    assert [c.conversation_id for c in history.today(me, "arnaque")] == [second]
    assert history.today(officer("agent2")) == []
    _, messages, _ = history.conversation(me, conv)
    assert [m.text for m in messages] == ["On m'a volé mon vélo"]


def test_the_day_begins_at_midnight_in_the_desks_time_zone():
    noon_utc = 1_760_000_000  # 2025-10-09 08:53 UTC
    midnight = start_of_day(noon_utc, "Europe/Paris")
    assert 0 < noon_utc - midnight < 86400
    assert int(midnight) % 3600 == 0
    assert conversation_matches.__doc__
