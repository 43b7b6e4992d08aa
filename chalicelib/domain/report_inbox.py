"""What the officers' inbox of reports asks for: a filter, pages of reports newest first, an audit entry."""
from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from enum import Enum

from chalicelib.domain.report import Report, ReportKind, ReportStatus

__all__ = ["AuditAction", "AuditEntry", "InboxFilter", "InboxPage", "commune_key"]


def commune_key(commune: str) -> str:
    """A commune as filters compare it: accents, case, dashes and spaces ignored (`Saint-Émilion`: `saintemilion`)."""
    decomposed = unicodedata.normalize("NFKD", commune.casefold())
    return "".join(ch for ch in decomposed if ch.isalnum())


@dataclass(frozen=True)
class InboxFilter:
    """One status (the inbox is read status by status: one bounded query), and optional narrowing.

    `since` and `until` are epoch seconds, both included (the start of the first day, the end of the last).
    """

    status: ReportStatus = ReportStatus.NEW
    kind: ReportKind | None = None
    commune: str | None = None
    since: float | None = None
    until: float | None = None

    def keeps(self, report: Report) -> bool:
        """Whether this report passes the filter (what the DynamoDB query's conditions say, for the fakes)."""
        return (
            report.status is self.status
            and (self.kind is None or report.kind is self.kind)
            and (self.commune is None or commune_key(report.place.commune) == commune_key(self.commune))
            and (self.since is None or report.created_at >= self.since)
            and (self.until is None or report.created_at <= self.until)
        )


@dataclass(frozen=True)
class InboxPage:
    """Reports newest first, and the opaque cursor of the next page (None: no more)."""

    reports: list[Report]
    cursor: str | None


class AuditAction(str, Enum):
    """What was done with a report's personal data."""

    VIEW_CONTACT = "view_contact"
    EXPORT_CONTACT = "export_contact"


@dataclass(frozen=True)
class AuditEntry:
    """Who saw what of which report, and when; kept as long as the report (`expires_at`)."""

    reference: str
    action: AuditAction
    agent_id: str
    at: float
    expires_at: int
