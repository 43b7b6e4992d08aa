"""In-memory fakes of every port, for unit tests. The contract tests keep them honest."""
from __future__ import annotations

import threading
import time
from collections.abc import Callable, Mapping
from dataclasses import replace
from typing import Any

from chalicelib.domain.agent import Agent, AgentIdentity, AgentStatus
from chalicelib.domain.canned_answer import CannedAnswer
from chalicelib.domain.connection import Connection
from chalicelib.domain.conversation import Author, ClosedBy, Conversation, Status
from chalicelib.domain.desk_figures import SurveyComment, Tally
from chalicelib.domain.desk_settings import DeskSettings
from chalicelib.domain.message import Message, message_id_for, seq_of
from chalicelib.domain.note import Note
from chalicelib.domain.orientation import CardRef
from chalicelib.domain.rate_limit import MessageBurst, RateLimit, SourceBudget
from chalicelib.domain.report import Report, ReportStatus
from chalicelib.domain.supervisor_audit import AuditRecord
from chalicelib.domain.survey import Survey
from chalicelib.domain.transfer import TransferOffer
from chalicelib.domain.waiting import HandlingTime, QueueMarks, QueueSignal
from chalicelib.domain.ws_ticket import WsTicket
from chalicelib.errors import (
    AgentUnavailableError,
    AssignmentConflictError,
    ConnectionGoneError,
    ConversationClosedError,
    ConversationExistsError,
    ConversationNotAssignedError,
    DeskSettingsChangedError,
    InvalidTicketError,
    NotFoundError,
    NoTransferOfferError,
    ParticipantsChangedError,
    RateLimitedError,
    ReferenceTakenError,
    ShortcutTakenError,
)
from chalicelib.ports import (
    AgentRepository,
    CannedAnswerRepository,
    ConnectionRepository,
    ConversationRepository,
    DeskFiguresRepository,
    DeskSettingsRepository,
    MessageRepository,
    NoteRepository,
    Notifier,
    QueueAnnouncer,
    RateLimiter,
    ReportRepository,
    ReportStorage,
    StatsRepository,
    Storage,
    SupervisorAuditTrail,
    Telemetry,
    WsTicketRepository,
)

_lock = threading.RLock()


def _live(expires_at: int) -> bool:
    """Like the DynamoDB adapter, reads skip items whose TTL has passed."""
    return expires_at > time.time()


class FakeConnections(ConnectionRepository):
    def __init__(self) -> None:
        self.rows: dict[str, Connection] = {}

    def add(self, connection: Connection) -> None:
        self.rows[connection.connection_id] = connection

    def get(self, connection_id: str) -> Connection | None:
        connection = self.rows.get(connection_id)
        return connection if connection and _live(connection.expires_at) else None

    def attach(self, connection_id: str, conversation_id: str) -> None:
        if connection_id in self.rows:
            self.rows[connection_id] = self.rows[connection_id].attached_to(conversation_id)

    def remove(self, connection_id: str) -> None:
        self.rows.pop(connection_id, None)


class FakeAgents(AgentRepository):
    def __init__(self) -> None:
        self.rows: dict[str, Agent] = {}
        # Supervisors' choices of capacity, kept across reconnections.
        self.chosen_capacity: dict[str, int] = {}

    def get(self, agent_id: str) -> Agent | None:
        agent = self.rows.get(agent_id)
        return agent if agent and _live(agent.expires_at) else None

    def connect(
        self, identity: AgentIdentity, connection_id: str, capacity: int, now: float, expires_at: int
    ) -> tuple[Agent, str | None]:
        with _lock:
            old = self.rows.get(identity.agent_id)
            agent = Agent(
                agent_id=identity.agent_id,
                display_name=identity.display_name,
                status=AgentStatus.AWAY,
                capacity=self.chosen_capacity.get(identity.agent_id, capacity),
                active_count=old.active_count if old else 0,
                idle_since=old.idle_since if old else now,
                expires_at=expires_at,
                connection_id=connection_id,
                supervisor=identity.is_supervisor,
            )
            self.rows[agent.agent_id] = agent
            return agent, old.connection_id if old else None

    def set_status(self, agent_id: str, status: AgentStatus, now: float) -> Agent:
        with _lock:
            if agent_id not in self.rows:
                raise NotFoundError("No such agent.")
            agent = self.rows[agent_id].with_status(status, now)
            self.rows[agent_id] = agent
            return agent

    def disconnect(self, agent_id: str, connection_id: str) -> bool:
        with _lock:
            agent = self.rows.get(agent_id)
            if agent and agent.connection_id == connection_id:
                self.rows[agent_id] = replace(agent, status=AgentStatus.OFFLINE, connection_id=None)
                return True
            return False

    def online(self) -> list[Agent]:
        return [a for a in self.rows.values() if a.connection_id is not None and _live(a.expires_at)]

    def set_capacity(self, agent_id: str, capacity: int) -> Agent:
        with _lock:
            agent = self.get(agent_id)
            if agent is None:
                raise NotFoundError("No such agent.")
            self.chosen_capacity[agent_id] = capacity
            self.rows[agent_id] = replace(agent, capacity=capacity)
            return self.rows[agent_id]


class FakeDeskFigures(DeskFiguresRepository):
    """The desk's hourly counters in memory; the other fakes add their tallies here when their write succeeds."""

    def __init__(self) -> None:
        self.hours: dict[tuple[str, int], dict[str, float]] = {}
        self.comment_rows: list[tuple[str, SurveyComment]] = []

    def add(self, tally: Tally | None) -> None:
        if tally is None:
            return
        counters = self.hours.setdefault((tally.slot.day, tally.slot.start), {})
        for name, value in tally.counts.items():
            counters[name] = counters.get(name, 0) + value
        if tally.comment is not None:
            self.comment_rows.append((tally.slot.day, tally.comment))

    def counters(self, day: str) -> dict[int, dict[str, float]]:
        return {start: dict(c) for (d, start), c in self.hours.items() if d == day}

    def comments(self, day: str, limit: int) -> list[SurveyComment]:
        found = [c for d, c in self.comment_rows if d == day and _live(c.expires_at)]
        return sorted(found, key=lambda c: c.answered_at, reverse=True)[:limit]


class FakeConversations(ConversationRepository):
    def __init__(self, agents: FakeAgents, figures: FakeDeskFigures | None = None) -> None:
        self.rows: dict[str, Conversation] = {}
        self._agents = agents
        self.figures = figures or FakeDeskFigures()

    def add(self, conversation: Conversation, tally: Tally | None = None) -> None:
        with _lock:
            if conversation.conversation_id in self.rows:
                raise ConversationExistsError()
            self.rows[conversation.conversation_id] = conversation
            self.figures.add(tally)

    def renew_resume_token(self, conversation_id: str, token_hash: str) -> None:
        with _lock:
            self.rows[conversation_id] = replace(self.get(conversation_id), resume_token_hash=token_hash)

    def get(self, conversation_id: str) -> Conversation:
        conversation = self.rows.get(conversation_id)
        if conversation is None or not _live(conversation.expires_at):
            raise NotFoundError("No such conversation.")
        return conversation

    def waiting(self, limit: int | None = None) -> list[Conversation]:
        queue = [c for c in self.rows.values() if c.status is Status.WAITING and _live(c.expires_at)]
        return sorted(queue, key=lambda c: (c.created_at, c.conversation_id))[:limit]

    def position(self, conversation: Conversation) -> int:
        return 1 + sum(
            1 for c in self.waiting() if c.created_at < conversation.created_at and c.citizen_connection_id
        )

    def assign(
        self, conversation_id: str, agent: Agent, now: float, chosen: bool = False, tally: Tally | None = None
    ) -> Conversation:
        with _lock:
            current = self.rows.get(conversation_id)
            holder = self._agents.get(agent.agent_id)
            allowed = holder is not None and (
                holder.can_choose if chosen else holder.can_take and holder.active_count == agent.active_count
            )
            if current is None or current.status is not Status.WAITING or not allowed:
                raise AssignmentConflictError()
            if holder.connection_id != agent.connection_id:
                raise AssignmentConflictError()
            assigned = current.assigned_to(holder.agent_id, holder.display_name, now, holder.connection_id)
            self.rows[conversation_id] = assigned
            self._agents.rows[holder.agent_id] = replace(holder, active_count=holder.active_count + 1, idle_since=now)
            self.figures.add(tally)
            return assigned

    def close(
        self,
        conversation_id: str,
        by: ClosedBy,
        outcome: str,
        now: float,
        tally: Callable[[Conversation], Tally] | None = None,
    ) -> Conversation:
        with _lock:
            current = self.get(conversation_id)
            if not current.is_open:
                raise ConversationClosedError()
            closed = current.closed(by, outcome, now)
            self.rows[conversation_id] = closed
            if current.status is Status.ASSIGNED and current.agent_id:
                holder = self._agents.rows.get(current.agent_id)
                if holder:
                    self._agents.rows[holder.agent_id] = replace(
                        holder, active_count=max(0, holder.active_count - 1), idle_since=now
                    )
            self.figures.add(tally(closed) if tally else None)
            return closed

    def set_citizen_connection(self, conversation_id: str, connection_id: str | None, now: float) -> None:
        current = self.get(conversation_id)
        self.rows[conversation_id] = replace(
            current,
            citizen_connection_id=connection_id,
            citizen_left_at=None if connection_id else now,
            resumed_count=current.resumed_count + (1 if connection_id else 0),
        )

    def follow_agent(self, agent_id: str, connection_id: str) -> list[Conversation]:
        with _lock:
            moved = [replace(c, agent_connection_id=connection_id) for c in self.active_for_agent(agent_id)]
            for conversation in moved:
                self.rows[conversation.conversation_id] = conversation
            return moved

    def citizen_left(self, conversation_id: str, connection_id: str, now: float) -> bool:
        with _lock:
            current = self.rows.get(conversation_id)
            if current is None or current.citizen_connection_id != connection_id:
                return False
            self.rows[conversation_id] = replace(current, citizen_connection_id=None, citizen_left_at=now)
            return True

    def record_survey(self, conversation_id: str, survey: Survey, tally: Tally | None = None) -> None:
        with _lock:
            current = self.get(conversation_id)
            current.ensure_survey_possible()
            self.rows[conversation_id] = replace(current, survey=survey)
            self.figures.add(tally)

    def offer_transfer(self, conversation: Conversation, offer: TransferOffer, now: float) -> Conversation:
        with _lock:
            current = self.get(conversation.conversation_id)
            current.ensure_may_offer(offer.from_agent_id, now)
            self.rows[current.conversation_id] = current.offered(offer)
            return conversation.offered(offer)

    def withdraw_offer(self, conversation_id: str, offer: TransferOffer) -> bool:
        with _lock:
            current = self.rows.get(conversation_id)
            if current is None or current.transfer != offer:
                return False
            self.rows[conversation_id] = replace(current, transfer=None)
            return True

    def transfer(
        self, conversation: Conversation, offer: TransferOffer, to_connection_id: str, now: float
    ) -> Conversation:
        with _lock:
            current = self.get(conversation.conversation_id)
            if current.status is not Status.ASSIGNED or current.agent_id != offer.from_agent_id:
                raise NoTransferOfferError()
            if current.transfer != offer or not offer.is_live(now):
                raise NoTransferOfferError()
            colleague = self._agents.get(offer.to_agent_id)
            if (
                colleague is None
                or colleague.connection_id != to_connection_id
                or colleague.status is AgentStatus.OFFLINE
                or colleague.free_slots <= 0
            ):
                raise AgentUnavailableError()
            moved = current.transferred_to(offer.to_agent_id, offer.to_display_name, to_connection_id, now)
            self.rows[current.conversation_id] = moved
            self._agents.rows[colleague.agent_id] = replace(
                colleague, active_count=colleague.active_count + 1, idle_since=now
            )
            holder = self._agents.rows.get(offer.from_agent_id)
            if holder and holder.active_count > 0:
                self._agents.rows[holder.agent_id] = replace(
                    holder, active_count=holder.active_count - 1, idle_since=now
                )
            return moved

    def requeue(self, conversation: Conversation, now: float) -> Conversation | None:
        with _lock:
            current = self.rows.get(conversation.conversation_id)
            if (
                current is None
                or current.status is not Status.ASSIGNED
                or current.agent_id != conversation.agent_id
                or current.awaiting_since is None
                or current.awaiting_since != conversation.awaiting_since
            ):
                return None
            back = current.requeued()
            self.rows[current.conversation_id] = back
            holder = self._agents.rows.get(current.agent_id or "")
            if holder and holder.active_count > 0:
                self._agents.rows[holder.agent_id] = replace(holder, active_count=holder.active_count - 1)
            return back

    def in_progress(self, limit: int) -> list[Conversation]:
        chats = [c for c in self.rows.values() if c.status is Status.ASSIGNED and _live(c.expires_at)]
        return sorted(chats, key=lambda c: c.assigned_at or 0.0)[:limit]

    def awaiting_reply(self, limit: int) -> list[Conversation]:
        due = [
            c
            for c in self.rows.values()
            if c.status is Status.ASSIGNED and c.awaiting_since is not None and _live(c.expires_at)
        ]
        return sorted(due, key=lambda c: c.awaiting_since or 0.0)[:limit]

    def mark_reminded(self, conversation: Conversation) -> bool:
        with _lock:
            current = self.rows.get(conversation.conversation_id)
            if (
                current is None
                or current.awaiting_since is None
                or current.awaiting_since != conversation.awaiting_since
                or current.reply_reminded
                or current.agent_id != conversation.agent_id
            ):
                return False
            self.rows[current.conversation_id] = replace(current, reply_reminded=True)
            return True

    def closed_for_agent(self, agent_id: str, since: float, limit: int) -> list[Conversation]:
        mine = [
            c
            for c in self.rows.values()
            if c.agent_id == agent_id and c.closed_at is not None and c.closed_at >= since and _live(c.expires_at)
        ]
        return sorted(mine, key=lambda c: c.closed_at or 0.0, reverse=True)[:limit]

    def active_for_agent(self, agent_id: str) -> list[Conversation]:
        mine = [
            c
            for c in self.rows.values()
            if c.agent_id == agent_id and c.status is Status.ASSIGNED and _live(c.expires_at)
        ]
        return sorted(mine, key=lambda c: c.assigned_at or 0)

    def watch(self, conversation_id: str, connection_id: str, join: bool) -> Conversation:
        with _lock:
            current = self.get(conversation_id)
            current.ensure_assigned() if join else current.ensure_open()
            updated = replace(
                current,
                watchers=current.watchers | {connection_id},
                joined=current.joined | {connection_id} if join else current.joined,
            )
            self.rows[conversation_id] = updated
            return updated

    def unwatch(self, conversation_id: str, connection_id: str) -> None:
        with _lock:
            current = self.rows.get(conversation_id)
            if current is not None:
                self.rows[conversation_id] = replace(
                    current, watchers=current.watchers - {connection_id}, joined=current.joined - {connection_id}
                )

    def reassign(self, conversation: Conversation, to: Agent, now: float) -> Conversation:
        with _lock:
            current = self.get(conversation.conversation_id)
            if current.status is not Status.ASSIGNED or current.agent_id != conversation.agent_id:
                raise ConversationNotAssignedError()
            target = self._agents.get(to.agent_id)
            if (
                target is None
                or to.connection_id is None
                or target.connection_id != to.connection_id
                or target.status is AgentStatus.OFFLINE
                or target.free_slots <= 0
            ):
                raise AgentUnavailableError()
            moved = replace(
                current.transferred_to(to.agent_id, to.display_name, to.connection_id, now),
                transferred_from=current.agent_display_name or current.agent_id,
            )
            self.rows[current.conversation_id] = moved
            self._agents.rows[target.agent_id] = replace(target, active_count=target.active_count + 1, idle_since=now)
            holder = self._agents.rows.get(current.agent_id or "")
            if holder and holder.active_count > 0:
                self._agents.rows[holder.agent_id] = replace(holder, active_count=holder.active_count - 1, idle_since=now)
            return moved


class FakeMessages(MessageRepository):
    def __init__(self, conversations: FakeConversations) -> None:
        self.rows: dict[str, list[Message]] = {}
        self._conversations = conversations

    def append(
        self,
        conversation: Conversation,
        author: Author,
        text: str,
        client_msg_id: str,
        now: float,
        expires_at: int,
        burst: MessageBurst | None = None,
        card: CardRef | None = None,
        first_response: Callable[[Conversation], Tally | None] | None = None,
        by: str | None = None,
    ) -> tuple[Message, bool, Conversation]:
        with _lock:
            stored = self.rows.setdefault(conversation.conversation_id, [])
            current = self._conversations.get(conversation.conversation_id)
            for message in stored:
                if message.author is author and message.client_msg_id == client_msg_id:
                    return message, False, current
            current.ensure_open()
            if (current.citizen_connection_id, current.agent_connection_id) != (
                conversation.citizen_connection_id,
                conversation.agent_connection_id,
            ):
                raise ParticipantsChangedError(current)
            window_start, count = current.citizen_burst_start, current.citizen_burst_count
            if burst is not None:
                window_start, count = burst.admit(window_start, count, now)
            message = Message(
                conversation_id=current.conversation_id,
                seq=current.last_seq + 1,
                author=author,
                text=text,
                sent_at=now,
                client_msg_id=client_msg_id,
                expires_at=expires_at,
                card=card,
                by=by,
            )
            stored.append(message)
            self._conversations.figures.add(first_response(current) if first_response else None)
            first = current.first_response_at
            if author is Author.AGENT and first is None:
                first = now
            awaiting, reminded = current.awaiting_since, current.reply_reminded
            if author is Author.AGENT:
                awaiting, reminded = None, False
            elif author is Author.CITIZEN and current.status is Status.ASSIGNED and awaiting is None:
                awaiting = now
            stored_conversation = replace(
                current,
                last_seq=message.seq,
                first_response_at=first,
                citizen_burst_start=window_start,
                citizen_burst_count=count,
                awaiting_since=awaiting,
                reply_reminded=reminded,
                last_reply_at=now if author is Author.AGENT else current.last_reply_at,
            )
            self._conversations.rows[current.conversation_id] = stored_conversation
            return message, True, replace(current, last_seq=message.seq)

    def find(self, conversation_id: str, author: Author, client_msg_id: str) -> Message | None:
        for message in self.rows.get(conversation_id, []):
            if message.author is author and message.client_msg_id == client_msg_id:
                return message
        return None

    def after(self, conversation_id: str, after_message_id: str | None) -> list[Message]:
        floor = seq_of(after_message_id) if after_message_id else 0
        return [m for m in self.rows.get(conversation_id, []) if m.seq > floor and _live(m.expires_at)]


class FakeStats(StatsRepository):
    def __init__(self) -> None:
        self.current = HandlingTime()
        self.version = 0
        self.told = 0
        self.notices = 0
        self.broadcast_until: float | None = None

    def handling_time(self) -> HandlingTime:
        return self.current

    def record_handling_time(self, seconds: float) -> None:
        self.current = self.current.record(seconds)

    def queue_changed(self) -> QueueSignal:
        with _lock:
            self.version += 1
            running = self.broadcast_until is not None and self.broadcast_until > time.time()
            return QueueSignal(self.version, running)

    def queue_version(self) -> int:
        return self.version

    def queue_marks(self) -> QueueMarks:
        return QueueMarks(self.version, self.told, self.notices)

    def notices_changed(self, revision: int) -> QueueSignal:
        with _lock:
            self.notices = revision
        return self.queue_changed()

    def claim_broadcast(self, now: float, lease_s: float) -> bool:
        with _lock:
            if self.broadcast_until is not None and self.broadcast_until >= now:
                return False
            self.broadcast_until = now + lease_s
            return True

    def release_broadcast(self, marks: QueueMarks | None) -> bool:
        with _lock:
            if marks is not None:
                if marks.version != self.version:
                    return False
                self.told = marks.version
            self.broadcast_until = None
            return True


class FakeDeskSettings(DeskSettingsRepository):
    def __init__(self) -> None:
        self.stored: DeskSettings | None = None

    def get(self) -> DeskSettings | None:
        return self.stored

    def save(self, settings: DeskSettings) -> None:
        with _lock:
            if (self.stored.revision if self.stored else 0) != settings.revision - 1:
                raise DeskSettingsChangedError()
            self.stored = settings


class FakeNotifier(Notifier):
    """Records frames per connection; connections listed in `gone` answer like a 410."""

    def __init__(self) -> None:
        self.sent: dict[str, list[dict[str, Any]]] = {}
        self.gone: set[str] = set()
        self.closed: list[str] = []

    def send(self, connection_id: str, frame: Mapping[str, Any]) -> None:
        if connection_id in self.gone:
            raise ConnectionGoneError(connection_id)
        self.sent.setdefault(connection_id, []).append(dict(frame))

    def close(self, connection_id: str) -> None:
        self.closed.append(connection_id)
        self.gone.add(connection_id)

    def frames(self, connection_id: str, type_: str | None = None) -> list[dict[str, Any]]:
        """Frames sent to a connection, optionally only those of one type."""
        return [f for f in self.sent.get(connection_id, []) if type_ is None or f.get("type") == type_]


class RecordingAnnouncer(QueueAnnouncer):
    """Counts broadcast requests without running them: what an asynchronous invocation leaves to later."""

    def __init__(self) -> None:
        self.requests = 0

    def request(self) -> None:
        self.requests += 1


class FakeTelemetry(Telemetry):
    """Records every metric, to assert on."""

    def __init__(self) -> None:
        self.counts: dict[str, int] = {}
        self.durations: dict[str, list[float]] = {}
        self.values: dict[str, list[int]] = {}  # each count as published (gauges are read by their last value)
        self.split_counts: dict[tuple[str, str, str], int] = {}

    def count(self, name: str, value: int = 1) -> None:
        self.counts[name] = self.counts.get(name, 0) + value
        self.values.setdefault(name, []).append(value)

    def seconds(self, name: str, value: float) -> None:
        self.durations.setdefault(name, []).append(value)

    def count_by(self, name: str, dimension: str, label: str) -> None:
        key = (name, dimension, label)
        self.split_counts[key] = self.split_counts.get(key, 0) + 1


def officer(agent_id: str, groups: frozenset[str] = frozenset({"agents"})) -> AgentIdentity:
    """A signed-in officer, as the REST authorizer's claims would name them."""
    return AgentIdentity(agent_id=agent_id, display_name=f"Officer {agent_id}", groups=groups)


class FakeWsTickets(WsTicketRepository):
    """Tickets in a dict: spent once, refused after `expires_at` (like the DynamoDB condition)."""

    def __init__(self) -> None:
        self.tickets: dict[str, WsTicket] = {}
        self.redeemed: set[str] = set()

    def add(self, ticket: WsTicket) -> None:
        with _lock:
            self.tickets[ticket.ticket_hash] = ticket

    def redeem(self, ticket_hash: str, now: float) -> AgentIdentity:
        with _lock:
            ticket = self.tickets.get(ticket_hash)
            if ticket is None or ticket_hash in self.redeemed or ticket.expires_at <= now:
                raise InvalidTicketError()
            self.redeemed.add(ticket_hash)
            return ticket.identity


__all__ = [
    "FakeAgents",
    "FakeConnections",
    "FakeConversations",
    "FakeMessages",
    "FakeNotifier",
    "FakeStats",
    "FakeTelemetry",
    "FakeWsTickets",
    "RecordingAnnouncer",
    "message_id_for",
    "officer",
]


class FakeNotes(NoteRepository):
    def __init__(self, conversations: FakeConversations) -> None:
        self.rows: dict[str, list[Note]] = {}
        self._conversations = conversations

    def add(self, conversation: Conversation, note: Note) -> tuple[Note, bool, Conversation]:
        with _lock:
            stored = self.rows.setdefault(conversation.conversation_id, [])
            current = self._conversations.get(conversation.conversation_id)
            for earlier in stored:
                if (earlier.author_id, earlier.client_msg_id) == (note.author_id, note.client_msg_id):
                    return earlier, False, current
            current.ensure_open()
            numbered = replace(note, seq=current.last_note_seq + 1)
            stored.append(numbered)
            updated = replace(current, last_note_seq=numbered.seq)
            self._conversations.rows[current.conversation_id] = updated
            return numbered, True, updated

    def for_conversation(self, conversation_id: str) -> list[Note]:
        return [n for n in self.rows.get(conversation_id, []) if _live(n.expires_at)]


class FakeCannedAnswers(CannedAnswerRepository):
    def __init__(self) -> None:
        self.rows: dict[tuple[str | None, str], CannedAnswer] = {}  # (owner, answer id) -> answer

    def shared(self) -> list[CannedAnswer]:
        return [a for (owner, _), a in self.rows.items() if owner is None]

    def personal(self, agent_id: str) -> list[CannedAnswer]:
        return [a for (owner, _), a in self.rows.items() if owner == agent_id]

    def get(self, answer_id: str, owner: str | None) -> CannedAnswer | None:
        return self.rows.get((owner, answer_id))

    def _ensure_free(self, answer: CannedAnswer) -> None:
        for (owner, answer_id), other in self.rows.items():
            if owner == answer.owner and answer_id != answer.answer_id and other.shortcut == answer.shortcut:
                raise ShortcutTakenError()

    def add(self, answer: CannedAnswer) -> None:
        with _lock:
            self._ensure_free(answer)
            self.rows[(answer.owner, answer.answer_id)] = answer

    def replace(self, previous: CannedAnswer, answer: CannedAnswer) -> None:
        with _lock:
            if (answer.owner, answer.answer_id) not in self.rows:
                raise NotFoundError()
            self._ensure_free(answer)
            self.rows[(answer.owner, answer.answer_id)] = answer

    def remove(self, answer: CannedAnswer) -> None:
        with _lock:
            self.rows.pop((answer.owner, answer.answer_id), None)


__all__ += ["FakeCannedAnswers", "FakeDeskFigures", "FakeDeskSettings", "FakeNotes"]


class FakeSupervisorAudit(SupervisorAuditTrail):
    def __init__(self) -> None:
        self.rows: list[AuditRecord] = []

    def record(self, entry: AuditRecord) -> None:
        with _lock:
            self.rows.append(entry)

    def day(self, day: str, limit: int) -> list[AuditRecord]:
        mine = [r for r in self.rows if r.day == day and _live(r.expires_at)]
        return sorted(mine, key=lambda r: (r.at, r.record_id), reverse=True)[:limit]


__all__ += ["FakeSupervisorAudit"]


def fake_storage() -> Storage:
    """A Storage made of fakes wired to each other."""
    agents = FakeAgents()
    conversations = FakeConversations(agents)
    return Storage(
        connections=FakeConnections(),
        conversations=conversations,
        messages=FakeMessages(conversations),
        agents=agents,
        stats=FakeStats(),
        notes=FakeNotes(conversations),
        figures=conversations.figures,
        desk=FakeDeskSettings(),
        audit=FakeSupervisorAudit(),
    )


__all__.append("fake_storage")


# Reports ("Je signale")


class FakeReports(ReportRepository):
    def __init__(self) -> None:
        self.rows: dict[str, Report] = {}
        self.keys: dict[str, tuple[str, int]] = {}  # client key -> (reference, expires_at)
        self.spent: dict[tuple[str, int], int] = {}  # (source key, window start) -> new reports

    def add(self, report: Report, client_key: str, budget: SourceBudget | None = None) -> tuple[Report, bool]:
        with _lock:
            stored = self.by_client_key(client_key)
            if stored is not None:
                return stored, False
            taken = self.rows.get(report.reference)
            if taken is not None and _live(taken.expires_at):
                raise ReferenceTakenError()
            if budget is not None:
                window = (budget.source_key, budget.limit.window_start(report.created_at))
                if self.spent.get(window, 0) >= budget.limit.limit:
                    raise RateLimitedError(budget.limit.retry_after_s(report.created_at))
                self.spent[window] = self.spent.get(window, 0) + 1
            self.rows[report.reference] = report
            self.keys[client_key] = (report.reference, report.expires_at)
            return report, True

    def get(self, reference: str) -> Report | None:
        report = self.rows.get(reference)
        return report if report and _live(report.expires_at) else None

    def by_client_key(self, client_key: str) -> Report | None:
        reference, expires_at = self.keys.get(client_key, ("", 0))
        return self.get(reference) if _live(expires_at) else None

    def inbox(self, status: ReportStatus, limit: int = 50) -> list[Report]:
        waiting = [r for r in self.rows.values() if r.status is status and _live(r.expires_at)]
        return sorted(waiting, key=lambda r: r.created_at)[:limit]


class FakeRateLimiter(RateLimiter):
    def __init__(self) -> None:
        self.hits: dict[tuple[str, int], int] = {}

    def hit(self, key: str, limit: int, window_s: int, now: float) -> None:
        window = RateLimit(limit=limit, window_s=window_s)
        with _lock:
            counted = (key, window.window_start(now))
            if self.hits.get(counted, 0) >= limit:
                raise RateLimitedError(window.retry_after_s(now))
            self.hits[counted] = self.hits.get(counted, 0) + 1


def fake_report_storage() -> ReportStorage:
    """The report ports as in-memory fakes."""
    return ReportStorage(reports=FakeReports(), rate_limiter=FakeRateLimiter())


__all__ += ["FakeRateLimiter", "FakeReports", "fake_report_storage"]
