"""A citizen checks their report's status with its reference and secret, and learns nothing else."""
from __future__ import annotations

from dataclasses import dataclass

from chalicelib.domain.rate_limit import RateLimit, source_key
from chalicelib.domain.report import ReportStatus
from chalicelib.domain.report_secret import secret_matches
from chalicelib.errors import GuichetError, UnknownReportError
from chalicelib.services.reports import UNKNOWN_SOURCE, ReportDesk

__all__ = ["STATUS_CHECK_LIMIT", "StatusAnswer", "check_status"]

# Like the report route: a budget per source and hour, counted in DynamoDB before anything is read.
STATUS_CHECK_LIMIT = RateLimit(limit=10, window_s=3600)


@dataclass(frozen=True)
class StatusAnswer:
    """All a citizen learns: the status and when it last changed."""

    status: ReportStatus
    updated_at: float


def check_status(desk: ReportDesk, reference: str, secret: str, source: str | None) -> StatusAnswer:
    """The status of the report this reference and secret name; UnknownReportError for an unknown
    reference and for a wrong secret alike; RateLimitedError past the source's budget (spent by every check)."""
    if desk.rate_limiter is None:
        raise GuichetError("Status checks are not wired.")
    key = "status#" + source_key(source or UNKNOWN_SOURCE, desk.source_salt)
    limit = STATUS_CHECK_LIMIT
    desk.rate_limiter.hit(key, limit.limit, limit.window_s, desk.clock.now())
    report = desk.reports.get(reference)
    if report is None or not secret_matches(secret, report.secret_hash):
        raise UnknownReportError()
    return StatusAnswer(report.status, report.last_update)
