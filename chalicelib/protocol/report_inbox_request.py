"""What the inbox routes accept: the list's query string, a triage change, a citizen's status check.

Errors are InvalidFieldsError with a French message per field (never the submitted value).
"""
from __future__ import annotations

from collections.abc import Mapping
from datetime import date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from chalicelib.domain.report import REFERENCE_PATTERN, ReportKind, ReportStatus
from chalicelib.domain.report_inbox import InboxFilter
from chalicelib.domain.triage import NOTE_MAX_LENGTH, TriageChange
from chalicelib.errors import InvalidFieldsError
from chalicelib.protocol.untrusted_json import is_unicode_text, json_object_body

__all__ = [
    "DEFAULT_PAGE",
    "DESK_TIMEZONE",
    "parse_inbox_query",
    "parse_status_check",
    "parse_triage_change",
    "wants_contact",
]

MAX_BODY_BYTES = 8 * 1024
DEFAULT_PAGE = 50
# The inbox's dates are the desk's days.
DESK_TIMEZONE = "Europe/Paris"
_COMMUNE_MAX = 80
_CURSOR_MAX = 400
_UNIT_MAX = 100
_SECRET_MAX = 64

_STATUS = "Choisissez un statut : new, in_progress, forwarded ou closed."
_KIND = "Choisissez un type : point-de-deal, rodeo, maltraitance-animale ou autre."
_DATE = "Indiquez une date au format AAAA-MM-JJ."


def _text(params: Mapping[str, str], name: str, max_length: int, message: str) -> str | None:
    value = params.get(name)
    if value is None or value.strip() == "":
        return None
    if len(value) > max_length or not is_unicode_text(value):
        raise InvalidFieldsError({name: message})
    return value.strip()


def _day(value: str | None, name: str, zone: ZoneInfo) -> date | None:
    if value is None:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise InvalidFieldsError({name: _DATE}) from None


def parse_inbox_query(
    params: Mapping[str, str] | None, timezone: str = DESK_TIMEZONE
) -> tuple[InboxFilter, int, str | None]:
    """The filter, page size and cursor of `GET /agent/reports` (and of the export)."""
    params = params or {}
    zone = ZoneInfo(timezone)
    fields: dict[str, str] = {}
    try:
        status = ReportStatus(params.get("status") or ReportStatus.NEW.value)
    except ValueError:
        fields["status"] = _STATUS
        status = ReportStatus.NEW
    kind: ReportKind | None = None
    if params.get("kind"):
        try:
            kind = ReportKind(params["kind"])
        except ValueError:
            fields["kind"] = _KIND
    try:
        commune = _text(params, "commune", _COMMUNE_MAX, f"{_COMMUNE_MAX} caractères au maximum.")
        first = _day(_text(params, "from", 10, _DATE), "from", zone)
        last = _day(_text(params, "to", 10, _DATE), "to", zone)
        cursor = _text(params, "cursor", _CURSOR_MAX, "Rechargez la liste : ce curseur de page n'est pas valide.")
    except InvalidFieldsError as exc:
        raise InvalidFieldsError({**fields, **exc.fields}) from None
    limit = DEFAULT_PAGE
    if params.get("limit"):
        raw = params["limit"]
        if not raw.isdigit() or not 1 <= int(raw) <= 100:
            fields["limit"] = "Entre 1 et 100."
        else:
            limit = int(raw)
    if first and last and last < first:
        fields["to"] = "La date de fin précède la date de début."
    if fields:
        raise InvalidFieldsError(fields)
    since = datetime.combine(first, time.min, zone).timestamp() if first else None
    until = datetime.combine(last + timedelta(days=1), time.min, zone).timestamp() - 0.001 if last else None
    return InboxFilter(status=status, kind=kind, commune=commune, since=since, until=until), limit, cursor


def wants_contact(params: Mapping[str, str] | None) -> bool:
    """`?contact=1`: the export includes contact details (audited)."""
    return (params or {}).get("contact") == "1"


def _payload(body: bytes | str | None) -> dict[str, Any]:
    """The body's JSON object; size, encoding, nesting and lone surrogates checked first."""
    return json_object_body(body, MAX_BODY_BYTES)


def parse_triage_change(body: bytes | str | None) -> TriageChange:
    """`{"status", "note"?, "unit_id"? (forwarded only)}` of `POST /agent/reports/{reference}/status`."""
    payload = _payload(body)
    fields: dict[str, str] = {}
    extra = set(payload) - {"status", "note", "unit_id"}
    fields.update({name: "Ce champ n'est pas attendu." for name in sorted(extra)})
    status: ReportStatus | None = None
    try:
        status = ReportStatus(payload.get("status"))
    except ValueError:
        fields["status"] = "Choisissez le nouveau statut : in_progress, forwarded ou closed."
    note = payload.get("note", "")
    if not isinstance(note, str) or len(note.strip()) > NOTE_MAX_LENGTH:
        fields["note"] = f"La note compte {NOTE_MAX_LENGTH} caractères au maximum."
    unit_id = payload.get("unit_id")
    if status is ReportStatus.FORWARDED:
        if not isinstance(unit_id, str) or not 1 <= len(unit_id) <= _UNIT_MAX:
            fields["unit_id"] = "Choisissez l'unité à qui transmettre le signalement."
    elif unit_id is not None:
        fields["unit_id"] = "Une unité ne se choisit qu'en transmettant le signalement."
    if fields or status is None or not isinstance(note, str):
        raise InvalidFieldsError(fields)
    return TriageChange(to=status, note=note.strip(), unit_id=unit_id if isinstance(unit_id, str) else None)


def parse_status_check(body: bytes | str | None) -> tuple[str, str]:
    """`{"reference", "secret"}` of `POST /reports/status`: the reference in its canonical form, the secret as typed.

    Only the reference's form is checked here; any secret is compared (a wrong one answers like an unknown
    reference).
    """
    payload = _payload(body)
    fields: dict[str, str] = {}
    extra = set(payload) - {"reference", "secret"}
    fields.update({name: "Ce champ n'est pas attendu." for name in sorted(extra)})
    reference = payload.get("reference")
    if isinstance(reference, str):
        reference = reference.strip().upper()
    if not isinstance(reference, str) or not REFERENCE_PATTERN.match(reference):
        fields["reference"] = "Indiquez la référence reçue, par exemple SIG-2025-AB3DEF."
    secret = payload.get("secret")
    if not isinstance(secret, str) or not 1 <= len(secret.strip()) <= _SECRET_MAX:
        fields["secret"] = "Indiquez le code secret reçu avec la référence."
    if fields or not isinstance(reference, str) or not isinstance(secret, str):
        raise InvalidFieldsError(fields)
    return reference, secret
