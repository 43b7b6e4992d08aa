"""A websocket ticket: a one-time secret, valid seconds, that opens one officer socket.

Browsers cannot send an `Authorization` header on a websocket handshake, and a token in the URL
ends up in logs and histories. So the console trades its ID token (REST, `Authorization: Bearer`)
for a ticket and opens `/ws?ticket=…`; the ticket is spent at the handshake.
"""
from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass

from chalicelib.domain.agent import AgentIdentity

__all__ = ["TICKET_LIFETIME_S", "WsTicket", "hash_ticket", "new_ticket_secret"]

TICKET_LIFETIME_S = 30


@dataclass(frozen=True)
class WsTicket:
    """What is stored for a ticket: only its hash, the officer it opens a socket for, and when it expires."""

    ticket_hash: str
    identity: AgentIdentity
    expires_at: int


def new_ticket_secret() -> str:
    """A fresh ticket: 256 random bits, URL-safe."""
    return secrets.token_urlsafe(32)


def hash_ticket(secret: str) -> str:
    """The stored form of a ticket (SHA-256): the table never holds a usable ticket."""
    return hashlib.sha256(secret.encode("utf-8", "surrogatepass")).hexdigest()
