"""PynamoDB models of Guichet's tables; they convert to and from domain objects and never leave the adapters."""
from __future__ import annotations

from collections.abc import Iterator
from typing import TypedDict

from pynamodb.attributes import (
    BooleanAttribute,
    NumberAttribute,
    TTLAttribute,
    UnicodeAttribute,
    UnicodeSetAttribute,
)
from pynamodb.indexes import AllProjection, GlobalSecondaryIndex
from pynamodb.models import Model

from chalicelib.adapters.dynamodb_common import bind_model, epoch_to_ttl, ttl_to_epoch
from chalicelib.config import Settings
from chalicelib.domain.agent import Agent, AgentStatus
from chalicelib.domain.connection import Connection, Role
from chalicelib.domain.conversation import Author, ClosedBy, Conversation, Status
from chalicelib.domain.message import Message, message_id_for
from chalicelib.domain.note import Note, note_id_for
from chalicelib.domain.orientation import CardKind, CardRef
from chalicelib.domain.survey import Survey
from chalicelib.domain.transfer import TransferOffer
from chalicelib.domain.waiting import HandlingTime, QueueMarks

__all__ = [
    "AWAITING",
    "HANDLING_TIME_STAT",
    "IN_PROGRESS",
    "IN_QUEUE",
    "LAST_MESSAGE_SK",
    "MESSAGE_PREFIX",
    "ONLINE",
    "QUEUE_STAT",
    "AgentModel",
    "ConnectionModel",
    "ConversationModel",
    "MessageDedupModel",
    "MessageModel",
    "NoteDedupModel",
    "NoteModel",
    "QueueStateModel",
    "StatsModel",
    "bind_models",
    "dedup_sk",
    "message_sk",
    "note_dedup_sk",
    "note_sk",
]

HANDLING_TIME_STAT = "handling_time"
QUEUE_STAT = "queue"
ONLINE = "1"
IN_QUEUE = "1"
AWAITING = "1"
IN_PROGRESS = "1"
MESSAGE_PREFIX = "m#"
LAST_MESSAGE_SK = MESSAGE_PREFIX + "9" * 10


def message_sk(seq: int) -> str:
    """Sort key of a message item: sorts in sequence order."""
    return MESSAGE_PREFIX + message_id_for(seq)


def dedup_sk(author: Author, client_msg_id: str) -> str:
    """Sort key of the item that makes (author, client_msg_id) unique in a conversation."""
    return f"d#{author.value}#{client_msg_id}"


class ConnectionModel(Model):
    """One websocket connection, citizen's or agent's."""

    class Meta:
        pass

    connection_id = UnicodeAttribute(hash_key=True)
    role = UnicodeAttribute()
    agent_id = UnicodeAttribute(null=True)
    conversation_id = UnicodeAttribute(null=True)
    source_key = UnicodeAttribute(null=True)
    supervisor = BooleanAttribute(null=True)
    display_name = UnicodeAttribute(null=True)
    connected_at = NumberAttribute()
    expires_at = TTLAttribute()

    @classmethod
    def from_domain(cls, connection: Connection) -> ConnectionModel:
        """The item for a connection."""
        return cls(
            connection.connection_id,
            role=connection.role.value,
            agent_id=connection.agent_id,
            conversation_id=connection.conversation_id,
            source_key=connection.source_key,
            supervisor=connection.supervisor or None,
            display_name=connection.display_name,
            connected_at=connection.connected_at,
            expires_at=epoch_to_ttl(connection.expires_at),
        )

    def to_domain(self) -> Connection:
        """The connection this item holds."""
        return Connection(
            connection_id=self.connection_id,
            role=Role(self.role),
            connected_at=self.connected_at,
            expires_at=ttl_to_epoch(self.expires_at),
            agent_id=self.agent_id,
            conversation_id=self.conversation_id,
            source_key=self.source_key,
            supervisor=bool(self.supervisor),
            display_name=self.display_name,
        )


class WaitingIndex(GlobalSecondaryIndex["ConversationModel"]):
    """Sparse: only waiting conversations carry `waiting` = "1": the one queue, oldest first."""

    class Meta:
        index_name = "waiting-index"
        projection = AllProjection()

    waiting = UnicodeAttribute(hash_key=True)
    created_at = NumberAttribute(range_key=True)


class AgentIndex(GlobalSecondaryIndex["ConversationModel"]):
    """Sparse: only assigned conversations carry `active_agent_id`."""

    class Meta:
        index_name = "agent-index"
        projection = AllProjection()

    active_agent_id = UnicodeAttribute(hash_key=True)
    assigned_at = NumberAttribute(range_key=True)


class ReplyIndex(GlobalSecondaryIndex["ConversationModel"]):
    """Sparse: only assigned conversations awaiting their officer's answer carry `awaiting_reply` = "1"."""

    class Meta:
        index_name = "reply-index"
        projection = AllProjection()

    awaiting_reply = UnicodeAttribute(hash_key=True)
    awaiting_since = NumberAttribute(range_key=True)


class ProgressIndex(GlobalSecondaryIndex["ConversationModel"]):
    """Sparse: only assigned conversations carry `in_progress` = "1": every chat in progress, in one query."""

    class Meta:
        index_name = "progress-index"
        projection = AllProjection()

    in_progress = UnicodeAttribute(hash_key=True)
    assigned_at = NumberAttribute(range_key=True)


class HistoryIndex(GlobalSecondaryIndex["ConversationModel"]):
    """Sparse: a conversation has both `agent_id` and `closed_at` only once closed by or with an officer."""

    class Meta:
        index_name = "history-index"
        projection = AllProjection()

    agent_id = UnicodeAttribute(hash_key=True)
    closed_at = NumberAttribute(range_key=True)


class _OfferAttributes(TypedDict, total=False):
    offer_from_agent_id: str
    offer_from_name: str
    offer_to_agent_id: str
    offer_to_name: str
    offer_at: float
    offer_expires_at: float
    offer_note: str | None


def _offer_attributes(offer: TransferOffer | None) -> _OfferAttributes:
    if offer is None:
        return {}
    return {
        "offer_from_agent_id": offer.from_agent_id,
        "offer_from_name": offer.from_display_name,
        "offer_to_agent_id": offer.to_agent_id,
        "offer_to_name": offer.to_display_name,
        "offer_at": offer.offered_at,
        "offer_expires_at": offer.expires_at,
        "offer_note": offer.note,
    }


class _SurveyAttributes(TypedDict, total=False):
    survey_found_easily: bool
    survey_understood: bool
    survey_rating: int
    survey_comment: str | None
    survey_at: float


def _survey_attributes(survey: Survey | None) -> _SurveyAttributes:
    if survey is None:
        return {}
    return {
        "survey_found_easily": survey.found_easily,
        "survey_understood": survey.understood,
        "survey_rating": survey.rating,
        "survey_comment": survey.comment,
        "survey_at": survey.answered_at,
    }


class ConversationModel(Model):
    """A conversation; `waiting` and `active_agent_id` exist only while it waits or is assigned."""

    class Meta:
        pass

    conversation_id = UnicodeAttribute(hash_key=True)
    topic = UnicodeAttribute()
    lang = UnicodeAttribute()
    status = UnicodeAttribute()
    created_at = NumberAttribute()
    resume_token_hash = UnicodeAttribute()
    citizen_connection_id = UnicodeAttribute(null=True)
    citizen_left_at = NumberAttribute(null=True)
    agent_id = UnicodeAttribute(null=True)
    agent_display_name = UnicodeAttribute(null=True)
    agent_connection_id = UnicodeAttribute(null=True)
    assigned_at = NumberAttribute(null=True)
    first_response_at = NumberAttribute(null=True)
    closed_at = NumberAttribute(null=True)
    closed_by = UnicodeAttribute(null=True)
    outcome = UnicodeAttribute(null=True)
    last_seq = NumberAttribute(default=0)
    citizen_burst_start = NumberAttribute(null=True)
    citizen_burst_count = NumberAttribute(null=True)
    last_note_seq = NumberAttribute(null=True)
    waiting = UnicodeAttribute(null=True)
    active_agent_id = UnicodeAttribute(null=True)
    in_progress = UnicodeAttribute(null=True)
    last_reply_at = NumberAttribute(null=True)
    survey_found_easily = BooleanAttribute(null=True)
    survey_understood = BooleanAttribute(null=True)
    survey_rating = NumberAttribute(null=True)
    survey_comment = UnicodeAttribute(null=True)
    survey_at = NumberAttribute(null=True)
    # The wait for the officer's answer (`awaiting_reply` = "1" only while it counts: the reply-index).
    awaiting_reply = UnicodeAttribute(null=True)
    awaiting_since = NumberAttribute(null=True)
    reply_reminded = BooleanAttribute(null=True)
    resumed_count = NumberAttribute(null=True)
    requeued_count = NumberAttribute(null=True)
    transferred_from = UnicodeAttribute(null=True)
    # A transfer offered to a colleague, until answered or replaced once expired.
    offer_from_agent_id = UnicodeAttribute(null=True)
    offer_from_name = UnicodeAttribute(null=True)
    offer_to_agent_id = UnicodeAttribute(null=True)
    offer_to_name = UnicodeAttribute(null=True)
    offer_at = NumberAttribute(null=True)
    offer_expires_at = NumberAttribute(null=True)
    offer_note = UnicodeAttribute(null=True)
    # Supervisors' consoles following it (string sets, added to and deleted from with ADD / DELETE).
    watch_connections = UnicodeSetAttribute(null=True)
    join_connections = UnicodeSetAttribute(null=True)
    expires_at = TTLAttribute()

    waiting_index = WaitingIndex()
    agent_index = AgentIndex()
    reply_index = ReplyIndex()
    progress_index = ProgressIndex()
    history_index = HistoryIndex()

    @classmethod
    def from_domain(cls, conversation: Conversation) -> ConversationModel:
        """The item for a conversation, in the queue index while waiting and the agent index while assigned."""
        return cls(
            conversation.conversation_id,
            topic=conversation.topic,
            lang=conversation.lang,
            status=conversation.status.value,
            created_at=conversation.created_at,
            resume_token_hash=conversation.resume_token_hash,
            citizen_connection_id=conversation.citizen_connection_id,
            citizen_left_at=conversation.citizen_left_at,
            agent_id=conversation.agent_id,
            agent_display_name=conversation.agent_display_name,
            agent_connection_id=conversation.agent_connection_id,
            assigned_at=conversation.assigned_at,
            first_response_at=conversation.first_response_at,
            closed_at=conversation.closed_at,
            closed_by=conversation.closed_by.value if conversation.closed_by else None,
            outcome=conversation.outcome,
            last_seq=conversation.last_seq,
            citizen_burst_start=conversation.citizen_burst_start,
            citizen_burst_count=conversation.citizen_burst_count or None,
            last_note_seq=conversation.last_note_seq or None,
            waiting=IN_QUEUE if conversation.status is Status.WAITING else None,
            active_agent_id=conversation.agent_id if conversation.status is Status.ASSIGNED else None,
            in_progress=IN_PROGRESS if conversation.status is Status.ASSIGNED else None,
            last_reply_at=conversation.last_reply_at,
            awaiting_reply=AWAITING if conversation.awaiting_since is not None else None,
            awaiting_since=conversation.awaiting_since,
            reply_reminded=conversation.reply_reminded or None,
            resumed_count=conversation.resumed_count or None,
            requeued_count=conversation.requeued_count or None,
            transferred_from=conversation.transferred_from,
            watch_connections=set(conversation.watchers) or None,
            join_connections=set(conversation.joined) or None,
            expires_at=epoch_to_ttl(conversation.expires_at),
            **_survey_attributes(conversation.survey),
            **_offer_attributes(conversation.transfer),
        )

    def to_domain(self) -> Conversation:
        """The conversation this item holds."""
        return Conversation(
            conversation_id=self.conversation_id,
            topic=self.topic,
            lang=self.lang,
            status=Status(self.status),
            created_at=self.created_at,
            resume_token_hash=self.resume_token_hash,
            expires_at=ttl_to_epoch(self.expires_at),
            citizen_connection_id=self.citizen_connection_id,
            citizen_left_at=self.citizen_left_at,
            agent_id=self.agent_id,
            agent_display_name=self.agent_display_name,
            agent_connection_id=self.agent_connection_id,
            assigned_at=self.assigned_at,
            first_response_at=self.first_response_at,
            closed_at=self.closed_at,
            closed_by=ClosedBy(self.closed_by) if self.closed_by else None,
            outcome=self.outcome,
            last_seq=int(self.last_seq or 0),
            survey=self._survey(),
            citizen_burst_start=self.citizen_burst_start,
            citizen_burst_count=int(self.citizen_burst_count or 0),
            last_note_seq=int(self.last_note_seq or 0),
            awaiting_since=self.awaiting_since if self.awaiting_reply else None,
            reply_reminded=bool(self.reply_reminded),
            last_reply_at=self.last_reply_at,
            resumed_count=int(self.resumed_count or 0),
            requeued_count=int(self.requeued_count or 0),
            transferred_from=self.transferred_from,
            transfer=self._offer(),
            watchers=frozenset(self.watch_connections or ()),
            joined=frozenset(self.join_connections or ()),
        )

    def _offer(self) -> TransferOffer | None:
        if not (self.offer_to_agent_id and self.offer_from_agent_id and self.offer_expires_at is not None):
            return None
        return TransferOffer(
            from_agent_id=self.offer_from_agent_id,
            from_display_name=self.offer_from_name or self.offer_from_agent_id,
            to_agent_id=self.offer_to_agent_id,
            to_display_name=self.offer_to_name or self.offer_to_agent_id,
            offered_at=self.offer_at or 0.0,
            expires_at=self.offer_expires_at,
            note=self.offer_note,
        )

    def _survey(self) -> Survey | None:
        if self.survey_at is None:
            return None
        return Survey(
            found_easily=bool(self.survey_found_easily),
            understood=bool(self.survey_understood),
            rating=int(self.survey_rating or 0),
            answered_at=self.survey_at,
            comment=self.survey_comment,
        )


class MessageModel(Model):
    """A message item: sk = "m#" + its zero-padded sequence number."""

    class Meta:
        pass

    conversation_id = UnicodeAttribute(hash_key=True)
    sk = UnicodeAttribute(range_key=True)
    author = UnicodeAttribute()
    text = UnicodeAttribute()
    sent_at = NumberAttribute()
    client_msg_id = UnicodeAttribute()
    seq = NumberAttribute()
    # An orientation card: its kind and id (the title and link come from the catalogue when it is sent).
    card_kind = UnicodeAttribute(null=True)
    card_ref = UnicodeAttribute(null=True)
    # A joined supervisor's name (officers' eyes only).
    by_name = UnicodeAttribute(null=True)
    expires_at = TTLAttribute()

    @classmethod
    def from_domain(cls, message: Message) -> MessageModel:
        """The item for a message."""
        return cls(
            message.conversation_id,
            message_sk(message.seq),
            author=message.author.value,
            text=message.text,
            sent_at=message.sent_at,
            client_msg_id=message.client_msg_id,
            seq=message.seq,
            card_kind=message.card.kind.value if message.card else None,
            card_ref=message.card.ref if message.card else None,
            by_name=message.by,
            expires_at=epoch_to_ttl(message.expires_at),
        )

    def to_domain(self) -> Message:
        """The message this item holds."""
        return Message(
            conversation_id=self.conversation_id,
            seq=int(self.seq),
            author=Author(self.author),
            text=self.text,
            sent_at=self.sent_at,
            client_msg_id=self.client_msg_id,
            expires_at=ttl_to_epoch(self.expires_at),
            card=CardRef(CardKind(self.card_kind), self.card_ref) if self.card_kind and self.card_ref else None,
            by=self.by_name,
        )


class MessageDedupModel(Model):
    """In the messages table: sk = "d#<author>#<client_msg_id>" remembers the seq that message got."""

    class Meta:
        pass

    conversation_id = UnicodeAttribute(hash_key=True)
    sk = UnicodeAttribute(range_key=True)
    seq = NumberAttribute()
    expires_at = TTLAttribute()

    @classmethod
    def from_domain(cls, message: Message) -> MessageDedupModel:
        """The dedup item of a message."""
        return cls(
            message.conversation_id,
            dedup_sk(message.author, message.client_msg_id),
            seq=message.seq,
            expires_at=epoch_to_ttl(message.expires_at),
        )


class OnlineIndex(GlobalSecondaryIndex["AgentModel"]):
    """Sparse: only connected agents carry `online` = "1"."""

    class Meta:
        index_name = "online-index"
        projection = AllProjection()

    online = UnicodeAttribute(hash_key=True)


class AgentModel(Model):
    """An agent's presence and how many conversations they hold."""

    class Meta:
        pass

    agent_id = UnicodeAttribute(hash_key=True)
    display_name = UnicodeAttribute()
    status = UnicodeAttribute()
    capacity = NumberAttribute()
    # A supervisor's choice of capacity: kept when the officer reconnects (`capacity` then follows it).
    capacity_set = NumberAttribute(null=True)
    active_count = NumberAttribute(default=0)
    idle_since = NumberAttribute()
    connection_id = UnicodeAttribute(null=True)
    online = UnicodeAttribute(null=True)
    supervisor = BooleanAttribute(null=True)
    expires_at = TTLAttribute()

    online_index = OnlineIndex()

    @classmethod
    def from_domain(cls, agent: Agent) -> AgentModel:
        """The item for an agent's presence."""
        return cls(
            agent.agent_id,
            display_name=agent.display_name,
            status=agent.status.value,
            capacity=agent.capacity,
            active_count=agent.active_count,
            idle_since=agent.idle_since,
            connection_id=agent.connection_id,
            online=ONLINE if agent.connection_id else None,
            supervisor=agent.supervisor or None,
            expires_at=epoch_to_ttl(agent.expires_at),
        )

    def to_domain(self) -> Agent:
        """The agent this item holds."""
        return Agent(
            agent_id=self.agent_id,
            display_name=self.display_name,
            status=AgentStatus(self.status),
            capacity=int(self.capacity),
            active_count=int(self.active_count or 0),
            idle_since=self.idle_since,
            expires_at=ttl_to_epoch(self.expires_at),
            connection_id=self.connection_id,
            supervisor=bool(self.supervisor),
        )


class StatsModel(Model):
    """Running statistics, one item per `stat`; no TTL."""

    class Meta:
        pass

    stat = UnicodeAttribute(hash_key=True)
    mean_s = NumberAttribute()
    samples = NumberAttribute()

    @classmethod
    def from_domain(cls, handling: HandlingTime) -> StatsModel:
        """The handling-time item."""
        return cls(HANDLING_TIME_STAT, mean_s=handling.mean_s, samples=handling.samples)

    def to_domain(self) -> HandlingTime:
        """The handling time this item holds."""
        return HandlingTime(mean_s=float(self.mean_s), samples=int(self.samples))


class QueueStateModel(Model):
    """In the stats table: stat = "queue" holds the queue's version, the version last told, the
    broadcaster's lease and the revision of the desk's notices."""

    class Meta:
        pass

    stat = UnicodeAttribute(hash_key=True)
    version = NumberAttribute(default=0)
    told = NumberAttribute(null=True)
    broadcast_until = NumberAttribute(null=True)
    # The desk's notices' revision, set with the version by a supervisor's edit (the queue frames carry it).
    notices = NumberAttribute(null=True)

    def marks(self) -> QueueMarks:
        """The broadcaster's view of this item."""
        return QueueMarks(version=int(self.version or 0), told=int(self.told or 0), notices=int(self.notices or 0))


NOTE_PREFIX = "n#"
LAST_NOTE_SK = NOTE_PREFIX + "9" * 10


def note_sk(seq: int) -> str:
    """Sort key of a note item: sorts in the order the notes were written."""
    return NOTE_PREFIX + note_id_for(seq)


def note_dedup_sk(author_id: str, client_msg_id: str) -> str:
    """Sort key of the item that makes (officer, client_msg_id) unique among a conversation's notes."""
    return f"d#{author_id}#{client_msg_id}"


class NoteModel(Model):
    """An internal note, in its own table so that no path serving citizens ever reads one: sk = "n#" + seq."""

    class Meta:
        pass

    conversation_id = UnicodeAttribute(hash_key=True)
    sk = UnicodeAttribute(range_key=True)
    seq = NumberAttribute()
    author_id = UnicodeAttribute()
    author_name = UnicodeAttribute()
    text = UnicodeAttribute()
    created_at = NumberAttribute()
    client_msg_id = UnicodeAttribute()
    expires_at = TTLAttribute()

    @classmethod
    def from_domain(cls, note: Note) -> NoteModel:
        """The item for a note."""
        return cls(
            note.conversation_id,
            note_sk(note.seq),
            seq=note.seq,
            author_id=note.author_id,
            author_name=note.author_name,
            text=note.text,
            created_at=note.created_at,
            client_msg_id=note.client_msg_id,
            expires_at=epoch_to_ttl(note.expires_at),
        )

    def to_domain(self) -> Note:
        """The note this item holds."""
        return Note(
            conversation_id=self.conversation_id,
            seq=int(self.seq),
            author_id=self.author_id,
            author_name=self.author_name,
            text=self.text,
            created_at=self.created_at,
            client_msg_id=self.client_msg_id,
            expires_at=ttl_to_epoch(self.expires_at),
        )


class NoteDedupModel(Model):
    """In the notes table: sk = "d#<officer>#<client_msg_id>" remembers the seq that note got."""

    class Meta:
        pass

    conversation_id = UnicodeAttribute(hash_key=True)
    sk = UnicodeAttribute(range_key=True)
    seq = NumberAttribute()
    expires_at = TTLAttribute()

    @classmethod
    def from_domain(cls, note: Note) -> NoteDedupModel:
        """The dedup item of a note."""
        return cls(
            note.conversation_id,
            note_dedup_sk(note.author_id, note.client_msg_id),
            seq=note.seq,
            expires_at=epoch_to_ttl(note.expires_at),
        )


__all__ += ["LAST_NOTE_SK", "NOTE_PREFIX"]


def _tables(settings: Settings) -> Iterator[tuple[type[Model], str]]:
    yield ConnectionModel, settings.connections_table
    yield ConversationModel, settings.conversations_table
    yield MessageModel, settings.messages_table
    yield MessageDedupModel, settings.messages_table
    yield AgentModel, settings.agents_table
    yield StatsModel, settings.stats_table
    yield QueueStateModel, settings.stats_table
    yield NoteModel, settings.notes_table
    yield NoteDedupModel, settings.notes_table


def bind_models(settings: Settings) -> None:
    """Point every chat model at this stage's tables, host and region."""
    for model, table_name in _tables(settings):
        bind_model(model, table_name, settings)
