"""Hostile websocket frames, generated: each gets a documented answer, changes nothing when refused, and
the socket still answers a ping. Driven through the real WebsocketEndpoint over the in-memory fakes."""
from __future__ import annotations

import json
import re
from collections.abc import Mapping
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from chalicelib.bootstrap import build_runtime
from chalicelib.config import Settings
from chalicelib.errors import GuichetError
from chalicelib.protocol import inbound
from chalicelib.protocol.inbound import MAX_FRAME_BYTES, client_msg_id_of, parse_frame
from chalicelib.protocol.untrusted_json import MAX_NESTING, too_deep
from tests.chat_desk import FixedClock
from tests.fakes import (
    FakeNotifier,
    FakeSupervisorAudit,
    FakeWsTickets,
    fake_report_storage,
    fake_storage,
    officer,
)
from tests.protocol_doc import documented_error_codes, documented_frame_types

ACTIONS = (
    "start", "send", "resume", "end", "typing", "survey", "ping", "sync", "set_status", "take", "close",
    "send_card", "add_note", "colleagues", "transfer", "transfer_accept", "transfer_decline",
    "supervise_list", "watch", "join", "unwatch", "take_over", "reassign", "set_agent_away", "set_capacity",
)  # fmt: skip
FIELDS = (
    "topic", "lang", "start_id", "client_msg_id", "text", "conversation_id", "resume_token", "after",
    "found_easily", "understood", "rating", "comment", "status", "outcome", "to_agent_id", "note", "agent_id",
    "capacity",
)  # fmt: skip
ANSWERABLE_CODES = documented_error_codes() - {"internal_error"}
FRAME_TYPES = documented_frame_types()


class SerializingNotifier(FakeNotifier):
    """Posts frames the way the AWS notifier does, so a frame that cannot become UTF-8 JSON fails loudly."""

    def send(self, connection_id: str, frame: Mapping[str, Any]) -> None:
        json.dumps(frame, ensure_ascii=False).encode("utf-8")
        super().send(connection_id, frame)


class Desk:
    """A citizen (`c1`, with a conversation or not) and an officer (`a1`) on a fresh runtime."""

    def __init__(self, started: bool) -> None:
        self.storage = fake_storage()
        self.notifier = SerializingNotifier()
        runtime = build_runtime(
            self.storage, fake_report_storage(), self.notifier, FakeWsTickets(), Settings(), clock=FixedClock()
        )
        self.ws = runtime.websocket
        self.ws.connect("c1", None)
        self.runtime = runtime
        self.ws.connect("a1", {"ticket": runtime.tickets.issue(officer("agent1"))})
        self.conversation: dict[str, Any] = {}
        if started:
            self.ws.message("c1", json.dumps({"action": "start", "topic": "autre"}))
            self.conversation = self.notifier.frames("c1", "queued")[-1]

    def count(self) -> dict[str, int]:
        return {cid: len(frames) for cid, frames in self.notifier.sent.items()}


# Strings a client might send: any code point (lone surrogates included), and values that pass some checks.
any_text = st.text(alphabet=st.characters(exclude_categories=()), max_size=40)
near_valid = st.sampled_from(
    ["", " ", "autre", "fr", "en", "available", "away", "resolved", "0000000001", "00000000001", "1e3",
     "\ud800", "a\udfffb", "\ud83d", "\ud83d\ude00", "\x00", "x" * 129, "k" * 16, "<b>é</b>",
     "sheet", "service", "unit", "report", "pharos", "vol-vehicule", "rodeo", "agent1", "agent2"]
)  # fmt: skip
strings = any_text | near_valid
scalars = st.none() | st.booleans() | st.integers(-(2**70), 2**70) | st.floats() | strings
json_values = st.recursive(
    scalars, lambda inner: st.lists(inner, max_size=3) | st.dictionaries(strings, inner, max_size=3), max_leaves=8
)
# Orientation cards: the right shape with any values, and any JSON.
cards = st.fixed_dictionaries({"kind": strings | json_values, "ref": strings | json_values}, optional={"x": json_values})
action_frames = st.fixed_dictionaries(
    {"action": st.sampled_from(ACTIONS) | strings | json_values},
    optional={name: json_values for name in FIELDS} | {"card": cards | json_values, "extra": json_values},
)


def _nested(depth: int, inside: str) -> str:
    return "[" * depth + inside + "]" * depth


deep_frames = st.builds(
    lambda depth, where: {
        "bare": _nested(depth, ""),
        "field": '{"action": "ping", "x": ' + _nested(depth, "") + "}",
        "unclosed": '{"action": "ping", "x": ' + "[" * depth,
        "in_text": json.dumps({"action": "send", "client_msg_id": "m", "text": "[" * depth}),
    }[where],
    st.integers(1, 20_000),
    st.sampled_from(["bare", "field", "unclosed", "in_text"]),
)
encoded = st.builds(lambda v, ascii_only: json.dumps(v, ensure_ascii=ascii_only), action_frames | json_values, st.booleans())
raw_text = (
    st.binary(max_size=200).map(lambda b: b.decode("utf-8", "surrogateescape"))
    | st.text(alphabet=st.characters(exclude_categories=()), max_size=200)
    | st.builds(lambda n: json.dumps({"action": "send", "client_msg_id": "m", "text": "x" * n}), st.integers(4000, 20_000))
)
frames = encoded | deep_frames | raw_text | st.none()


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(body=frames, sender=st.sampled_from(["c1", "a1"]), started=st.booleans())
def test_any_frame_gets_a_documented_answer_and_the_socket_still_answers_ping(
    body: str | None, sender: str, started: bool
) -> None:
    desk = Desk(started)
    before = desk.count()

    desk.ws.message(sender, body)

    answers = desk.notifier.sent.get(sender, [])[before.get(sender, 0) :]
    if not answers:
        # The one documented success with no answer: a well-formed `typing`, relayed (or not) to the other side.
        assert isinstance(inbound.parse_frame(body), inbound.Typing), "the sender got no frame"
    for frame in answers:
        assert frame["type"] in FRAME_TYPES
        if frame["type"] == "error":
            assert frame["code"] in ANSWERABLE_CODES, frame
    if any(frame["type"] == "error" for frame in answers):
        others = {cid: n for cid, n in desk.count().items() if cid != sender}
        assert others == {cid: n for cid, n in before.items() if cid != sender}, "a refused frame reached others"

    desk.ws.message(sender, '{"action": "ping"}')
    assert desk.notifier.sent[sender][-1] == {"type": "pong"}


@settings(max_examples=300, deadline=None)
@given(body=frames)
def test_parsing_answers_a_command_or_a_named_error_and_an_echo_is_always_sendable(body: str | None) -> None:
    try:
        parse_frame(body)
    except GuichetError:
        pass
    echoed = client_msg_id_of(body)
    if echoed is not None:
        echoed.encode("utf-8")


def test_a_non_numeric_after_is_refused_before_the_conversation_moves() -> None:
    desk = Desk(started=True)
    conversation = desk.conversation
    desk.ws.connect("c2", None)
    desk.ws.message(
        "c2",
        json.dumps(
            {"action": "resume", "conversation_id": conversation["conversation_id"],
             "resume_token": conversation["resume_token"], "after": "abc"}
        ),
    )  # fmt: skip
    assert [f["type"] for f in desk.notifier.frames("c2")] == ["error"]
    assert desk.notifier.frames("c2")[0]["code"] == "invalid_field"
    stored = desk.storage.conversations.get(conversation["conversation_id"])
    assert stored.citizen_connection_id == "c1"


def test_a_lone_surrogate_in_a_client_msg_id_is_refused_and_not_echoed() -> None:
    desk = Desk(started=True)
    desk.ws.message("c1", json.dumps({"action": "send", "client_msg_id": "\ud800", "text": "Bonjour"}))
    [error] = desk.notifier.frames("c1", "error")
    assert error["code"] == "invalid_field" and "client_msg_id" not in error


def test_a_lone_surrogate_in_a_text_is_refused_and_the_valid_client_msg_id_echoed() -> None:
    desk = Desk(started=True)
    desk.ws.message("c1", json.dumps({"action": "send", "client_msg_id": "m1", "text": "Bonjour \ud800"}))
    [error] = desk.notifier.frames("c1", "error")
    assert (error["code"], error["client_msg_id"]) == ("invalid_field", "m1")
    assert desk.notifier.frames("a1", "message") == []


def test_deep_nesting_is_refused_before_parsing_and_strings_do_not_count() -> None:
    assert too_deep("[" * (MAX_NESTING + 1) + "]" * (MAX_NESTING + 1))
    assert not too_deep('{"text": "' + "[" * 10_000 + '"}')
    assert not too_deep('{"a": {"b": [[1]]}}')
    assert not too_deep('"\\"' * (MAX_FRAME_BYTES // 3))  # quotes that never close: still one pass


def test_take_of_an_unknown_conversation_answers_a_documented_code() -> None:
    desk = Desk(started=False)
    desk.ws.message("a1", json.dumps({"action": "take", "conversation_id": "does-not-exist"}))
    [error] = desk.notifier.frames("a1", "error")
    assert error["code"] in ANSWERABLE_CODES


def test_every_error_code_the_server_defines_is_in_the_protocol_document() -> None:
    from chalicelib import errors

    defined = {
        cls.code
        for cls in vars(errors).values()
        if isinstance(cls, type) and issubclass(cls, errors.GuichetError)
    }
    assert defined - documented_error_codes() == set()
    assert all(re.fullmatch(r"[a-z_]+", code) for code in defined)


def _held_conversation(desk: Desk) -> str:
    """The officer a1 goes available and takes the citizen's conversation: cards and notes reach the services."""
    desk.ws.message("a1", json.dumps({"action": "set_status", "status": "available"}))
    assert desk.notifier.frames("a1", "assigned")
    return str(desk.conversation["conversation_id"])


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    action=st.sampled_from(["send_card", "add_note"]),
    card=cards | json_values,
    text=strings | st.builds(lambda n: "x" * n, st.integers(1990, 4100)),
    client_msg_id=strings,
    sender=st.sampled_from(["c1", "a1"]),
)
def test_hostile_cards_and_notes_on_a_held_conversation_get_documented_errors_and_reach_no_citizen(
    action: str, card: Any, text: str, client_msg_id: str, sender: str
) -> None:
    desk = Desk(started=True)
    conversation_id = _held_conversation(desk)
    body: dict[str, Any] = {"action": action, "conversation_id": conversation_id, "client_msg_id": client_msg_id}
    body.update({"card": card} if action == "send_card" else {"text": text})
    citizen_before = len(desk.notifier.frames("c1"))

    desk.ws.message(sender, json.dumps(body))

    for frame in desk.notifier.frames(sender)[-1:]:
        assert frame["type"] in FRAME_TYPES
        if frame["type"] == "error":
            assert frame["code"] in ANSWERABLE_CODES, frame
    new_for_citizen = desk.notifier.frames("c1")[citizen_before:]
    assert all(frame["type"] != "note" for frame in new_for_citizen)
    if action == "add_note" or sender == "c1":
        assert [f for f in new_for_citizen if f["type"] == "message"] == []
    desk.ws.message(sender, '{"action": "ping"}')
    assert desk.notifier.sent[sender][-1] == {"type": "pong"}


def test_an_unknown_card_an_oversize_note_and_a_lone_surrogate_get_their_codes() -> None:
    desk = Desk(started=True)
    conversation_id = _held_conversation(desk)
    base = {"conversation_id": conversation_id, "client_msg_id": "k1"}
    cases = [
        ({"action": "send_card", **base, "card": {"kind": "sheet", "ref": "no-such-sheet"}}, "unknown_card"),
        ({"action": "send_card", **base, "card": {"kind": "poster", "ref": "pharos"}}, "invalid_field"),
        ({"action": "send_card", **base, "card": "pharos"}, "invalid_field"),
        ({"action": "send_card", **base, "card": {"kind": "service", "ref": "pharos\ud800"}}, "invalid_field"),
        ({"action": "add_note", **base, "text": "x" * 2001}, "text_too_long"),
        ({"action": "add_note", **base, "text": 42}, "invalid_field"),
        ({"action": "add_note", **base, "text": "note \udfff"}, "invalid_field"),
    ]
    for frame, code in cases:
        desk.ws.message("a1", json.dumps(frame))
        assert desk.notifier.frames("a1")[-1]["code"] == code, frame
    assert desk.storage.notes.for_conversation(conversation_id) == []
    assert desk.storage.messages.after(conversation_id, None) == []


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    action=st.sampled_from(["transfer", "transfer_accept", "transfer_decline", "colleagues"]),
    to_agent_id=strings | json_values,
    note=strings | json_values | st.builds(lambda n: "x" * n, st.integers(490, 600)),
    conversation_id=strings | st.just("held"),
    sender=st.sampled_from(["c1", "a1", "a2"]),
)
def test_hostile_transfers_get_documented_answers_and_never_move_the_conversation(
    action: str, to_agent_id: Any, note: Any, conversation_id: str, sender: str
) -> None:
    desk = Desk(started=True)
    held = _held_conversation(desk)
    desk.ws.connect("a2", {"ticket": desk.runtime.tickets.issue(officer("agent2"))})
    body: dict[str, Any] = {"action": action}
    if action != "colleagues":
        body["conversation_id"] = held if conversation_id == "held" else conversation_id
    if action == "transfer":
        body.update(to_agent_id=to_agent_id, note=note)

    desk.ws.message(sender, json.dumps(body))

    for frame in desk.notifier.frames(sender)[-1:]:
        assert frame["type"] in FRAME_TYPES
        if frame["type"] == "error":
            assert frame["code"] in ANSWERABLE_CODES, frame
    stored = desk.storage.conversations.get(held)
    assert stored.agent_id == "agent1"  # no accept was ever offered: nothing moved
    assert all(f["type"] not in ("transfer_offer", "note") for f in desk.notifier.frames("c1"))
    desk.ws.message(sender, '{"action": "ping"}')
    assert desk.notifier.sent[sender][-1] == {"type": "pong"}


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    action=st.sampled_from(["supervise_list", "watch", "join", "unwatch", "take_over", "reassign", "set_agent_away", "set_capacity"]),
    conversation_id=strings | json_values | st.just("held"),
    agent_id=strings | json_values,
    capacity=json_values | st.integers(-3, 9),
    sender=st.sampled_from(["c1", "a1", "s1"]),
)
def test_hostile_supervisor_actions_get_documented_answers_and_only_a_supervisor_changes_anything(
    action: str, conversation_id: Any, agent_id: Any, capacity: Any, sender: str
) -> None:
    desk = Desk(started=True)
    held = _held_conversation(desk)
    desk.ws.connect("s1", {"ticket": desk.runtime.tickets.issue(officer("sup1", frozenset({"supervisors"})))})
    body: dict[str, Any] = {"action": action}
    if action in ("watch", "join", "unwatch", "take_over", "reassign"):
        body["conversation_id"] = held if conversation_id == "held" else conversation_id
    if action == "reassign":
        body["to_agent_id"] = agent_id
    if action in ("set_agent_away", "set_capacity"):
        body["agent_id"] = agent_id
    if action == "set_capacity":
        body["capacity"] = capacity
    audit = desk.storage.audit
    assert audit is not None

    desk.ws.message(sender, json.dumps(body))

    last = desk.notifier.frames(sender)[-1]
    assert last["type"] in FRAME_TYPES
    if last["type"] == "error":
        assert last["code"] in ANSWERABLE_CODES, last
    if sender != "s1":
        # A frame is checked whole first (a bad field: invalid_field); a well-formed one is forbidden.
        assert last["type"] == "error" and last["code"] in ("forbidden", "invalid_field"), last
        try:
            parse_frame(json.dumps(body))
            assert last["code"] == "forbidden"
        except GuichetError as refused:
            assert last["code"] == refused.code
        assert isinstance(audit, FakeSupervisorAudit) and audit.rows == []
        assert desk.storage.conversations.get(held).agent_id == "agent1"
    assert all(f["type"] in ("queued", "agent_joined", "queue", "message", "ack", "typing") for f in desk.notifier.frames("c1") if f["type"] != "error")
    desk.ws.message(sender, '{"action": "ping"}')
    assert desk.notifier.sent[sender][-1] == {"type": "pong"}
