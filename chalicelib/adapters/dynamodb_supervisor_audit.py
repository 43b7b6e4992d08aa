"""The supervisors' audit trail on DynamoDB: one item per action, one Query per day's listing, no Scan.

Table `supervisor_audit`, partition `day` (the desk's local date), sort key `<epoch microseconds, 16 digits>#<id>`
(newest first by reading the partition backwards); TTL `expires_at` = the conversations' retention.
"""
from __future__ import annotations

from pynamodb.attributes import NumberAttribute, TTLAttribute, UnicodeAttribute
from pynamodb.models import Model

from chalicelib.adapters.dynamodb_common import bind_model, epoch_to_ttl, is_live, ttl_to_epoch, utc_now
from chalicelib.config import Settings
from chalicelib.domain.supervisor_audit import AuditRecord
from chalicelib.ports import SupervisorAuditTrail

__all__ = ["DynamoSupervisorAudit", "SupervisorAuditModel", "bind_supervisor_audit_model"]


def audit_sk(at: float, record_id: str) -> str:
    """Sorts by time (microseconds), then by the entry's own id (two entries of the same instant)."""
    return f"{int(at * 1_000_000):016d}#{record_id}"


class SupervisorAuditModel(Model):
    """One supervisor action: ids and short values only, never message text."""

    class Meta:
        table_name = "guichet-supervisor_audit"

    day = UnicodeAttribute(hash_key=True)
    sk = UnicodeAttribute(range_key=True)
    at = NumberAttribute()
    actor_id = UnicodeAttribute()
    actor_name = UnicodeAttribute()
    action = UnicodeAttribute()
    conversation_id = UnicodeAttribute(null=True)
    agent_id = UnicodeAttribute(null=True)
    value = UnicodeAttribute(null=True)
    expires_at = TTLAttribute()

    @classmethod
    def from_domain(cls, entry: AuditRecord) -> SupervisorAuditModel:
        return cls(
            entry.day,
            audit_sk(entry.at, entry.record_id),
            at=entry.at,
            actor_id=entry.actor_id,
            actor_name=entry.actor_name,
            action=entry.action,
            conversation_id=entry.conversation_id,
            agent_id=entry.agent_id,
            value=entry.value,
            expires_at=epoch_to_ttl(entry.expires_at),
        )

    def to_domain(self) -> AuditRecord:
        return AuditRecord(
            day=self.day,
            at=float(self.at),
            actor_id=self.actor_id,
            actor_name=self.actor_name,
            action=self.action,
            expires_at=ttl_to_epoch(self.expires_at),
            conversation_id=self.conversation_id,
            agent_id=self.agent_id,
            value=self.value,
            record_id=self.sk.partition("#")[2],
        )


class DynamoSupervisorAudit(SupervisorAuditTrail):
    """Append with one PutItem; list a day with one Query, backwards, `Limit` bounded."""

    def record(self, entry: AuditRecord) -> None:
        """Append one entry (its key is new: no condition needed)."""
        SupervisorAuditModel.from_domain(entry).save()

    def day(self, day: str, limit: int) -> list[AuditRecord]:
        """The unexpired entries of this desk day, newest first, at most `limit`."""
        items = SupervisorAuditModel.query(
            day,
            filter_condition=SupervisorAuditModel.expires_at > utc_now(),
            scan_index_forward=False,
            limit=limit,
            consistent_read=True,
        )
        return [item.to_domain() for item in items if is_live(item.expires_at)]


def bind_supervisor_audit_model(settings: Settings) -> None:
    """Point the audit trail's model at this stage's table."""
    bind_model(SupervisorAuditModel, settings.supervisor_audit_table, settings)
