"""Abuse limits on the chat: new conversations per source, and a citizen's message bursts."""
from __future__ import annotations

from tests.chat_desk import Desk


def start(desk: Desk, cid: str, source: str, start_id: str | None = None) -> dict:
    desk.connect(cid, source_ip=source)
    frame = {"action": "start", "topic": "autre"}
    if start_id:
        frame["start_id"] = start_id
    desk.frame(cid, **frame)
    answer = [f for f in desk.frames(cid) if f["type"] in ("queued", "error")]
    return answer[-1]


def test_a_source_gets_six_new_conversations_per_twelve_hours_then_a_clear_error():
    desk = Desk()
    for i in range(6):
        assert start(desk, f"c{i}", "203.0.113.9")["type"] == "queued"
        desk.frame(f"c{i}", action="end")
    refused = start(desk, "c6", "203.0.113.9")
    assert refused["type"] == "error" and refused["code"] == "rate_limited"
    assert 0 < refused["retry_after_s"] <= 12 * 3600
    assert start(desk, "other", "198.51.100.4")["type"] == "queued"  # another source is not affected
    desk.frame("c6", action="ping")
    assert desk.last("c6", "pong") == {"type": "pong"}
    desk.clock.t += 12 * 3600
    assert start(desk, "c7", "203.0.113.9")["type"] == "queued"


def test_a_repeated_start_never_spends_the_budget():
    desk = Desk()
    first = start(desk, "c0", "203.0.113.9", start_id="s" * 20)
    for i in range(10):
        again = start(desk, f"again{i}", "203.0.113.9", start_id="s" * 20)
        assert again["conversation_id"] == first["conversation_id"]
    for i in range(5):
        assert start(desk, f"new{i}", "203.0.113.9")["type"] == "queued"
        desk.frame(f"new{i}", action="end")


def test_the_address_is_never_stored_only_its_keyed_hash():
    desk = Desk()
    start(desk, "c0", "203.0.113.9")
    stored = desk.storage.connections.get("c0")
    assert stored.source_key and "203.0.113.9" not in stored.source_key


def test_a_citizen_flooding_gets_a_clear_error_after_the_burst_and_can_write_again_later():
    desk = Desk()
    desk.agent_available("agent1")
    conv = start(desk, "c0", "203.0.113.9")["conversation_id"]
    for i in range(20):
        desk.frame("c0", action="send", conversation_id=conv, client_msg_id=f"m{i}", text="Allô ?")
    assert len(desk.frames("c0", "ack")) == 20
    desk.frame("c0", action="send", conversation_id=conv, client_msg_id="m20", text="Allô ?")
    refused = desk.last("c0", "error")
    assert (refused["code"], refused["client_msg_id"]) == ("rate_limited", "m20")
    assert 0 < refused["retry_after_s"] <= 60
    desk.frame("c0", action="send", conversation_id=conv, client_msg_id="m3", text="Allô ?")  # a repeat is free
    assert desk.last("c0", "ack")["client_msg_id"] == "m3"
    assert len(desk.storage.messages.after(conv, None)) == 20
    desk.clock.t += 61
    desk.frame("c0", action="send", conversation_id=conv, client_msg_id="m20", text="Allô ?")
    assert desk.last("c0", "ack")["client_msg_id"] == "m20"


def test_the_officer_is_not_held_by_the_citizens_burst_limit():
    desk = Desk()
    officer = desk.agent_available("agent1")
    conv = start(desk, "c0", "203.0.113.9")["conversation_id"]
    for i in range(30):
        desk.frame(officer, action="send", conversation_id=conv, client_msg_id=f"a{i}", text="Réponse")
    assert len(desk.frames(officer, "ack")) == 30
