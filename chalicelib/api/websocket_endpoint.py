"""The websocket entry point: who is on this connection, what they asked, which use case answers."""
from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from aws_lambda_powertools import Logger

from chalicelib.api.error_mapping import error_frame
from chalicelib.domain.connection import Connection, Role
from chalicelib.domain.orientation import CardKind, CardRef
from chalicelib.errors import ActionNotAllowedError, InvalidTicketError, UnknownConnectionError
from chalicelib.ports import ConnectionRepository, Telemetry
from chalicelib.protocol import inbound, outbound
from chalicelib.services.agent_desk import AgentDesk
from chalicelib.services.citizen import CitizenChat
from chalicelib.services.delivery import Delivery
from chalicelib.services.live_board import LiveBoardFeed
from chalicelib.services.messaging import Messaging
from chalicelib.services.notes import Notes
from chalicelib.services.supervision import Supervision, ensure_supervisor
from chalicelib.services.transfers import Transfers

__all__ = ["ERROR_FRAMES", "WebsocketEndpoint"]

logger = Logger(child=True)

# The metric counting the error frames sent, with the dimension `code`.
ERROR_FRAMES = "ErrorFrames"

# A frame handler; what it returns (the conversation a `start` opened, say) is not used here.
Handler = Callable[[Connection, Any], object]


class WebsocketEndpoint:
    def __init__(
        self,
        connections: ConnectionRepository,
        citizens: CitizenChat,
        desk: AgentDesk,
        messaging: Messaging,
        delivery: Delivery,
        notes: Notes | None = None,
        transfers: Transfers | None = None,
        supervision: Supervision | None = None,
        telemetry: Telemetry | None = None,
        live_board: LiveBoardFeed | None = None,
    ) -> None:
        self._connections = connections
        self._telemetry = telemetry
        self._messaging = messaging
        self._delivery = delivery
        self._notes = notes
        self._routes: dict[Role, dict[type, Handler]] = {
            Role.CITIZEN: {
                inbound.Start: lambda c, f: citizens.start(c, f.topic, f.lang, f.start_id),
                inbound.Send: lambda c, f: citizens.send(c, f.client_msg_id, f.text, f.conversation_id),
                inbound.Resume: lambda c, f: citizens.resume(c, f.conversation_id, f.resume_token, f.after),
                inbound.End: lambda c, f: citizens.end(c),
                inbound.Typing: lambda c, f: citizens.typing(c, f.conversation_id),
                inbound.SurveyAnswer: lambda c, f: citizens.answer_survey(
                    c, f.found_easily, f.understood, f.rating, f.comment
                ),
                inbound.Ping: self._pong,
            },
            Role.AGENT: {
                inbound.Sync: lambda c, f: desk.sync(c),
                inbound.SetStatus: lambda c, f: desk.set_status(c, f.status),
                inbound.Take: lambda c, f: desk.take(c, f.conversation_id),
                inbound.Send: lambda c, f: desk.send(c, f.conversation_id, f.client_msg_id, f.text),
                inbound.Close: lambda c, f: desk.close(c, f.conversation_id, f.outcome),
                inbound.Typing: lambda c, f: desk.typing(c, f.conversation_id),
                inbound.Ping: self._pong,
            },
        }
        if transfers is not None:
            self._routes[Role.AGENT].update(
                {
                    inbound.Colleagues: lambda c, f: transfers.colleagues(c),
                    inbound.Transfer: lambda c, f: transfers.offer(c, f.conversation_id, f.to_agent_id, f.note),
                    inbound.TransferAccept: lambda c, f: transfers.accept(c, f.conversation_id),
                    inbound.TransferDecline: lambda c, f: transfers.decline(c, f.conversation_id),
                }
            )
        if supervision is not None:
            self._routes[Role.AGENT].update(
                {
                    inbound.SuperviseList: lambda c, f: supervision.list(c),
                    inbound.Watch: lambda c, f: supervision.watch(c, f.conversation_id),
                    inbound.Join: lambda c, f: supervision.watch(c, f.conversation_id, join=True),
                    inbound.Unwatch: lambda c, f: supervision.unwatch(c, f.conversation_id),
                    inbound.TakeOver: lambda c, f: supervision.take_over(c, f.conversation_id),
                    inbound.Reassign: lambda c, f: supervision.reassign(c, f.conversation_id, f.to_agent_id),
                    inbound.SetAgentAway: lambda c, f: supervision.set_away(c, f.agent_id),
                    inbound.SetCapacity: lambda c, f: supervision.set_capacity(c, f.agent_id, f.capacity),
                }
            )
        if live_board is not None:
            # Supervisors only: an officer's console is refused with `forbidden`, a citizen's with
            # `action_not_allowed` (the route is not in the citizens' table).
            self._routes[Role.AGENT][inbound.Board] = lambda c, f: live_board.send_board(c)
        self._citizens = citizens
        self._desk = desk

    def connect(self, connection_id: str, query: Mapping[str, str] | None, source_ip: str | None = None) -> int:
        """Accept a citizen, or an officer with an unspent ticket; return the HTTP status for the handshake.

        `?ticket=` opens an officer socket, once. A token in the URL (`?token=`, the old way) is refused
        rather than taken for a citizen: a console that still sends one learns it at once.
        """
        query = query or {}
        if "token" in query:
            logger.info("agent connection refused: token in the URL")
            return 401
        ticket = query.get("ticket")
        if ticket is None:
            self._citizens.connect(connection_id, source_ip)
            return 200
        try:
            self._desk.connect(connection_id, ticket)
        except InvalidTicketError:
            logger.info("agent connection refused")
            return 401
        return 200

    def message(self, connection_id: str, body: str | None) -> None:
        """Handle one frame; any problem becomes an error frame and the connection stays usable."""
        try:
            command = inbound.parse_frame(body)
            if isinstance(command, inbound.Send) and command.conversation_id:
                # The hot path: the conversation itself says who writes from this connection (no connection read).
                self._messaging.send(connection_id, command.conversation_id, command.client_msg_id, command.text)
                return
            if isinstance(command, inbound.SendCard):
                # An officer's card is a message: the same hot path (a citizen's connection is refused there).
                card = CardRef(CardKind(command.card.kind), command.card.ref)
                self._messaging.send_card(connection_id, command.conversation_id, command.client_msg_id, card)
                return
            if isinstance(command, inbound.AddNote) and self._notes is not None:
                # The conversation says whether this is its officer's console; anyone else's row is read.
                self._notes.add(connection_id, command.conversation_id, command.client_msg_id, command.text)
                return
            connection = self._connections.get(connection_id)
            if connection is None:
                raise UnknownConnectionError()
            if isinstance(command, inbound.SUPERVISOR_COMMANDS):
                ensure_supervisor(connection)  # `forbidden` for an officer's or a citizen's connection
            handler = self._routes[connection.role].get(type(command))
            if handler is None:
                raise ActionNotAllowedError()
            logger.debug("frame", extra={"action": command.action, "role": connection.role.value})
            handler(connection, command)
        except Exception as exc:  # noqa: BLE001 - every failure must answer the client, not kill the socket
            frame = error_frame(exc, inbound.client_msg_id_of(body))
            if self._telemetry is not None:
                # By code: `internal_error` is the chat path's failure, which no function error alarm sees.
                self._telemetry.count_by(ERROR_FRAMES, "code", frame["code"])
            self._delivery.to(connection_id, frame)

    def disconnect(self, connection_id: str) -> None:
        """The connection closed, cleanly or not."""
        connection = self._connections.get(connection_id)
        if connection is None:
            return
        if connection.role is Role.AGENT:
            self._desk.disconnect(connection)
        else:
            self._citizens.disconnect(connection)

    def _pong(self, connection: Connection, _: Any) -> None:
        self._delivery.to(connection.connection_id, outbound.pong())
