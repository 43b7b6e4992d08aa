"""A conversation's life: waiting → assigned → closed (by citizen, agent or system)."""
from __future__ import annotations

import hashlib
import hmac
import secrets
import uuid
from dataclasses import dataclass, replace
from enum import Enum

from chalicelib.domain.survey import Survey
from chalicelib.domain.transfer import TransferOffer
from chalicelib.errors import (
    ConversationClosedError,
    ConversationNotAssignedError,
    ConversationNotWaitingError,
    ForbiddenError,
    InvalidFieldError,
    InvalidResumeTokenError,
    NotClosedError,
    NoTransferOfferError,
    SurveyAlreadyAnsweredError,
    TransferExpiredError,
    TransferPendingError,
)

__all__ = [
    "ABANDONED",
    "AGENT_OUTCOMES",
    "ENDED_BY_CITIZEN",
    "Author",
    "ClosedBy",
    "Conversation",
    "Status",
    "conversation_id_for",
    "hash_resume_token",
    "new_resume_token",
]


class Status(str, Enum):
    WAITING = "waiting"
    ASSIGNED = "assigned"
    CLOSED = "closed"


class Author(str, Enum):
    CITIZEN = "citizen"
    AGENT = "agent"
    SYSTEM = "system"


class ClosedBy(str, Enum):
    CITIZEN = "citizen"
    AGENT = "agent"
    SYSTEM = "system"


AGENT_OUTCOMES = frozenset(
    {"resolved", "oriented", "emergency_redirected", "no_reply", "inappropriate", "other"}
)
ABANDONED = "abandoned"
ENDED_BY_CITIZEN = "ended_by_citizen"


def new_resume_token() -> str:
    """A secret the citizen's browser keeps to resume its conversation."""
    return secrets.token_urlsafe(24)


def hash_resume_token(token: str) -> str:
    """Only the hash of a resume token is stored."""
    return hashlib.sha256(token.encode()).hexdigest()


def conversation_id_for(start_id: str) -> str:
    """A repeated `start` (same secret start_id) names the same conversation; the id does not reveal the start_id."""
    return hashlib.sha256(f"start:{start_id}".encode()).hexdigest()[:32]


@dataclass(frozen=True)
class Conversation:
    conversation_id: str
    topic: str
    lang: str
    status: Status
    created_at: float
    resume_token_hash: str
    expires_at: int
    citizen_connection_id: str | None = None
    citizen_left_at: float | None = None
    agent_id: str | None = None
    agent_display_name: str | None = None
    # The officer's console that holds it: where the citizen's messages go, and who may write as the officer.
    agent_connection_id: str | None = None
    assigned_at: float | None = None
    first_response_at: float | None = None
    closed_at: float | None = None
    closed_by: ClosedBy | None = None
    outcome: str | None = None
    last_seq: int = 0
    survey: Survey | None = None
    # The citizen's messages in the current burst window (the flood limit), kept with the conversation.
    citizen_burst_start: float | None = None
    citizen_burst_count: int = 0
    # How many internal notes officers wrote about it (notes are numbered 1, 2, … like messages).
    last_note_seq: int = 0
    # Since when the officer holding it owes the citizen an answer (set at assignment and by the citizen's
    # first unanswered message, cleared by the officer's reply); whether they were reminded of it.
    awaiting_since: float | None = None
    reply_reminded: bool = False
    # When the officer holding it last answered (a message or a card): the supervisors' board shows it.
    last_reply_at: float | None = None
    # Context for the officer who gets it: how often the citizen came back on a new connection, how often
    # it went back to the queue unanswered, and who held it before a transfer.
    resumed_count: int = 0
    requeued_count: int = 0
    transferred_from: str | None = None
    # A transfer offered to a colleague and not answered yet.
    transfer: TransferOffer | None = None
    # Supervisors' consoles that receive its messages (watching, read-only), and those of them that joined
    # (they may write too: the citizen sees an officer's message). Never shown to the citizen.
    watchers: frozenset[str] = frozenset()
    joined: frozenset[str] = frozenset()

    @classmethod
    def open(
        cls,
        topic: str,
        lang: str,
        resume_token: str,
        connection_id: str,
        now: float,
        expires_at: int,
        start_id: str | None = None,
    ) -> Conversation:
        """A new conversation, waiting in its topic's queue (its id derives from the client's start_id, if any)."""
        return cls(
            conversation_id=conversation_id_for(start_id) if start_id else uuid.uuid4().hex,
            topic=topic,
            lang=lang,
            status=Status.WAITING,
            created_at=now,
            resume_token_hash=hash_resume_token(resume_token),
            expires_at=expires_at,
            citizen_connection_id=connection_id,
        )

    @property
    def is_open(self) -> bool:
        return self.status is not Status.CLOSED

    def ensure_open(self) -> None:
        """Raise ConversationClosedError once closed."""
        if not self.is_open:
            raise ConversationClosedError()

    def ensure_waiting(self) -> None:
        """Raise unless the conversation is still in the queue."""
        self.ensure_open()
        if self.status is not Status.WAITING:
            raise ConversationNotWaitingError()

    def ensure_handled_by(self, agent_id: str) -> None:
        """Raise ForbiddenError unless this agent holds the conversation."""
        if self.agent_id != agent_id:
            raise ForbiddenError()

    def check_resume_token(self, token: str) -> None:
        """Raise InvalidResumeTokenError unless the token is this conversation's."""
        if not hmac.compare_digest(hash_resume_token(token), self.resume_token_hash):
            raise InvalidResumeTokenError()

    def assigned_to(
        self, agent_id: str, display_name: str, now: float, agent_connection_id: str | None = None
    ) -> Conversation:
        """This conversation, taken by an agent (on the console `agent_connection_id`)."""
        self.ensure_waiting()
        return replace(
            self,
            status=Status.ASSIGNED,
            agent_id=agent_id,
            agent_display_name=display_name,
            agent_connection_id=agent_connection_id,
            assigned_at=now,
            awaiting_since=now,
            last_reply_at=None,
            reply_reminded=False,
        )

    @property
    def waited_s(self) -> float | None:
        """How long the citizen waited in the queue before an officer took it (the first time)."""
        if self.assigned_at is None:
            return None
        return max(0.0, self.assigned_at - self.created_at)

    def ensure_may_offer(self, agent_id: str, now: float) -> None:
        """Only the holder offers an open, assigned conversation, and one offer at a time."""
        self.ensure_open()
        self.ensure_handled_by(agent_id)
        if self.status is not Status.ASSIGNED:
            raise ForbiddenError()
        if self.transfer is not None and self.transfer.is_live(now):
            raise TransferPendingError()

    def offered(self, offer: TransferOffer) -> Conversation:
        """This conversation with a transfer offer pending."""
        return replace(self, transfer=offer)

    def offer_for(self, agent_id: str, now: float) -> TransferOffer:
        """The live offer of this conversation to this officer; NoTransferOfferError, TransferExpiredError."""
        offer = self.transfer
        if not self.is_open or self.status is not Status.ASSIGNED or offer is None or offer.to_agent_id != agent_id:
            raise NoTransferOfferError()
        if offer.from_agent_id != self.agent_id:
            raise NoTransferOfferError()
        if not offer.is_live(now):
            raise TransferExpiredError()
        return offer

    def transferred_to(self, agent_id: str, display_name: str, connection_id: str, now: float) -> Conversation:
        """This conversation, now held by the colleague who accepted it; the new officer owes the next answer."""
        return replace(
            self,
            agent_id=agent_id,
            agent_display_name=display_name,
            agent_connection_id=connection_id,
            transferred_from=self.agent_display_name,
            transfer=None,
            awaiting_since=now,
            last_reply_at=None,
            reply_reminded=False,
        )

    def requeued(self) -> Conversation:
        """Back in the queue, unanswered: no officer; its arrival (`created_at`) keeps its place."""
        return replace(
            self,
            status=Status.WAITING,
            agent_id=None,
            agent_display_name=None,
            agent_connection_id=None,
            awaiting_since=None,
            last_reply_at=None,
            reply_reminded=False,
            transfer=None,
            requeued_count=self.requeued_count + 1,
        )

    def author_on(self, connection_id: str) -> Author:
        """Who writes from this connection: the citizen, the officer holding it, or nobody (ForbiddenError)."""
        if connection_id == self.citizen_connection_id:
            return Author.CITIZEN
        if self.agent_connection_id is not None and connection_id == self.agent_connection_id:
            return Author.AGENT
        if connection_id in self.joined and self.status is Status.ASSIGNED:
            return Author.AGENT  # a supervisor who joined writes as the desk's officer (while an officer holds it)
        raise ForbiddenError()

    def ensure_assigned(self) -> None:
        """Raise unless an officer holds it: ConversationNotAssignedError (ConversationClosedError once closed)."""
        self.ensure_open()
        if self.status is not Status.ASSIGNED or self.agent_id is None:
            raise ConversationNotAssignedError()

    def supervisor_consoles(self, besides: str | None = None) -> list[str]:
        """The supervisors' consoles that follow it (watching or joined), but `besides` and its officer's own."""
        return sorted(c for c in self.watchers | self.joined if c not in (besides, self.agent_connection_id))

    def connection_of(self, author: Author) -> str | None:
        """The live connection of that side of the conversation, if any."""
        return self.citizen_connection_id if author is Author.CITIZEN else self.agent_connection_id

    def closed(self, by: ClosedBy, outcome: str, now: float) -> Conversation:
        """This conversation, closed."""
        self.ensure_open()
        return replace(
            self,
            status=Status.CLOSED,
            closed_by=by,
            outcome=outcome,
            closed_at=now,
            awaiting_since=None,
            reply_reminded=False,
            transfer=None,
        )

    def close_outcome_for_citizen(self) -> str:
        """What it means when the citizen ends: abandoned if no officer had joined yet."""
        return ABANDONED if self.status is Status.WAITING else ENDED_BY_CITIZEN

    def is_abandoned_at(self, now: float, grace_s: float) -> bool:
        """A waiting citizen whose connection has been gone longer than the grace period left."""
        return (
            self.status is Status.WAITING
            and self.citizen_connection_id is None
            and self.citizen_left_at is not None
            and now - self.citizen_left_at > grace_s
        )

    def ensure_survey_possible(self) -> None:
        """A survey is answered once, after the close."""
        if self.is_open:
            raise NotClosedError()
        if self.survey is not None:
            raise SurveyAlreadyAnsweredError()

    def handling_time_s(self) -> float | None:
        """Seconds an officer spent on it, once closed after an assignment."""
        if self.assigned_at is None or self.closed_at is None:
            return None
        return max(0.0, self.closed_at - self.assigned_at)


def validate_agent_outcome(outcome: str) -> str:
    """The outcome an officer closes with must be one of AGENT_OUTCOMES."""
    if outcome not in AGENT_OUTCOMES:
        raise InvalidFieldError(f"outcome must be one of: {', '.join(sorted(AGENT_OUTCOMES))}.")
    return outcome


__all__.append("validate_agent_outcome")
