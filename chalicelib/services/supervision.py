"""Supervisors acting on the desk: watch a conversation (read-only), join it (write too), take it over, reassign
it to another officer, set an officer away, change an officer's capacity. Every action is written to the audit
trail (who, what, when, on what: ids only).

Only supervisors' connections reach these use cases (`Connection.supervisor`): anyone else gets `forbidden`.
The citizen is never told a supervisor watches or joined: a joined supervisor's messages reach them as an
officer's; a take-over or a reassignment tells them the new officer's name, as a transfer does.
"""
from __future__ import annotations

from aws_lambda_powertools import Logger

from chalicelib.domain.agent import Agent, AgentStatus
from chalicelib.domain.connection import Connection, Role
from chalicelib.domain.conversation import Conversation
from chalicelib.domain.supervision import (
    REASSIGNED,
    TAKEN_OVER,
    SupervisorAction,
    ensure_online,
    validate_capacity,
)
from chalicelib.domain.transfer import ensure_transfer_target
from chalicelib.errors import AgentUnavailableError, ColleagueUnavailableError, SupervisorOnlyError
from chalicelib.ports import Participants
from chalicelib.services.context import ChatContext
from chalicelib.services.dispatch import Dispatcher
from chalicelib.services.queue_board import QueueBoard
from chalicelib.services.supervisor_audit import AuditLog

__all__ = ["Supervision"]

logger = Logger(child=True)


def ensure_supervisor(connection: Connection) -> str:
    """The supervisor's id; SupervisorOnlyError (`forbidden`) for an officer's or a citizen's connection."""
    if connection.role is not Role.AGENT or not connection.supervisor or connection.agent_id is None:
        raise SupervisorOnlyError()
    return connection.agent_id


class Supervision:
    def __init__(
        self,
        ctx: ChatContext,
        participants: Participants,
        dispatcher: Dispatcher,
        board: QueueBoard,
        audit: AuditLog,
    ) -> None:
        self._ctx = ctx
        self._participants = participants
        self._dispatcher = dispatcher
        self._board = board
        self._audit = audit

    def list(self, connection: Connection) -> None:
        """The officers online and the chats they hold (one query per officer online: a desk has a few dozen)."""
        ensure_supervisor(connection)
        storage = self._ctx.storage
        officers = sorted(storage.agents.online(), key=lambda a: (a.display_name, a.agent_id))
        chats = [c for a in officers for c in storage.conversations.active_for_agent(a.agent_id)]
        self._participants.supervision(connection.connection_id, officers, chats, self._ctx.clock.now())

    def watch(self, connection: Connection, conversation_id: str, join: bool = False) -> Conversation:
        """Follow a conversation live (read-only), or join it (write too): its history now, its messages after."""
        ensure_supervisor(connection)
        storage = self._ctx.storage
        conversation = storage.conversations.watch(conversation_id, connection.connection_id, join)
        messages = storage.messages.after(conversation_id, None) if conversation.last_seq else []
        notes = storage.notes.for_conversation(conversation_id) if conversation.last_note_seq else []
        action = SupervisorAction.JOIN if join else SupervisorAction.WATCH
        self._audit.record(connection, action, conversation_id=conversation_id, agent_id=conversation.agent_id)
        logger.info("supervisor follows a conversation", extra={"action": action.value, "topic": conversation.topic})
        self._participants.watching(connection.connection_id, conversation, messages, notes, joined=join)
        if join:
            self._participants.supervisor_joined(conversation, _name(connection))
        return conversation

    def unwatch(self, connection: Connection, conversation_id: str) -> None:
        """Stop following a conversation."""
        ensure_supervisor(connection)
        self._ctx.storage.conversations.unwatch(conversation_id, connection.connection_id)
        self._audit.record(connection, SupervisorAction.UNWATCH, conversation_id=conversation_id)
        self._participants.unwatched(connection.connection_id, conversation_id)

    def take_over(self, connection: Connection, conversation_id: str) -> Conversation:
        """The conversation becomes the supervisor's own; its officer's console loses it (`taken_over`)."""
        me = ensure_supervisor(connection)
        storage = self._ctx.storage
        conversation = self._assigned(conversation_id)
        if conversation.agent_id == me:
            raise ColleagueUnavailableError("You already hold this conversation.")
        supervisor = storage.agents.get(me)
        if supervisor is None or supervisor.connection_id != connection.connection_id or not supervisor.can_choose:
            raise AgentUnavailableError()
        return self._move(connection, conversation, supervisor, SupervisorAction.TAKE_OVER, TAKEN_OVER)

    def reassign(self, connection: Connection, conversation_id: str, to_agent_id: str) -> Conversation:
        """Move the conversation to another officer online with a free slot (available, or a supervisor)."""
        ensure_supervisor(connection)
        conversation = self._assigned(conversation_id)
        holder = conversation.agent_id or ""
        colleague = ensure_transfer_target(self._ctx.storage.agents.get(to_agent_id), holder)
        return self._move(connection, conversation, colleague, SupervisorAction.REASSIGN, REASSIGNED)

    def set_away(self, connection: Connection, agent_id: str) -> Agent:
        """Set an officer away: they keep their chats and get no new one; their console is told."""
        ensure_supervisor(connection)
        storage = self._ctx.storage
        officer = ensure_online(storage.agents.get(agent_id))
        changed = storage.agents.set_status(officer.agent_id, AgentStatus.AWAY, self._ctx.clock.now())
        self._audit.record(connection, SupervisorAction.SET_AWAY, agent_id=agent_id, value=AgentStatus.AWAY.value)
        logger.info("supervisor set an officer away")
        self._participants.changed_by_supervisor(changed, _name(connection))
        self._participants.supervised(connection.connection_id, SupervisorAction.SET_AWAY.value, agent=changed)
        if officer.status is not AgentStatus.AWAY:
            self._board.changed()  # fewer officers answer: the waiting citizens' estimates move
        return changed

    def set_capacity(self, connection: Connection, agent_id: str, capacity: int) -> Agent:
        """Change how many chats an officer holds at once (1 to 5), live: the next assignment follows it."""
        ensure_supervisor(connection)
        validate_capacity(capacity)
        storage = self._ctx.storage
        changed = storage.agents.set_capacity(agent_id, capacity)  # NotFoundError for an unknown officer
        self._audit.record(connection, SupervisorAction.SET_CAPACITY, agent_id=agent_id, value=str(capacity))
        logger.info("supervisor changed an officer's capacity", extra={"capacity": capacity})
        self._participants.changed_by_supervisor(changed, _name(connection))
        self._participants.supervised(connection.connection_id, SupervisorAction.SET_CAPACITY.value, agent=changed)
        if changed.connection_id is not None:
            self._dispatcher.dispatch()  # a slot more may serve the queue now
            self._board.changed()
        return changed

    def _move(
        self, connection: Connection, conversation: Conversation, to: Agent, action: SupervisorAction, reason: str
    ) -> Conversation:
        storage = self._ctx.storage
        moved = storage.conversations.reassign(conversation, to, self._ctx.clock.now())
        self._audit.record(
            connection, action, conversation_id=conversation.conversation_id, agent_id=conversation.agent_id,
            value=to.agent_id,
        )
        logger.info("supervisor moved a conversation", extra={"action": action.value, "topic": moved.topic})
        messages = storage.messages.after(moved.conversation_id, None) if moved.last_seq else []
        notes = storage.notes.for_conversation(moved.conversation_id) if moved.last_note_seq else []
        self._participants.assigned(to, moved, messages, notes)
        self._participants.agent_joined(moved)  # the citizen: who continues, by name (as after a transfer)
        self._participants.unassigned(conversation.agent_connection_id, conversation, reason)
        self._participants.supervised(
            connection.connection_id, action.value, conversation_id=moved.conversation_id, to=to
        )
        self._dispatcher.slot_freed()  # the former officer's slot is free (and the board sees the move)
        return moved

    def _assigned(self, conversation_id: str) -> Conversation:
        conversation = self._ctx.storage.conversations.get(conversation_id)  # NotFoundError: `not_found`
        conversation.ensure_assigned()
        return conversation


def _name(connection: Connection) -> str:
    return connection.display_name or connection.agent_id or ""


__all__ += ["ensure_supervisor"]
