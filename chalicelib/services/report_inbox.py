"""The officers' inbox of reports: pages, the detail, triage changes, contact details (audited), the CSV export."""
from __future__ import annotations

from dataclasses import dataclass, field

from chalicelib.domain.agent import AgentIdentity
from chalicelib.domain.clock import Clock, SystemClock
from chalicelib.domain.officer_claims import require_supervisor
from chalicelib.domain.orientation import CardKind, CardRef, OrientationCatalogue
from chalicelib.domain.report import Contact, Report
from chalicelib.domain.report_csv import reports_csv
from chalicelib.domain.report_inbox import AuditAction, AuditEntry, InboxFilter, InboxPage
from chalicelib.domain.triage import TriageChange, can_see_contact, triage
from chalicelib.errors import NotFoundError, NotYourReportError, UnknownCardError
from chalicelib.ports import AuditTrail, ReportInbox, ReportRepository

__all__ = ["EXPORT_MAX", "PAGE_MAX", "ReportDetail", "ReportTriage"]

PAGE_MAX = 100
# An export reads pages of PAGE_MAX until this many reports: a unit's list, not the whole table.
EXPORT_MAX = 1000


@dataclass(frozen=True)
class ReportDetail:
    """A report as one officer may see it: whether they may ask for its contact, and (supervisors) its audit."""

    report: Report
    may_see_contact: bool
    audit: list[AuditEntry] | None


@dataclass
class ReportTriage:
    """The inbox's use cases over the report ports and the locator's units."""

    reports: ReportRepository
    inbox: ReportInbox
    audit: AuditTrail
    catalogue: OrientationCatalogue
    clock: Clock = field(default_factory=SystemClock)

    def units(self) -> list[tuple[str, str]]:
        """The units a report may be forwarded to: (id, name), as the locator lists them."""
        return [(unit_id, self.unit_name(unit_id)) for unit_id in self.catalogue.ids(CardKind.UNIT)]

    def unit_name(self, unit_id: str) -> str:
        """A unit's name (its id if the locator dropped it since)."""
        try:
            return self.catalogue.card(CardRef(CardKind.UNIT, unit_id), "fr").title
        except UnknownCardError:  # a unit removed from the data since keeps its id
            return unit_id

    def list(self, officer: AgentIdentity, inbox_filter: InboxFilter, limit: int, cursor: str | None) -> InboxPage:
        """A page of the inbox, newest first (any officer)."""
        return self.inbox.page(inbox_filter, min(limit, PAGE_MAX), cursor)

    def _report(self, reference: str) -> Report:
        report = self.reports.get(reference)
        if report is None:
            raise NotFoundError()
        return report

    def detail(self, officer: AgentIdentity, reference: str) -> ReportDetail:
        """One report, without its contact details; a supervisor also gets who saw them."""
        report = self._report(reference)
        audit = self.audit.for_report(reference) if officer.is_supervisor else None
        return ReportDetail(report, can_see_contact(report, officer), audit)

    def contact(self, officer: AgentIdentity, reference: str) -> Contact:
        """The citizen's contact details, for the report's handler or a supervisor; every view is audited.

        NotYourReportError for anyone else, NotFoundError for an anonymous report.
        """
        report = self._report(reference)
        if not report.has_contact or report.contact is None:
            raise NotFoundError("Ce signalement est anonyme.")
        if not can_see_contact(report, officer):
            raise NotYourReportError()
        self.audit.record(
            [AuditEntry(reference, AuditAction.VIEW_CONTACT, officer.agent_id, self.clock.now(), report.expires_at)]
        )
        return report.contact

    def change(self, officer: AgentIdentity, reference: str, change: TriageChange) -> Report:
        """Move the report on (domain/triage.py's rules), stored only if nobody changed it meanwhile."""
        report = self._report(reference)
        changed = triage(report, change, officer, self.clock.now(), set(self.catalogue.ids(CardKind.UNIT)))
        self.inbox.save_triage(changed, report.status)
        return changed

    def export(self, officer: AgentIdentity, inbox_filter: InboxFilter, with_contact: bool) -> tuple[str, int]:
        """The filtered list as CSV (supervisors), and how many reports it holds; contact details only when
        asked for, each report's then audited."""
        require_supervisor(officer)
        found: list[Report] = []
        cursor: str | None = None
        while len(found) < EXPORT_MAX:
            page = self.inbox.page(inbox_filter, min(PAGE_MAX, EXPORT_MAX - len(found)), cursor)
            found += page.reports
            cursor = page.cursor
            if cursor is None:
                break
        if with_contact:
            now = self.clock.now()
            self.audit.record(
                [
                    AuditEntry(r.reference, AuditAction.EXPORT_CONTACT, officer.agent_id, now, r.expires_at)
                    for r in found
                    if r.has_contact
                ]
            )
        return reports_csv(found, with_contact, self.unit_name), len(found)
