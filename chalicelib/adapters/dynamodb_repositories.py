"""The storage ports on DynamoDB: conditional writes and transactions make every race safe. No Scan."""
from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import replace
from typing import cast

from pynamodb.attributes import NumberAttribute, UnicodeAttribute
from pynamodb.connection import Connection as DynamoDBConnection
from pynamodb.constants import ALL_OLD
from pynamodb.exceptions import (
    CancellationReason,
    DoesNotExist,
    PutError,
    TransactWriteError,
    UpdateError,
)
from pynamodb.expressions.condition import Condition
from pynamodb.expressions.update import Action
from pynamodb.transactions import TransactWrite

from chalicelib.adapters.dynamodb_common import (
    CONDITION_FAILED,
    TRANSACTION_CONFLICT,
    backoff,
    condition_failed,
    epoch_to_ttl,
    is_live,
    reason_codes,
    transaction_connection,
    utc_now,
)
from chalicelib.adapters.dynamodb_desk_figures import DynamoDeskFigures, add_tally, bind_desk_figures_models
from chalicelib.adapters.dynamodb_desk_settings import dynamodb_desk_settings
from chalicelib.adapters.dynamodb_models import (
    AWAITING,
    HANDLING_TIME_STAT,
    IN_PROGRESS,
    IN_QUEUE,
    LAST_MESSAGE_SK,
    ONLINE,
    QUEUE_STAT,
    AgentModel,
    ConnectionModel,
    ConversationModel,
    MessageDedupModel,
    MessageModel,
    QueueStateModel,
    StatsModel,
    bind_models,
    dedup_sk,
    message_sk,
)
from chalicelib.adapters.dynamodb_notes import DynamoNotes
from chalicelib.adapters.dynamodb_supervisor_audit import DynamoSupervisorAudit, bind_supervisor_audit_model
from chalicelib.config import Settings
from chalicelib.domain.agent import Agent, AgentIdentity, AgentStatus
from chalicelib.domain.connection import Connection
from chalicelib.domain.conversation import Author, ClosedBy, Conversation, Status
from chalicelib.domain.desk_figures import Tally
from chalicelib.domain.message import Message, seq_of
from chalicelib.domain.orientation import CardRef
from chalicelib.domain.rate_limit import MessageBurst
from chalicelib.domain.survey import Survey
from chalicelib.domain.transfer import TransferOffer
from chalicelib.domain.waiting import HandlingTime, QueueMarks, QueueSignal
from chalicelib.errors import (
    AgentUnavailableError,
    AssignmentConflictError,
    ConversationClosedError,
    ConversationExistsError,
    ConversationNotAssignedError,
    GuichetError,
    MessageSequenceConflictError,
    NotFoundError,
    NoTransferOfferError,
    ParticipantsChangedError,
    SurveyAlreadyAnsweredError,
    TransferPendingError,
)
from chalicelib.ports import (
    AgentRepository,
    ConnectionRepository,
    ConversationRepository,
    MessageRepository,
    StatsRepository,
    Storage,
)

__all__ = [
    "DynamoAgents",
    "DynamoConnections",
    "DynamoConversations",
    "DynamoMessages",
    "DynamoStats",
    "dynamodb_storage",
]

_MAX_ATTEMPTS = 20
# Each lost attempt means another message took that number: give up only under a burst of 50 in one conversation.
_MAX_APPEND_ATTEMPTS = 50


# Actions that end the wait for the officer's answer, and that forget a transfer offer.
_NO_WAIT_FOR_REPLY: tuple[Action, ...] = (
    ConversationModel.awaiting_reply.remove(),
    ConversationModel.awaiting_since.remove(),
    ConversationModel.reply_reminded.remove(),
)
_NO_OFFER: tuple[Action, ...] = (
    ConversationModel.offer_from_agent_id.remove(),
    ConversationModel.offer_from_name.remove(),
    ConversationModel.offer_to_agent_id.remove(),
    ConversationModel.offer_to_name.remove(),
    ConversationModel.offer_at.remove(),
    ConversationModel.offer_expires_at.remove(),
    ConversationModel.offer_note.remove(),
)


def _conversation_item(conversation_id: str) -> ConversationModel | None:
    try:
        return ConversationModel.get(conversation_id, consistent_read=True)
    except DoesNotExist:
        return None


def _same(attribute: UnicodeAttribute, value: str | None) -> Condition:
    """The attribute holds `value` (or is absent when `value` is None)."""
    return attribute.does_not_exist() if value is None else attribute == value


def _live_conversation(conversation_id: str) -> Conversation:
    item = _conversation_item(conversation_id)
    if item is None or not is_live(item.expires_at):
        raise NotFoundError("No such conversation.")
    return item.to_domain()


class DynamoConnections(ConnectionRepository):
    """Websocket connections, one item each, expiring a little after API Gateway's 2 h limit."""

    def add(self, connection: Connection) -> None:
        """Store a new connection."""
        ConnectionModel.from_domain(connection).save()

    def get(self, connection_id: str) -> Connection | None:
        """The connection, or None if unknown (or expired)."""
        try:
            item = ConnectionModel.get(connection_id, consistent_read=True)
        except DoesNotExist:
            return None
        return item.to_domain() if is_live(item.expires_at) else None

    def attach(self, connection_id: str, conversation_id: str) -> None:
        """Record that this connection now carries this conversation (ignored if the connection is gone)."""
        try:
            ConnectionModel(connection_id).update(
                actions=[ConnectionModel.conversation_id.set(conversation_id)],
                condition=ConnectionModel.connection_id.exists(),
            )
        except UpdateError as exc:
            if not condition_failed(exc):
                raise

    def remove(self, connection_id: str) -> None:
        """Forget a connection; removing an unknown one is not an error."""
        ConnectionModel(connection_id).delete()


class DynamoConversations(ConversationRepository):
    """Conversations; the sparse queue-index and agent-index GSIs are the queues and the agents' desks."""

    def __init__(self, connection: DynamoDBConnection) -> None:
        self._connection = connection

    def renew_resume_token(self, conversation_id: str, token_hash: str) -> None:
        """Replace the stored hash of the resume token."""
        try:
            ConversationModel(conversation_id).update(
                actions=[ConversationModel.resume_token_hash.set(token_hash)],
                condition=ConversationModel.conversation_id.exists() & (ConversationModel.expires_at > utc_now()),
            )
        except UpdateError as exc:
            if condition_failed(exc):
                raise NotFoundError("No such conversation.") from exc
            raise

    def add(self, conversation: Conversation, tally: Tally | None = None) -> None:
        """Store a new waiting conversation in its topic's queue; ConversationExistsError if the id is taken."""
        if tally is not None:
            self._add_counted(conversation, tally)
            return
        try:
            ConversationModel.from_domain(conversation).save(condition=ConversationModel.conversation_id.does_not_exist())
        except PutError as exc:
            if condition_failed(exc):
                raise ConversationExistsError() from exc
            raise

    def _add_counted(self, conversation: Conversation, tally: Tally) -> None:
        """The put and the hour's counters in one transaction (still one request)."""
        for attempt in range(_MAX_ATTEMPTS):
            try:
                with TransactWrite(connection=self._connection) as transaction:
                    transaction.save(
                        ConversationModel.from_domain(conversation),
                        condition=ConversationModel.conversation_id.does_not_exist(),
                    )
                    add_tally(transaction, tally)
            except TransactWriteError as exc:
                codes = reason_codes(exc)  # [conversation, hour]
                if codes[:1] == [CONDITION_FAILED]:
                    raise ConversationExistsError() from exc
                if TRANSACTION_CONFLICT in codes:
                    backoff(attempt)
                    continue
                raise
            return
        raise GuichetError("The desk's counters kept changing while a conversation started.")

    def get(self, conversation_id: str) -> Conversation:
        """The conversation, or NotFoundError."""
        return _live_conversation(conversation_id)

    def waiting(self, limit: int | None = None) -> list[Conversation]:
        """The one queue (every topic), oldest first; the first `limit` only, if given."""
        items = ConversationModel.waiting_index.query(
            IN_QUEUE, filter_condition=ConversationModel.expires_at > utc_now(), limit=limit
        )
        return sorted((item.to_domain() for item in items), key=lambda c: (c.created_at, c.conversation_id))

    def position(self, conversation: Conversation) -> int:
        """1 + how many waiting conversations whose citizen is online arrived earlier (any topic)."""
        return 1 + ConversationModel.waiting_index.count(
            IN_QUEUE,
            range_key_condition=ConversationModel.created_at < conversation.created_at,
            filter_condition=(ConversationModel.expires_at > utc_now())
            & ConversationModel.citizen_connection_id.exists(),
        )

    def assign(
        self, conversation_id: str, agent: Agent, now: float, chosen: bool = False, tally: Tally | None = None
    ) -> Conversation:
        """Exactly once: the conversation must still wait and the agent must be available with a free slot."""
        # An agent who picked the conversation may be away; the queue only hands conversations to available ones,
        # and only at the load the dispatcher chose them for: a stale choice conflicts and is made again.
        presence = (
            AgentModel.status.is_in(AgentStatus.AVAILABLE.value, AgentStatus.AWAY.value)
            if chosen
            else (AgentModel.status == AgentStatus.AVAILABLE.value) & (AgentModel.active_count == agent.active_count)
        )
        for _ in range(_MAX_ATTEMPTS):
            try:
                with TransactWrite(connection=self._connection) as transaction:
                    transaction.update(
                        ConversationModel(conversation_id),
                        actions=[
                            ConversationModel.status.set(Status.ASSIGNED.value),
                            ConversationModel.agent_id.set(agent.agent_id),
                            ConversationModel.agent_display_name.set(agent.display_name),
                            # Only agents with a live connection take or choose one (Agent.can_take, can_choose).
                            ConversationModel.agent_connection_id.set(cast(str, agent.connection_id)),
                            ConversationModel.assigned_at.set(now),
                            ConversationModel.active_agent_id.set(agent.agent_id),
                            ConversationModel.in_progress.set(IN_PROGRESS),
                            ConversationModel.last_reply_at.remove(),
                            ConversationModel.waiting.remove(),
                            # The officer owes the first answer from now (the reply watch's index).
                            ConversationModel.awaiting_reply.set(AWAITING),
                            ConversationModel.awaiting_since.set(now),
                            ConversationModel.reply_reminded.remove(),
                        ],
                        condition=ConversationModel.status == Status.WAITING.value,
                    )
                    transaction.update(
                        AgentModel(agent.agent_id),
                        actions=[AgentModel.active_count.add(1), AgentModel.idle_since.set(now)],
                        # The stored presence decides, not the caller's copy: available, connected,
                        # a slot free, not expired.
                        # ... and still on the console the conversation will point at.
                        condition=presence
                        & (AgentModel.connection_id == agent.connection_id)
                        & (AgentModel.active_count < AgentModel.capacity)
                        & (AgentModel.expires_at > utc_now()),
                    )
                    add_tally(transaction, tally)
            except TransactWriteError as exc:
                codes = reason_codes(exc)  # [conversation, agent, hour]
                if CONDITION_FAILED in codes:
                    raise AssignmentConflictError() from exc
                if TRANSACTION_CONFLICT in codes:
                    continue
                raise
            item = _conversation_item(conversation_id)
            if item is None:
                raise NotFoundError("No such conversation.")
            return item.to_domain()
        raise AssignmentConflictError()

    def close(
        self,
        conversation_id: str,
        by: ClosedBy,
        outcome: str,
        now: float,
        tally: Callable[[Conversation], Tally] | None = None,
    ) -> Conversation:
        """Close once (ConversationClosedError otherwise) and give the agent's slot back."""
        release_slot = True
        for _ in range(_MAX_ATTEMPTS):
            current = _live_conversation(conversation_id)
            closed = current.closed(by, outcome, now)
            holder = current.agent_id if release_slot and current.status is Status.ASSIGNED else None
            try:
                with TransactWrite(connection=self._connection) as transaction:
                    transaction.update(
                        ConversationModel(conversation_id),
                        actions=[
                            ConversationModel.status.set(Status.CLOSED.value),
                            ConversationModel.closed_by.set(by.value),
                            ConversationModel.outcome.set(outcome),
                            ConversationModel.closed_at.set(now),
                            ConversationModel.waiting.remove(),
                            ConversationModel.active_agent_id.remove(),
                            ConversationModel.in_progress.remove(),
                            *_NO_WAIT_FOR_REPLY,
                            *_NO_OFFER,
                        ],
                        # Still in the status just read (not merely "not closed"): if an assignment
                        # slipped in since, we must read again to give that agent's slot back.
                        condition=ConversationModel.status == current.status.value,
                    )
                    if holder:
                        transaction.update(
                            AgentModel(holder),
                            actions=[AgentModel.active_count.add(-1), AgentModel.idle_since.set(now)],
                            condition=AgentModel.active_count > 0,
                        )
                    add_tally(transaction, tally(closed) if tally else None)
            except TransactWriteError as exc:
                codes = reason_codes(exc)  # [conversation, agent (if held), hour]
                if codes[:1] == [CONDITION_FAILED] or TRANSACTION_CONFLICT in codes:
                    continue
                if holder and codes[1:2] == [CONDITION_FAILED]:
                    release_slot = False  # the agent's row is gone or holds nothing: close alone
                    continue
                raise
            return closed
        raise GuichetError("The conversation kept changing while being closed.")

    def set_citizen_connection(self, conversation_id: str, connection_id: str | None, now: float) -> None:
        """Point the conversation at the citizen's live connection (None: the citizen left at `now`)."""
        if connection_id:
            actions: list[Action] = [
                ConversationModel.citizen_connection_id.set(connection_id),
                ConversationModel.citizen_left_at.remove(),
                ConversationModel.resumed_count.add(1),  # the officer's context: the citizen came back
            ]
        else:
            actions = [ConversationModel.citizen_connection_id.remove(), ConversationModel.citizen_left_at.set(now)]
        try:
            ConversationModel(conversation_id).update(
                actions=actions,
                condition=ConversationModel.conversation_id.exists() & (ConversationModel.expires_at > utc_now()),
            )
        except UpdateError as exc:
            if condition_failed(exc):
                raise NotFoundError("No such conversation.") from exc
            raise

    def follow_agent(self, agent_id: str, connection_id: str) -> list[Conversation]:
        """Point the agent's open conversations at their new console; the conversations as updated."""
        moved = []
        for conversation in self.active_for_agent(agent_id):
            item = ConversationModel(conversation.conversation_id)
            try:
                item.update(
                    actions=[ConversationModel.agent_connection_id.set(connection_id)],
                    condition=(ConversationModel.active_agent_id == agent_id),
                )
            except UpdateError as exc:
                if condition_failed(exc):
                    continue  # closed meanwhile
                raise
            moved.append(item.to_domain())
        return moved

    def citizen_left(self, conversation_id: str, connection_id: str, now: float) -> bool:
        """The citizen's connection closed, unless a newer one (a resume) already points at the conversation."""
        try:
            ConversationModel(conversation_id).update(
                actions=[ConversationModel.citizen_connection_id.remove(), ConversationModel.citizen_left_at.set(now)],
                condition=ConversationModel.citizen_connection_id == connection_id,
            )
        except UpdateError as exc:
            if condition_failed(exc):
                return False
            raise
        return True

    def active_for_agent(self, agent_id: str) -> list[Conversation]:
        """The conversations this agent holds now, in the order they were assigned."""
        items = ConversationModel.agent_index.query(
            agent_id, filter_condition=ConversationModel.expires_at > utc_now()
        )
        return [item.to_domain() for item in items]

    def record_survey(self, conversation_id: str, survey: Survey, tally: Tally | None = None) -> None:
        """Keep the citizen's survey: only on a closed conversation, only once."""
        actions: list[Action] = [
            ConversationModel.survey_found_easily.set(survey.found_easily),
            ConversationModel.survey_understood.set(survey.understood),
            ConversationModel.survey_rating.set(survey.rating),
            ConversationModel.survey_at.set(survey.answered_at),
        ]
        if survey.comment:
            actions.append(ConversationModel.survey_comment.set(survey.comment))
        condition = (
            (ConversationModel.status == Status.CLOSED.value)
            & ConversationModel.survey_at.does_not_exist()
            & (ConversationModel.expires_at > utc_now())
        )
        try:
            if tally is None:
                ConversationModel(conversation_id).update(actions=actions, condition=condition)
            else:
                self._survey_counted(conversation_id, actions, condition, tally)
        except (UpdateError, TransactWriteError) as exc:
            if not condition_failed(exc) and not _survey_refused(exc, tally):
                raise
            # The condition does not say which part failed: the current item does.
            _live_conversation(conversation_id).ensure_survey_possible()
            raise SurveyAlreadyAnsweredError() from exc


    def offer_transfer(self, conversation: Conversation, offer: TransferOffer, now: float) -> Conversation:
        """Keep the offer: the holder still holds it and no live offer is pending (an expired one is replaced)."""
        actions: list[Action] = [
            ConversationModel.offer_from_agent_id.set(offer.from_agent_id),
            ConversationModel.offer_from_name.set(offer.from_display_name),
            ConversationModel.offer_to_agent_id.set(offer.to_agent_id),
            ConversationModel.offer_to_name.set(offer.to_display_name),
            ConversationModel.offer_at.set(offer.offered_at),
            ConversationModel.offer_expires_at.set(offer.expires_at),
            ConversationModel.offer_note.set(offer.note) if offer.note else ConversationModel.offer_note.remove(),
        ]
        try:
            ConversationModel(conversation.conversation_id).update(
                actions=actions,
                condition=(ConversationModel.status == Status.ASSIGNED.value)
                & (ConversationModel.agent_id == offer.from_agent_id)
                & (ConversationModel.offer_expires_at.does_not_exist() | (ConversationModel.offer_expires_at <= now))
                & (ConversationModel.expires_at > utc_now()),
            )
        except UpdateError as exc:
            if not condition_failed(exc):
                raise
            # The condition does not say which part failed: the current item does.
            _live_conversation(conversation.conversation_id).ensure_may_offer(offer.from_agent_id, now)
            raise TransferPendingError() from exc
        return conversation.offered(offer)

    def withdraw_offer(self, conversation_id: str, offer: TransferOffer) -> bool:
        """Forget this offer (answered no, or expired); False if another one replaced it or it is gone."""
        try:
            ConversationModel(conversation_id).update(
                actions=list(_NO_OFFER),
                condition=(ConversationModel.offer_to_agent_id == offer.to_agent_id)
                & (ConversationModel.offer_at == offer.offered_at),
            )
        except UpdateError as exc:
            if condition_failed(exc):
                return False
            raise
        return True

    def transfer(
        self, conversation: Conversation, offer: TransferOffer, to_connection_id: str, now: float
    ) -> Conversation:
        """One transaction: the conversation (still the holder's, with this live offer), the holder's slot freed,
        one of the colleague's slots taken (connected on this console, below capacity) — as an assignment."""
        moved = conversation.transferred_to(offer.to_agent_id, offer.to_display_name, to_connection_id, now)
        with_this_offer = (
            (ConversationModel.offer_to_agent_id == offer.to_agent_id)
            & (ConversationModel.offer_at == offer.offered_at)
            & (ConversationModel.offer_expires_at > now)
        )
        return self._move(moved, offer.from_agent_id, with_this_offer, NoTransferOfferError, now)

    def _move(
        self,
        moved: Conversation,
        from_agent_id: str,
        still: Condition | None,
        changed: type[GuichetError],
        now: float,
    ) -> Conversation:
        """One transaction moving an assigned conversation from `from_agent_id` to `moved`'s officer: the
        conversation (still assigned to them, and `still`), one of the new officer's slots (connected on
        `moved`'s console, below capacity), the former officer's slot freed. Transfers and supervisors use it.

        `changed` is raised when the conversation's condition fails, AgentUnavailableError for the new officer.
        """
        to_agent_id, to_connection_id = cast(str, moved.agent_id), cast(str, moved.agent_connection_id)
        condition = (
            (ConversationModel.status == Status.ASSIGNED.value)
            & (ConversationModel.agent_id == from_agent_id)
            & (ConversationModel.expires_at > utc_now())
        )
        if still is not None:
            condition = condition & still
        release_holder = True
        for attempt in range(_MAX_ATTEMPTS):
            try:
                with TransactWrite(connection=self._connection) as transaction:
                    transaction.update(
                        ConversationModel(moved.conversation_id),
                        actions=[
                            ConversationModel.agent_id.set(to_agent_id),
                            ConversationModel.agent_display_name.set(cast(str, moved.agent_display_name)),
                            ConversationModel.agent_connection_id.set(to_connection_id),
                            ConversationModel.active_agent_id.set(to_agent_id),
                            ConversationModel.transferred_from.set(moved.transferred_from or from_agent_id),
                            ConversationModel.last_reply_at.remove(),  # the new holder has not answered yet
                            ConversationModel.awaiting_reply.set(AWAITING),
                            ConversationModel.awaiting_since.set(now),
                            ConversationModel.reply_reminded.remove(),
                            *_NO_OFFER,
                        ],
                        condition=condition,
                    )
                    transaction.update(
                        AgentModel(to_agent_id),
                        actions=[AgentModel.active_count.add(1), AgentModel.idle_since.set(now)],
                        condition=AgentModel.status.is_in(AgentStatus.AVAILABLE.value, AgentStatus.AWAY.value)
                        & (AgentModel.connection_id == to_connection_id)
                        & (AgentModel.active_count < AgentModel.capacity)
                        & (AgentModel.expires_at > utc_now()),
                    )
                    if release_holder:
                        transaction.update(
                            AgentModel(from_agent_id),
                            actions=[AgentModel.active_count.add(-1), AgentModel.idle_since.set(now)],
                            condition=AgentModel.active_count > 0,
                        )
            except TransactWriteError as exc:
                codes = reason_codes(exc)  # [conversation, new officer, former officer]
                if codes[:1] == [CONDITION_FAILED]:
                    raise changed() from exc
                if codes[1:2] == [CONDITION_FAILED]:
                    raise AgentUnavailableError() from exc
                if TRANSACTION_CONFLICT in codes:
                    backoff(attempt)
                    continue
                if release_holder and codes[2:3] == [CONDITION_FAILED]:
                    release_holder = False  # the former officer's row is gone or holds nothing: move it alone
                    continue
                raise
            return moved
        raise AssignmentConflictError()

    def requeue(self, conversation: Conversation, now: float) -> Conversation | None:
        """One transaction: back to the queue (its `created_at` keeps its place) if it still awaits the same
        answer from the same officer on the same console, and that officer's slot freed."""
        if conversation.agent_id is None or conversation.awaiting_since is None:
            return None
        release_holder = True
        for attempt in range(_MAX_ATTEMPTS):
            try:
                with TransactWrite(connection=self._connection) as transaction:
                    transaction.update(
                        ConversationModel(conversation.conversation_id),
                        actions=[
                            ConversationModel.status.set(Status.WAITING.value),
                            ConversationModel.waiting.set(IN_QUEUE),
                            ConversationModel.agent_id.remove(),
                            ConversationModel.agent_display_name.remove(),
                            ConversationModel.agent_connection_id.remove(),
                            ConversationModel.active_agent_id.remove(),
                            ConversationModel.in_progress.remove(),
                            ConversationModel.last_reply_at.remove(),
                            ConversationModel.requeued_count.add(1),
                            *_NO_WAIT_FOR_REPLY,
                            *_NO_OFFER,
                        ],
                        condition=(ConversationModel.status == Status.ASSIGNED.value)
                        & (ConversationModel.agent_id == conversation.agent_id)
                        & (ConversationModel.awaiting_since == conversation.awaiting_since)
                        & ConversationModel.awaiting_reply.exists(),
                    )
                    if release_holder:
                        transaction.update(
                            AgentModel(conversation.agent_id),
                            actions=[AgentModel.active_count.add(-1)],
                            condition=AgentModel.active_count > 0,
                        )
            except TransactWriteError as exc:
                codes = reason_codes(exc)  # [conversation, officer]
                if codes[:1] == [CONDITION_FAILED]:
                    return None
                if TRANSACTION_CONFLICT in codes:
                    backoff(attempt)
                    continue
                if release_holder and codes[1:2] == [CONDITION_FAILED]:
                    release_holder = False
                    continue
                raise
            return conversation.requeued()
        return None

    def in_progress(self, limit: int) -> list[Conversation]:
        """The progress-index, earliest assigned first: one query, `limit` at most."""
        items = ConversationModel.progress_index.query(
            IN_PROGRESS, filter_condition=ConversationModel.expires_at > utc_now(), limit=limit
        )
        return [item.to_domain() for item in items]

    def awaiting_reply(self, limit: int) -> list[Conversation]:
        """The reply-index, longest wait first: one query, `limit` at most."""
        items = ConversationModel.reply_index.query(
            AWAITING, filter_condition=ConversationModel.expires_at > utc_now(), limit=limit
        )
        return [item.to_domain() for item in items]

    def mark_reminded(self, conversation: Conversation) -> bool:
        """Reminded once per wait: conditioned on the same wait, by the same officer."""
        if conversation.awaiting_since is None or conversation.agent_id is None:
            return False
        try:
            ConversationModel(conversation.conversation_id).update(
                actions=[ConversationModel.reply_reminded.set(True)],
                condition=(ConversationModel.awaiting_since == conversation.awaiting_since)
                & ConversationModel.awaiting_reply.exists()
                & ConversationModel.reply_reminded.does_not_exist()
                & (ConversationModel.agent_id == conversation.agent_id),
            )
        except UpdateError as exc:
            if condition_failed(exc):
                return False
            raise
        return True

    def closed_for_agent(self, agent_id: str, since: float, limit: int) -> list[Conversation]:
        """The history-index: this officer's partition, closed since `since`, newest first; one query."""
        items = ConversationModel.history_index.query(
            agent_id,
            range_key_condition=ConversationModel.closed_at >= since,
            filter_condition=ConversationModel.expires_at > utc_now(),
            scan_index_forward=False,
            limit=limit,
        )
        return [item.to_domain() for item in items]


    def watch(self, conversation_id: str, connection_id: str, join: bool) -> Conversation:
        """One conditional update that adds the console to the followers (ALL_NEW: the conversation as updated)."""
        actions: list[Action] = [ConversationModel.watch_connections.add({connection_id})]
        condition = (
            ConversationModel.conversation_id.exists()
            & (ConversationModel.status != Status.CLOSED.value)
            & (ConversationModel.expires_at > utc_now())
        )
        if join:
            actions.append(ConversationModel.join_connections.add({connection_id}))
            condition = condition & (ConversationModel.status == Status.ASSIGNED.value)
        item = ConversationModel(conversation_id)
        try:
            item.update(actions=actions, condition=condition)
        except UpdateError as exc:
            if not condition_failed(exc):
                raise
            current = _live_conversation(conversation_id)  # NotFoundError if unknown
            current.ensure_assigned() if join else current.ensure_open()
            raise ConversationClosedError() from exc  # it changed between the two requests
        return item.to_domain()

    def unwatch(self, conversation_id: str, connection_id: str) -> None:
        """Remove the console from both sets (an unknown conversation is left alone: no item is created)."""
        try:
            ConversationModel(conversation_id).update(
                actions=[
                    ConversationModel.watch_connections.delete({connection_id}),
                    ConversationModel.join_connections.delete({connection_id}),
                ],
                condition=ConversationModel.conversation_id.exists(),
            )
        except UpdateError as exc:
            if not condition_failed(exc):
                raise

    def reassign(self, conversation: Conversation, to: Agent, now: float) -> Conversation:
        """The transfer's transaction without an offer: still the officer's as read, a slot of `to`'s."""
        holder = conversation.agent_id
        if holder is None:
            raise ConversationNotAssignedError()
        if to.connection_id is None:
            raise AgentUnavailableError()
        moved = conversation.transferred_to(to.agent_id, to.display_name, to.connection_id, now)
        if moved.transferred_from is None:
            moved = replace(moved, transferred_from=holder)
        return self._move(moved, holder, None, ConversationNotAssignedError, now)

    def _survey_counted(self, conversation_id: str, actions: list[Action], condition: Condition, tally: Tally) -> None:
        """The survey, the hour's counters and the comment in one transaction (still one request)."""
        for attempt in range(_MAX_ATTEMPTS):
            try:
                with TransactWrite(connection=self._connection) as transaction:
                    transaction.update(ConversationModel(conversation_id), actions=actions, condition=condition)
                    add_tally(transaction, tally)
            except TransactWriteError as exc:
                if TRANSACTION_CONFLICT in reason_codes(exc) and not _survey_refused(exc, tally):
                    backoff(attempt)
                    continue
                raise
            return
        raise GuichetError("The desk's counters kept changing while a survey was kept.")


def _survey_refused(exc: UpdateError | TransactWriteError, tally: Tally | None) -> bool:
    """The survey transaction failed on the conversation's condition (puts come first: the comment, if any)."""
    if not isinstance(exc, TransactWriteError):
        return False
    position = 1 if tally is not None and tally.comment is not None else 0
    return reason_codes(exc)[position : position + 1] == [CONDITION_FAILED]


class DynamoMessages(MessageRepository):
    """Messages and their dedup items share a table, keyed by conversation; seqs come from the conversation."""

    def __init__(self, connection: DynamoDBConnection) -> None:
        self._connection = connection

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
        """Store a message with the conversation's next sequence number, once per (author, client_msg_id).

        One transaction, conditioned on the sequence number and the participants' connections as read:
        no second read on success; on a lost race the failed condition returns the current item.
        """
        current = conversation
        for attempt in range(_MAX_APPEND_ATTEMPTS):
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
            actions: list[Action] = [ConversationModel.last_seq.set(message.seq)]
            if burst is not None:
                # Counted against the conversation as read: the last_seq condition makes the count exact.
                window_start, count = burst.admit(current.citizen_burst_start, current.citizen_burst_count, now)
                actions += [
                    ConversationModel.citizen_burst_start.set(window_start),
                    ConversationModel.citizen_burst_count.set(count),
                ]
            if author is Author.AGENT:
                actions.append(ConversationModel.first_response_at.set(ConversationModel.first_response_at | now))
                actions.append(ConversationModel.last_reply_at.set(now))
                actions += _NO_WAIT_FOR_REPLY  # answered: out of the reply watch's index
            elif author is Author.CITIZEN and current.status is Status.ASSIGNED:
                # The first unanswered message starts the wait; later ones keep its start.
                actions += [
                    ConversationModel.awaiting_reply.set(AWAITING),
                    ConversationModel.awaiting_since.set(ConversationModel.awaiting_since | now),
                ]
            try:
                with TransactWrite(connection=self._connection) as transaction:
                    transaction.save(MessageModel.from_domain(message), condition=MessageModel.sk.does_not_exist())
                    transaction.save(
                        MessageDedupModel.from_domain(message), condition=MessageDedupModel.sk.does_not_exist()
                    )
                    # Optimistic sequence: whoever moves last_seq from n-1 to n owns message n; no gaps.
                    # The participants must be those read, so the message reaches the connections now holding it.
                    transaction.update(
                        ConversationModel(current.conversation_id),
                        actions=actions,
                        condition=(ConversationModel.last_seq == current.last_seq)
                        & (ConversationModel.status != Status.CLOSED.value)
                        & (ConversationModel.expires_at > utc_now())
                        & _same(ConversationModel.citizen_connection_id, current.citizen_connection_id)
                        & _same(ConversationModel.agent_connection_id, current.agent_connection_id),
                        return_values=ALL_OLD,
                    )
                    # The officer's first answer counts in the desk's figures: decided on the conversation as
                    # read, which the last_seq condition keeps exact.
                    add_tally(transaction, first_response(current) if first_response else None)
            except TransactWriteError as exc:
                codes = reason_codes(exc)  # [message, dedup, conversation, hour]
                if codes[1:2] == [CONDITION_FAILED]:
                    return self._stored(current.conversation_id, author, client_msg_id), False, current
                if TRANSACTION_CONFLICT in codes:
                    backoff(attempt)
                    continue
                if codes[2:3] != [CONDITION_FAILED]:
                    raise
                fresh = self._current(current.conversation_id, exc.cancellation_reasons[2])
                if not fresh.is_open:
                    raise ConversationClosedError() from exc
                if (fresh.citizen_connection_id, fresh.agent_connection_id) != (
                    current.citizen_connection_id,
                    current.agent_connection_id,
                ):
                    raise ParticipantsChangedError(fresh) from exc
                current = fresh
                continue
            return message, True, replace(current, last_seq=message.seq)
        raise MessageSequenceConflictError()

    def _current(self, conversation_id: str, reason: CancellationReason | None) -> Conversation:
        """The conversation as the failed condition saw it (NotFoundError if it is gone or expired)."""
        if reason is None or not reason.raw_item:
            return _live_conversation(conversation_id)
        item = ConversationModel.from_raw_data(reason.raw_item)
        if not is_live(item.expires_at):
            raise NotFoundError("No such conversation.")
        return item.to_domain()

    def _stored(self, conversation_id: str, author: Author, client_msg_id: str) -> Message:
        """The message an earlier append with this (author, client_msg_id) stored."""
        dedup = MessageDedupModel.get(conversation_id, dedup_sk(author, client_msg_id), consistent_read=True)
        return MessageModel.get(conversation_id, message_sk(int(dedup.seq)), consistent_read=True).to_domain()

    def find(self, conversation_id: str, author: Author, client_msg_id: str) -> Message | None:
        """The message stored for this (author, client_msg_id), if any."""
        try:
            return self._stored(conversation_id, author, client_msg_id)
        except DoesNotExist:
            return None

    def after(self, conversation_id: str, after_message_id: str | None) -> list[Message]:
        """Messages after this id (all of them for None), in order."""
        first_seq = seq_of(after_message_id) + 1 if after_message_id else 1
        items = MessageModel.query(
            conversation_id,
            range_key_condition=MessageModel.sk.between(message_sk(first_seq), LAST_MESSAGE_SK),
            filter_condition=MessageModel.expires_at > utc_now(),
            consistent_read=True,
        )
        return [item.to_domain() for item in items]


class DynamoAgents(AgentRepository):
    """Agents' presence; the sparse online-index lists who is connected."""

    def get(self, agent_id: str) -> Agent | None:
        """The agent's presence, or None if never seen (or expired)."""
        try:
            item = AgentModel.get(agent_id, consistent_read=True)
        except DoesNotExist:
            return None
        return item.to_domain() if is_live(item.expires_at) else None

    def connect(
        self, identity: AgentIdentity, connection_id: str, capacity: int, now: float, expires_at: int
    ) -> tuple[Agent, str | None]:
        """The agent is online on this connection, away until they go available; and the connection it replaces."""
        # One update that answers the row as it was (ALL_OLD): the older console, if any, with no second read.
        response = AgentModel._get_connection().update_item(
            identity.agent_id,
            actions=[
                AgentModel.display_name.set(identity.display_name),
                AgentModel.status.set(AgentStatus.AWAY.value),
                # A supervisor's choice, if any, wins over the desk's default.
                AgentModel.capacity.set(AgentModel.capacity_set | capacity),
                AgentModel.connection_id.set(connection_id),
                AgentModel.online.set(ONLINE),
                AgentModel.expires_at.set(epoch_to_ttl(expires_at)),
                # A reconnecting agent keeps the conversations they hold and their idle clock.
                AgentModel.active_count.set(AgentModel.active_count | 0),
                AgentModel.idle_since.set(AgentModel.idle_since | now),
                AgentModel.supervisor.set(True) if identity.is_supervisor else AgentModel.supervisor.remove(),
            ],
            return_values=ALL_OLD,
        )
        old = AgentModel.from_raw_data(response["Attributes"]) if response.get("Attributes") else None
        agent = Agent(
            agent_id=identity.agent_id,
            display_name=identity.display_name,
            status=AgentStatus.AWAY,
            capacity=int(old.capacity_set) if old and old.capacity_set is not None else capacity,
            active_count=int(old.active_count or 0) if old else 0,
            idle_since=old.idle_since if old and old.idle_since is not None else now,
            expires_at=expires_at,
            connection_id=connection_id,
            supervisor=identity.is_supervisor,
        )
        return agent, old.connection_id if old else None

    def set_status(self, agent_id: str, status: AgentStatus, now: float) -> Agent:
        """Change availability (going available restarts the idle clock); NotFoundError for an unknown agent."""
        item = AgentModel(agent_id)
        if status is AgentStatus.AVAILABLE:
            try:
                item.update(
                    actions=[AgentModel.status.set(status.value), AgentModel.idle_since.set(now)],
                    condition=AgentModel.agent_id.exists() & (AgentModel.status != status.value),
                )
                return item.to_domain()
            except UpdateError as exc:
                if not condition_failed(exc):
                    raise
        try:
            item.update(actions=[AgentModel.status.set(status.value)], condition=AgentModel.agent_id.exists())
        except UpdateError as exc:
            if condition_failed(exc):
                raise NotFoundError("No such agent.") from exc
            raise
        return item.to_domain()

    def disconnect(self, agent_id: str, connection_id: str) -> bool:
        """Offline, unless the agent already came back on another connection; True if they went offline."""
        try:
            AgentModel(agent_id).update(
                actions=[
                    AgentModel.status.set(AgentStatus.OFFLINE.value),
                    AgentModel.connection_id.remove(),
                    AgentModel.online.remove(),
                ],
                condition=AgentModel.connection_id == connection_id,
            )
        except UpdateError as exc:
            if not condition_failed(exc):
                raise
            return False
        return True

    def online(self) -> list[Agent]:
        """Every agent connected now (available or away)."""
        items = AgentModel.online_index.query(ONLINE, filter_condition=AgentModel.expires_at > utc_now())
        return [item.to_domain() for item in items]

    def set_capacity(self, agent_id: str, capacity: int) -> Agent:
        """One conditional update of the capacity and the supervisor's choice (ALL_NEW: the officer as updated)."""
        item = AgentModel(agent_id)
        try:
            item.update(
                actions=[AgentModel.capacity.set(capacity), AgentModel.capacity_set.set(capacity)],
                condition=AgentModel.agent_id.exists() & (AgentModel.expires_at > utc_now()),
            )
        except UpdateError as exc:
            if condition_failed(exc):
                raise NotFoundError("No such agent.") from exc
            raise
        return item.to_domain()


class DynamoStats(StatsRepository):
    """Running statistics in one small table."""

    def handling_time(self) -> HandlingTime:
        """The recent handling time mean."""
        try:
            return StatsModel.get(HANDLING_TIME_STAT, consistent_read=True).to_domain()
        except DoesNotExist:
            return HandlingTime()

    def record_handling_time(self, seconds: float) -> None:
        """Count one more closed conversation's handling time."""
        for attempt in range(_MAX_ATTEMPTS):
            current = self.handling_time()
            # Optimistic: write only if nobody counted another sample since the read.
            unchanged = (
                StatsModel.stat.does_not_exist() if current.samples == 0 else StatsModel.samples == current.samples
            )
            try:
                StatsModel.from_domain(current.record(seconds)).save(condition=unchanged)
                return
            except PutError as exc:
                if not condition_failed(exc):
                    raise
            backoff(attempt)
        raise GuichetError("The handling-time statistic kept changing.")

    def queue_changed(self) -> QueueSignal:
        """One more version of the queue, in one update that also answers whether a broadcaster holds the lease."""
        item = QueueStateModel(QUEUE_STAT)
        item.update(actions=[QueueStateModel.version.add(1)])  # ALL_NEW: the new version and the lease
        running = item.broadcast_until is not None and item.broadcast_until > time.time()
        return QueueSignal(version=int(item.version), broadcast_running=running)

    def queue_version(self) -> int:
        """The queue's current version (0 before any change)."""
        return self.queue_marks().version

    def queue_marks(self) -> QueueMarks:
        """The queue item's version and told version (both 0 before any change)."""
        try:
            return QueueStateModel.get(QUEUE_STAT, consistent_read=True).marks()
        except DoesNotExist:
            return QueueMarks()

    def notices_changed(self, revision: int) -> QueueSignal:
        """The notices' revision and one more queue version, in one update that also answers about the lease."""
        item = QueueStateModel(QUEUE_STAT)
        item.update(actions=[QueueStateModel.version.add(1), QueueStateModel.notices.set(revision)])
        running = item.broadcast_until is not None and item.broadcast_until > time.time()
        return QueueSignal(version=int(item.version), broadcast_running=running)

    def claim_broadcast(self, now: float, lease_s: float) -> bool:
        """Take the broadcaster's lease unless another broadcaster holds one that has not expired."""
        try:
            QueueStateModel(QUEUE_STAT).update(
                actions=[QueueStateModel.broadcast_until.set(now + lease_s)],
                condition=QueueStateModel.broadcast_until.does_not_exist() | (QueueStateModel.broadcast_until < now),
            )
        except UpdateError as exc:
            if condition_failed(exc):
                return False
            raise
        return True

    def release_broadcast(self, marks: QueueMarks | None) -> bool:
        """Give the lease back if the queue is still at `marks.version`, recorded as told (None: at once)."""
        actions: list[Action] = [QueueStateModel.broadcast_until.remove()]
        condition: Condition | None = None
        if marks is not None:
            actions.append(QueueStateModel.told.set(marks.version))
            condition = _unchanged(QueueStateModel.version, marks.version)
        try:
            QueueStateModel(QUEUE_STAT).update(actions=actions, condition=condition)
        except UpdateError as exc:
            if condition_failed(exc):
                return False
            raise
        return True


def _unchanged(counter: NumberAttribute, value: int) -> Condition:
    """A counter still at `value` (a counter never written reads 0)."""
    return counter.does_not_exist() | (counter == 0) if value == 0 else counter == value


def dynamodb_storage(settings: Settings) -> Storage:
    """The DynamoDB repositories for this stage's tables."""
    bind_models(settings)
    bind_desk_figures_models(settings)
    bind_supervisor_audit_model(settings)
    connection = transaction_connection(settings.region, settings.dynamodb_host)
    return Storage(
        connections=DynamoConnections(),
        conversations=DynamoConversations(connection),
        messages=DynamoMessages(connection),
        agents=DynamoAgents(),
        stats=DynamoStats(),
        notes=DynamoNotes(connection),
        figures=DynamoDeskFigures(),
        desk=dynamodb_desk_settings(settings),
        audit=DynamoSupervisorAudit(),
    )
