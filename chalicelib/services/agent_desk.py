"""What an officer does on the console: sign in, go available, take, write, close."""
from __future__ import annotations

from aws_lambda_powertools import Logger

from chalicelib.domain.agent import AgentIdentity, AgentStatus
from chalicelib.domain.connection import Connection, Role
from chalicelib.domain.conversation import Author, ClosedBy, Conversation, validate_agent_outcome
from chalicelib.errors import ForbiddenError, InvalidFieldError, NotFoundError
from chalicelib.ports import Participants
from chalicelib.services.closing import Closer
from chalicelib.services.context import ChatContext
from chalicelib.services.dispatch import Dispatcher
from chalicelib.services.messaging import Messaging
from chalicelib.services.officer_tickets import OfficerTickets
from chalicelib.services.queue_board import QueueBoard

__all__ = ["AgentDesk"]

logger = Logger(child=True)


class AgentDesk:
    def __init__(
        self,
        ctx: ChatContext,
        tickets: OfficerTickets,
        participants: Participants,
        board: QueueBoard,
        dispatcher: Dispatcher,
        closer: Closer,
        messaging: Messaging,
    ) -> None:
        self._ctx = ctx
        self._messaging = messaging
        self._tickets = tickets
        self._participants = participants
        self._board = board
        self._dispatcher = dispatcher
        self._closer = closer

    def connect(self, connection_id: str, ticket: str) -> AgentIdentity:
        """Spend the officer's websocket ticket (InvalidTicketError refuses the connection); online, away."""
        identity = self._tickets.redeem(ticket)
        storage, now = self._ctx.storage, self._ctx.clock.now()
        storage.connections.add(
            Connection(
                connection_id,
                Role.AGENT,
                now,
                self._ctx.retention.connection_expires_at(now),
                agent_id=identity.agent_id,
                supervisor=identity.is_supervisor,
                display_name=identity.display_name,
            )
        )
        _, replaced = storage.agents.connect(
            identity, connection_id, self._ctx.agent_capacity, now, self._ctx.retention.expires_at(now)
        )
        logger.info("agent connected", extra={"replaced_session": bool(replaced)})
        # Their conversations now deliver to this console and accept messages from it alone.
        conversations = storage.conversations.follow_agent(identity.agent_id, connection_id)
        if replaced and replaced != connection_id:
            # Presence belongs to the officer: the newest console takes over, the older one is told and closed.
            self._participants.session_replaced(replaced)
            self._ctx.notifier.close(replaced)
        else:
            for conversation in conversations:
                self._tell_citizen(conversation, online=True)
        return identity

    def sync(self, connection: Connection) -> None:
        """Send the officer their state, their open conversations with every message, and the queue."""
        storage = self._ctx.storage
        agent = storage.agents.get(self._agent_id(connection))
        if agent is None:
            raise NotFoundError("Reconnect to sign in again.")
        mine = storage.conversations.active_for_agent(agent.agent_id)
        state = [(c, storage.messages.after(c.conversation_id, None)) for c in mine]
        notes = {c.conversation_id: storage.notes.for_conversation(c.conversation_id) for c in mine if c.last_note_seq}
        self._participants.agent_state(connection.connection_id, agent, state, notes)
        self._board.send_waiting_list(connection.connection_id)

    def set_status(self, connection: Connection, status: str) -> None:
        """Go available (and receive conversations) or away (and receive no new ones)."""
        storage = self._ctx.storage
        agent = storage.agents.set_status(self._agent_id(connection), AgentStatus(status), self._ctx.clock.now())
        self._participants.status_changed(connection.connection_id, agent)
        if agent.status is AgentStatus.AVAILABLE:
            self._dispatcher.dispatch()
        self._board.changed()

    def take(self, connection: Connection, conversation_id: str) -> None:
        """Take a specific waiting conversation."""
        self._dispatcher.take(self._agent_id(connection), conversation_id)

    def send(self, connection: Connection, conversation_id: str | None, client_msg_id: str, text: str) -> None:
        """Store the officer's message, acknowledge it, and deliver it to the citizen."""
        if not conversation_id:
            raise InvalidFieldError("conversation_id is required.")
        self._messaging.send(connection.connection_id, conversation_id, client_msg_id, text)

    def close(self, connection: Connection, conversation_id: str, outcome: str) -> None:
        """Close one of the officer's conversations with an outcome."""
        outcome = validate_agent_outcome(outcome)
        conversation = self._mine(connection, conversation_id)
        conversation.ensure_open()
        self._closer.close(conversation, ClosedBy.AGENT, outcome)

    def typing(self, connection: Connection, conversation_id: str | None) -> None:
        """Relay 'the officer is typing' to the citizen; nothing is stored."""
        conversation = self._mine(connection, conversation_id, joined_too=True)
        if conversation.is_open:
            self._participants.typing(conversation, Author.AGENT)

    def disconnect(self, connection: Connection) -> None:
        """The officer's connection closed: offline (their conversations stay theirs until they return)."""
        storage = self._ctx.storage
        storage.connections.remove(connection.connection_id)
        agent_id = self._agent_id(connection)
        if not storage.agents.disconnect(agent_id, connection.connection_id):
            return  # a newer console of the same officer took over: they are still online
        logger.info("agent disconnected")
        for conversation in storage.conversations.active_for_agent(agent_id):
            self._tell_citizen(conversation, online=False)
        self._board.changed()

    def _tell_citizen(self, conversation: Conversation, online: bool) -> None:
        """The citizen learns that the officer's console dropped or came back."""
        self._participants.agent_presence(conversation, online)

    def _mine(self, connection: Connection, conversation_id: str | None, joined_too: bool = False) -> Conversation:
        """The conversation this officer holds (`joined_too`: or that this supervisor's console joined)."""
        if not conversation_id:
            raise InvalidFieldError("conversation_id is required.")
        try:
            conversation = self._ctx.storage.conversations.get(conversation_id)
        except NotFoundError:
            raise ForbiddenError() from None
        if not (joined_too and connection.connection_id in conversation.joined):
            conversation.ensure_handled_by(self._agent_id(connection))
        return conversation

    @staticmethod
    def _agent_id(connection: Connection) -> str:
        if connection.agent_id is None:
            raise NotFoundError("Reconnect to sign in again.")
        return connection.agent_id
