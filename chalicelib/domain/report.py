"""Citizens' reports ("Je signale"): what they are about, their reference, and what happens next."""
from __future__ import annotations

import re
import secrets
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from enum import Enum
from typing import Any

__all__ = [
    "REFERENCE_ALPHABET",
    "REFERENCE_LENGTH",
    "REFERENCE_PATTERN",
    "Contact",
    "Place",
    "Report",
    "ReportDraft",
    "ReportHandler",
    "ReportKind",
    "ReportStatus",
    "TriageStep",
    "new_reference",
    "next_steps",
]

# No 0/O, 1/I/L: a reference read over the phone or copied by hand cannot be misread.
REFERENCE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
REFERENCE_LENGTH = 6
REFERENCE_PATTERN = re.compile(rf"^SIG-\d{{4}}-[{REFERENCE_ALPHABET}]{{{REFERENCE_LENGTH}}}$")


class ReportKind(str, Enum):
    """What a citizen can report; the ids are those of `/signaler.html?type=`."""

    POINT_DE_DEAL = "point-de-deal"
    RODEO = "rodeo"
    MALTRAITANCE_ANIMALE = "maltraitance-animale"
    AUTRE = "autre"


class ReportStatus(str, Enum):
    """Where a report is in the officers' triage (domain/triage.py says which change is allowed)."""

    NEW = "new"
    IN_PROGRESS = "in_progress"
    FORWARDED = "forwarded"
    CLOSED = "closed"


@dataclass(frozen=True)
class ReportHandler:
    """The officer who took a report "in progress": the only one (with supervisors) who sees its contact."""

    agent_id: str
    display_name: str


@dataclass(frozen=True)
class TriageStep:
    """One change of a report's status: to what, by whom, when, why (the note), and to which unit."""

    status: ReportStatus
    at: float
    by_id: str
    by_name: str
    note: str = ""
    unit_id: str | None = None


@dataclass(frozen=True)
class Place:
    commune: str
    postcode: str | None = None
    description: str | None = None


@dataclass(frozen=True)
class Contact:
    """How to reach a citizen who chose not to stay anonymous."""

    name: str | None = None
    email: str | None = None
    phone: str | None = None


@dataclass(frozen=True)
class ReportDraft:
    """What the citizen wrote, already validated field by field."""

    kind: ReportKind
    place: Place
    description: str
    anonymous: bool = True
    when: str | None = None
    details: Mapping[str, Any] = field(default_factory=dict)
    contact: Contact | None = None

    def __post_init__(self) -> None:
        if self.anonymous and self.contact is not None:
            raise ValueError("An anonymous report carries no contact.")


@dataclass(frozen=True)
class Report:
    """A stored report: the draft, its reference, when it came, and when its personal data goes."""

    reference: str
    kind: ReportKind
    place: Place
    description: str
    created_at: float
    expires_at: int
    anonymous: bool = True
    when: str | None = None
    details: Mapping[str, Any] = field(default_factory=dict)
    contact: Contact | None = None
    status: ReportStatus = ReportStatus.NEW
    # The triage: who handles it, the unit it went to, every change (oldest first), and the last one's time.
    handler: ReportHandler | None = None
    unit_id: str | None = None
    history: tuple[TriageStep, ...] = ()
    updated_at: float | None = None
    # SHA-256 of the secret the citizen got with the reference (domain/report_secret.py); never the secret.
    secret_hash: str | None = None

    @property
    def last_update(self) -> float:
        """When the status last changed (the filing time until triage begins)."""
        return self.updated_at if self.updated_at is not None else self.created_at

    @property
    def has_contact(self) -> bool:
        """Whether the citizen left contact details (only a non-anonymous report does)."""
        return not self.anonymous and self.contact is not None

    @classmethod
    def submitted(
        cls, draft: ReportDraft, reference: str, now: float, expires_at: int, secret_hash: str | None = None
    ) -> Report:
        """The new report a draft becomes under this reference."""
        return cls(
            reference=reference,
            kind=draft.kind,
            place=draft.place,
            description=draft.description,
            created_at=now,
            expires_at=expires_at,
            anonymous=draft.anonymous,
            when=draft.when,
            details=dict(draft.details),
            contact=draft.contact,
            secret_hash=secret_hash,
        )


def new_reference(now: float, choose: Callable[[str], str] = secrets.choice) -> str:
    """A fresh reference `SIG-<year>-<6 characters>`; the storage refuses one already taken."""
    year = datetime.fromtimestamp(now, tz=UTC).year
    suffix = "".join(choose(REFERENCE_ALPHABET) for _ in range(REFERENCE_LENGTH))
    return f"SIG-{year:04d}-{suffix}"


_TRIAGE = (
    "Des policiers lisent chaque signalement et décident des suites à donner : "
    "surveillance, intervention, enquête ou transmission au service compétent."
)
_ANONYMOUS = "Votre signalement est anonyme : vous ne recevrez pas de réponse individuelle."
_NAMED = (
    "Vous avez laissé vos coordonnées : un policier pourra vous recontacter "
    "s'il a besoin de précisions, mais ce n'est pas systématique."
)
_BY_KIND = {
    ReportKind.POINT_DE_DEAL: (
        "Vos observations aident les enquêteurs à cibler leurs opérations, même sans suite visible."
    ),
    ReportKind.RODEO: "Ne vous approchez pas des véhicules et ne cherchez pas à les arrêter vous-même.",
    ReportKind.MALTRAITANCE_ANIMALE: "Si un animal est en danger immédiat, appelez le 17.",
    ReportKind.AUTRE: "Si les faits vous concernent directement, vous pouvez aussi porter plainte.",
}


def next_steps(report: Report) -> list[str]:
    """What the citizen is told once the report is stored."""
    return [_TRIAGE, _ANONYMOUS if report.anonymous else _NAMED, _BY_KIND[report.kind]]
