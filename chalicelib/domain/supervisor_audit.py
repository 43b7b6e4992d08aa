"""The supervisors' audit trail: who did what, when, on what (ids, never message text), kept as long as the
conversations (the same retention)."""
from __future__ import annotations

import uuid
from dataclasses import dataclass, field

__all__ = ["AUDIT_LIST_LIMIT", "AuditRecord"]

# The most entries one listing of a day answers (newest first).
AUDIT_LIST_LIMIT = 200


@dataclass(frozen=True)
class AuditRecord:
    """One supervisor action. `day` is the desk's local date of `at` (the listing's partition)."""

    day: str
    at: float
    actor_id: str
    actor_name: str
    action: str
    expires_at: int
    conversation_id: str | None = None
    agent_id: str | None = None
    # A short value the action set (a capacity, a status, a report's status): never free text.
    value: str | None = None
    # Unique within the day: two actions in the same millisecond stay two entries.
    record_id: str = field(default_factory=lambda: uuid.uuid4().hex[:12])
