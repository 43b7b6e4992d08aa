"""Websocket tickets for officers: issued to a signed-in officer over REST, spent once at the handshake."""
from __future__ import annotations

from aws_lambda_powertools import Logger

from chalicelib.domain.agent import AgentIdentity
from chalicelib.domain.clock import Clock
from chalicelib.domain.ws_ticket import TICKET_LIFETIME_S, WsTicket, hash_ticket, new_ticket_secret
from chalicelib.errors import InvalidTicketError
from chalicelib.ports import WsTicketRepository

__all__ = ["OfficerTickets"]

logger = Logger(child=True)

# A ticket is 43 characters; anything much longer is not one (and is not worth hashing).
_MAX_TICKET_LENGTH = 128


class OfficerTickets:
    """Issue and redeem single-use websocket tickets."""

    def __init__(self, tickets: WsTicketRepository, clock: Clock, lifetime_s: int = TICKET_LIFETIME_S) -> None:
        self._tickets = tickets
        self._clock = clock
        self._lifetime_s = lifetime_s

    def issue(self, identity: AgentIdentity) -> str:
        """A new ticket for this officer; only its hash is stored, for `lifetime_s` seconds."""
        secret = new_ticket_secret()
        expires_at = int(self._clock.now()) + self._lifetime_s
        self._tickets.add(WsTicket(hash_ticket(secret), identity, expires_at))
        return secret

    def redeem(self, secret: str) -> AgentIdentity:
        """The officer a ticket opens a socket for, spending it; InvalidTicketError if forged, used or expired."""
        if not secret or len(secret) > _MAX_TICKET_LENGTH:
            raise InvalidTicketError()
        try:
            return self._tickets.redeem(hash_ticket(secret), self._clock.now())
        except InvalidTicketError:
            logger.info("websocket ticket refused")
            raise
