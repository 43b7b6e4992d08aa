"""What a supervisor does to the desk: watch, join, take over or reassign a conversation; set an officer away;
change an officer's capacity. The rules here; the use cases in services/supervision.py."""
from __future__ import annotations

from enum import Enum

from chalicelib.domain.agent import Agent, AgentStatus
from chalicelib.errors import InvalidFieldError, OfficerOfflineError

__all__ = [
    "MAX_CAPACITY",
    "MIN_CAPACITY",
    "REASSIGNED",
    "TAKEN_OVER",
    "SupervisorAction",
    "ensure_online",
    "validate_capacity",
]

# How many chats a supervisor may give an officer at once.
MIN_CAPACITY = 1
MAX_CAPACITY = 5

# Reasons an officer's console loses a conversation (beside the transfer's `transferred`).
TAKEN_OVER = "taken_over"
REASSIGNED = "reassigned"


class SupervisorAction(str, Enum):
    """What the audit trail records of the supervisors' actions on the chat (other desks add their own names)."""

    WATCH = "watch"
    UNWATCH = "unwatch"
    JOIN = "join"
    TAKE_OVER = "take_over"
    REASSIGN = "reassign"
    SET_AWAY = "set_away"
    SET_CAPACITY = "set_capacity"


def validate_capacity(capacity: int) -> int:
    """A capacity a supervisor may set: 1 to 5 chats at once."""
    if not MIN_CAPACITY <= capacity <= MAX_CAPACITY:
        raise InvalidFieldError(f"capacity must be between {MIN_CAPACITY} and {MAX_CAPACITY}.")
    return capacity


def ensure_online(agent: Agent | None) -> Agent:
    """The officer, if connected now; OfficerOfflineError otherwise (unknown ids included)."""
    if agent is None or agent.connection_id is None or agent.status is AgentStatus.OFFLINE:
        raise OfficerOfflineError()
    return agent
