"""The shape of the orientation data files (static_site/data/), as pydantic models."""
from __future__ import annotations

from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, HttpUrl, field_validator

__all__ = [
    "CHAT_TOPICS",
    "REPORT_TYPES",
    "SHEET_SLUGS",
    "ExternalService",
    "ExternalServices",
    "Orientation",
    "Outcome",
]

# The fixed list of information sheets (the sheets engineer writes exactly these).
SHEET_SLUGS = frozenset(
    {
        "attestations-deplacement", "entrer-sortir-territoire", "papiers-perdus-voles", "pre-plainte-en-ligne",
        "porter-plainte", "que-apporter-commissariat", "operation-tranquillite-vacances", "procuration-vote",
        "fourriere", "cyberharcelement", "escroquerie-en-ligne", "fraude-carte-bancaire", "faux-conseiller-bancaire",
        "violences-conjugales", "violences-sexuelles-sexistes", "contenu-illicite-internet", "vol-vehicule",
        "cambriolage", "vol-telephone", "usurpation-identite", "main-courante", "outrage-sexiste-harcelement-rue",
        "objets-trouves", "accident-circulation", "nuisances-sonores", "aide-aux-victimes", "enfance-en-danger",
        "rodeo-motorise", "point-de-deal", "maltraitance-animale",
    }
)
REPORT_TYPES = ("point-de-deal", "rodeo", "maltraitance-animale", "autre")
CHAT_TOPICS = ("demarches", "victime", "signalement", "escroquerie", "violences", "autre")

Id = Annotated[str, Field(pattern=r"^[a-z0-9]+(-[a-z0-9]+)*$", max_length=60)]
Text = Annotated[str, Field(min_length=2, max_length=400)]
SheetSlug = Literal[tuple(sorted(SHEET_SLUGS))]  # type: ignore[valid-type]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Answer(_Strict):
    label: Annotated[str, Field(min_length=2, max_length=160)]
    to: Id


class Node(_Strict):
    id: Id
    question: Annotated[str, Field(min_length=5, max_length=160)]
    help: Text | None = None
    answers: Annotated[list[Answer], Field(min_length=2, max_length=6)]

    @field_validator("answers")
    @classmethod
    def _distinct_labels(cls, answers: list[Answer]) -> list[Answer]:
        labels = [answer.label for answer in answers]
        if len(set(labels)) != len(labels):
            raise ValueError("two answers have the same label")
        return answers


class SeeAlso(_Strict):
    sheet: SheetSlug
    label: Annotated[str, Field(min_length=2, max_length=120)]


class _Outcome(_Strict):
    id: Id
    title: Annotated[str, Field(min_length=2, max_length=100)]
    text: Text
    label: Annotated[str, Field(min_length=2, max_length=100)] | None = None
    also: list[SeeAlso] = []


class SheetOutcome(_Outcome):
    kind: Literal["sheet"]
    sheet: SheetSlug


class ExternalOutcome(_Outcome):
    kind: Literal["external"]
    service: Id


class UnitOutcome(_Outcome):
    kind: Literal["unit"]


class ReportOutcome(_Outcome):
    kind: Literal["report"]
    report: Literal[REPORT_TYPES]  # type: ignore[valid-type]


class ChatOutcome(_Outcome):
    kind: Literal["chat"]
    topic: Literal[CHAT_TOPICS]  # type: ignore[valid-type]


class EmergencyOutcome(_Outcome):
    kind: Literal["emergency"]


Outcome = Annotated[
    SheetOutcome | ExternalOutcome | UnitOutcome | ReportOutcome | ChatOutcome | EmergencyOutcome,
    Field(discriminator="kind"),
]


class Orientation(_Strict):
    entry: Id
    roots: tuple[Literal["victime"], Literal["signale"], Literal["informe"]]
    nodes: Annotated[list[Node], Field(min_length=1)]
    outcomes: Annotated[list[Outcome], Field(min_length=1)]


class ExternalService(_Strict):
    id: Id
    name: Annotated[str, Field(min_length=2, max_length=100)]
    url: HttpUrl
    description: Text

    @field_validator("url")
    @classmethod
    def _https_only(cls, url: HttpUrl) -> HttpUrl:
        if url.scheme != "https":
            raise ValueError("external services are reached over https only")
        return url


class ExternalServices(_Strict):
    services: Annotated[list[ExternalService], Field(min_length=1)]
