"""In-memory fakes of the officers' inbox ports, over the same rows as tests.fakes.FakeReports."""
from __future__ import annotations

import threading

from chalicelib.domain.report import Report, ReportStatus
from chalicelib.domain.report_inbox import AuditEntry, InboxFilter, InboxPage
from chalicelib.errors import InvalidFieldsError, NotFoundError, ReportChangedError
from chalicelib.ports import AuditTrail, ReportInbox, ReportStorage
from tests.fakes import FakeRateLimiter, FakeReports

__all__ = ["FakeAuditTrail", "FakeReportInbox", "fake_report_storage_with_inbox"]

_lock = threading.Lock()


class FakeReportInbox(ReportInbox):
    """Pages over FakeReports' rows, newest first; the cursor is the last reference given."""

    def __init__(self, reports: FakeReports) -> None:
        self.reports = reports

    def page(self, inbox_filter: InboxFilter, limit: int, cursor: str | None) -> InboxPage:
        rows = [r for r in self.reports.rows.values() if inbox_filter.keeps(r) and self.reports.get(r.reference)]
        rows.sort(key=lambda r: (r.created_at, r.reference), reverse=True)
        if cursor is not None:
            at = next((i for i, r in enumerate(rows) if r.reference == cursor), None)
            if at is None:
                raise InvalidFieldsError({"cursor": "Rechargez la liste : ce curseur de page n'est pas valide."})
            rows = rows[at + 1 :]
        page = rows[:limit]
        return InboxPage(page, page[-1].reference if len(rows) > limit else None)

    def save_triage(self, report: Report, previous: ReportStatus) -> None:
        with _lock:
            stored = self.reports.rows.get(report.reference)
            if stored is None:
                raise NotFoundError()
            if stored.status is not previous:
                raise ReportChangedError()
            self.reports.rows[report.reference] = report


class FakeAuditTrail(AuditTrail):
    def __init__(self) -> None:
        self.entries: list[AuditEntry] = []

    def record(self, entries: list[AuditEntry]) -> None:
        self.entries += entries

    def for_report(self, reference: str) -> list[AuditEntry]:
        return [e for e in self.entries if e.reference == reference]


def fake_report_storage_with_inbox() -> ReportStorage:
    """Every report port as in-memory fakes, the inbox and its audit trail included."""
    reports = FakeReports()
    return ReportStorage(reports, FakeRateLimiter(), FakeReportInbox(reports), FakeAuditTrail())
