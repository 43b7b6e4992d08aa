"""The CSV a supervisor exports for a unit: one line per report, contact details only when asked for.

Spreadsheets run a cell that starts with `=`, `+`, `-` or `@` (and tab or carriage return) as a
formula: such a cell is written with a leading apostrophe, which shows the text as typed.
"""
from __future__ import annotations

import csv
import io
from collections.abc import Callable, Iterable
from datetime import datetime
from zoneinfo import ZoneInfo

from chalicelib.domain.report import Report

__all__ = ["COLUMNS", "CONTACT_COLUMNS", "neutralise", "reports_csv"]

COLUMNS = (
    "reference",
    "type",
    "statut",
    "depose_le",
    "mis_a_jour_le",
    "commune",
    "code_postal",
    "lieu",
    "quand",
    "description",
    "details",
    "unite",
    "agent",
)
CONTACT_COLUMNS = ("contact_nom", "contact_courriel", "contact_telephone")
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
_WITHOUT = "# Coordonnées des déclarants non incluses (export sans coordonnées)."
_WITH = "# Coordonnées des déclarants incluses : données personnelles, consultation journalisée."


def neutralise(cell: str) -> str:
    """A cell a spreadsheet shows as text, never runs as a formula."""
    return "'" + cell if cell.startswith(_FORMULA_STARTS) else cell


def _date(epoch: float, zone: ZoneInfo) -> str:
    return datetime.fromtimestamp(epoch, tz=zone).strftime("%Y-%m-%d %H:%M")


def reports_csv(
    reports: Iterable[Report], with_contact: bool, unit_name: Callable[[str], str], timezone: str = "Europe/Paris"
) -> str:
    """The export: a header line saying whether contact details are in, the column names, one line per report."""
    zone = ZoneInfo(timezone)
    out = io.StringIO()
    out.write((_WITH if with_contact else _WITHOUT) + "\r\n")
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(COLUMNS + (CONTACT_COLUMNS if with_contact else ()))
    for report in reports:
        details = "; ".join(f"{key}: {value}" for key, value in sorted(report.details.items()))
        row = [
            report.reference,
            report.kind.value,
            report.status.value,
            _date(report.created_at, zone),
            _date(report.last_update, zone),
            report.place.commune,
            report.place.postcode or "",
            report.place.description or "",
            report.when or "",
            report.description,
            details,
            unit_name(report.unit_id) if report.unit_id else "",
            report.handler.display_name if report.handler else "",
        ]
        if with_contact:
            contact = report.contact if report.has_contact else None
            row += [contact.name or "", contact.email or "", contact.phone or ""] if contact else ["", "", ""]
        writer.writerow([neutralise(cell) for cell in row])
    return out.getvalue()
