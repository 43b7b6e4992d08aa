"""The officers' inbox of reports on DynamoDB: pages of `inbox-index`, conditional triage, the audit trail.

Every read is one status's partition of the sparse `inbox-index`, newest first: a Query bounded by
`Limit` (what is left of the page) and by at most `_MAX_READS` requests per page, kind and commune as
filter expressions. The cursor names the last report read (reference and filing time), never a raw key.
"""
from __future__ import annotations

import base64
import binascii
import json
from typing import Any

from pynamodb.attributes import ListAttribute, MapAttribute, NumberAttribute, TTLAttribute, UnicodeAttribute
from pynamodb.exceptions import DoesNotExist, UpdateError
from pynamodb.expressions.condition import Condition
from pynamodb.models import Model

from chalicelib.adapters.dynamodb_common import bind_model, condition_failed, epoch_to_ttl, is_live, utc_now
from chalicelib.adapters.dynamodb_reports import ReportModel, history_document, report_pk
from chalicelib.config import Settings
from chalicelib.domain.report import REFERENCE_PATTERN, Report, ReportStatus
from chalicelib.domain.report_inbox import AuditAction, AuditEntry, InboxFilter, InboxPage, commune_key
from chalicelib.errors import InvalidFieldsError, ReportChangedError
from chalicelib.ports import AuditTrail, ReportInbox

__all__ = ["AuditModel", "DynamoAuditTrail", "DynamoReportInbox", "audit_pk", "bind_audit_model"]

# A page costs at most this many Query requests, however selective the filters are.
_MAX_READS = 4
_BAD_CURSOR = {"cursor": "Rechargez la liste : ce curseur de page n'est pas valide."}


def audit_pk(reference: str) -> str:
    """Partition key of a report's audit trail item, in the reports table."""
    return f"audit#{reference}"


class AuditEntryMap(MapAttribute[str, Any]):
    action = UnicodeAttribute()
    agent_id = UnicodeAttribute()
    at = NumberAttribute()


class AuditModel(Model):
    """In the reports table: pk = "audit#<reference>" lists who saw that report's contact details."""

    class Meta:
        pass

    pk = UnicodeAttribute(hash_key=True)
    entries = ListAttribute(of=AuditEntryMap)
    expires_at = TTLAttribute()


def bind_audit_model(settings: Settings) -> None:
    """Point the audit model at this stage's reports table."""
    bind_model(AuditModel, settings.reports_table, settings)


def _encode_cursor(key: dict[str, Any]) -> str:
    data = {"r": key["pk"]["S"].removeprefix("report#"), "c": key["created_at"]["N"]}
    return base64.urlsafe_b64encode(json.dumps(data, separators=(",", ":")).encode()).decode().rstrip("=")


def _decode_cursor(cursor: str, status: ReportStatus) -> dict[str, Any]:
    """The exclusive start key a cursor stands for; InvalidFieldsError for anything this inbox did not write."""
    try:
        data = json.loads(base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)))
        reference, created_at = data["r"], data["c"]
        float(created_at)
    except (ValueError, TypeError, KeyError, binascii.Error):
        raise InvalidFieldsError(_BAD_CURSOR) from None
    if not isinstance(reference, str) or not REFERENCE_PATTERN.match(reference) or not isinstance(created_at, str):
        raise InvalidFieldsError(_BAD_CURSOR)
    return {
        "pk": {"S": report_pk(reference)},
        "inbox_status": {"S": status.value},
        "created_at": {"N": created_at},
    }


class DynamoReportInbox(ReportInbox):
    """Pages of one status's reports, newest first; triage changes conditioned on the status read."""

    def page(self, inbox_filter: InboxFilter, limit: int, cursor: str | None) -> InboxPage:
        """Reports passing the filter, newest first: at most `limit`, in at most `_MAX_READS` Query requests."""
        start = _decode_cursor(cursor, inbox_filter.status) if cursor else None
        since, until = inbox_filter.since, inbox_filter.until
        range_condition: Condition | None = None
        if since is not None and until is not None:
            range_condition = ReportModel.created_at.between(since, until)
        elif since is not None:
            range_condition = ReportModel.created_at >= since
        elif until is not None:
            range_condition = ReportModel.created_at <= until
        condition: Condition = ReportModel.expires_at > utc_now()
        if inbox_filter.kind is not None:
            condition &= ReportModel.kind == inbox_filter.kind.value
        if inbox_filter.commune:
            condition &= ReportModel.commune_key == commune_key(inbox_filter.commune)
        pages = ReportModel.inbox_index.query(
            inbox_filter.status.value,
            range_key_condition=range_condition,
            filter_condition=condition,
            scan_index_forward=False,
            page_size=limit,
            last_evaluated_key=start,
        ).page_iter
        found: list[Report] = []
        for _ in range(_MAX_READS):
            pages.page_size = limit - len(found)  # never read past the page: the cursor stays exact
            try:
                raw = next(pages)
            except StopIteration:
                break
            found += [ReportModel.from_raw_data(item).to_domain() for item in raw.get("Items", [])]
            if pages.last_evaluated_key is None or len(found) >= limit:
                break
        last = pages.last_evaluated_key
        return InboxPage(found, _encode_cursor(last) if last else None)

    def save_triage(self, report: Report, previous: ReportStatus) -> None:
        """One conditional UpdateItem: the status, handler, unit and history, if the status is still `previous`."""
        item = ReportModel(report_pk(report.reference))
        actions: list[Any] = [
            ReportModel.status.set(report.status.value),
            ReportModel.inbox_status.set(report.status.value),
            ReportModel.updated_at.set(report.last_update),
            ReportModel.history.set(history_document(report.history)),
        ]
        if report.handler is not None:
            actions += [
                ReportModel.handler_id.set(report.handler.agent_id),
                ReportModel.handler_name.set(report.handler.display_name),
            ]
        if report.unit_id is not None:
            actions.append(ReportModel.unit_id.set(report.unit_id))
        try:
            item.update(
                actions=actions,
                condition=ReportModel.pk.exists() & (ReportModel.status == previous.value),
            )
        except UpdateError as exc:
            if condition_failed(exc):
                raise ReportChangedError() from exc
            raise


class DynamoAuditTrail(AuditTrail):
    """One item per report, its entries appended with `list_append` (one UpdateItem per report)."""

    def record(self, entries: list[AuditEntry]) -> None:
        """Append each entry to its report's trail; the trail lives as long as the report."""
        for entry in entries:
            value = {"action": entry.action.value, "agent_id": entry.agent_id, "at": entry.at}
            AuditModel(audit_pk(entry.reference)).update(
                actions=[
                    AuditModel.entries.set((AuditModel.entries | []).append([value])),
                    AuditModel.expires_at.set(epoch_to_ttl(entry.expires_at)),
                ]
            )

    def for_report(self, reference: str) -> list[AuditEntry]:
        """The report's entries, oldest first."""
        try:
            item = AuditModel.get(audit_pk(reference), consistent_read=True)
        except DoesNotExist:
            return []
        if not is_live(item.expires_at):
            return []
        expires_at = int(item.expires_at.timestamp())
        entries = item.entries or []
        return [AuditEntry(reference, AuditAction(e.action), e.agent_id, float(e.at), expires_at) for e in entries]
