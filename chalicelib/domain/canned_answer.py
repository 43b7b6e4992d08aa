"""Canned answers: texts an officer inserts with `/shortcut`, their own (personal) or the desk's (shared)."""
from __future__ import annotations

import re
import unicodedata
import uuid
from dataclasses import dataclass
from enum import Enum

from chalicelib.domain.agent import AgentIdentity
from chalicelib.domain.message import MAX_TEXT_LENGTH
from chalicelib.errors import ForbiddenError, NotFoundError

__all__ = [
    "QUERY_MAX",
    "SHORTCUT_PATTERN",
    "TITLE_MAX",
    "CannedAnswer",
    "CannedAnswerDraft",
    "Scope",
    "fold",
    "scope_of",
]

TITLE_MAX = 80
# What the officer types after `/`: lower-case letters, digits and dashes, 1–32 characters.
SHORTCUT_PATTERN = re.compile(r"^[a-z0-9][a-z0-9-]{0,31}$")
# An answer is inserted into a message, so it fits in one.
TEXT_MAX = MAX_TEXT_LENGTH
QUERY_MAX = 100
__all__.append("TEXT_MAX")


class Scope(str, Enum):
    PERSONAL = "personal"
    SHARED = "shared"


# The id says its scope, so a route that names an answer reads it with one request.
_ID_PREFIX = {Scope.PERSONAL: "p-", Scope.SHARED: "s-"}


def scope_of(answer_id: str) -> Scope:
    """The scope an answer id names; NotFoundError for an id Guichet never made."""
    for scope, prefix in _ID_PREFIX.items():
        if answer_id.startswith(prefix) and len(answer_id) == len(prefix) + 32:
            return scope
    raise NotFoundError("No such canned answer.")


def fold(text: str) -> str:
    """Text as searched: accents removed, case folded ("Dérogation" finds "derogation")."""
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch)).casefold()


@dataclass(frozen=True)
class CannedAnswerDraft:
    """What an officer writes: already checked by the API layer (lengths, shortcut pattern)."""

    title: str
    shortcut: str
    text: str
    text_en: str | None = None


@dataclass(frozen=True)
class CannedAnswer:
    answer_id: str
    scope: Scope
    # The officer a personal answer belongs to; None for a shared one.
    owner: str | None
    title: str
    shortcut: str
    text: str
    text_en: str | None
    updated_at: float
    updated_by: str

    @classmethod
    def new(cls, scope: Scope, draft: CannedAnswerDraft, by: AgentIdentity, now: float) -> CannedAnswer:
        """A new answer of this scope, written by `by` (personal answers belong to their writer)."""
        ensure_may_write(scope, by)
        return cls(
            answer_id=_ID_PREFIX[scope] + uuid.uuid4().hex,
            scope=scope,
            owner=by.agent_id if scope is Scope.PERSONAL else None,
            title=draft.title,
            shortcut=draft.shortcut,
            text=draft.text,
            text_en=draft.text_en,
            updated_at=now,
            updated_by=by.agent_id,
        )

    def edited(self, draft: CannedAnswerDraft, by: AgentIdentity, now: float) -> CannedAnswer:
        """This answer rewritten by `by`."""
        ensure_may_write(self.scope, by)
        return CannedAnswer(
            answer_id=self.answer_id,
            scope=self.scope,
            owner=self.owner,
            title=draft.title,
            shortcut=draft.shortcut,
            text=draft.text,
            text_en=draft.text_en,
            updated_at=now,
            updated_by=by.agent_id,
        )

    def matches(self, query: str) -> bool:
        """Whether every word of the query is in the title, the shortcut or a text (accents and case ignored)."""
        haystack = fold(" ".join((self.title, self.shortcut, self.text, self.text_en or "")))
        return all(word in haystack for word in fold(query).split())


def ensure_may_write(scope: Scope, by: AgentIdentity) -> None:
    """Shared answers are the supervisors' to manage; any officer manages their own."""
    if scope is Scope.SHARED and not by.is_supervisor:
        raise ForbiddenError("Only supervisors manage shared answers.")


__all__.append("ensure_may_write")
