"""How long personal data lives: every stored item carries an `expires_at` epoch (DynamoDB TTL)."""
from __future__ import annotations

from dataclasses import dataclass

__all__ = ["CONNECTION_LIFETIME_S", "Retention"]

# API Gateway closes a websocket after 2 h; a little more is the backstop for a missed $disconnect.
CONNECTION_LIFETIME_S = 2 * 3600 + 10 * 60


@dataclass(frozen=True)
class Retention:
    """Retention of conversations, messages and presence (Ma Sécurité keeps contact data ≤ 3 months)."""

    days: int = 90

    def expires_at(self, now: float) -> int:
        """The TTL epoch for personal data written at `now`."""
        return int(now + self.days * 86400)

    @staticmethod
    def connection_expires_at(now: float) -> int:
        """The TTL epoch for a connection row opened at `now`."""
        return int(now + CONNECTION_LIFETIME_S)
