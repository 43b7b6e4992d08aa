"""Client frames: JSON objects with an `action`, parsed into typed commands or a named error."""
from __future__ import annotations

import json
from typing import Annotated, Any, Literal, cast

from pydantic import BaseModel, ConfigDict, Field, StrictBool, StrictInt, StrictStr, TypeAdapter, ValidationError

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

Id = Annotated[StrictStr, Field(min_length=1, max_length=128)]
# A message id as the server gives it: zero-padded digits ("0000000007").
MessageId = Annotated[StrictStr, Field(pattern=rf"^[0-9]{{{len(message_id_for(0))}}}$")]


class _Frame(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Start(_Frame):
    action: Literal["start"]
    topic: Id
    lang: Literal["fr", "en"] = "fr"
    # A secret the client picks once per conversation: a start sent again (lost answer) finds the same one.
    start_id: Annotated[StrictStr, Field(min_length=16, max_length=128)] | None = None


class Send(_Frame):
    action: Literal["send"]
    client_msg_id: Id
    text: StrictStr
    conversation_id: Id | None = None


class Resume(_Frame):
    action: Literal["resume"]
    conversation_id: Id
    resume_token: Id
    after: MessageId | None = None


class End(_Frame):
    action: Literal["end"]


class Typing(_Frame):
    action: Literal["typing"]
    conversation_id: Id | None = None


class SurveyAnswer(_Frame):
    action: Literal["survey"]
    found_easily: StrictBool
    understood: StrictBool
    rating: Annotated[StrictInt, Field(ge=1, le=5)]
    comment: Annotated[StrictStr, Field(max_length=MAX_COMMENT_LENGTH)] | None = None


class Ping(_Frame):
    action: Literal["ping"]


class Sync(_Frame):
    action: Literal["sync"]


class SetStatus(_Frame):
    action: Literal["set_status"]
    status: Literal["available", "away"]


class Take(_Frame):
    action: Literal["take"]
    conversation_id: Id


class Close(_Frame):
    action: Literal["close"]
    conversation_id: Id
    outcome: Id


class CardIn(_Frame):
    """Which outcome of the orientation data a card points to; the server checks the id exists."""

    kind: Literal["sheet", "service", "unit", "report"]
    ref: Id


class SendCard(_Frame):
    action: Literal["send_card"]
    conversation_id: Id
    client_msg_id: Id
    card: CardIn


class AddNote(_Frame):
    action: Literal["add_note"]
    conversation_id: Id
    client_msg_id: Id
    text: StrictStr


class Colleagues(_Frame):
    action: Literal["colleagues"]


class Board(_Frame):
    action: Literal["board"]


class Transfer(_Frame):
    action: Literal["transfer"]
    conversation_id: Id
    to_agent_id: Id
    note: Annotated[StrictStr, Field(max_length=MAX_TRANSFER_NOTE_LENGTH)] | None = None


class TransferAccept(_Frame):
    action: Literal["transfer_accept"]
    conversation_id: Id


class TransferDecline(_Frame):
    action: Literal["transfer_decline"]
    conversation_id: Id


Command = (
    Start | Send | Resume | End | Typing | SurveyAnswer | Ping | Sync | SetStatus | Take | Close | SendCard | AddNote
    | Colleagues | Transfer | TransferAccept | TransferDecline | Board
)
_COMMANDS: dict[str, type[_Frame]] = {
    model.model_fields["action"].annotation.__args__[0]: model  # type: ignore[union-attr]
    for model in (
        Start, Send, Resume, End, Typing, SurveyAnswer, Ping, Sync, SetStatus, Take, Close, SendCard, AddNote,
        Colleagues, Transfer, TransferAccept, TransferDecline, Board,
    )
}


# Supervisors' actions (supervisors' connections only: anyone else gets `forbidden`).


class SuperviseList(_Frame):
    action: Literal["supervise_list"]


class Watch(_Frame):
    action: Literal["watch"]
    conversation_id: Id


class Unwatch(_Frame):
    action: Literal["unwatch"]
    conversation_id: Id


class Join(_Frame):
    action: Literal["join"]
    conversation_id: Id


class TakeOver(_Frame):
    action: Literal["take_over"]
    conversation_id: Id


class Reassign(_Frame):
    action: Literal["reassign"]
    conversation_id: Id
    to_agent_id: Id


class SetAgentAway(_Frame):
    action: Literal["set_agent_away"]
    agent_id: Id


class SetCapacity(_Frame):
    action: Literal["set_capacity"]
    agent_id: Id
    capacity: Annotated[StrictInt, Field(ge=MIN_CAPACITY, le=MAX_CAPACITY)]


SUPERVISOR_COMMANDS: tuple[type[_Frame], ...] = (
    SuperviseList, Watch, Unwatch, Join, TakeOver, Reassign, SetAgentAway, SetCapacity,
)
_COMMANDS.update(
    {model.model_fields["action"].annotation.__args__[0]: model for model in SUPERVISOR_COMMANDS}  # type: ignore[union-attr]
)
_ADAPTERS = {name: TypeAdapter(model) for name, model in _COMMANDS.items()}
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
    adapter = _ADAPTERS.get(action)
    if adapter is None:
        raise UnknownActionError("This action does not exist.")
    if lone_surrogate_at(data) is not None:
        # Such a string has no UTF-8 form: it could be neither stored nor sent back.
        raise InvalidFieldError("A string holds a lone surrogate; send valid Unicode text.")
    try:
        # Each adapter is built from one of the Command classes, so it returns that class.
        command = cast(Command, adapter.validate_python(data))
    except ValidationError as exc:
        raise InvalidFieldError(_describe(exc)) from None
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


def _describe(exc: ValidationError) -> str:
    """A short, content-free description of what failed (field names, never values)."""
    parts = []
    for error in exc.errors()[:3]:
        where = ".".join(str(p) for p in error["loc"]) or "frame"
        if error["type"] == "missing":
            parts.append(f"{where} is required")
        elif error["type"] == "extra_forbidden":
            parts.append("unknown fields are not allowed")  # never echo the client's own key
        else:
            parts.append(f"{where} is invalid ({error['type']})")
    return "; ".join(parts) + "."
