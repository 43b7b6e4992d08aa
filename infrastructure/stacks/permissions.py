"""What each Lambda function does on AWS, as data: the stack turns it into one role per function.

Plain Python on purpose (no CDK import): the synthesis test reads it too. Derived from the handlers' code paths
and checked against the calls each handler made in the end-to-end and integration suites (recorded per handler
with botocore, December 2026). No function scans a table; none reads a table's description.
"""
from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType

__all__ = ["FUNCTION_ACCESS", "READ", "WRITE", "FunctionAccess", "TableAccess"]

# Transactions are authorised per item with these same actions.
READ = ("dynamodb:GetItem", "dynamodb:BatchGetItem", "dynamodb:Query", "dynamodb:ConditionCheckItem")
WRITE = (*READ, "dynamodb:PutItem", "dynamodb:UpdateItem", "dynamodb:DeleteItem", "dynamodb:BatchWriteItem")


@dataclass(frozen=True)
class TableAccess:
    """One table: read only or read and write, and the indexes queried (by name)."""

    table: str
    write: bool = True
    indexes: tuple[str, ...] = ()

    @property
    def actions(self) -> tuple[str, ...]:
        return WRITE if self.write else READ


@dataclass(frozen=True)
class FunctionAccess:
    """Everything one function needs beyond its own log group and X-Ray."""

    tables: tuple[TableAccess, ...]
    sends_on_websockets: bool = False  # execute-api:ManageConnections on this stage's websocket API
    starts_broadcaster: bool = False  # lambda:InvokeFunction of the queue broadcaster
    reads_salt: bool = False  # secretsmanager:GetSecretValue of the stage's rate-limit salt


# The queue, an officer's chats, the reply watch, and every chat in progress (the supervisors' board, read by a
# queue pass wherever it runs and by the `board` action).
_CONVERSATION_QUEUES = ("waiting-index", "agent-index", "reply-index", "progress-index")

FUNCTION_ACCESS: Mapping[str, FunctionAccess] = MappingProxyType(
    {
        # REST: reports and their inbox, officers' tickets, canned answers, history, the supervisor's desk.
        "api_handler": FunctionAccess(
            tables=(
                TableAccess("reports", indexes=("inbox-index",)),
                TableAccess("tickets"),
                TableAccess("canned_answers"),
                TableAccess("conversations", indexes=(*_CONVERSATION_QUEUES, "history-index")),
                TableAccess("messages", write=False),
                TableAccess("notes", write=False),
                TableAccess("agents", indexes=("online-index",)),
                TableAccess("connections"),
                TableAccess("stats"),
                TableAccess("desk_figures"),
                TableAccess("supervisor_audit"),  # the desk editor's saves; the trail read back
            ),
            sends_on_websockets=True,
            starts_broadcaster=True,
            reads_salt=True,
        ),
        # $connect: stores the connection (a citizen's source as a salted hash), spends an officer's ticket,
        # reattaches the officer's conversations.
        "websocket_connect": FunctionAccess(
            tables=(
                TableAccess("connections"),
                TableAccess("tickets"),
                TableAccess("agents"),
                TableAccess("conversations", indexes=("agent-index",)),
            ),
            sends_on_websockets=True,
            reads_salt=True,  # a citizen's source address is kept only as a salted hash (the start limit)
        ),
        # Every chat frame: start (rate-limited per source, hence the reports table's counters and the salt),
        # messages, notes, assignment, close, survey (the desk's figures).
        "websocket_message": FunctionAccess(
            tables=(
                TableAccess("connections"),
                TableAccess("conversations", indexes=_CONVERSATION_QUEUES),
                TableAccess("messages"),
                TableAccess("notes"),
                TableAccess("agents", indexes=("online-index",)),
                TableAccess("stats"),
                TableAccess("reports"),
                TableAccess("desk_figures"),
                TableAccess("supervisor_audit"),  # supervisors' actions over the websocket are recorded
            ),
            sends_on_websockets=True,
            starts_broadcaster=True,
            reads_salt=True,
        ),
        # $disconnect: forgets the connection, marks the citizen or officer offline (which may move the queue, and
        # runs a queue pass inline when the broadcaster cannot be started).
        "websocket_disconnect": FunctionAccess(
            tables=(
                TableAccess("connections"),
                TableAccess("conversations", indexes=_CONVERSATION_QUEUES),
                TableAccess("messages"),
                TableAccess("agents", indexes=("online-index",)),
                TableAccess("stats"),
                TableAccess("desk_figures"),
            ),
            sends_on_websockets=True,
            starts_broadcaster=True,
        ),
        # The broadcaster: reads the queue, tells everyone, abandons, re-queues the unanswered, hands over to a
        # fresh invocation of itself after MAX_PASSES.
        "queue_broadcast": FunctionAccess(
            tables=(
                TableAccess("connections"),
                TableAccess("conversations", indexes=_CONVERSATION_QUEUES),
                TableAccess("messages"),
                TableAccess("agents", indexes=("online-index",)),
                TableAccess("stats"),
                TableAccess("desk_figures"),
            ),
            sends_on_websockets=True,
            starts_broadcaster=True,
        ),
    }
)
