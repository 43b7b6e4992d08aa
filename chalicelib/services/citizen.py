"""What a citizen does on the chat: start, write, resume after a drop, end."""
from __future__ import annotations

from dataclasses import replace

from aws_lambda_powertools import Logger

from chalicelib.domain.connection import Connection, Role
from chalicelib.domain.conversation import (
    Author,
    ClosedBy,
    Conversation,
    Status,
    hash_resume_token,
    new_resume_token,
)
from chalicelib.domain.desk_figures import started, surveyed
from chalicelib.domain.rate_limit import source_key
from chalicelib.domain.survey import Survey
from chalicelib.domain.topics import topic_by_id
from chalicelib.domain.waiting import Standing
from chalicelib.errors import (
    AlreadyStartedError,
    ConversationExistsError,
    ForbiddenError,
    InvalidResumeTokenError,
    NoConversationError,
    NotFoundError,
    RateLimitedError,
)
from chalicelib.ports import Participants
from chalicelib.services.closing import Closer
from chalicelib.services.context import ChatContext
from chalicelib.services.desk_settings import DeskSettingsService
from chalicelib.services.dispatch import Dispatcher
from chalicelib.services.messaging import Messaging
from chalicelib.services.queue_board import QueueBoard

__all__ = ["CitizenChat"]

logger = Logger(child=True)


class CitizenChat:
    def __init__(
        self,
        ctx: ChatContext,
        participants: Participants,
        board: QueueBoard,
        dispatcher: Dispatcher,
        closer: Closer,
        messaging: Messaging,
        desk: DeskSettingsService | None = None,
    ) -> None:
        self._ctx = ctx
        self._desk = desk
        self._messaging = messaging
        self._participants = participants
        self._board = board
        self._dispatcher = dispatcher
        self._closer = closer

    def connect(self, connection_id: str, source_ip: str | None = None) -> None:
        """A citizen opened the chat: no credentials, nothing to send yet; only a keyed hash of the address is kept."""
        now = self._ctx.clock.now()
        source = source_key(source_ip, self._ctx.source_salt) if source_ip else None
        self._ctx.storage.connections.add(
            Connection(
                connection_id, Role.CITIZEN, now, self._ctx.retention.connection_expires_at(now), source_key=source
            )
        )

    def start(self, connection: Connection, topic_id: str, lang: str, start_id: str | None = None) -> Conversation:
        """Open a conversation on a topic and join its queue; the same start_id again finds the same one."""
        if connection.conversation_id:
            current = self._find(connection.conversation_id)
            if current is not None and current.is_open:
                raise AlreadyStartedError()
        topic = topic_by_id(topic_id)
        storage, now = self._ctx.storage, self._ctx.clock.now()
        token = new_resume_token()
        conversation = Conversation.open(
            topic.id, lang, token, connection.connection_id, now, self._ctx.retention.expires_at(now), start_id
        )
        existing = self._find(conversation.conversation_id) if start_id else None
        if existing is not None:
            return self._start_again(connection, existing)  # a repeat spends no budget, even once closed
        if self._desk is not None:
            self._desk.ensure_open()  # no queue while the desk is closed (an open conversation is not cut)
        self._spend_start_budget(connection, now)
        try:
            storage.conversations.add(conversation, tally=started(self._ctx.hour(now)))
        except ConversationExistsError:
            return self._start_again(connection, storage.conversations.get(conversation.conversation_id))
        storage.connections.attach(connection.connection_id, conversation.conversation_id)
        logger.info("conversation started", extra={"topic": topic.id})
        self._ctx.telemetry.count("ConversationsStarted")
        standing = self._board.standing(conversation)
        self._participants.queued(connection.connection_id, conversation, token, standing)
        self._board.joined(conversation)
        self._dispatcher.dispatch()
        return conversation

    def _spend_start_budget(self, connection: Connection, now: float) -> None:
        """Count a new conversation against its source's budget (RateLimitedError once spent)."""
        limiter, limit = self._ctx.rate_limiter, self._ctx.start_limit
        if limiter is None or connection.source_key is None:
            return
        try:
            limiter.hit(f"start#{connection.source_key}", limit.limit, limit.window_s, now)
        except RateLimitedError as exc:
            logger.info("start refused: source over its budget")
            raise RateLimitedError(
                exc.retry_after_s, "Too many new conversations from this connection: try again later."
            ) from None

    def _start_again(self, connection: Connection, conversation: Conversation) -> Conversation:
        """The answer to a first `start` was lost: same conversation, a new resume token, what it missed."""
        storage = self._ctx.storage
        token = new_resume_token()
        storage.conversations.renew_resume_token(conversation.conversation_id, hash_resume_token(token))
        standing = self._reattach(connection, conversation)
        # No longer waiting: no position, but the version still orders this answer among the queue frames.
        answer = standing or Standing(None, None, storage.stats.queue_version())
        self._participants.queued(connection.connection_id, conversation, token, answer)
        if conversation.agent_display_name:
            self._participants.agent_joined(conversation, connection.connection_id)
        self._replay(connection, conversation, None)
        logger.info("conversation started again", extra={"status": conversation.status.value})
        if standing:
            self._board.changed()
            self._dispatcher.dispatch()
        return conversation

    def send(
        self, connection: Connection, client_msg_id: str, text: str, conversation_id: str | None = None
    ) -> None:
        """Store the citizen's message, acknowledge it, and pass it to the officer if one has joined."""
        if not connection.conversation_id:
            raise NoConversationError()
        if conversation_id is not None and conversation_id != connection.conversation_id:
            raise ForbiddenError()
        self._messaging.send(connection.connection_id, connection.conversation_id, client_msg_id, text)

    def resume(self, connection: Connection, conversation_id: str, resume_token: str, after: str | None) -> None:
        """Reattach a new connection to a conversation and replay what it missed, in order."""
        conversation = self._find(conversation_id)
        if conversation is None:
            raise InvalidResumeTokenError()
        conversation.check_resume_token(resume_token)
        standing = self._reattach(connection, conversation)
        self._participants.resumed(connection.connection_id, conversation, standing)
        self._replay(connection, conversation, after)
        if conversation.is_open:
            self._participants.citizen_presence(conversation, online=True)
        logger.info("conversation resumed", extra={"status": conversation.status.value})
        if standing:
            # Back in line where their arrival put them: those behind move down, a free officer may take them.
            self._board.changed()
            self._dispatcher.dispatch()

    def _reattach(self, connection: Connection, conversation: Conversation) -> Standing | None:
        """Point the conversation and this connection at each other; where it stands if it still waits."""
        storage = self._ctx.storage
        storage.connections.attach(connection.connection_id, conversation.conversation_id)
        if conversation.is_open:
            storage.conversations.set_citizen_connection(
                conversation.conversation_id, connection.connection_id, self._ctx.clock.now()
            )
        if conversation.status is Status.WAITING:
            online = replace(conversation, citizen_connection_id=connection.connection_id, citizen_left_at=None)
            return self._board.standing(online)
        return None

    def _replay(self, connection: Connection, conversation: Conversation, after: str | None) -> None:
        """Every message after `after`, in order (the citizen's own with their client_msg_id), then the close."""
        missed = self._ctx.storage.messages.after(conversation.conversation_id, after)
        self._participants.replay(connection.connection_id, conversation, missed)

    def end(self, connection: Connection) -> None:
        """The citizen ends: abandoned if no officer had joined yet."""
        conversation = self._current(connection)
        conversation.ensure_open()
        self._closer.close(conversation, ClosedBy.CITIZEN, conversation.close_outcome_for_citizen())

    def answer_survey(
        self, connection: Connection, found_easily: bool, understood: bool, rating: int, comment: str | None
    ) -> None:
        """Keep the end-of-chat survey of the citizen's closed conversation."""
        conversation = self._current(connection)
        conversation.ensure_survey_possible()
        now = self._ctx.clock.now()
        survey = Survey(found_easily, understood, rating, now, (comment or "").strip() or None)
        tally = surveyed(
            self._ctx.hour(now), survey, conversation.conversation_id, conversation.topic, conversation.expires_at
        )
        self._ctx.storage.conversations.record_survey(conversation.conversation_id, survey, tally=tally)
        logger.info("survey answered", extra={"rating": rating, "topic": conversation.topic})
        self._ctx.telemetry.count("SurveysAnswered")
        self._ctx.telemetry.count(f"SurveyRating{rating}")
        self._ctx.telemetry.count("SurveyFoundEasily", int(found_easily))
        self._ctx.telemetry.count("SurveyUnderstood", int(understood))
        self._participants.survey_saved(connection.connection_id, conversation)

    def typing(self, connection: Connection, conversation_id: str | None = None) -> None:
        """Relay 'the citizen is typing' to the officer; nothing is stored."""
        conversation = self._current(connection, conversation_id)
        if conversation.is_open:
            self._participants.typing(conversation, Author.CITIZEN)

    def disconnect(self, connection: Connection) -> None:
        """The citizen's connection closed: keep the conversation, note that they left."""
        storage = self._ctx.storage
        storage.connections.remove(connection.connection_id)
        if not connection.conversation_id:
            return
        conversation = self._find(connection.conversation_id)
        if conversation is None or not conversation.is_open:
            return
        now = self._ctx.clock.now()
        if storage.conversations.citizen_left(conversation.conversation_id, connection.connection_id, now):
            if conversation.agent_connection_id:
                self._participants.citizen_presence(conversation, online=False)
            elif conversation.status is Status.WAITING:
                self._board.changed()  # skipped while offline: those behind move up

    def _current(self, connection: Connection, conversation_id: str | None = None) -> Conversation:
        """The conversation this connection carries; a frame naming another one is refused."""
        if not connection.conversation_id:
            raise NoConversationError()
        if conversation_id is not None and conversation_id != connection.conversation_id:
            raise ForbiddenError()
        conversation = self._find(connection.conversation_id)
        if conversation is None:
            raise NoConversationError()
        return conversation

    def _find(self, conversation_id: str) -> Conversation | None:
        try:
            return self._ctx.storage.conversations.get(conversation_id)
        except NotFoundError:
            return None
