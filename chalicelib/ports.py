"""The ports the services talk to. Each has a DynamoDB/AWS adapter and an in-memory fake (tests/fakes.py)."""
from __future__ import annotations

import abc
from collections.abc import Callable, Iterable, Mapping
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    # Annotations only: a function that never touches reports or canned answers never imports their domain.
    from chalicelib.domain.agent import Agent, AgentIdentity, AgentStatus
    from chalicelib.domain.assignment import QueueView
    from chalicelib.domain.canned_answer import CannedAnswer
    from chalicelib.domain.connection import Connection
    from chalicelib.domain.conversation import Author, ClosedBy, Conversation
    from chalicelib.domain.desk_figures import SurveyComment, Tally
    from chalicelib.domain.desk_settings import DeskSettings
    from chalicelib.domain.live_board import LiveBoard
    from chalicelib.domain.message import Message
    from chalicelib.domain.note import Note
    from chalicelib.domain.orientation import CardRef
    from chalicelib.domain.rate_limit import MessageBurst, SourceBudget
    from chalicelib.domain.report import Report, ReportStatus
    from chalicelib.domain.report_inbox import AuditEntry, InboxFilter, InboxPage
    from chalicelib.domain.supervisor_audit import AuditRecord
    from chalicelib.domain.survey import Survey
    from chalicelib.domain.transfer import TransferOffer, TransferOutcome
    from chalicelib.domain.waiting import HandlingTime, QueueMarks, QueueSignal, Standing
    from chalicelib.domain.ws_ticket import WsTicket

__all__ = [
    "AgentRepository",
    "ConnectionRepository",
    "ConversationRepository",
    "DeskFiguresRepository",
    "DeskSettingsRepository",
    "MessageRepository",
    "Notifier",
    "Participants",
    "QueueAnnouncer",
    "Secret",
    "StatsRepository",
    "Telemetry",
    "WsTicketRepository",
]


class ConnectionRepository(abc.ABC):
    @abc.abstractmethod
    def add(self, connection: Connection) -> None:
        """Store a new connection."""

    @abc.abstractmethod
    def get(self, connection_id: str) -> Connection | None:
        """The connection, or None if unknown (or expired)."""

    @abc.abstractmethod
    def attach(self, connection_id: str, conversation_id: str) -> None:
        """Record that this connection now carries this conversation."""

    @abc.abstractmethod
    def remove(self, connection_id: str) -> None:
        """Forget a connection; removing an unknown one is not an error."""


class ConversationRepository(abc.ABC):
    @abc.abstractmethod
    def add(self, conversation: Conversation, tally: Tally | None = None) -> None:
        """Store a new waiting conversation in its topic's queue; ConversationExistsError if the id is taken.

        `tally`: the desk's hourly counters to add in the same write (here and below).
        """

    @abc.abstractmethod
    def get(self, conversation_id: str) -> Conversation:
        """The conversation, or NotFoundError."""

    @abc.abstractmethod
    def waiting(self, limit: int | None = None) -> list[Conversation]:
        """The one queue (every topic), oldest first; the first `limit` only, if given."""

    @abc.abstractmethod
    def position(self, conversation: Conversation) -> int:
        """1 + how many waiting conversations whose citizen is online arrived earlier (any topic)."""

    @abc.abstractmethod
    def assign(
        self, conversation_id: str, agent: Agent, now: float, chosen: bool = False, tally: Tally | None = None
    ) -> Conversation:
        """Exactly once: the conversation must still wait and the agent must be available with a free slot.

        Automatic assignment also requires the agent to hold exactly `agent.active_count` conversations,
        so that concurrent dispatchers choosing from stale loads conflict and look again (least busy first).
        `chosen`: the agent picked this conversation, so being away (but connected) is enough.
        Raises AssignmentConflictError when another assignment won.
        """

    @abc.abstractmethod
    def close(
        self,
        conversation_id: str,
        by: ClosedBy,
        outcome: str,
        now: float,
        tally: Callable[[Conversation], Tally] | None = None,
    ) -> Conversation:
        """Close once (ConversationClosedError otherwise) and give the agent's slot back."""

    @abc.abstractmethod
    def set_citizen_connection(self, conversation_id: str, connection_id: str | None, now: float) -> None:
        """Point the conversation at the citizen's live connection (None: the citizen left at `now`)."""

    @abc.abstractmethod
    def follow_agent(self, agent_id: str, connection_id: str) -> list[Conversation]:
        """Point the agent's open conversations at their new console; the conversations as updated."""

    @abc.abstractmethod
    def citizen_left(self, conversation_id: str, connection_id: str, now: float) -> bool:
        """The citizen's connection closed at `now`; False (nothing changed) if another one had taken over."""

    @abc.abstractmethod
    def active_for_agent(self, agent_id: str) -> list[Conversation]:
        """The conversations this agent holds now."""

    @abc.abstractmethod
    def renew_resume_token(self, conversation_id: str, token_hash: str) -> None:
        """Replace the conversation's resume token (the citizen proved its start_id again)."""

    @abc.abstractmethod
    def record_survey(self, conversation_id: str, survey: Survey, tally: Tally | None = None) -> None:
        """Keep the citizen's survey; once per closed conversation (SurveyAlreadyAnsweredError, NotClosedError)."""

    # Transfers, the reply watch and the officers' history.

    @abc.abstractmethod
    def offer_transfer(self, conversation: Conversation, offer: TransferOffer, now: float) -> Conversation:
        """Keep this offer on the conversation, still held by the offer's holder and with no live offer pending.

        Raises TransferPendingError, ForbiddenError (no longer theirs) or ConversationClosedError.
        """

    @abc.abstractmethod
    def withdraw_offer(self, conversation_id: str, offer: TransferOffer) -> bool:
        """Forget this offer (declined or expired); False if it was no longer there."""

    @abc.abstractmethod
    def transfer(
        self, conversation: Conversation, offer: TransferOffer, to_connection_id: str, now: float
    ) -> Conversation:
        """Exactly once: the conversation moves from the offer's holder to its colleague, in one transaction.

        Conditioned like an assignment: the conversation still assigned to the holder with this offer, the
        colleague connected on `to_connection_id` with a free slot; the holder's slot is freed.
        NoTransferOfferError if the offer or the holder changed, AgentUnavailableError for the colleague.
        """

    @abc.abstractmethod
    def requeue(self, conversation: Conversation, now: float) -> Conversation | None:
        """Back to the queue, if it still awaits the same answer from the same officer; that officer's slot freed.

        None when anything changed meanwhile (the officer answered, it closed or moved).
        """

    @abc.abstractmethod
    def in_progress(self, limit: int) -> list[Conversation]:
        """Every assigned conversation (any officer), the earliest assigned first (`limit` at most)."""

    @abc.abstractmethod
    def awaiting_reply(self, limit: int) -> list[Conversation]:
        """Assigned conversations awaiting their officer's answer, the longest-waiting first (`limit` at most)."""

    @abc.abstractmethod
    def mark_reminded(self, conversation: Conversation) -> bool:
        """Record that the officer was reminded of this wait; False if the wait changed meanwhile."""

    @abc.abstractmethod
    def closed_for_agent(self, agent_id: str, since: float, limit: int) -> list[Conversation]:
        """Conversations this officer held when they closed, closed at or after `since`, newest first."""

    # Supervisors: watch or join a conversation, move it to another officer.

    @abc.abstractmethod
    def watch(self, conversation_id: str, connection_id: str, join: bool) -> Conversation:
        """A supervisor's console follows this open conversation (and may write in it if `join`); as updated.

        NotFoundError, ConversationClosedError; ConversationNotAssignedError to join one no officer holds.
        """

    @abc.abstractmethod
    def unwatch(self, conversation_id: str, connection_id: str) -> None:
        """This console no longer follows the conversation (nothing if it did not)."""

    @abc.abstractmethod
    def reassign(self, conversation: Conversation, to: Agent, now: float) -> Conversation:
        """Exactly once: the conversation moves from its officer (as read) to `to`, in one transaction.

        Guarded like an assignment: still assigned to the same officer, `to` connected on the same console with
        a free slot (available or away); the former officer's slot is freed. ConversationNotAssignedError if it
        closed or moved meanwhile, AgentUnavailableError for `to`.
        """


class MessageRepository(abc.ABC):
    @abc.abstractmethod
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
        """Store a message with the conversation's next sequence number; the conversation as it was stored against.

        `by`: the name of a supervisor who joined and writes as the officer side (kept for officers' eyes only).

        `first_response`: the hourly counters to add in the same write, given the conversation as stored against
        (None: nothing to count; the officer's first answer counts).

        `card`: the message is this orientation card (`text` then holds its French title).

        `burst`: the citizen's flood limit, counted in the same write (RateLimitedError past it; repeats are free).
        Idempotent per (author, client_msg_id): a repeat returns the stored message and False.
        Conditioned on the participants' connections being those in `conversation`:
        ParticipantsChangedError (with the current conversation) otherwise.
        Raises ConversationClosedError if the conversation closed meanwhile.
        """

    @abc.abstractmethod
    def find(self, conversation_id: str, author: Author, client_msg_id: str) -> Message | None:
        """The message stored for this (author, client_msg_id), if any (a repeat after the close)."""

    @abc.abstractmethod
    def after(self, conversation_id: str, after_message_id: str | None) -> list[Message]:
        """Messages after this id (all of them for None), in order."""


class AgentRepository(abc.ABC):
    @abc.abstractmethod
    def get(self, agent_id: str) -> Agent | None:
        """The agent's presence, or None if never seen."""

    @abc.abstractmethod
    def connect(
        self, identity: AgentIdentity, connection_id: str, capacity: int, now: float, expires_at: int
    ) -> tuple[Agent, str | None]:
        """The agent is online on this connection, away until they go available.

        Returns the agent and the connection this one replaces (the officer's older tab), if any.
        """

    @abc.abstractmethod
    def set_status(self, agent_id: str, status: AgentStatus, now: float) -> Agent:
        """Change availability (going available restarts the idle clock)."""

    @abc.abstractmethod
    def disconnect(self, agent_id: str, connection_id: str) -> bool:
        """Offline, unless the agent already came back on another connection; True if they went offline."""

    @abc.abstractmethod
    def online(self) -> list[Agent]:
        """Every agent connected now (available or away)."""

    @abc.abstractmethod
    def set_capacity(self, agent_id: str, capacity: int) -> Agent:
        """A supervisor's choice of this officer's capacity, kept across their reconnections; NotFoundError."""


class StatsRepository(abc.ABC):
    @abc.abstractmethod
    def handling_time(self) -> HandlingTime:
        """The recent handling time mean."""

    @abc.abstractmethod
    def record_handling_time(self, seconds: float) -> None:
        """Count one more closed conversation's handling time."""

    @abc.abstractmethod
    def queue_changed(self) -> QueueSignal:
        """Count one more change of the queue (its version) and say whether a broadcast is running."""

    @abc.abstractmethod
    def queue_version(self) -> int:
        """The queue's current version (0 before any change)."""

    @abc.abstractmethod
    def queue_marks(self) -> QueueMarks:
        """The queue's version, the version last told and the notices' revision, in one read."""

    @abc.abstractmethod
    def notices_changed(self, revision: int) -> QueueSignal:
        """Publish this revision of the desk's notices with one more queue version (the broadcaster's next pass
        tells every waiting citizen), in one write; say whether a broadcast is running."""

    @abc.abstractmethod
    def claim_broadcast(self, now: float, lease_s: float) -> bool:
        """Become the one broadcaster for `lease_s` seconds; False if another holds an unexpired lease."""

    @abc.abstractmethod
    def release_broadcast(self, marks: QueueMarks | None) -> bool:
        """Give the lease back if the queue is still at `marks.version` (recording it as told); None:
        unconditionally. False if the queue moved since."""


class DeskSettingsRepository(abc.ABC):
    """The desk's notices and opening hours: one small record."""

    @abc.abstractmethod
    def get(self) -> DeskSettings | None:
        """The settings as last saved; None before any save."""

    @abc.abstractmethod
    def save(self, settings: DeskSettings) -> None:
        """Store `settings` if the stored revision is still the one before it (none stored for revision 1);
        DeskSettingsChangedError otherwise."""


class DeskFiguresRepository(abc.ABC):
    """The desk's hourly counters (written by the other repositories' tallies) and the survey comments."""

    @abc.abstractmethod
    def counters(self, day: str) -> dict[int, dict[str, float]]:
        """Every hour's counters of this desk day, by the hour's start (epoch)."""

    @abc.abstractmethod
    def comments(self, day: str, limit: int) -> list[SurveyComment]:
        """The day's newest survey comments (unexpired), at most `limit`."""


class Notifier(abc.ABC):
    @abc.abstractmethod
    def send(self, connection_id: str, frame: Mapping[str, Any]) -> None:
        """Push a frame to a connection; ConnectionGoneError when it no longer exists."""

    @abc.abstractmethod
    def close(self, connection_id: str) -> None:
        """Close a connection from the server side; closing a gone one is not an error."""


class Participants(abc.ABC):
    """What the use cases tell citizens and officers, in domain terms; the API layer owns the wire format.

    A method that names a connection sends there; one that takes only the conversation sends to the
    side of it that its name says (its live connection, if any). Sending to a connection that is gone
    is not an error.
    """

    # The citizen.

    @abc.abstractmethod
    def queued(self, connection_id: str, conversation: Conversation, resume_token: str, standing: Standing) -> None:
        """The answer to `start`: the conversation, the token to resume it with, and where it stands."""

    @abc.abstractmethod
    def resumed(self, connection_id: str, conversation: Conversation, standing: Standing | None) -> None:
        """The answer to `resume`: the conversation's state, and where it stands if it still waits."""

    @abc.abstractmethod
    def replay(self, connection_id: str, conversation: Conversation, messages: Iterable[Message]) -> None:
        """What a returning citizen missed, in order: these messages (their own marked as theirs), then the close."""

    @abc.abstractmethod
    def standing(
        self, conversation: Conversation, position: int, estimated_wait_s: int | None, version: int, notices: int = 0
    ) -> None:
        """The conversation's citizen: where they stand as of queue `version` (the broadcaster's update)."""

    @abc.abstractmethod
    def agent_joined(self, conversation: Conversation, connection_id: str | None = None) -> None:
        """The conversation's citizen (or `connection_id`, answering a repeated start): which officer joined."""

    @abc.abstractmethod
    def agent_presence(self, conversation: Conversation, online: bool) -> None:
        """The conversation's citizen: the officer's console dropped (the conversation is kept) or came back."""

    @abc.abstractmethod
    def survey_saved(self, connection_id: str, conversation: Conversation) -> None:
        """The citizen's survey of this conversation is kept."""

    # Either side.

    @abc.abstractmethod
    def acknowledged(self, connection_id: str, client_msg_id: str, message: Message) -> None:
        """The writer's message (sent as `client_msg_id`) is stored as `message`."""

    @abc.abstractmethod
    def message(self, conversation: Conversation, message: Message, writer: str | None = None) -> None:
        """The other side of the conversation than the message's author, and the supervisors following it (but
        the `writer`'s connection): a new message. An officer's message written by a supervisor who joined also
        reaches the officer holding it."""

    @abc.abstractmethod
    def typing(self, conversation: Conversation, author: Author) -> None:
        """The other side of the conversation than `author`: `author` is typing."""

    @abc.abstractmethod
    def closed(self, conversation: Conversation) -> None:
        """Both sides: the conversation closed (by whom, with which outcome)."""

    # Officers.

    @abc.abstractmethod
    def assigned(
        self, agent: Agent, conversation: Conversation, messages: Iterable[Message], notes: Iterable[Note] = ()
    ) -> None:
        """The officer: this conversation is theirs now, with every message and internal note so far."""

    @abc.abstractmethod
    def agent_state(
        self,
        connection_id: str,
        agent: Agent,
        conversations: Iterable[tuple[Conversation, list[Message]]],
        notes: Mapping[str, list[Note]] | None = None,
    ) -> None:
        """The officer's console: their presence and their open conversations with every message and note."""

    @abc.abstractmethod
    def note(self, connection_ids: Iterable[str | None], conversation: Conversation, note: Note) -> None:
        """These officers' consoles (never a citizen's): an internal note on the conversation."""

    @abc.abstractmethod
    def status_changed(self, connection_id: str, agent: Agent) -> None:
        """The officer's console: their availability changed."""

    @abc.abstractmethod
    def waiting_list(self, connection_ids: Iterable[str], queue: QueueView, version: int) -> None:
        """These officers' consoles: the queue as of `version`, in serving order, offline citizens last."""

    @abc.abstractmethod
    def board(self, connection_ids: Iterable[str], view: LiveBoard) -> None:
        """These supervisors' consoles (never an officer's or a citizen's): the live board."""

    @abc.abstractmethod
    def citizen_presence(self, conversation: Conversation, online: bool) -> None:
        """The conversation's officer: the citizen's connection dropped or came back."""

    @abc.abstractmethod
    def session_replaced(self, connection_id: str) -> None:
        """An officer's older console: a newer one took over (this connection is closed next)."""

    # Transfers and the reply watch.

    @abc.abstractmethod
    def colleagues(self, connection_id: str, colleagues: Iterable[Agent]) -> None:
        """An officer's console: the colleagues they may transfer a conversation to now."""

    @abc.abstractmethod
    def transfer_offered(
        self, connection_id: str, conversation: Conversation, offer: TransferOffer, now: float
    ) -> None:
        """The colleague's console: this conversation is offered to them until the offer expires."""

    @abc.abstractmethod
    def transfer_pending(
        self, connection_id: str, conversation: Conversation, offer: TransferOffer, now: float
    ) -> None:
        """The holder's console: their offer waits for the colleague's answer."""

    @abc.abstractmethod
    def transfer_result(
        self, connection_id: str | None, conversation: Conversation, offer: TransferOffer, outcome: TransferOutcome
    ) -> None:
        """The holder's console: the colleague accepted, declined, or let the offer expire."""

    @abc.abstractmethod
    def unassigned(self, connection_id: str | None, conversation: Conversation, reason: str) -> None:
        """An officer's console: this conversation is no longer theirs (`transferred` or `no_reply`)."""

    @abc.abstractmethod
    def reply_reminder(self, conversation: Conversation, requeue_in_s: int) -> None:
        """The conversation's officer: the citizen awaits an answer; it goes back to the queue in `requeue_in_s`."""

    @abc.abstractmethod
    def requeued(self, conversation: Conversation, standing: Standing) -> None:
        """The conversation's citizen: no officer answered, they are back at the head of the queue."""

    # Supervisors.

    @abc.abstractmethod
    def watching(
        self,
        connection_id: str,
        conversation: Conversation,
        messages: Iterable[Message],
        notes: Iterable[Note],
        joined: bool,
    ) -> None:
        """A supervisor's console: the conversation they now follow, with every message and note so far."""

    @abc.abstractmethod
    def unwatched(self, connection_id: str, conversation_id: str) -> None:
        """A supervisor's console: they no longer follow this conversation."""

    @abc.abstractmethod
    def supervisor_joined(self, conversation: Conversation, supervisor_name: str) -> None:
        """The conversation's officer (never its citizen): a supervisor joined and may write in it."""

    @abc.abstractmethod
    def changed_by_supervisor(self, agent: Agent, supervisor_name: str) -> None:
        """The officer's console: a supervisor changed their status or capacity."""

    @abc.abstractmethod
    def supervised(
        self,
        connection_id: str,
        action: str,
        conversation_id: str | None = None,
        agent: Agent | None = None,
        to: Agent | None = None,
    ) -> None:
        """The supervisor's console: their action is done."""

    @abc.abstractmethod
    def supervision(
        self, connection_id: str, officers: Iterable[Agent], chats: Iterable[Conversation], now: float
    ) -> None:
        """The supervisor's console: the officers online and the chats they hold."""


class QueueAnnouncer(abc.ABC):
    """Starts a broadcast of the queue to every waiting citizen, outside the request that changed it."""

    @abc.abstractmethod
    def request(self) -> None:
        """Ask for a broadcast pass (asynchronously on AWS); the broadcaster coalesces requests."""


class Telemetry(abc.ABC):
    """Business metrics for dashboards and alarms: counts and durations, never personal data."""

    @abc.abstractmethod
    def count(self, name: str, value: int = 1) -> None:
        """Add to a counter."""

    @abc.abstractmethod
    def seconds(self, name: str, value: float) -> None:
        """Record a duration."""

    @abc.abstractmethod
    def count_by(self, name: str, dimension: str, label: str) -> None:
        """Add one to a counter split by one dimension (an error frame's code, say): a label, never personal data."""


class Secret(abc.ABC):
    """A secret value kept out of the environment: read when needed (the adapter caches it a while)."""

    @abc.abstractmethod
    def value(self) -> str:
        """The current value."""


class WsTicketRepository(abc.ABC):
    """Websocket tickets: stored when issued, spent at the handshake."""

    @abc.abstractmethod
    def add(self, ticket: WsTicket) -> None:
        """Store a new ticket (by its hash) until it expires."""

    @abc.abstractmethod
    def redeem(self, ticket_hash: str, now: float) -> AgentIdentity:
        """Spend a ticket, once, in one conditional write: the officer it was issued to.

        InvalidTicketError when no such ticket was issued (forged), it was already spent, or it has expired.
        """


class Storage:
    """The repositories a service needs, built once per process by the bootstrap."""

    def __init__(
        self,
        connections: ConnectionRepository,
        conversations: ConversationRepository,
        messages: MessageRepository,
        agents: AgentRepository,
        stats: StatsRepository,
        notes: NoteRepository,
        figures: DeskFiguresRepository | None = None,
        desk: DeskSettingsRepository | None = None,
        audit: SupervisorAuditTrail | None = None,
    ) -> None:
        self.connections = connections
        self.conversations = conversations
        self.messages = messages
        self.agents = agents
        self.stats = stats
        self.notes = notes
        # The desk's hourly counters: the tallies passed to the repositories above land there.
        self.figures = figures
        # The desk's notices and opening hours; None: the stage's defaults, never edited (some handler tests).
        self.desk = desk
        # The supervisors' audit trail (None: supervisors' actions are refused where nothing records them).
        self.audit = audit


__all__.append("Storage")


# Reports ("Je signale"): their own table and ports, independent of the chat's Storage.


class ReportRepository(abc.ABC):
    @abc.abstractmethod
    def add(self, report: Report, client_key: str, budget: SourceBudget | None = None) -> tuple[Report, bool]:
        """Store a new report, once per client key: a repeat returns the stored report and False.

        A new report spends one from `budget` in the same write; a repeat spends nothing.
        Raises RateLimitedError when the budget is spent (nothing stored), ReferenceTakenError when
        another report holds this reference (draw another).
        """

    @abc.abstractmethod
    def get(self, reference: str) -> Report | None:
        """The report with this reference, or None if unknown (or expired)."""

    @abc.abstractmethod
    def by_client_key(self, client_key: str) -> Report | None:
        """The report an earlier submission with this client key stored, if any."""

    @abc.abstractmethod
    def inbox(self, status: ReportStatus, limit: int = 50) -> list[Report]:
        """Reports in this status, oldest first (the officers' triage order)."""


class RateLimiter(abc.ABC):
    @abc.abstractmethod
    def hit(self, key: str, limit: int, window_s: int, now: float) -> None:
        """Count one hit for `key` in the window holding `now`; RateLimitedError past `limit`."""


class ReportInbox(abc.ABC):
    """The officers' side of the reports: pages of the inbox, and triage changes."""

    @abc.abstractmethod
    def page(self, inbox_filter: InboxFilter, limit: int, cursor: str | None) -> InboxPage:
        """Reports passing the filter, newest first, at most `limit`, after `cursor` (an earlier page's).

        A bounded read whatever the filter (a page may hold fewer than `limit` with a cursor still
        given); InvalidFieldsError for a cursor this inbox never gave for this filter.
        """

    @abc.abstractmethod
    def save_triage(self, report: Report, previous: ReportStatus) -> None:
        """Store the report's new status, handler, unit and history, if its status is still `previous`.

        ReportChangedError when another change came first, NotFoundError when the report is gone.
        """


class AuditTrail(abc.ABC):
    """Who saw which report's personal data, and when; kept as long as the reports."""

    @abc.abstractmethod
    def record(self, entries: list[AuditEntry]) -> None:
        """Append these entries."""

    @abc.abstractmethod
    def for_report(self, reference: str) -> list[AuditEntry]:
        """The entries of one report, oldest first."""


class ReportStorage:
    """The report ports, built once per process by the bootstrap."""

    def __init__(
        self,
        reports: ReportRepository,
        rate_limiter: RateLimiter,
        inbox: ReportInbox | None = None,
        audit: AuditTrail | None = None,
    ) -> None:
        self.reports = reports
        self.rate_limiter = rate_limiter
        # The officers' inbox and its audit trail (None where a runtime serves no inbox: handler tests).
        self.inbox = inbox
        self.audit = audit


__all__ += ["AuditTrail", "RateLimiter", "ReportInbox", "ReportRepository", "ReportStorage"]


# Officers' tools: internal notes on conversations (in the chat's Storage) and canned answers (their own port).


class NoteRepository(abc.ABC):
    @abc.abstractmethod
    def add(self, conversation: Conversation, note: Note) -> tuple[Note, bool, Conversation]:
        """Store a note as the conversation's next note (its seq is chosen here); the conversation as stored against.

        Idempotent per (author, client_msg_id): a repeat returns the stored note and False.
        Raises ConversationClosedError if the conversation closed meanwhile.
        """

    @abc.abstractmethod
    def for_conversation(self, conversation_id: str) -> list[Note]:
        """The conversation's notes, oldest first."""


class CannedAnswerRepository(abc.ABC):
    @abc.abstractmethod
    def shared(self) -> list[CannedAnswer]:
        """Every shared answer."""

    @abc.abstractmethod
    def personal(self, agent_id: str) -> list[CannedAnswer]:
        """This officer's own answers."""

    @abc.abstractmethod
    def get(self, answer_id: str, owner: str | None) -> CannedAnswer | None:
        """The answer with this id among the shared ones (owner None) or this officer's own, if any."""

    @abc.abstractmethod
    def add(self, answer: CannedAnswer) -> None:
        """Store a new answer; ShortcutTakenError if its owner (or the shared answers) already use its shortcut."""

    @abc.abstractmethod
    def replace(self, previous: CannedAnswer, answer: CannedAnswer) -> None:
        """Store the new version of an answer; ShortcutTakenError for a taken shortcut, NotFoundError if deleted."""

    @abc.abstractmethod
    def remove(self, answer: CannedAnswer) -> None:
        """Delete an answer and free its shortcut; deleting one already gone is not an error."""


__all__ += ["CannedAnswerRepository", "NoteRepository"]


class SupervisorAuditTrail(abc.ABC):
    """Every supervisor action (who, what, when, on what), kept as long as the conversations."""

    @abc.abstractmethod
    def record(self, entry: AuditRecord) -> None:
        """Append one entry."""

    @abc.abstractmethod
    def day(self, day: str, limit: int) -> list[AuditRecord]:
        """The unexpired entries of this desk day, newest first, at most `limit`."""


__all__ += ["SupervisorAuditTrail"]
