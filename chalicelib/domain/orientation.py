"""Orientation cards: an officer points the citizen to an outcome of the orientation data.

The outcomes an officer may send (information sheets, external services, units, report forms) are
listed, with their title and link in each language, in `chalicelib/data/orientation-cards.json`,
generated from `static_site/data/` by `python -m tools.orientation_cards` and shipped with the Lambda
code. The server knows every id: a card naming anything else is refused.
"""
from __future__ import annotations

import functools
import json
from collections.abc import Mapping
from dataclasses import dataclass
from enum import Enum
from pathlib import Path
from typing import Any

from chalicelib.errors import UnknownCardError

__all__ = [
    "CATALOGUE_FILE",
    "LANGUAGES",
    "Card",
    "CardKind",
    "CardRef",
    "OrientationCatalogue",
    "orientation_catalogue",
]

CATALOGUE_FILE = Path(__file__).resolve().parent.parent / "data" / "orientation-cards.json"
LANGUAGES = ("fr", "en")


class CardKind(str, Enum):
    SHEET = "sheet"
    SERVICE = "service"
    UNIT = "unit"
    REPORT = "report"


@dataclass(frozen=True)
class CardRef:
    """What an officer sends: which kind of outcome, and its id in the orientation data."""

    kind: CardKind
    ref: str


@dataclass(frozen=True)
class Card:
    """A card as one citizen reads it: its title and link in their language."""

    kind: CardKind
    ref: str
    title: str
    url: str | None


class OrientationCatalogue:
    """Every outcome an officer may send, by kind and id, with a title per language and a link."""

    def __init__(self, entries: Mapping[CardKind, Mapping[str, Mapping[str, Any]]]) -> None:
        self._entries = entries

    @classmethod
    def from_document(cls, document: Mapping[str, Any]) -> OrientationCatalogue:
        """The catalogue a generated document describes (`{"cards": {kind: {id: {url, title: {fr, en}}}}}`)."""
        cards = document["cards"]
        return cls({kind: dict(cards.get(kind.value, {})) for kind in CardKind})

    def ids(self, kind: CardKind) -> list[str]:
        """The ids of this kind, sorted."""
        return sorted(self._entries[kind])

    def card(self, ref: CardRef, lang: str) -> Card:
        """The card in this language (French when the language is unknown); UnknownCardError for an unknown id."""
        entry = self._entries[ref.kind].get(ref.ref)
        if entry is None:
            raise UnknownCardError()
        titles = entry["title"]
        return Card(ref.kind, ref.ref, titles.get(lang) or titles["fr"], entry.get("url"))

    def ensure_known(self, ref: CardRef) -> None:
        """Raise UnknownCardError unless the orientation data has this outcome."""
        self.card(ref, "fr")


@functools.cache
def orientation_catalogue(path: Path = CATALOGUE_FILE) -> OrientationCatalogue:
    """The packaged catalogue, read once per process (at cold start, by the bootstrap)."""
    return OrientationCatalogue.from_document(json.loads(path.read_text(encoding="utf-8")))
