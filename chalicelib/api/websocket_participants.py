"""Telling participants over the websocket: each thing a use case tells becomes its server frame."""
from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING

from chalicelib.domain.agent import Agent
from chalicelib.domain.assignment import QueueView
from chalicelib.domain.conversation import Author, Conversation, Status
from chalicelib.domain.message import Message
from chalicelib.domain.note import Note
from chalicelib.domain.orientation import Card, OrientationCatalogue, orientation_catalogue
from chalicelib.domain.transfer import TransferOffer, TransferOutcome
from chalicelib.domain.waiting import Standing
from chalicelib.errors import UnknownCardError
from chalicelib.ports import Participants
from chalicelib.protocol import outbound
from chalicelib.services.delivery import Delivery

if TYPE_CHECKING:
    # The supervisors' board: only its annotations here (built where a supervisor asks, or by the broadcaster).
    from chalicelib.domain.live_board import LiveBoard

__all__ = ["WebsocketParticipants"]


class WebsocketParticipants(Participants):
    """Builds the frames of protocol/outbound.py and sends them through Delivery (which forgets gone connections)."""

    def __init__(self, delivery: Delivery, catalogue: OrientationCatalogue | None = None) -> None:
        self._delivery = delivery
        self._catalogue = catalogue or orientation_catalogue()

    def _card_of(self, conversation: Conversation) -> outbound.CardOf:
        """How this conversation's card messages read: in its language, or their stored title if since removed."""

        def card_of(msg: Message) -> Card | None:
            if msg.card is None:
                return None
            try:
                return self._catalogue.card(msg.card, conversation.lang)
            except UnknownCardError:  # the orientation data dropped it since it was sent
                return Card(msg.card.kind, msg.card.ref, msg.text, None)

        return card_of

    def queued(self, connection_id: str, conversation: Conversation, resume_token: str, standing: Standing) -> None:
        """Send `queued`."""
        frame = outbound.queued(
            conversation, resume_token, standing.position, standing.estimated_wait_s, standing.version, standing.notices
        )
        self._delivery.to(connection_id, frame)

    def resumed(self, connection_id: str, conversation: Conversation, standing: Standing | None) -> None:
        """Send `resumed`, with the position, estimate and version only while the conversation waits."""
        frame = outbound.resumed(
            conversation,
            standing.position if standing else None,
            standing.estimated_wait_s if standing else None,
            standing.version if standing else None,
        )
        self._delivery.to(connection_id, frame)

    def replay(self, connection_id: str, conversation: Conversation, messages: Iterable[Message]) -> None:
        """Send each `message` (the citizen's own with their client_msg_id), then `closed` if it closed."""
        card_of = self._card_of(conversation)
        for msg in messages:
            self._delivery.to(connection_id, outbound.message(msg, own=msg.author is Author.CITIZEN, card=card_of(msg)))
        if conversation.status is Status.CLOSED:
            self._delivery.to(connection_id, outbound.closed(conversation))

    def standing(
        self, conversation: Conversation, position: int, estimated_wait_s: int | None, version: int, notices: int = 0
    ) -> None:
        """Send `queue` to the citizen (with the notices' revision)."""
        frame = outbound.queue_update(conversation, position, estimated_wait_s, version, notices)
        self._delivery.to_citizen(conversation, frame)

    def agent_joined(self, conversation: Conversation, connection_id: str | None = None) -> None:
        """Send `agent_joined` to the citizen, or to `connection_id`."""
        frame = outbound.agent_joined(conversation)
        if connection_id is None:
            self._delivery.to_citizen(conversation, frame)
        else:
            self._delivery.to(connection_id, frame)

    def agent_presence(self, conversation: Conversation, online: bool) -> None:
        """Send `agent_presence` to the citizen."""
        self._delivery.to_citizen(conversation, outbound.agent_presence(conversation.conversation_id, online))

    def survey_saved(self, connection_id: str, conversation: Conversation) -> None:
        """Send `survey_saved`."""
        self._delivery.to(connection_id, outbound.survey_saved(conversation.conversation_id))

    def acknowledged(self, connection_id: str, client_msg_id: str, message: Message) -> None:
        """Send `ack`."""
        self._delivery.to(connection_id, outbound.ack(client_msg_id, message))

    def message(self, conversation: Conversation, message: Message, writer: str | None = None) -> None:
        """Send `message` to the side that did not write it, and to the supervisors following it (not the writer)."""
        card = self._card_of(conversation)(message)
        to_officers = outbound.message(message, card=card, officer=True)
        if message.author is Author.CITIZEN:
            self._delivery.to(conversation.agent_connection_id, to_officers)
        else:
            # The citizen's frame never names who wrote on the officer side.
            self._delivery.to_citizen(conversation, outbound.message(message, card=card))
            if message.author is Author.AGENT and writer is not None and writer != conversation.agent_connection_id:
                self._delivery.to(conversation.agent_connection_id, to_officers)  # a joined supervisor wrote
        told = {writer, conversation.citizen_connection_id, conversation.agent_connection_id}
        followers = [c for c in conversation.supervisor_consoles(besides=writer) if c not in told]
        self._delivery.to_followers(conversation, followers, to_officers)

    def typing(self, conversation: Conversation, author: Author) -> None:
        """Send `typing` to the side that is not typing."""
        frame = outbound.typing(conversation.conversation_id, author.value)
        self._delivery.to(conversation.connection_of(_other_side(author)), frame)

    def closed(self, conversation: Conversation) -> None:
        """Send `closed` to the citizen, then to the officer, then to the supervisors following it."""
        frame = outbound.closed(conversation)
        self._delivery.to_citizen(conversation, frame)
        self._delivery.to(conversation.agent_connection_id, frame)
        self._delivery.to_followers(conversation, conversation.supervisor_consoles(), frame)

    def assigned(
        self, agent: Agent, conversation: Conversation, messages: Iterable[Message], notes: Iterable[Note] = ()
    ) -> None:
        """Send `assigned` to the officer's console, with the messages and the internal notes."""
        frame = outbound.assigned(conversation, messages, self._card_of(conversation), notes)
        self._delivery.to(agent.connection_id, frame)

    def agent_state(
        self,
        connection_id: str,
        agent: Agent,
        conversations: Iterable[tuple[Conversation, list[Message]]],
        notes: Mapping[str, list[Note]] | None = None,
    ) -> None:
        """Send `agent_state`, each conversation with its messages and internal notes."""
        self._delivery.to(connection_id, outbound.agent_state(agent, conversations, self._card_of, notes))

    def note(self, connection_ids: Iterable[str | None], conversation: Conversation, note: Note) -> None:
        """Send `note` to these officers' consoles, once each; a citizen's connection is never among them."""
        frame = outbound.note(conversation.conversation_id, note)
        targets = dict.fromkeys(c for c in connection_ids if c and c != conversation.citizen_connection_id)
        self._delivery.to_agents(targets, frame)

    def status_changed(self, connection_id: str, agent: Agent) -> None:
        """Send `status`."""
        self._delivery.to(connection_id, outbound.status_changed(agent))

    def waiting_list(self, connection_ids: Iterable[str], queue: QueueView, version: int) -> None:
        """Send `waiting` to each console: positions 1, 2, … in serving order, then the offline citizens."""
        entries: list[tuple[Conversation, int | None]] = [(c, i + 1) for i, c in enumerate(queue.serving_order)]
        entries += [(c, None) for c in queue.offline]
        self._delivery.to_agents(connection_ids, outbound.waiting_list(entries, version))

    def board(self, connection_ids: Iterable[str], view: LiveBoard) -> None:
        """Send `board` to these supervisors' consoles."""
        self._delivery.to_agents(connection_ids, outbound.board(view))

    def citizen_presence(self, conversation: Conversation, online: bool) -> None:
        """Send `citizen_presence` to the officer."""
        frame = outbound.citizen_presence(conversation.conversation_id, online)
        self._delivery.to(conversation.agent_connection_id, frame)

    def session_replaced(self, connection_id: str) -> None:
        """Send `session_replaced`."""
        self._delivery.to(connection_id, outbound.session_replaced())

    def colleagues(self, connection_id: str, colleagues: Iterable[Agent]) -> None:
        """Send `colleagues`."""
        self._delivery.to(connection_id, outbound.colleagues(colleagues))

    def transfer_offered(
        self, connection_id: str, conversation: Conversation, offer: TransferOffer, now: float
    ) -> None:
        """Send `transfer_offer` to the colleague's console."""
        self._delivery.to(connection_id, outbound.transfer_offer(conversation, offer, now))

    def transfer_pending(
        self, connection_id: str, conversation: Conversation, offer: TransferOffer, now: float
    ) -> None:
        """Send `transfer_pending` to the holder's console."""
        self._delivery.to(connection_id, outbound.transfer_pending(conversation, offer, now))

    def transfer_result(
        self, connection_id: str | None, conversation: Conversation, offer: TransferOffer, outcome: TransferOutcome
    ) -> None:
        """Send `transfer_result`."""
        self._delivery.to(connection_id, outbound.transfer_result(conversation, offer, outcome))

    def unassigned(self, connection_id: str | None, conversation: Conversation, reason: str) -> None:
        """Send `unassigned` to the console that held the conversation."""
        self._delivery.to(connection_id, outbound.unassigned(conversation, reason))

    def reply_reminder(self, conversation: Conversation, requeue_in_s: int) -> None:
        """Send `reply_reminder` to the conversation's officer."""
        self._delivery.to(conversation.agent_connection_id, outbound.reply_reminder(conversation, requeue_in_s))

    def requeued(self, conversation: Conversation, standing: Standing) -> None:
        """Send `requeued` to the citizen."""
        frame = outbound.requeued(conversation, standing.position, standing.estimated_wait_s, standing.version)
        self._delivery.to_citizen(conversation, frame)


    def watching(
        self,
        connection_id: str,
        conversation: Conversation,
        messages: Iterable[Message],
        notes: Iterable[Note],
        joined: bool,
    ) -> None:
        """Send `watching` to the supervisor's console."""
        frame = outbound.watching(conversation, messages, joined, self._card_of(conversation), notes)
        self._delivery.to(connection_id, frame)

    def unwatched(self, connection_id: str, conversation_id: str) -> None:
        """Send `unwatched`."""
        self._delivery.to(connection_id, outbound.unwatched(conversation_id))

    def supervisor_joined(self, conversation: Conversation, supervisor_name: str) -> None:
        """Send `supervisor_joined` to the conversation's officer."""
        self._delivery.to(conversation.agent_connection_id, outbound.supervisor_joined(conversation, supervisor_name))

    def changed_by_supervisor(self, agent: Agent, supervisor_name: str) -> None:
        """Send `status` (with `by`) to the officer's console."""
        self._delivery.to(agent.connection_id, outbound.status_by_supervisor(agent, supervisor_name))

    def supervised(
        self,
        connection_id: str,
        action: str,
        conversation_id: str | None = None,
        agent: Agent | None = None,
        to: Agent | None = None,
    ) -> None:
        """Send `supervised`."""
        self._delivery.to(connection_id, outbound.supervised(action, conversation_id, agent, to))

    def supervision(
        self, connection_id: str, officers: Iterable[Agent], chats: Iterable[Conversation], now: float
    ) -> None:
        """Send `supervision`."""
        self._delivery.to(connection_id, outbound.supervision(officers, chats, now))


def _other_side(author: Author) -> Author:
    """Who is told what `author` did: the officer for the citizen, the citizen for anyone else."""
    return Author.AGENT if author is Author.CITIZEN else Author.CITIZEN
