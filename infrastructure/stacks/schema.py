"""DynamoDB tables as Guichet's adapters expect them: names, keys, indexes, TTL.

Plain Python on purpose (no CDK import), so `tests/unit/test_deployment_config.py`
can check it against the adapters' expectations without installing the CDK.
"""
from __future__ import annotations

from dataclasses import dataclass
from enum import Enum

__all__ = [
    "APP_NAME",
    "TABLES",
    "TTL_ATTRIBUTE",
    "Index",
    "Key",
    "KeyType",
    "TableSpec",
    "table_name",
]

APP_NAME = "guichet"
TTL_ATTRIBUTE = "expires_at"


class KeyType(str, Enum):
    STRING = "S"
    NUMBER = "N"


@dataclass(frozen=True)
class Key:
    name: str
    type: KeyType = KeyType.STRING


@dataclass(frozen=True)
class Index:
    """A global secondary index, always projecting ALL attributes."""

    name: str
    partition: Key
    sort: Key | None = None


@dataclass(frozen=True)
class TableSpec:
    """One table: `name` is the short name, the physical name comes from `table_name()`."""

    name: str
    partition: Key
    sort: Key | None = None
    indexes: tuple[Index, ...] = ()
    ttl_attribute: str | None = TTL_ATTRIBUTE


def table_name(stage: str, table: str) -> str:
    """The physical table name for a stage: `guichet-{stage}-{table}`."""
    return f"{APP_NAME}-{stage}-{table}"


CONNECTIONS = TableSpec(name="connections", partition=Key("connection_id"))

# Both indexes are sparse: `waiting` ("1") exists only while a citizen waits (one queue for all topics),
# `active_agent_id` only while an agent holds the conversation.
CONVERSATIONS = TableSpec(
    name="conversations",
    partition=Key("conversation_id"),
    indexes=(
        Index("waiting-index", Key("waiting"), Key("created_at", KeyType.NUMBER)),
        Index("agent-index", Key("active_agent_id"), Key("assigned_at", KeyType.NUMBER)),
        # Sparse: `awaiting_reply` ("1") only while the officer holding it owes the citizen an answer.
        Index("reply-index", Key("awaiting_reply"), Key("awaiting_since", KeyType.NUMBER)),
        # Sparse: `in_progress` ("1") only while an officer holds it (the supervisors' live board).
        Index("progress-index", Key("in_progress"), Key("assigned_at", KeyType.NUMBER)),
        # Sparse by nature: `closed_at` exists only once closed, `agent_id` only if an officer held it.
        Index("history-index", Key("agent_id"), Key("closed_at", KeyType.NUMBER)),
    ),
)

MESSAGES = TableSpec(name="messages", partition=Key("conversation_id"), sort=Key("sk"))

# Sparse: `online` exists only while the agent is available.
AGENTS = TableSpec(
    name="agents",
    partition=Key("agent_id"),
    indexes=(Index("online-index", Key("online")),),
)

STATS = TableSpec(name="stats", partition=Key("stat"), ttl_attribute=None)

# One table for the citizens' reports, their idempotency keys and the rate-limit counters (all keyed
# by a prefixed `pk`). Sparse: only reports awaiting triage carry `inbox_status`, oldest first.
REPORTS = TableSpec(
    name="reports",
    partition=Key("pk"),
    indexes=(Index("inbox-index", Key("inbox_status"), Key("created_at", KeyType.NUMBER)),),
)

# Officers' single-use websocket tickets, keyed by the ticket's SHA-256; they live seconds (TTL removes them).
TICKETS = TableSpec(name="tickets", partition=Key("ticket_hash"))

# Officers' internal notes, keyed like messages but in their own table: no query serving a citizen reads it.
NOTES = TableSpec(name="notes", partition=Key("conversation_id"), sort=Key("sk"))

# Canned answers, partitioned by owner ("shared" or "agent#<id>"); no personal data, so no TTL.
CANNED_ANSWERS = TableSpec(name="canned_answers", partition=Key("owner"), sort=Key("sk"), ttl_attribute=None)

TABLES: tuple[TableSpec, ...] = (CONNECTIONS, CONVERSATIONS, MESSAGES, AGENTS, STATS, REPORTS, TICKETS)
TABLES += (NOTES, CANNED_ANSWERS)

# The desk's figures: per day (`day`, the desk's local date) the hourly counters (`sk = h#<hour start>`, no
# TTL: counts only) and the survey comments (`sk = c#<hour start>#<conversation>`, personal data: retention TTL).
DESK_FIGURES = TableSpec(name="desk_figures", partition=Key("day"), sort=Key("sk"))
TABLES += (DESK_FIGURES,)

# The supervisors' audit trail: per desk day (`day`), one item per action (`sk = <epoch µs>#<id>`, newest first by
# reading backwards); who, what, when, on what (ids only); the conversations' retention TTL.
SUPERVISOR_AUDIT = TableSpec(name="supervisor_audit", partition=Key("day"), sort=Key("sk"))
TABLES += (SUPERVISOR_AUDIT,)
