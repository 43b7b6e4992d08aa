"""Websocket tickets on DynamoDB: one item per ticket, keyed by the ticket's hash, gone by TTL.

A ticket is spent by one conditional UpdateItem (`redeemed_at` set only if the item exists, has no
`redeemed_at` yet and has not expired) that answers the item: one request, and no two handshakes can
spend the same ticket. The spent item stays until DynamoDB's TTL removes it.
"""
from __future__ import annotations

from pynamodb.attributes import NumberAttribute, TTLAttribute, UnicodeAttribute, UnicodeSetAttribute
from pynamodb.exceptions import UpdateError
from pynamodb.models import Model

from chalicelib.adapters.dynamodb_common import bind_model, condition_failed, epoch_to_ttl
from chalicelib.config import Settings
from chalicelib.domain.agent import AgentIdentity
from chalicelib.domain.ws_ticket import WsTicket
from chalicelib.errors import InvalidTicketError
from chalicelib.ports import WsTicketRepository

__all__ = ["DynamoWsTickets", "WsTicketModel", "bind_ws_ticket_model", "dynamodb_ws_tickets"]


class WsTicketModel(Model):
    """A ticket item: pk = the ticket's SHA-256, never the ticket itself."""

    class Meta:
        pass

    ticket_hash = UnicodeAttribute(hash_key=True)
    agent_id = UnicodeAttribute()
    display_name = UnicodeAttribute()
    groups = UnicodeSetAttribute(null=True)
    redeemed_at = NumberAttribute(null=True)
    expires_at = TTLAttribute()

    @classmethod
    def from_domain(cls, ticket: WsTicket) -> WsTicketModel:
        """The item for a new ticket."""
        identity = ticket.identity
        return cls(
            ticket.ticket_hash,
            agent_id=identity.agent_id,
            display_name=identity.display_name,
            groups=set(identity.groups) or None,
            expires_at=epoch_to_ttl(ticket.expires_at),
        )

    def identity(self) -> AgentIdentity:
        """The officer this ticket was issued to."""
        return AgentIdentity(self.agent_id, self.display_name, frozenset(self.groups or ()))


class DynamoWsTickets(WsTicketRepository):
    def add(self, ticket: WsTicket) -> None:
        """One PutItem."""
        WsTicketModel.from_domain(ticket).save()

    def redeem(self, ticket_hash: str, now: float) -> AgentIdentity:
        """One conditional UpdateItem; a failed condition means forged, spent or expired (not told apart)."""
        item = WsTicketModel(ticket_hash)
        try:
            item.update(
                actions=[WsTicketModel.redeemed_at.set(now)],
                condition=(
                    WsTicketModel.ticket_hash.exists()
                    & WsTicketModel.redeemed_at.does_not_exist()
                    & (WsTicketModel.expires_at > epoch_to_ttl(int(now)))
                ),
            )
        except UpdateError as exc:
            if condition_failed(exc):
                raise InvalidTicketError() from exc
            raise
        return item.identity()


def bind_ws_ticket_model(settings: Settings) -> None:
    """Point the ticket model at this stage's tickets table."""
    bind_model(WsTicketModel, settings.tickets_table, settings)


def dynamodb_ws_tickets(settings: Settings) -> DynamoWsTickets:
    """The DynamoDB ticket repository for this stage."""
    bind_ws_ticket_model(settings)
    return DynamoWsTickets()
