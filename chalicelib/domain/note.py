"""Internal notes: what officers write about a conversation for each other. Never shown to the citizen."""
from __future__ import annotations

from dataclasses import dataclass

__all__ = ["MAX_NOTE_LENGTH", "Note", "note_id_for"]

MAX_NOTE_LENGTH = 2000


def note_id_for(seq: int) -> str:
    """Note ids sort as strings in the order the notes were written."""
    return f"{seq:010d}"


@dataclass(frozen=True)
class Note:
    conversation_id: str
    seq: int
    author_id: str
    author_name: str
    text: str
    created_at: float
    client_msg_id: str
    expires_at: int

    @property
    def note_id(self) -> str:
        return note_id_for(self.seq)
