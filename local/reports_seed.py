"""Demo data: citizens' reports of the last days, some already triaged, so the inbox is populated (laptop only).

Every seeded report is filed and moved on through the real use cases (`submit_report`, `ReportTriage`) at
instants in the past. Each has a fixed client key, so its secret (what the citizen would keep to check its
status) can be told again: `seeded_secret` (derived with the seed's own salt, whatever the stage's).
"""
from __future__ import annotations

import json
import time
from dataclasses import dataclass

from chalicelib.adapters.dynamodb_reports import dynamodb_report_storage
from chalicelib.config import Settings
from chalicelib.domain.agent import AgentIdentity
from chalicelib.domain.orientation import orientation_catalogue
from chalicelib.domain.rate_limit import RateLimit
from chalicelib.domain.report import ReportStatus
from chalicelib.domain.report_secret import derive_secret
from chalicelib.domain.retention import Retention
from chalicelib.domain.triage import TriageChange
from chalicelib.protocol.report_request import parse_report_request
from chalicelib.services.context import FixedSecret
from chalicelib.services.report_inbox import ReportTriage
from chalicelib.services.reports import ReportDesk, submit_report

__all__ = ["SEEDED_REPORTS", "SeededReport", "seed_reports", "seeded_secret"]

_HOUR = 3600
_DAY = 24 * _HOUR
# The seed files its reports as one source of its own, never the budget of a browser on this laptop.
_SEED_SOURCE = "local-seed"
# The seed's secrets are derived with a salt of its own (public: these are demo reports), not the stage's, so
# that demos and tests can tell a seeded report's secret again whatever salt the stack runs with.
_SEED_SALT = "guichet-local-seed-reports"


@dataclass(frozen=True)
class SeededReport:
    """One demo report: who files it, how long ago, and how far it was triaged (by whom, to which unit)."""

    reference: str
    age_s: int
    body: dict[str, object]
    status: ReportStatus = ReportStatus.NEW
    unit_id: str | None = None

    @property
    def client_key(self) -> str:
        return f"local-seed-{self.reference}"


def _named(name: str, email: str | None = None, phone: str | None = None) -> dict[str, object]:
    contact = {key: value for key, value in (("name", name), ("email", email), ("phone", phone)) if value}
    return {"anonymous": False, "contact": contact}


SEEDED_REPORTS: tuple[SeededReport, ...] = (
    SeededReport(
        "SIG-2026-SEED2A",
        2 * _HOUR,
        {
            "kind": "point-de-deal",
            "place": {"commune": "Bordeaux", "postcode": "33000", "description": "Hall du 12 rue des Faures"},
            "description": "Des jeunes vendent dans le hall tous les soirs, des clients passent sans arrêt.",
            "details": {"hours": "De 18 h à minuit", "people": "3 ou 4"},
            **_named("Martine Dupuis", email="martine.dupuis@example.org", phone="06 12 34 56 78"),
        },
    ),
    SeededReport(
        "SIG-2026-SEED3B",
        5 * _HOUR,
        {
            "kind": "rodeo",
            "place": {"commune": "Mérignac", "postcode": "33700", "description": "Parking du centre commercial"},
            "when": "Tous les dimanches après-midi",
            "description": "Une dizaine de motos font des roues arrière sur le parking : dangereux pour les enfants.",
            "details": {"vehicles": ["motos", "quads"], "frequency": "chaque-semaine"},
        },
    ),
    SeededReport(
        "SIG-2026-SEED4C",
        9 * _HOUR,
        {
            "kind": "maltraitance-animale",
            "place": {"commune": "Pessac", "postcode": "33600"},
            "description": "Un chien est attaché sur un balcon sans eau ni abri depuis trois jours.",
            "details": {"species": "Chien", "situation": "manque-de-soins"},
            **_named("Paul Martin", phone="07 98 76 54 32"),
        },
    ),
    SeededReport(
        "SIG-2026-SEED5D",
        20 * _HOUR,
        {
            "kind": "autre",
            "place": {"commune": "Talence", "postcode": "33400"},
            "description": "Des tags injurieux ont été peints sur le mur de l'école pendant la nuit.",
            "details": {"subject": "Dégradations"},
        },
    ),
    SeededReport(
        "SIG-2026-SEED6E",
        26 * _HOUR,
        {
            "kind": "point-de-deal",
            "place": {"commune": "Bordeaux", "postcode": "33800", "description": "Square près de la gare"},
            "description": "Vente de cannabis dans le square l'après-midi, des guetteurs à l'entrée.",
            "details": {"people": "une dizaine"},
        },
        status=ReportStatus.IN_PROGRESS,
    ),
    SeededReport(
        "SIG-2026-SEED7F",
        2 * _DAY,
        {
            "kind": "rodeo",
            "place": {"commune": "Arcachon", "postcode": "33120", "description": "Boulevard de la plage"},
            "description": "Des quads roulent à toute vitesse sur le boulevard la nuit, plusieurs fois par semaine.",
            "details": {"vehicles": ["quads"], "frequency": "plusieurs-fois-par-mois", "plates": "AB-123-CD"},
            **_named("Jeanne Roux", email="jeanne.roux@example.org"),
        },
        status=ReportStatus.FORWARDED,
        unit_id="commissariat-de-police-d-arcachon",
    ),
    SeededReport(
        "SIG-2026-SEED8G",
        3 * _DAY,
        {
            "kind": "maltraitance-animale",
            "place": {"commune": "Libourne", "postcode": "33500"},
            "description": "Des chevaux maigres dans un pré, sans foin, l'abreuvoir est vide.",
            "details": {"species": "Chevaux", "situation": "manque-de-soins"},
        },
        status=ReportStatus.CLOSED,
    ),
    SeededReport(
        "SIG-2026-SEED9H",
        4 * _DAY,
        {
            "kind": "autre",
            "place": {"commune": "Mérignac", "postcode": "33700"},
            "description": "Une voiture semble abandonnée devant chez moi depuis un mois, vitres cassées.",
            "details": {"subject": "Véhicule abandonné"},
        },
        status=ReportStatus.IN_PROGRESS,
    ),
    SeededReport(
        "SIG-2026-SEEDAK",
        5 * _DAY,
        {
            "kind": "rodeo",
            "place": {"commune": "Gradignan", "postcode": "33170"},
            "description": "Des scooters font la course sur la piste cyclable le long du lycée à la sortie des cours.",
            "details": {"vehicles": ["scooters"], "frequency": "plusieurs-fois-par-mois"},
            **_named("Lucie Garnier", phone="06 55 44 33 22"),
        },
        status=ReportStatus.CLOSED,
        unit_id="commissariat-de-police-d-arcachon",
    ),
    # Reports the browser tests triage, show the contact of, and check the status of (each its own).
    SeededReport(
        "SIG-2026-TEST2A",
        30 * 60,
        {
            "kind": "point-de-deal",
            "place": {"commune": "Bègles", "postcode": "33130", "description": "Sortie du tram"},
            "description": "Un point de vente s'est installé à la sortie du tram depuis une semaine.",
            "details": {"people": "2"},
            **_named("Karim Benali", email="karim.benali@example.org", phone="06 00 00 00 01"),
        },
    ),
    SeededReport(
        "SIG-2026-TEST3B",
        40 * 60,
        {
            "kind": "rodeo",
            "place": {"commune": "Cenon", "postcode": "33150"},
            "description": "Rodéo de motos cross sur le terrain de foot chaque soir vers 21 h.",
            "details": {"vehicles": ["motos"], "frequency": "tous-les-jours"},
            **_named("Sylvie Caron", email="sylvie.caron@example.org"),
        },
    ),
    SeededReport(
        "SIG-2026-TEST4C",
        50 * 60,
        {
            "kind": "autre",
            "place": {"commune": "Lormont", "postcode": "33310"},
            "description": "Des feux de poubelles presque chaque nuit au pied de l'immeuble.",
            "details": {"subject": "Incendies de poubelles"},
        },
        status=ReportStatus.FORWARDED,
        unit_id="commissariat-de-police-d-arcachon",
    ),
)

# Who triaged the seeded reports: two of the demo officers (local/identity.py's accounts).
_OFFICER = AgentIdentity("agent2", "Brigadier Karim D.", frozenset({"agents"}))
_OTHER = AgentIdentity("agent5", "Brigadière Sophie R.", frozenset({"agents"}))
_NOTES = {
    ReportStatus.IN_PROGRESS: "Je prends : vérification avec la patrouille du secteur.",
    ReportStatus.FORWARDED: "Transmis à l'unité compétente pour surveillance.",
    ReportStatus.CLOSED: "Vérifié sur place avec les services vétérinaires : situation réglée.",
}
_PATH = {
    ReportStatus.NEW: (),
    ReportStatus.IN_PROGRESS: (ReportStatus.IN_PROGRESS,),
    ReportStatus.FORWARDED: (ReportStatus.IN_PROGRESS, ReportStatus.FORWARDED),
    ReportStatus.CLOSED: (ReportStatus.IN_PROGRESS, ReportStatus.CLOSED),
}


def _steps(seeded: SeededReport) -> tuple[ReportStatus, ...]:
    """The statuses a seeded report went through: a closed one with a unit was forwarded first."""
    if seeded.status is ReportStatus.CLOSED and seeded.unit_id:
        return (ReportStatus.IN_PROGRESS, ReportStatus.FORWARDED, ReportStatus.CLOSED)
    return _PATH[seeded.status]


class _At:
    """A clock the seed sets to each report's instants."""

    def __init__(self, now: float) -> None:
        self.at = now

    def now(self) -> float:
        return self.at


def seeded_secret(seeded: SeededReport) -> str:
    """The secret the citizen of this seeded report would have been given (for demos and tests)."""
    return derive_secret(_SEED_SALT, seeded.client_key)


def seed_reports(settings: Settings, now: float | None = None) -> int:
    """File the demo reports at their past instants and triage them as far as each says; how many were filed."""
    now = time.time() if now is None else now
    storage = dynamodb_report_storage(settings)
    assert storage.inbox is not None and storage.audit is not None
    clock = _At(now)
    references = iter([seeded.reference for seeded in SEEDED_REPORTS])
    desk = ReportDesk(
        reports=storage.reports,
        clock=clock,
        retention=Retention(settings.retention_days),
        salt=FixedSecret(_SEED_SALT),
        rate_limit=RateLimit(limit=len(SEEDED_REPORTS) + 1, window_s=_HOUR),
        new_reference=lambda _at: next(references),
    )
    triage = ReportTriage(storage.reports, storage.inbox, storage.audit, orientation_catalogue(), clock)
    for index, seeded in enumerate(SEEDED_REPORTS):
        clock.at = now - seeded.age_s
        body = {"client_key": seeded.client_key, "consent": True, **seeded.body}
        _, draft = parse_report_request(json.dumps(body))
        submit_report(desk, draft, seeded.client_key, _SEED_SOURCE)
        officer = _OFFICER if index % 2 == 0 else _OTHER
        for step, status in enumerate(_steps(seeded), start=1):
            clock.at = now - seeded.age_s + step * _HOUR // 4
            unit_id = seeded.unit_id if status is ReportStatus.FORWARDED else None
            triage.change(officer, seeded.reference, TriageChange(status, _NOTES[status], unit_id))
    return len(SEEDED_REPORTS)
