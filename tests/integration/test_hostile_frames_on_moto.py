"""A few hostile frames through the real Chalice handlers on moto: the error frame reaches the client
through the management API (serialized as UTF-8), and the next ping still answers."""
from __future__ import annotations

import json
from collections.abc import Iterator

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from local.identity import LocalIdentityProvider
from tests.integration.app_on_moto import app_on_moto
from tests.integration.test_websocket_handlers import AUDIENCE, ISSUER, Harness
from tests.protocol_doc import documented_error_codes

ANSWERABLE_CODES = documented_error_codes() - {"internal_error"}

HOSTILE = [
    ('{"action": "send", "client_msg_id": "\\ud800", "text": "Bonjour"}', "invalid_field"),
    ('{"action": "send", "client_msg_id": "\ud800", "text": "Bonjour"}', "invalid_field"),
    ('{"action": "send", "client_msg_id": "m1", "text": "Bonjour \\udfff"}', "invalid_field"),
    ('{"action": "start", "topic": "\\ud800"}', "invalid_field"),
    ('{"action": "resume", "conversation_id": "c", "resume_token": "t", "after": "abc"}', "invalid_field"),
    ('{"action": "ping", "x": ' + "[" * 5000 + "]" * 5000 + "}", "invalid_frame"),
    ("[" * 100_000, "frame_too_large"),
    ("{" * 8000, "invalid_frame"),
    (json.dumps({"action": "send", "client_msg_id": "m2", "text": "x" * 20_000}), "frame_too_large"),
]


@pytest.fixture
def harness(monkeypatch: pytest.MonkeyPatch) -> Iterator[Harness]:
    with app_on_moto(monkeypatch, "hostile") as module:
        yield Harness(module, LocalIdentityProvider(issuer=ISSUER, audience=AUDIENCE))


@pytest.mark.parametrize("body, code", HOSTILE)
def test_a_hostile_frame_gets_its_error_frame_and_the_socket_still_answers_ping(
    harness: Harness, body: str, code: str
) -> None:
    harness.connect("citizen-1")
    harness.frame("citizen-1", action="start", topic="autre")
    harness.received("citizen-1")

    harness.send("citizen-1", body)
    harness.frame("citizen-1", action="ping")

    error, pong = harness.received("citizen-1")
    assert (error["type"], error["code"], pong) == ("error", code, {"type": "pong"})
    assert error.get("client_msg_id") in (None, "m1", "m2")


def test_a_binary_frame_is_an_invalid_frame(harness: Harness) -> None:
    harness.connect("citizen-1")
    harness.send("citizen-1", b"\xff\xfe\xed\xa0\x80")
    harness.frame("citizen-1", action="ping")
    assert [(f["type"], f.get("code")) for f in harness.received("citizen-1")] == [
        ("error", "invalid_frame"),
        ("pong", None),
    ]


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(value=st.text(alphabet=st.characters(exclude_categories=()), max_size=20), field=st.sampled_from(
    ["client_msg_id", "text", "topic", "start_id", "after", "conversation_id"]
))  # fmt: skip
def test_any_string_in_any_field_gets_a_documented_answer_on_moto(harness: Harness, value: str, field: str) -> None:
    harness.connect("citizen-1")
    harness.received("citizen-1")
    frame = {"action": "send" if field in ("client_msg_id", "text") else "start", field: value}
    harness.send("citizen-1", json.dumps(frame, ensure_ascii=False))
    harness.frame("citizen-1", action="ping")
    answers = harness.received("citizen-1")
    assert answers[-1] == {"type": "pong"}
    assert all(f["code"] in ANSWERABLE_CODES for f in answers if f["type"] == "error")
