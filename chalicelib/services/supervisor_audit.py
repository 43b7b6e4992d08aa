"""The supervisors' audit trail as a use case: record an action (from any supervisor's desk), list today's."""
from __future__ import annotations

from dataclasses import dataclass
from enum import Enum

from chalicelib.domain.agent import AgentIdentity
from chalicelib.domain.clock import Clock
from chalicelib.domain.connection import Connection
from chalicelib.domain.desk_figures import hour_slot
from chalicelib.domain.retention import Retention
from chalicelib.domain.supervisor_audit import AUDIT_LIST_LIMIT, AuditRecord
from chalicelib.ports import SupervisorAuditTrail
from chalicelib.services.desk_settings import DeskEdit

__all__ = ["AuditLog", "AuditToday"]


@dataclass(frozen=True)
class AuditToday:
    """The desk day's entries, newest first."""

    day: str
    entries: list[AuditRecord]


class AuditLog:
    """Writes every supervisor action with the conversations' retention; reads the desk day's, newest first."""

    def __init__(self, trail: SupervisorAuditTrail, clock: Clock, retention: Retention, timezone: str) -> None:
        self._trail = trail
        self._clock = clock
        self._retention = retention
        self._timezone = timezone

    def record(
        self,
        actor: Connection | AgentIdentity,
        action: str | Enum,
        conversation_id: str | None = None,
        agent_id: str | None = None,
        value: str | None = None,
        at: float | None = None,
    ) -> AuditRecord:
        """Write one entry: who (`actor`: their websocket connection or their REST identity), what, on what,
        when (`at`, now by default)."""
        now = self._clock.now() if at is None else at
        entry = AuditRecord(
            day=hour_slot(now, self._timezone).day,
            at=now,
            actor_id=actor.agent_id or "",
            actor_name=actor.display_name or actor.agent_id or "",
            action=action.value if isinstance(action, Enum) else action,
            expires_at=self._retention.expires_at(now),
            conversation_id=conversation_id,
            agent_id=agent_id,
            value=value,
        )
        self._trail.record(entry)
        return entry

    def desk_edit(self, edit: DeskEdit) -> None:
        """A supervisor saved the desk's notices or opening hours (`value`: the revision it made)."""
        editor = AgentIdentity(edit.agent_id, edit.display_name, frozenset({"supervisors"}))
        self.record(editor, edit.action, value=str(edit.revision), at=edit.at)

    def today(self, limit: int = AUDIT_LIST_LIMIT) -> AuditToday:
        """The entries of the desk's current day (since midnight in its time zone), newest first."""
        day = hour_slot(self._clock.now(), self._timezone).day
        return AuditToday(day=day, entries=self._trail.day(day, limit))
