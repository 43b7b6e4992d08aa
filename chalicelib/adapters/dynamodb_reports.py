"""Reports on DynamoDB: one table keyed by `pk` holds the reports, their idempotency keys and the rate counters.

Items, all with a TTL (`expires_at`):
- `report#<reference>`: the report; it carries `inbox_status` (its triage status), which puts it in the
  sparse `inbox-index` (partition `inbox_status`, sort `created_at`): the inbox reads one status at a
  time, newest first, with a bounded Query (never a Scan); kind and commune narrow it as filters;
- `audit#<reference>`: who saw that report's contact details, and when (a list, appended to);
- `key#<client_key>`: the reference a client key got, written in the same transaction as the report;
- `rate#<hashed source>#<window start>`: how many reports that source sent in that window.
"""
from __future__ import annotations

from typing import Any

from pynamodb.attributes import BooleanAttribute, JSONAttribute, NumberAttribute, TTLAttribute, UnicodeAttribute
from pynamodb.connection import Connection as DynamoDBConnection
from pynamodb.exceptions import DoesNotExist, TransactWriteError
from pynamodb.indexes import AllProjection, GlobalSecondaryIndex
from pynamodb.models import Model
from pynamodb.transactions import TransactWrite

from chalicelib.adapters.dynamodb_common import (
    CONDITION_FAILED,
    TRANSACTION_CONFLICT,
    backoff,
    bind_model,
    epoch_to_ttl,
    is_live,
    reason_codes,
    transaction_connection,
    ttl_to_epoch,
    utc_now,
)
from chalicelib.adapters.dynamodb_rate_limits import RateCounterModel, dynamodb_rate_limiter, rate_pk
from chalicelib.config import Settings
from chalicelib.domain.rate_limit import SourceBudget
from chalicelib.domain.report import Contact, Place, Report, ReportHandler, ReportKind, ReportStatus, TriageStep
from chalicelib.domain.report_inbox import commune_key
from chalicelib.errors import GuichetError, RateLimitedError, ReferenceTakenError
from chalicelib.ports import ReportRepository, ReportStorage

__all__ = [
    "DynamoReports",
    "ReportKeyModel",
    "ReportModel",
    "bind_report_models",
    "dynamodb_report_storage",
    "key_pk",
    "report_pk",
]

_MAX_ATTEMPTS = 10


def report_pk(reference: str) -> str:
    """Partition key of a report item."""
    return f"report#{reference}"


def key_pk(client_key: str) -> str:
    """Partition key of the item that makes a client key unique."""
    return f"key#{client_key}"


class InboxIndex(GlobalSecondaryIndex["ReportModel"]):
    """Sparse: only report items carry `inbox_status` (their status); sorted by filing time."""

    class Meta:
        index_name = "inbox-index"
        projection = AllProjection()

    inbox_status = UnicodeAttribute(hash_key=True)
    created_at = NumberAttribute(range_key=True)


class ReportModel(Model):
    """A report item: pk = "report#<reference>"."""

    class Meta:
        pass

    pk = UnicodeAttribute(hash_key=True)
    reference = UnicodeAttribute()
    kind = UnicodeAttribute()
    status = UnicodeAttribute()
    inbox_status = UnicodeAttribute(null=True)
    created_at = NumberAttribute()
    anonymous = BooleanAttribute()
    commune = UnicodeAttribute()
    postcode = UnicodeAttribute(null=True)
    place_description = UnicodeAttribute(null=True)
    when = UnicodeAttribute(null=True)
    description = UnicodeAttribute()
    details = JSONAttribute(null=True)
    contact_name = UnicodeAttribute(null=True)
    contact_email = UnicodeAttribute(null=True)
    contact_phone = UnicodeAttribute(null=True)
    expires_at = TTLAttribute()
    # The inbox: the commune as filters compare it, the triage (handler, unit, steps), the citizen's secret.
    commune_key = UnicodeAttribute(null=True)
    handler_id = UnicodeAttribute(null=True)
    handler_name = UnicodeAttribute(null=True)
    unit_id = UnicodeAttribute(null=True)
    updated_at = NumberAttribute(null=True)
    history = JSONAttribute(null=True)
    secret_hash = UnicodeAttribute(null=True)

    inbox_index = InboxIndex()

    @classmethod
    def from_domain(cls, report: Report) -> ReportModel:
        """The item for a report, in the inbox index while it waits for triage."""
        contact = report.contact or Contact()
        return cls(
            report_pk(report.reference),
            reference=report.reference,
            kind=report.kind.value,
            status=report.status.value,
            inbox_status=report.status.value,
            created_at=report.created_at,
            anonymous=report.anonymous,
            commune=report.place.commune,
            postcode=report.place.postcode,
            place_description=report.place.description,
            when=report.when,
            description=report.description,
            details=dict(report.details) or None,
            contact_name=contact.name,
            contact_email=contact.email,
            contact_phone=contact.phone,
            expires_at=epoch_to_ttl(report.expires_at),
            commune_key=commune_key(report.place.commune),
            handler_id=report.handler.agent_id if report.handler else None,
            handler_name=report.handler.display_name if report.handler else None,
            unit_id=report.unit_id,
            updated_at=report.updated_at,
            history=history_document(report.history) or None,
            secret_hash=report.secret_hash,
        )

    def to_domain(self) -> Report:
        """The report this item holds."""
        has_contact = self.contact_name or self.contact_email or self.contact_phone
        return Report(
            reference=self.reference,
            kind=ReportKind(self.kind),
            place=Place(commune=self.commune, postcode=self.postcode, description=self.place_description),
            description=self.description,
            created_at=self.created_at,
            expires_at=ttl_to_epoch(self.expires_at),
            anonymous=bool(self.anonymous),
            when=self.when,
            details=dict(self.details or {}),
            contact=Contact(self.contact_name, self.contact_email, self.contact_phone) if has_contact else None,
            status=ReportStatus(self.status),
            handler=ReportHandler(self.handler_id, self.handler_name or self.handler_id) if self.handler_id else None,
            unit_id=self.unit_id,
            history=tuple(_step(step) for step in self.history or []),
            updated_at=self.updated_at,
            secret_hash=self.secret_hash,
        )


def history_document(steps: tuple[TriageStep, ...]) -> list[dict[str, Any]]:
    """The triage steps as the item's JSON list."""
    return [
        {"status": s.status.value, "at": s.at, "by_id": s.by_id, "by_name": s.by_name, "note": s.note,
         "unit_id": s.unit_id}
        for s in steps
    ]


def _step(document: dict[str, Any]) -> TriageStep:
    return TriageStep(
        status=ReportStatus(document["status"]),
        at=float(document["at"]),
        by_id=document["by_id"],
        by_name=document["by_name"],
        note=document.get("note") or "",
        unit_id=document.get("unit_id"),
    )


class ReportKeyModel(Model):
    """In the reports table: pk = "key#<client_key>" remembers the reference that submission got."""

    class Meta:
        pass

    pk = UnicodeAttribute(hash_key=True)
    reference = UnicodeAttribute()
    expires_at = TTLAttribute()


_MODELS: tuple[type[Model], ...] = (ReportModel, ReportKeyModel)


def bind_report_models(settings: Settings) -> None:
    """Point the report models at this stage's reports table."""
    for model in _MODELS:
        bind_model(model, settings.reports_table, settings)


def _free(model: Any) -> Any:
    """The condition under which a put may take this key: nobody holds it, or its holder has expired."""
    return model.pk.does_not_exist() | (model.expires_at < utc_now())


class DynamoReports(ReportRepository):
    """Reports and their idempotency keys, written together in one transaction."""

    def __init__(self, connection: DynamoDBConnection) -> None:
        self._connection = connection

    def add(self, report: Report, client_key: str, budget: SourceBudget | None = None) -> tuple[Report, bool]:
        """Store a new report, once per client key, spending one from the source's budget in the same transaction."""
        key_item = ReportKeyModel(
            key_pk(client_key), reference=report.reference, expires_at=epoch_to_ttl(report.expires_at)
        )
        for attempt in range(_MAX_ATTEMPTS):
            try:
                with TransactWrite(connection=self._connection) as transaction:
                    transaction.save(ReportModel.from_domain(report), condition=_free(ReportModel))
                    transaction.save(key_item, condition=_free(ReportKeyModel))
                    if budget is not None:
                        _spend(transaction, budget, report.created_at)
            except TransactWriteError as exc:
                codes = reason_codes(exc)  # [report, key, budget]
                if codes[1:2] == [CONDITION_FAILED]:
                    # A repeat: the whole transaction was cancelled, so its budget was not spent.
                    stored = self.by_client_key(client_key)
                    if stored is None:
                        raise GuichetError("A report key points at no report.") from exc
                    return stored, False
                if budget is not None and codes[2:3] == [CONDITION_FAILED]:
                    raise RateLimitedError(budget.limit.retry_after_s(report.created_at)) from exc
                if codes[:1] == [CONDITION_FAILED]:
                    raise ReferenceTakenError() from exc
                if TRANSACTION_CONFLICT in codes:
                    backoff(attempt)
                    continue
                raise
            return report, True
        raise GuichetError("The report kept conflicting while being stored.")

    def get(self, reference: str) -> Report | None:
        """The report with this reference, or None if unknown (or expired)."""
        try:
            item = ReportModel.get(report_pk(reference), consistent_read=True)
        except DoesNotExist:
            return None
        return item.to_domain() if is_live(item.expires_at) else None

    def by_client_key(self, client_key: str) -> Report | None:
        """The report an earlier submission with this client key stored, if any."""
        try:
            key_item = ReportKeyModel.get(key_pk(client_key), consistent_read=True)
        except DoesNotExist:
            return None
        return self.get(key_item.reference) if is_live(key_item.expires_at) else None

    def inbox(self, status: ReportStatus, limit: int = 50) -> list[Report]:
        """Reports in this status, oldest first."""
        items = ReportModel.inbox_index.query(
            status.value, filter_condition=ReportModel.expires_at > utc_now(), limit=limit
        )
        return [item.to_domain() for item in items]


def _spend(transaction: TransactWrite, budget: SourceBudget, now: float) -> None:
    """Count one more new report in the source's current window, unless the window is full."""
    start = budget.limit.window_start(now)
    transaction.update(
        RateCounterModel(rate_pk(budget.source_key, start)),
        actions=[
            RateCounterModel.hits.add(1),
            RateCounterModel.expires_at.set(epoch_to_ttl(start + budget.limit.window_s)),
        ],
        condition=RateCounterModel.hits.does_not_exist() | (RateCounterModel.hits < budget.limit.limit),
    )


def dynamodb_report_storage(settings: Settings) -> ReportStorage:
    """The DynamoDB report repository, rate limiter, inbox and audit trail for this stage's reports table."""
    from chalicelib.adapters.dynamodb_report_inbox import DynamoAuditTrail, DynamoReportInbox, bind_audit_model

    bind_report_models(settings)
    bind_audit_model(settings)
    return ReportStorage(
        reports=DynamoReports(transaction_connection(settings.region, settings.dynamodb_host)),
        rate_limiter=dynamodb_rate_limiter(settings),
        inbox=DynamoReportInbox(),
        audit=DynamoAuditTrail(),
    )
