"""Client frames checked by hand: the commands they become, and the messages of invalid ones.

The messages are the ones the frames answered when pydantic checked them (its error type names, the fields in
declaration order, then unknown keys, the first three only): each expected message below is what the pydantic
models answered for the same frame.
"""
from __future__ import annotations

import json
from typing import Any

import pytest

from chalicelib.errors import InvalidFieldError
from chalicelib.protocol import inbound
from chalicelib.protocol.inbound import parse_frame

INVALID = [
    ({"action": "start"}, "topic is required."),
    (
        {"action": "start", "topic": 1, "lang": None, "x": 1, "start_id": "a"},
        "topic is invalid (string_type); lang is invalid (literal_error); start_id is invalid (string_too_short).",
    ),
    (
        {"action": "start", "zz": 1, "topic": "", "lang": "de"},
        "topic is invalid (string_too_short); lang is invalid (literal_error); unknown fields are not allowed.",
    ),
    ({"action": "start", "topic": "autre", "start_id": "k" * 129}, "start_id is invalid (string_too_long)."),
    (
        {"action": "send", "client_msg_id": "m", "text": None, "conversation_id": ""},
        "text is invalid (string_type); conversation_id is invalid (string_too_short).",
    ),
    (
        {"action": "resume", "conversation_id": "c", "resume_token": "r", "after": "abc"},
        "after is invalid (string_pattern_mismatch).",
    ),
    (
        {"action": "resume", "conversation_id": "c", "resume_token": "r", "after": "0000000001\n"},
        "after is invalid (string_pattern_mismatch).",
    ),
    (
        {"action": "survey", "found_easily": 1, "understood": True, "rating": True},
        "found_easily is invalid (bool_type); rating is invalid (int_type).",
    ),
    ({"action": "survey", "found_easily": True, "understood": True, "rating": 2.0}, "rating is invalid (int_type)."),
    (
        {"action": "survey", "found_easily": True, "understood": True, "rating": 0},
        "rating is invalid (greater_than_equal).",
    ),
    (
        {"action": "survey", "found_easily": True, "understood": True, "rating": 6, "comment": "x" * 1001},
        "rating is invalid (less_than_equal); comment is invalid (string_too_long).",
    ),
    ({"action": "set_status", "status": ["available"]}, "status is invalid (literal_error)."),
    (
        {"action": "send_card", "conversation_id": "c", "client_msg_id": "m", "card": "pharos"},
        "card is invalid (model_type).",
    ),
    (
        {"action": "send_card", "q": 1, "card": {"z": 1, "kind": "poster", "ref": ""}, "conversation_id": "c",
         "client_msg_id": "m"},
        "card.kind is invalid (literal_error); card.ref is invalid (string_too_short); unknown fields are not allowed.",
    ),
    (
        {"action": "send_card", "conversation_id": "c", "client_msg_id": "m", "card": {"kind": "sheet"}},
        "card.ref is required.",
    ),
    (
        {"action": "transfer", "conversation_id": "c", "to_agent_id": "a", "note": "x" * 501},
        "note is invalid (string_too_long).",
    ),
    ({"action": "set_capacity", "agent_id": "a", "capacity": 9}, "capacity is invalid (less_than_equal)."),
    (
        {"action": "ping", "b": 1, "a": 2, "c": 3, "d": 4},
        "unknown fields are not allowed; unknown fields are not allowed; unknown fields are not allowed.",
    ),
]


@pytest.mark.parametrize(("frame", "message"), INVALID)
def test_an_invalid_field_is_described_as_pydantic_described_it(frame: dict[str, Any], message: str) -> None:
    with pytest.raises(InvalidFieldError) as refused:
        parse_frame(json.dumps(frame))
    assert str(refused.value) == message


def test_a_frame_becomes_its_command_with_the_defaults_filled_in() -> None:
    start = parse_frame('{"action": "start", "topic": "autre"}')
    assert start == inbound.Start(topic="autre", lang="fr", start_id=None)
    assert isinstance(start, inbound.Start) and start.action == "start"
    survey = parse_frame('{"action": "survey", "found_easily": true, "understood": false, "rating": 5, "comment": null}')
    assert (survey.found_easily, survey.understood, survey.rating, survey.comment) == (True, False, 5, None)  # type: ignore[attr-defined]


def test_a_card_becomes_a_nested_command_and_commands_are_read_only() -> None:
    frame = {"action": "send_card", "conversation_id": "c1", "client_msg_id": "m1", "card": {"kind": "sheet", "ref": "vol"}}
    command = parse_frame(json.dumps(frame))
    assert isinstance(command, inbound.SendCard)
    assert (command.card.kind, command.card.ref) == ("sheet", "vol")
    with pytest.raises(AttributeError):
        command.conversation_id = "c2"


def test_every_action_has_one_command() -> None:
    actions = [command.action for command in (*inbound._CHAT_COMMANDS, *inbound.SUPERVISOR_COMMANDS)]
    assert len(actions) == len(set(actions)) and "" not in actions
