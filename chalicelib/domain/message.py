"""A chat message: ordered per conversation by a gap-free sequence number."""
from __future__ import annotations

from dataclasses import dataclass

from chalicelib.domain.conversation import Author
from chalicelib.domain.orientation import CardRef

__all__ = ["MAX_TEXT_LENGTH", "Message", "message_id_for", "seq_of"]

MAX_TEXT_LENGTH = 4000


def message_id_for(seq: int) -> str:
    """Message ids sort as strings in sequence order."""
    return f"{seq:010d}"


def seq_of(message_id: str) -> int:
    """The sequence number inside a message id."""
    return int(message_id)


@dataclass(frozen=True)
class Message:
    conversation_id: str
    seq: int
    author: Author
    text: str
    sent_at: float
    client_msg_id: str
    expires_at: int
    # An orientation card the officer sent (then `text` holds its French title, a plain-text fallback).
    card: CardRef | None = None
    # A supervisor who joined the conversation wrote it, as the officer side: their name, for officers only
    # (the citizen sees an officer's message; None for the officer holding it and for citizens).
    by: str | None = None

    @property
    def message_id(self) -> str:
        return message_id_for(self.seq)
