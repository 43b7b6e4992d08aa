"""Orientation cards and internal notes over in-memory fakes, driven through the websocket endpoint as frames."""
from __future__ import annotations

import json
from dataclasses import replace
from typing import Any

import pytest

from tests.chat_desk import Desk

PHAROS = {"kind": "service", "ref": "pharos"}


@pytest.fixture
def desk() -> Desk:
    return Desk()


def chat(desk: Desk, lang: str = "fr") -> tuple[str, str, dict[str, Any]]:
    """An officer holding a citizen's conversation: (officer's connection, conversation id, the citizen's `queued`)."""
    officer = desk.agent_available("agent1")
    desk.clock.t += 1
    desk.connect("c1")
    desk.frame("c1", action="start", topic="autre", lang=lang)
    queued = desk.last("c1", "queued")
    return officer, queued["conversation_id"], queued


def supervisor(desk: Desk, cid: str, agent_id: str) -> str:
    """A supervisor's console (their connection row says so, as an officer's sign-in with the group would)."""
    assert desk.connect(cid, f"valid:{agent_id}") == 200
    row = desk.storage.connections.rows[cid]  # type: ignore[attr-defined]
    desk.storage.connections.rows[cid] = replace(row, supervisor=True, display_name="Capitaine Hélène R.")  # type: ignore[attr-defined]
    return cid


# Orientation cards


def test_a_card_reaches_the_citizen_as_a_message_with_its_title_and_link_in_french(desk):
    officer, conv, _ = chat(desk)
    desk.frame(officer, action="send_card", conversation_id=conv, client_msg_id="k1", card=PHAROS)
    ack = desk.last(officer, "ack")
    message = desk.last("c1", "message")
    assert message["message_id"] == ack["message_id"]
    assert (message["kind"], message["author"]) == ("card", "agent")
    assert message["card"] == {
        "kind": "service",
        "ref": "pharos",
        "title": "PHAROS, signalement des contenus illicites de l'internet",
        "url": "https://www.internet-signalement.gouv.fr/",
    }
    assert message["text"] == "PHAROS, signalement des contenus illicites de l'internet : https://www.internet-signalement.gouv.fr/"


def test_a_card_is_in_the_citizens_language(desk):
    officer, conv, _ = chat(desk, lang="en")
    desk.frame(officer, action="send_card", conversation_id=conv, client_msg_id="k1", card={"kind": "sheet", "ref": "vol-vehicule"})
    card = desk.last("c1", "message")["card"]
    assert (card["title"], card["url"]) == ("A stolen vehicle", "/fiches/vol-vehicule.html")


@pytest.mark.parametrize(
    ("card", "url"),
    [
        ({"kind": "unit", "ref": "commissariat-de-police-d-arcachon"}, "/unites.html?q=Arcachon"),
        ({"kind": "report", "ref": "rodeo"}, "/signaler.html?type=rodeo"),
        ({"kind": "sheet", "ref": "papiers-perdus-voles"}, "/fiches/papiers-perdus-voles.html"),
        ({"kind": "service", "ref": "perceval"}, "https://www.service-public.fr/particuliers/vosdroits/R46526"),
    ],
)
def test_every_kind_of_card_links_to_its_page(desk, card, url):
    officer, conv, _ = chat(desk)
    desk.frame(officer, action="send_card", conversation_id=conv, client_msg_id="k1", card=card)
    assert desk.last("c1", "message")["card"]["url"] == url


def test_a_card_is_stored_once_replayed_on_resume_and_in_the_officers_state(desk):
    officer, conv, queued = chat(desk)
    for _ in range(2):
        desk.frame(officer, action="send_card", conversation_id=conv, client_msg_id="k1", card=PHAROS)
    stored = desk.storage.messages.after(conv, None)
    assert [(m.card.kind.value, m.card.ref) for m in stored if m.card] == [("service", "pharos")]
    assert len(stored) == 1
    desk.connect("c2")
    desk.frame("c2", action="resume", conversation_id=conv, resume_token=queued["resume_token"], after=None)
    [replayed] = desk.frames("c2", "message")
    assert replayed["card"]["ref"] == "pharos" and replayed["kind"] == "card"
    desk.frame(officer, action="sync")
    [held] = desk.last(officer, "agent_state")["conversations"]
    assert held["messages"][0]["card"]["ref"] == "pharos"


def test_an_unknown_card_is_refused_and_nothing_is_stored(desk):
    officer, conv, _ = chat(desk)
    desk.frame(officer, action="send_card", conversation_id=conv, client_msg_id="k1", card={"kind": "sheet", "ref": "pharos"})
    error = desk.last(officer, "error")
    assert (error["code"], error["client_msg_id"]) == ("unknown_card", "k1")
    assert desk.storage.messages.after(conv, None) == []
    assert desk.frames("c1", "message") == []


def test_a_citizen_cannot_send_a_card(desk):
    _, conv, _ = chat(desk)
    desk.frame("c1", action="send_card", conversation_id=conv, client_msg_id="k1", card=PHAROS)
    assert desk.last("c1", "error")["code"] == "action_not_allowed"
    assert desk.storage.messages.after(conv, None) == []


def test_another_officer_cannot_send_a_card_in_a_conversation_they_do_not_hold(desk):
    _, conv, _ = chat(desk)
    other = desk.agent_available("agent2")
    desk.frame(other, action="send_card", conversation_id=conv, client_msg_id="k1", card=PHAROS)
    assert desk.last(other, "error")["code"] == "forbidden"


# Internal notes


def test_the_officer_holding_the_conversation_adds_a_note_and_gets_it_back(desk):
    officer, conv, _ = chat(desk)
    desk.frame(officer, action="add_note", conversation_id=conv, client_msg_id="n1", text="Déjà venue hier, même question.")
    note = desk.last(officer, "note")
    assert note["conversation_id"] == conv
    assert (note["note_id"], note["text"], note["client_msg_id"]) == ("0000000001", "Déjà venue hier, même question.", "n1")
    assert note["author"] == {"agent_id": "agent1", "display_name": "Officer agent1"}


def test_a_repeated_note_is_stored_once_and_answered_again(desk):
    officer, conv, _ = chat(desk)
    for _ in range(2):
        desk.frame(officer, action="add_note", conversation_id=conv, client_msg_id="n1", text="Une seule fois")
    assert [n.text for n in desk.storage.notes.for_conversation(conv)] == ["Une seule fois"]
    assert [f["note_id"] for f in desk.frames(officer, "note")] == ["0000000001", "0000000001"]


def test_notes_are_numbered_in_order(desk):
    officer, conv, _ = chat(desk)
    for i in range(3):
        desk.frame(officer, action="add_note", conversation_id=conv, client_msg_id=f"n{i}", text=f"note {i}")
    assert [f["note_id"] for f in desk.frames(officer, "note")] == ["0000000001", "0000000002", "0000000003"]


def test_a_supervisor_adds_a_note_that_reaches_the_officer_holding_the_conversation(desk):
    officer, conv, _ = chat(desk)
    boss = supervisor(desk, "boss", "sup1")
    desk.frame(boss, action="add_note", conversation_id=conv, client_msg_id="s1", text="Proposez le 3919.")
    for console in (boss, officer):
        note = desk.last(console, "note")
        assert note["author"] == {"agent_id": "sup1", "display_name": "Capitaine Hélène R."}


def test_a_supervisor_notes_a_waiting_conversation_and_the_officer_gets_it_on_assignment(desk):
    desk.connect("c1")
    desk.frame("c1", action="start", topic="victime")
    conv = desk.last("c1", "queued")["conversation_id"]
    boss = supervisor(desk, "boss", "sup1")
    desk.frame(boss, action="add_note", conversation_id=conv, client_msg_id="s1", text="Victime connue, prioritaire.")
    officer = desk.agent_available("agent1")
    assigned = desk.last(officer, "assigned")["conversation"]
    assert [n["text"] for n in assigned["notes"]] == ["Victime connue, prioritaire."]


def test_another_officer_cannot_add_a_note(desk):
    _, conv, _ = chat(desk)
    other = desk.agent_available("agent2")
    desk.frame(other, action="add_note", conversation_id=conv, client_msg_id="n1", text="Pas à moi")
    assert desk.last(other, "error")["code"] == "forbidden"
    assert desk.storage.notes.for_conversation(conv) == []


def test_a_citizen_cannot_add_a_note(desk):
    _, conv, _ = chat(desk)
    desk.frame("c1", action="add_note", conversation_id=conv, client_msg_id="n1", text="Je veux voir")
    assert desk.last("c1", "error")["code"] == "action_not_allowed"
    assert desk.storage.notes.for_conversation(conv) == []


def test_notes_come_back_when_the_console_reloads(desk):
    officer, conv, _ = chat(desk)
    desk.frame(officer, action="add_note", conversation_id=conv, client_msg_id="n1", text="À rappeler")
    desk.connect("console-2", "valid:agent1")
    desk.frame("console-2", action="sync")
    [held] = desk.last("console-2", "agent_state")["conversations"]
    assert [(n["note_id"], n["text"]) for n in held["notes"]] == [("0000000001", "À rappeler")]


def test_no_note_on_a_closed_conversation(desk):
    officer, conv, _ = chat(desk)
    desk.frame(officer, action="close", conversation_id=conv, outcome="resolved")
    desk.frame(officer, action="add_note", conversation_id=conv, client_msg_id="n1", text="Trop tard")
    assert desk.last(officer, "error")["code"] in {"conversation_closed", "forbidden"}
    assert desk.storage.notes.for_conversation(conv) == []


@pytest.mark.parametrize(
    ("text", "code"),
    [("x" * 2001, "text_too_long"), ("   ", "invalid_field"), ("note \ud800", "invalid_field")],
)
def test_a_bad_note_is_refused_and_the_socket_still_answers(desk, text, code):
    officer, conv, _ = chat(desk)
    desk.ws.message(officer, json.dumps({"action": "add_note", "conversation_id": conv, "client_msg_id": "n1", "text": text}))
    assert desk.last(officer, "error")["code"] == code
    desk.frame(officer, action="ping")
    assert desk.frames(officer)[-1] == {"type": "pong"}


def test_no_frame_sent_to_a_citizen_ever_carries_a_note(desk):
    """A whole conversation with notes from the officer and a supervisor, cards, a drop, a resume and a replay."""
    secret = "NOTE-SECRET-7f3a"
    boss = supervisor(desk, "boss", "sup1")
    desk.connect("c1")
    desk.frame("c1", action="start", topic="violences", lang="fr")
    queued = desk.last("c1", "queued")
    conv = queued["conversation_id"]
    desk.frame(boss, action="add_note", conversation_id=conv, client_msg_id="s0", text=f"{secret} en attente")
    desk.frame("c1", action="send", conversation_id=conv, client_msg_id="m1", text="Bonjour")
    officer = desk.agent_available("agent1")
    desk.frame(officer, action="add_note", conversation_id=conv, client_msg_id="n1", text=f"{secret} 1")
    desk.frame(officer, action="send", conversation_id=conv, client_msg_id="a1", text="Je vous écoute.")
    desk.frame(officer, action="send_card", conversation_id=conv, client_msg_id="k1", card={"kind": "sheet", "ref": "violences-conjugales"})
    desk.frame(boss, action="add_note", conversation_id=conv, client_msg_id="s1", text=f"{secret} superviseur")
    desk.frame(officer, action="typing", conversation_id=conv)
    desk.ws.disconnect("c1")
    desk.frame(officer, action="add_note", conversation_id=conv, client_msg_id="n2", text=f"{secret} hors ligne")
    desk.connect("c2")
    desk.frame("c2", action="resume", conversation_id=conv, resume_token=queued["resume_token"], after=None)
    desk.frame("c2", action="send", conversation_id=conv, client_msg_id="m2", text="Me revoilà")
    desk.frame(officer, action="add_note", conversation_id=conv, client_msg_id="n3", text=f"{secret} après retour")
    desk.connect("c3")
    desk.frame("c3", action="resume", conversation_id=conv, resume_token=queued["resume_token"], after="0000000001")
    desk.frame(officer, action="sync")
    desk.frame(officer, action="close", conversation_id=conv, outcome="oriented")
    desk.frame("c3", action="survey", found_easily=True, understood=True, rating=5)

    assert len(desk.storage.notes.for_conversation(conv)) == 5
    assert len(desk.last(officer, "agent_state")["conversations"][0]["notes"]) == 5
    citizen_frames = [f for cid in ("c1", "c2", "c3") for f in desk.frames(cid)]
    assert {"queued", "resumed", "message", "closed", "survey_saved"} <= {f["type"] for f in citizen_frames}
    for frame in citizen_frames:
        assert frame["type"] != "note"
        text = json.dumps(frame, ensure_ascii=False)
        assert secret not in text and '"notes"' not in text and "note_id" not in text, frame
