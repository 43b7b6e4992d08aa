"""Submitting a report: once per client key, a few new ones per source and hour, under a reference never reused."""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from aws_lambda_powertools import Logger

from chalicelib.config import DEFAULT_RATE_LIMIT_SALT
from chalicelib.domain.clock import Clock, SystemClock
from chalicelib.domain.rate_limit import RateLimit, SourceBudget, source_key
from chalicelib.domain.report import Report, ReportDraft, new_reference, next_steps
from chalicelib.domain.report_secret import derive_secret, secret_hash
from chalicelib.domain.retention import Retention
from chalicelib.errors import GuichetError, RateLimitedError, ReferenceTakenError
from chalicelib.ports import RateLimiter, ReportRepository, Secret
from chalicelib.services.context import FixedSecret

__all__ = [
    "REPORTS_PER_WINDOW",
    "REPORT_RATE_LIMIT",
    "REPORT_WINDOW_S",
    "UNKNOWN_SOURCE",
    "ReportDesk",
    "Submission",
    "submit_report",
]

logger = Logger(child=True)

REPORTS_PER_WINDOW = 5
REPORT_WINDOW_S = 3600
REPORT_RATE_LIMIT = RateLimit(limit=REPORTS_PER_WINDOW, window_s=REPORT_WINDOW_S)
# Requests whose source cannot be told share one budget rather than escaping the limit.
UNKNOWN_SOURCE = "unknown"
# 31^6 references a year: a collision is rare, five in a row means something else is wrong.
_MAX_REFERENCE_ATTEMPTS = 5


@dataclass
class ReportDesk:
    """What the report use cases need: the ports, the time, and the policies."""

    reports: ReportRepository
    clock: Clock = field(default_factory=SystemClock)
    retention: Retention = field(default_factory=Retention)
    # The key of the sources' hashes and of the citizens' report secrets (read at each use).
    salt: Secret = field(default_factory=lambda: FixedSecret(DEFAULT_RATE_LIMIT_SALT))
    rate_limit: RateLimit = REPORT_RATE_LIMIT
    new_reference: Callable[[float], str] = new_reference
    # Counts the citizens' status checks per source (services/report_status.py); None: checks are not offered.
    rate_limiter: RateLimiter | None = None

    @property
    def source_salt(self) -> str:
        """The current key of the sources' hashes and the report secrets."""
        return self.salt.value()


@dataclass(frozen=True)
class Submission:
    """The stored report, whether this submission created it (False: a repeat of the same client key), and
    the secret that lets the citizen check its status (the same for a repeat; only its hash is stored)."""

    report: Report
    created: bool
    secret: str

    @property
    def next_steps(self) -> list[str]:
        return next_steps(self.report)


def submit_report(desk: ReportDesk, draft: ReportDraft, client_key: str, source: str | None) -> Submission:
    """Store a citizen's report; a repeat of the client key answers with the first report and spends nothing.

    The source's budget is spent in the same write that stores a new report, so that repeats sent
    at the same instant (whose earlier answer was lost) never count, however they interleave.
    """
    secret = derive_secret(desk.source_salt, client_key)
    earlier = desk.reports.by_client_key(client_key)
    if earlier is not None:
        return Submission(earlier, created=False, secret=secret)
    now = desk.clock.now()
    budget = SourceBudget(source_key(source or UNKNOWN_SOURCE, desk.source_salt), desk.rate_limit)
    expires_at = desk.retention.expires_at(now)
    for _ in range(_MAX_REFERENCE_ATTEMPTS):
        report = Report.submitted(draft, desk.new_reference(now), now, expires_at, secret_hash(secret))
        try:
            stored, created = desk.reports.add(report, client_key, budget)
        except ReferenceTakenError:
            continue
        except RateLimitedError:
            logger.info("report refused: rate limited", extra={"kind": draft.kind.value})
            raise
        logger.info("report received", extra={"kind": stored.kind.value, "new": created, "anonymous": stored.anonymous})
        return Submission(stored, created, secret)
    raise GuichetError("No free report reference was found.")
