"""Client frames: JSON objects with an `action`, checked into typed commands or a named error.

Checked by hand (chalicelib/protocol/frame_fields.py), not with pydantic: building these thirty models cost
every chat function about 100 ms of cold start. An invalid field is described with pydantic's error types
(`topic is invalid (string_too_short)`), as it always was.
"""
from __future__ import annotations

import json
from typing import Any

from chalicelib.domain.message import MAX_TEXT_LENGTH, message_id_for
from chalicelib.domain.note import MAX_NOTE_LENGTH
from chalicelib.domain.supervision import MAX_CAPACITY, MIN_CAPACITY
from chalicelib.domain.survey import MAX_COMMENT_LENGTH
from chalicelib.domain.transfer import MAX_TRANSFER_NOTE_LENGTH
from chalicelib.errors import (
    FrameTooLargeError,
    GuichetError,
    InvalidFieldError,
    InvalidFrameError,
    TextTooLongError,
    UnknownActionError,
)
from chalicelib.protocol.frame_fields import (
    Field,
    FieldError,
    Frame,
    boolean,
    digits,
    fields_in_order,
    integer,
    one_of,
    or_null,
    read_frame,
    string,
)
from chalicelib.protocol.untrusted_json import MAX_NESTING, is_unicode_text, lone_surrogate_at, too_deep

__all__ = [
    "MAX_FRAME_BYTES",
    "AddNote",
    "Board",
    "CardIn",
    "Close",
    "Colleagues",
    "Command",
    "End",
    "Ping",
    "Resume",
    "Send",
    "SendCard",
    "SetStatus",
    "Start",
    "SurveyAnswer",
    "Sync",
    "Take",
    "Transfer",
    "TransferAccept",
    "TransferDecline",
    "Typing",
    "client_msg_id_of",
    "parse_frame",
]

# API Gateway splits frames at 32 KB; a 4,000-character message fits well under 16 KB of JSON.
MAX_FRAME_BYTES = 16 * 1024

ID = Field(string(1, 128))
OPTIONAL_ID = Field(or_null(string(1, 128)), default=None)


class Command(Frame):
    """A client frame: its `action` says which; its other keys are its fields, checked in this order."""

    action: str = ""


class ConversationCommand(Command):
    """A frame whose only field names the conversation it acts on (take, watch, join, ...)."""

    conversation_id: str
    fields = fields_in_order(conversation_id=ID)


class Start(Command):
    action = "start"
    topic: str
    lang: str
    # A secret the client picks once per conversation: a start sent again (lost answer) finds the same one.
    start_id: str | None
    fields = fields_in_order(
        topic=ID,
        lang=Field(one_of("fr", "en"), default="fr"),
        start_id=Field(or_null(string(16, 128)), default=None),
    )


class Send(Command):
    action = "send"
    client_msg_id: str
    text: str
    conversation_id: str | None
    fields = fields_in_order(client_msg_id=ID, text=Field(string()), conversation_id=OPTIONAL_ID)


class Resume(Command):
    action = "resume"
    conversation_id: str
    resume_token: str
    # A message id as the server gives it: zero-padded digits ("0000000007").
    after: str | None
    fields = fields_in_order(
        conversation_id=ID,
        resume_token=ID,
        after=Field(or_null(digits(len(message_id_for(0)))), default=None),
    )


class End(Command):
    action = "end"


class Typing(Command):
    action = "typing"
    conversation_id: str | None
    fields = fields_in_order(conversation_id=OPTIONAL_ID)


class SurveyAnswer(Command):
    action = "survey"
    found_easily: bool
    understood: bool
    rating: int
    comment: str | None
    fields = fields_in_order(
        found_easily=Field(boolean),
        understood=Field(boolean),
        rating=Field(integer(1, 5)),
        comment=Field(or_null(string(0, MAX_COMMENT_LENGTH)), default=None),
    )


class Ping(Command):
    action = "ping"


class Sync(Command):
    action = "sync"


class SetStatus(Command):
    action = "set_status"
    status: str
    fields = fields_in_order(status=Field(one_of("available", "away")))


class Take(ConversationCommand):
    action = "take"


class Close(Command):
    action = "close"
    conversation_id: str
    outcome: str
    fields = fields_in_order(conversation_id=ID, outcome=ID)


class CardIn(Frame):
    """Which outcome of the orientation data a card points to; the server checks the id exists."""

    kind: str
    ref: str
    fields = fields_in_order(kind=Field(one_of("sheet", "service", "unit", "report")), ref=ID)


class SendCard(Command):
    action = "send_card"
    conversation_id: str
    client_msg_id: str
    card: CardIn
    fields = fields_in_order(conversation_id=ID, client_msg_id=ID, card=Field(nested=CardIn))


class AddNote(Command):
    action = "add_note"
    conversation_id: str
    client_msg_id: str
    text: str
    fields = fields_in_order(conversation_id=ID, client_msg_id=ID, text=Field(string()))


class Colleagues(Command):
    action = "colleagues"


class Board(Command):
    action = "board"


class Transfer(Command):
    action = "transfer"
    conversation_id: str
    to_agent_id: str
    note: str | None
    fields = fields_in_order(
        conversation_id=ID,
        to_agent_id=ID,
        note=Field(or_null(string(0, MAX_TRANSFER_NOTE_LENGTH)), default=None),
    )


class TransferAccept(ConversationCommand):
    action = "transfer_accept"


class TransferDecline(ConversationCommand):
    action = "transfer_decline"


# Supervisors' actions (supervisors' connections only: anyone else gets `forbidden`).


class SuperviseList(Command):
    action = "supervise_list"


class Watch(ConversationCommand):
    action = "watch"


class Unwatch(ConversationCommand):
    action = "unwatch"


class Join(ConversationCommand):
    action = "join"


class TakeOver(ConversationCommand):
    action = "take_over"


class Reassign(Command):
    action = "reassign"
    conversation_id: str
    to_agent_id: str
    fields = fields_in_order(conversation_id=ID, to_agent_id=ID)


class SetAgentAway(Command):
    action = "set_agent_away"
    agent_id: str
    fields = fields_in_order(agent_id=ID)


class SetCapacity(Command):
    action = "set_capacity"
    agent_id: str
    capacity: int
    fields = fields_in_order(agent_id=ID, capacity=Field(integer(MIN_CAPACITY, MAX_CAPACITY)))


SUPERVISOR_COMMANDS: tuple[type[Command], ...] = (
    SuperviseList, Watch, Unwatch, Join, TakeOver, Reassign, SetAgentAway, SetCapacity,
)  # fmt: skip
_CHAT_COMMANDS: tuple[type[Command], ...] = (
    Start, Send, Resume, End, Typing, SurveyAnswer, Ping, Sync, SetStatus, Take, Close, SendCard, AddNote,
    Colleagues, Transfer, TransferAccept, TransferDecline, Board,
)  # fmt: skip
_COMMANDS = {command.action: command for command in _CHAT_COMMANDS + SUPERVISOR_COMMANDS}
__all__ += [
    "SUPERVISOR_COMMANDS", "Join", "Reassign", "SetAgentAway", "SetCapacity", "SuperviseList", "TakeOver",
    "Unwatch", "Watch",
]


def client_msg_id_of(body: str | None) -> str | None:
    """The client_msg_id of a frame, if it has one that is safe to echo in an error."""
    try:
        value = _load(body).get("client_msg_id")
    except GuichetError:
        return None
    return value if isinstance(value, str) and 0 < len(value) <= 128 and is_unicode_text(value) else None


def parse_frame(body: str | None) -> Command:
    """Parse one client frame, or raise the named error that says what is wrong with it."""
    data = _load(body)
    action = data.get("action")
    if not isinstance(action, str):
        raise InvalidFrameError("A frame needs an 'action' string.")
    kind = _COMMANDS.get(action)
    if kind is None:
        raise UnknownActionError("This action does not exist.")
    if lone_surrogate_at(data) is not None:
        # Such a string has no UTF-8 form: it could be neither stored nor sent back.
        raise InvalidFieldError("A string holds a lone surrogate; send valid Unicode text.")
    command, errors = read_frame(kind, data, ignore="action")
    if command is None:
        raise InvalidFieldError(_describe(errors))
    if isinstance(command, Send):
        _check_text(command.text)
    if isinstance(command, AddNote):
        _check_text(command.text, MAX_NOTE_LENGTH, "A note")
    return command


def _load(body: object) -> dict[str, Any]:
    """The frame's JSON object; its size and nesting are checked before it is parsed."""
    if not isinstance(body, str) or body == "":
        raise InvalidFrameError("The frame is empty or not text.")
    if len(body.encode("utf-8", errors="surrogatepass")) > MAX_FRAME_BYTES:
        raise FrameTooLargeError(f"A frame is limited to {MAX_FRAME_BYTES} bytes.")
    if too_deep(body):
        raise InvalidFrameError(f"Arrays and objects nest at most {MAX_NESTING} levels deep.")
    try:
        data: Any = json.loads(body)
    except ValueError:
        raise InvalidFrameError("The frame is not valid JSON.") from None
    if not isinstance(data, dict):
        raise InvalidFrameError("A frame must be a JSON object.")
    return data


def _check_text(text: str, limit: int = MAX_TEXT_LENGTH, what: str = "A message") -> None:
    if len(text) > limit:
        raise TextTooLongError(f"{what} is limited to {limit} characters.")
    if not text.strip():
        raise InvalidFieldError("text must not be empty.")


def _describe(errors: list[FieldError]) -> str:
    """A short, content-free description of what failed (field names, never values): the first three errors."""
    parts = []
    for loc, error_type in errors[:3]:
        where = ".".join(loc) or "frame"
        if error_type == "missing":
            parts.append(f"{where} is required")
        elif error_type == "extra_forbidden":
            parts.append("unknown fields are not allowed")  # never echo the client's own key
        else:
            parts.append(f"{where} is invalid ({error_type})")
    return "; ".join(parts) + "."
