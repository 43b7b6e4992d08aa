"""Supervisors acting on the desk over the in-memory fakes: watch, join, take over, reassign, set away, capacity;
each refusal; and the audit trail each action writes."""
from __future__ import annotations

from typing import Any

import pytest

from chalicelib.domain.supervision import SupervisorAction
from tests.chat_desk import Desk
from tests.fakes import FakeSupervisorAudit, officer

SUPERVISORS = frozenset({"supervisors"})


def supervisor(desk: Desk, agent_id: str = "sup1") -> str:
    """A supervisor's console, connected (away)."""
    cid = f"conn-{agent_id}"
    ticket = desk.runtime.tickets.issue(officer(agent_id, SUPERVISORS))
    assert desk.ws.connect(cid, {"ticket": ticket}) == 200
    return cid


def held(desk: Desk, agent_id: str = "agent1", citizen: str = "c1") -> tuple[str, str]:
    console = desk.agent_available(agent_id)
    conversation_id = desk.citizen_starts(citizen)["conversation_id"]
    assert desk.last(console, "assigned")["conversation"]["conversation_id"] == conversation_id
    return console, conversation_id


def audit(desk: Desk) -> list[Any]:
    trail = desk.storage.audit
    assert isinstance(trail, FakeSupervisorAudit)
    return trail.rows


def test_a_supervisor_watches_a_conversation_read_only_and_the_citizen_is_told_nothing():
    desk = Desk()
    officer_console, conv = held(desk)
    desk.frame("c1", action="send", conversation_id=conv, client_msg_id="m1", text="Bonjour")
    citizen_frames_before = len(desk.frames("c1"))
    sup = supervisor(desk)

    desk.frame(sup, action="watch", conversation_id=conv)
    watching = desk.last(sup, "watching")
    assert watching["mode"] == "watch"
    assert [m["text"] for m in watching["conversation"]["messages"]] == ["Bonjour"]
    assert watching["conversation"]["agent"] == {"agent_id": "agent1", "display_name": "Officer agent1"}

    desk.frame("c1", action="send", conversation_id=conv, client_msg_id="m2", text="Vous êtes là ?")
    desk.frame(officer_console, action="send", conversation_id=conv, client_msg_id="a1", text="Oui")
    assert [f["text"] for f in desk.frames(sup, "message")] == ["Vous êtes là ?", "Oui"]
    # The citizen got only the officer's answer and its own acks: nothing says someone else reads.
    new_for_citizen = desk.frames("c1")[citizen_frames_before:]
    assert [f["type"] for f in new_for_citizen] == ["ack", "message"]

    desk.frame(sup, action="send", conversation_id=conv, client_msg_id="s1", text="Je n'ai pas rejoint")
    assert desk.last(sup, "error")["code"] == "forbidden"
    assert [(e.action, e.conversation_id, e.agent_id) for e in audit(desk)] == [("watch", conv, "agent1")]

    desk.frame(sup, action="unwatch", conversation_id=conv)
    assert desk.last(sup, "unwatched")["conversation_id"] == conv
    desk.frame("c1", action="send", conversation_id=conv, client_msg_id="m3", text="Encore")
    assert len(desk.frames(sup, "message")) == 2
    desk.frame(officer_console, action="close", conversation_id=conv, outcome="resolved")
    assert desk.frames(sup, "closed") == []


def test_a_supervisor_who_joined_writes_as_an_officer_and_both_consoles_see_every_message():
    desk = Desk()
    officer_console, conv = held(desk)
    sup = supervisor(desk)
    desk.frame(sup, action="join", conversation_id=conv)
    assert desk.last(sup, "watching")["mode"] == "join"
    joined = desk.last(officer_console, "supervisor_joined")
    assert joined == {"type": "supervisor_joined", "conversation_id": conv, "supervisor": {"display_name": "Officer sup1"}}
    assert desk.frames("c1", "supervisor_joined") == []

    desk.frame(sup, action="send", conversation_id=conv, client_msg_id="s1", text="Je complète la réponse")
    assert desk.last(sup, "ack")["client_msg_id"] == "s1"
    to_citizen = desk.last("c1", "message")
    assert (to_citizen["author"], to_citizen["text"]) == ("agent", "Je complète la réponse")
    assert set(to_citizen) == {"type", "conversation_id", "message_id", "author", "text", "sent_at"}
    to_officer = desk.last(officer_console, "message")
    assert (to_officer["text"], to_officer["by"]) == ("Je complète la réponse", {"display_name": "Officer sup1"})

    desk.frame(sup, action="typing", conversation_id=conv)
    assert desk.last("c1", "typing")["author"] == "agent"
    desk.frame(sup, action="close", conversation_id=conv, outcome="resolved")  # closing stays the officer's
    assert desk.last(sup, "error")["code"] == "forbidden"
    desk.frame(officer_console, action="send", conversation_id=conv, client_msg_id="a1", text="Merci chef")
    assert desk.last(sup, "message")["text"] == "Merci chef" and "by" not in desk.last(sup, "message")
    # Replayed to the citizen, the supervisor's message is still an officer's, with no name.
    desk.connect("c1-again")
    token = desk.frames("c1", "queued")[0]["resume_token"]
    desk.frame("c1-again", action="resume", conversation_id=conv, resume_token=token, after=None)
    replayed = [f for f in desk.frames("c1-again", "message") if f["text"] == "Je complète la réponse"]
    assert len(replayed) == 1 and "by" not in replayed[0] and replayed[0]["author"] == "agent"
    # The officer's console gets it back named (sync).
    desk.frame(officer_console, action="sync")
    synced = desk.last(officer_console, "agent_state")["conversations"][0]["messages"]
    assert [m.get("by") for m in synced if m["author"] == "agent"] == [{"display_name": "Officer sup1"}, None]
    desk.frame("c1", action="send", conversation_id=conv, client_msg_id="m1", text="D'accord")
    assert desk.last(sup, "message")["text"] == "D'accord"
    assert desk.last(officer_console, "message")["text"] == "D'accord"
    desk.frame(officer_console, action="close", conversation_id=conv, outcome="resolved")
    assert desk.last(sup, "closed")["conversation_id"] == conv
    assert [e.action for e in audit(desk)] == ["join"]


def test_a_supervisor_takes_a_conversation_over_and_the_officer_loses_it_with_a_reason():
    desk = Desk()
    officer_console, conv = held(desk)
    desk.frame("c1", action="send", conversation_id=conv, client_msg_id="m1", text="Bonjour")
    sup = supervisor(desk)
    desk.frame(sup, action="take_over", conversation_id=conv)

    assigned = desk.last(sup, "assigned")["conversation"]
    assert assigned["conversation_id"] == conv and [m["text"] for m in assigned["messages"]] == ["Bonjour"]
    assert assigned["transferred_from"] == {"display_name": "Officer agent1"}
    assert desk.last(officer_console, "unassigned") == {"type": "unassigned", "conversation_id": conv, "reason": "taken_over"}
    assert desk.last("c1", "agent_joined")["agent"] == {"display_name": "Officer sup1"}
    assert desk.last(sup, "supervised")["action"] == "take_over"
    agents = desk.storage.agents
    assert (agents.get("agent1").active_count, agents.get("sup1").active_count) == (0, 1)  # type: ignore[union-attr]
    desk.frame(officer_console, action="send", conversation_id=conv, client_msg_id="a1", text="Encore moi")
    assert desk.last(officer_console, "error")["code"] == "forbidden"
    entry = audit(desk)[-1]
    assert (entry.action, entry.conversation_id, entry.agent_id, entry.value) == ("take_over", conv, "agent1", "sup1")


def test_a_supervisor_reassigns_a_conversation_to_another_officer_with_a_free_slot():
    desk = Desk()
    officer_console, conv = held(desk)
    other = desk.agent_available("agent2")
    sup = supervisor(desk)
    desk.frame(sup, action="reassign", conversation_id=conv, to_agent_id="agent2")
    assert desk.last(other, "assigned")["conversation"]["conversation_id"] == conv
    assert desk.last(officer_console, "unassigned")["reason"] == "reassigned"
    assert desk.last("c1", "agent_joined")["agent"] == {"display_name": "Officer agent2"}
    done = desk.last(sup, "supervised")
    assert (done["action"], done["to"]) == ("reassign", {"agent_id": "agent2", "display_name": "Officer agent2"})
    desk.frame("c1", action="send", conversation_id=conv, client_msg_id="m1", text="Allô ?")
    assert desk.last(other, "message")["text"] == "Allô ?"
    assert [(e.action, e.agent_id, e.value) for e in audit(desk)] == [("reassign", "agent1", "agent2")]


def test_an_officer_set_away_by_a_supervisor_is_told_and_gets_no_new_chat():
    desk = Desk()
    console = desk.agent_available("agent1")
    sup = supervisor(desk)
    desk.frame(sup, action="set_agent_away", agent_id="agent1")
    status = desk.last(console, "status")
    assert status["agent"]["status"] == "away" and status["by"] == {"display_name": "Officer sup1"}
    desk.citizen_starts("c1")
    assert desk.frames(console, "assigned") == []
    assert [(e.action, e.agent_id, e.value) for e in audit(desk)] == [("set_away", "agent1", "away")]


def test_a_capacity_change_is_told_to_the_officer_and_the_next_assignments_follow_it():
    desk = Desk()
    console = desk.agent_available("agent1")
    sup = supervisor(desk)
    desk.frame(sup, action="set_capacity", agent_id="agent1", capacity=1)
    status = desk.last(console, "status")
    assert status["agent"]["capacity"] == 1 and status["by"]["display_name"] == "Officer sup1"
    desk.citizen_starts("c1")
    desk.citizen_starts("c2")
    assert len(desk.frames(console, "assigned")) == 1
    assert desk.frames("c2", "agent_joined") == []

    desk.frame(sup, action="set_capacity", agent_id="agent1", capacity=2)  # a slot more: the waiting one is served
    assert len(desk.frames(console, "assigned")) == 2
    assert desk.last("c2", "agent_joined")["agent"]["display_name"] == "Officer agent1"
    # Kept on the officer: a reconnection keeps the supervisor's choice.
    assert desk.connect("conn-agent1-bis", "valid:agent1") == 200
    assert desk.storage.agents.get("agent1").capacity == 2  # type: ignore[union-attr]
    assert [(e.action, e.value) for e in audit(desk)] == [("set_capacity", "1"), ("set_capacity", "2")]


def test_the_supervision_list_gives_the_officers_online_and_their_chats():
    desk = Desk()
    held(desk)
    desk.agent_available("agent2")
    sup = supervisor(desk)
    desk.frame(sup, action="supervise_list")
    listed = desk.last(sup, "supervision")
    assert [o["agent_id"] for o in listed["officers"]] == ["agent1", "agent2", "sup1"]
    assert [(o["open_chats"], o["capacity"], o["status"]) for o in listed["officers"][:2]] == [
        (1, 3, "available"),
        (0, 3, "available"),
    ]
    assert [(c["agent_id"], c["topic"]) for c in listed["chats"]] == [("agent1", "autre")]


SUPERVISOR_FRAMES: list[dict[str, Any]] = [
    {"action": "supervise_list"},
    {"action": "watch", "conversation_id": "CONV"},
    {"action": "join", "conversation_id": "CONV"},
    {"action": "unwatch", "conversation_id": "CONV"},
    {"action": "take_over", "conversation_id": "CONV"},
    {"action": "reassign", "conversation_id": "CONV", "to_agent_id": "agent2"},
    {"action": "set_agent_away", "agent_id": "agent2"},
    {"action": "set_capacity", "agent_id": "agent2", "capacity": 4},
]


@pytest.mark.parametrize("frame", SUPERVISOR_FRAMES, ids=lambda f: f["action"])
def test_officers_and_citizens_are_refused_every_supervisor_action_and_nothing_changes(frame: dict[str, Any]):
    desk = Desk()
    officer_console, conv = held(desk)
    other = desk.agent_available("agent2")
    desk.connect("c9")
    body = {k: (conv if v == "CONV" else v) for k, v in frame.items()}
    for connection in (officer_console, other, "c1", "c9"):
        desk.frame(connection, **body)
        error = desk.last(connection, "error")
        assert error["code"] == "forbidden", (connection, error)
    assert audit(desk) == []
    assert desk.storage.conversations.get(conv).agent_id == "agent1"
    assert desk.storage.agents.get("agent2").capacity == 3  # type: ignore[union-attr]
    assert desk.storage.agents.get("agent2").status.value == "available"  # type: ignore[union-attr]
    # The service keeps serving: the officer still writes.
    desk.frame(officer_console, action="send", conversation_id=conv, client_msg_id="a1", text="Toujours là")
    assert desk.last("c1", "message")["text"] == "Toujours là"


@pytest.mark.parametrize(
    ("frame", "code"),
    [
        ({"action": "watch", "conversation_id": "nope"}, "not_found"),
        ({"action": "join", "conversation_id": "nope"}, "not_found"),
        ({"action": "join", "conversation_id": "WAITING"}, "not_assigned"),
        ({"action": "take_over", "conversation_id": "WAITING"}, "not_assigned"),
        ({"action": "reassign", "conversation_id": "WAITING", "to_agent_id": "agent1"}, "not_assigned"),
        ({"action": "take_over", "conversation_id": "CLOSED"}, "conversation_closed"),
        ({"action": "watch", "conversation_id": "CLOSED"}, "conversation_closed"),
        ({"action": "reassign", "conversation_id": "CONV", "to_agent_id": "agent1"}, "colleague_unavailable"),
        ({"action": "reassign", "conversation_id": "CONV", "to_agent_id": "ghost"}, "colleague_unavailable"),
        ({"action": "reassign", "conversation_id": "CONV", "to_agent_id": "agent3"}, "colleague_unavailable"),
        ({"action": "set_agent_away", "agent_id": "ghost"}, "officer_offline"),
        ({"action": "set_capacity", "agent_id": "ghost", "capacity": 2}, "not_found"),
        ({"action": "set_capacity", "agent_id": "agent1", "capacity": 0}, "invalid_field"),
        ({"action": "set_capacity", "agent_id": "agent1", "capacity": 6}, "invalid_field"),
        ({"action": "set_capacity", "agent_id": "agent1", "capacity": "3"}, "invalid_field"),
        ({"action": "reassign", "conversation_id": "CONV"}, "invalid_field"),
        ({"action": "watch", "conversation_id": ""}, "invalid_field"),
    ],
    ids=lambda v: v if isinstance(v, str) else v["action"],
)
def test_bad_ids_and_values_get_clear_errors_and_the_supervisor_can_go_on(frame: dict[str, Any], code: str):
    desk = Desk()
    _, conv = held(desk)
    closed_console, closed = held(desk, "agent4", "c4")
    desk.frame(closed_console, action="close", conversation_id=closed, outcome="resolved")
    for console in ("conn-agent1", closed_console):
        desk.frame(console, action="set_status", status="away")
    waiting = desk.citizen_starts("c2")["conversation_id"]  # nobody available: it waits
    desk.connect("conn-agent3", "valid:agent3")  # online but away: no conversation can be given to them
    sup = supervisor(desk)
    names = {"CONV": conv, "WAITING": waiting, "CLOSED": closed}
    body = {k: names.get(v, v) if isinstance(v, str) else v for k, v in frame.items()}
    before = len(audit(desk))
    desk.frame(sup, **body)
    assert desk.last(sup, "error")["code"] == code
    assert len(audit(desk)) == before
    desk.frame(sup, action="watch", conversation_id=conv)
    assert desk.last(sup, "watching")["conversation"]["conversation_id"] == conv


def test_every_supervisor_action_is_audited_with_ids_only_and_the_conversations_retention():
    desk = Desk()
    _, conv = held(desk)
    desk.frame("c1", action="send", conversation_id=conv, client_msg_id="m1", text="Un texte privé")
    desk.agent_available("agent2")
    sup = supervisor(desk)
    for frame in (
        {"action": "watch", "conversation_id": conv},
        {"action": "join", "conversation_id": conv},
        {"action": "unwatch", "conversation_id": conv},
        {"action": "reassign", "conversation_id": conv, "to_agent_id": "agent2"},
        {"action": "take_over", "conversation_id": conv},
        {"action": "set_capacity", "agent_id": "agent1", "capacity": 5},
        {"action": "set_agent_away", "agent_id": "agent1"},
    ):
        desk.clock.t += 1
        desk.frame(sup, **frame)
        assert not desk.frames(sup, "error"), desk.frames(sup, "error")
    entries = audit(desk)
    assert [e.action for e in entries] == [a.value for a in (
        SupervisorAction.WATCH, SupervisorAction.JOIN, SupervisorAction.UNWATCH, SupervisorAction.REASSIGN,
        SupervisorAction.TAKE_OVER, SupervisorAction.SET_CAPACITY, SupervisorAction.SET_AWAY,
    )]
    assert {(e.actor_id, e.actor_name) for e in entries} == {("sup1", "Officer sup1")}
    assert all(e.expires_at == desk.runtime.ctx.retention.expires_at(e.at) for e in entries)
    assert not any("Un texte privé" in repr(e) for e in entries)
    log = desk.runtime.audit_log
    assert log is not None
    today = log.today()
    assert [e.action for e in today.entries] == [e.action for e in reversed(entries)]
    assert len(log.today(limit=3).entries) == 3


def test_a_joined_supervisor_no_longer_writes_once_the_chat_is_back_in_the_queue():
    desk = Desk()
    officer_console, conv = held(desk)
    sup = supervisor(desk)
    desk.frame(sup, action="join", conversation_id=conv)
    desk.frame(officer_console, action="set_status", status="away")
    desk.clock.t += 200  # no answer in time: the reply watch puts it back in the queue
    desk.runtime.broadcaster.run()
    assert desk.storage.conversations.get(conv).status.value == "waiting"
    desk.frame(sup, action="send", conversation_id=conv, client_msg_id="s1", text="Toujours là ?")
    assert desk.last(sup, "error")["code"] == "forbidden"
    assert not [f for f in desk.frames("c1", "message") if f["text"] == "Toujours là ?"]


def test_a_supervisors_console_that_is_gone_stops_following_and_the_chat_goes_on():
    desk = Desk()
    officer_console, conv = held(desk)
    sup = supervisor(desk)
    desk.frame(sup, action="join", conversation_id=conv)
    desk.clock.t += 60  # past the 30 s during which a 410 may mean "still connecting"
    desk.notifier.gone.add(sup)
    desk.frame("c1", action="send", conversation_id=conv, client_msg_id="m1", text="Bonjour")
    assert desk.last(officer_console, "message")["text"] == "Bonjour"
    stored = desk.storage.conversations.get(conv)
    assert (stored.watchers, stored.joined) == (frozenset(), frozenset())
    desk.frame(officer_console, action="send", conversation_id=conv, client_msg_id="a1", text="Je vous écoute")
    assert desk.last("c1", "message")["text"] == "Je vous écoute"


def test_a_supervisors_edit_of_the_desks_notices_and_hours_is_in_the_audit_trail():
    from chalicelib.domain.desk_settings import DeskNotices
    from chalicelib.domain.opening_hours import OpeningHours

    desk = Desk()
    service = desk.runtime.desk_settings
    assert service is not None
    editor = officer("sup1", SUPERVISORS)
    saved = service.set_notices(editor, DeskNotices())
    service.set_hours(editor, OpeningHours.always())
    entries = audit(desk)
    assert [(e.actor_id, e.action, e.value) for e in entries] == [
        ("sup1", "desk_notices", str(saved.revision)),
        ("sup1", "opening_hours", str(saved.revision + 1)),
    ]
    assert all(e.at == desk.clock.t for e in entries)
