"""The officers' triage of a report: new → in progress → forwarded to a unit → closed, each step kept.

Any officer may take a new report ("in progress"): they become its handler. Only the handler, or a
supervisor, moves it on; forwarding names a unit of the locator's data. Contact details are seen only
by the handler and by supervisors (who oversee the desk and export for units), and only for a report
whose citizen chose to leave them.
"""
from __future__ import annotations

from collections.abc import Container
from dataclasses import dataclass, replace

from chalicelib.domain.agent import AgentIdentity
from chalicelib.domain.report import Report, ReportHandler, ReportStatus, TriageStep
from chalicelib.errors import InvalidTransitionError, NotYourReportError, UnknownUnitError

__all__ = ["NEXT_STATUSES", "NOTE_MAX_LENGTH", "TriageChange", "can_see_contact", "triage"]

NOTE_MAX_LENGTH = 1000

NEXT_STATUSES: dict[ReportStatus, frozenset[ReportStatus]] = {
    ReportStatus.NEW: frozenset({ReportStatus.IN_PROGRESS}),
    ReportStatus.IN_PROGRESS: frozenset({ReportStatus.FORWARDED, ReportStatus.CLOSED}),
    ReportStatus.FORWARDED: frozenset({ReportStatus.CLOSED}),
    ReportStatus.CLOSED: frozenset(),
}


@dataclass(frozen=True)
class TriageChange:
    """What an officer asks: the next status, a note, and the unit when forwarding."""

    to: ReportStatus
    note: str = ""
    unit_id: str | None = None


def _is_handler(report: Report, officer: AgentIdentity) -> bool:
    return report.handler is not None and report.handler.agent_id == officer.agent_id


def triage(
    report: Report, change: TriageChange, officer: AgentIdentity, now: float, units: Container[str]
) -> Report:
    """The report after this change, with the step appended to its history.

    InvalidTransitionError for a change the state machine does not allow, NotYourReportError when an
    officer other than the handler (and not a supervisor) moves a report on, UnknownUnitError when
    forwarding names no unit of the locator's data.
    """
    if change.to not in NEXT_STATUSES[report.status]:
        raise InvalidTransitionError()
    handler = report.handler
    if change.to is ReportStatus.IN_PROGRESS:
        handler = ReportHandler(officer.agent_id, officer.display_name)
    elif not (_is_handler(report, officer) or officer.is_supervisor):
        raise NotYourReportError()
    unit_id = report.unit_id
    if change.to is ReportStatus.FORWARDED:
        if change.unit_id is None or change.unit_id not in units:
            raise UnknownUnitError()
        unit_id = change.unit_id
    step = TriageStep(
        status=change.to,
        at=now,
        by_id=officer.agent_id,
        by_name=officer.display_name,
        note=change.note,
        unit_id=unit_id if change.to is ReportStatus.FORWARDED else None,
    )
    return replace(
        report, status=change.to, handler=handler, unit_id=unit_id, history=(*report.history, step), updated_at=now
    )


def can_see_contact(report: Report, officer: AgentIdentity) -> bool:
    """Whether this officer may see the report's contact details: its handler, or a supervisor."""
    return report.has_contact and (officer.is_supervisor or _is_handler(report, officer))
