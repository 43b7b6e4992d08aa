"""What every use case needs: the storage, the way to push frames, the time and the policies."""
from __future__ import annotations

from dataclasses import dataclass, field

from chalicelib.domain.agent import DEFAULT_CAPACITY
from chalicelib.domain.clock import Clock, SystemClock
from chalicelib.domain.desk_figures import HourSlot, hour_slot
from chalicelib.domain.opening_hours import OpeningHours
from chalicelib.domain.rate_limit import MessageBurst, RateLimit
from chalicelib.domain.reply_watch import ReplyPolicy
from chalicelib.domain.retention import Retention
from chalicelib.domain.staffing import ServiceTarget
from chalicelib.ports import Notifier, RateLimiter, Secret, Storage, Telemetry

__all__ = ["ABANDON_GRACE_S", "TRANSFER_OFFER_S", "ChatContext", "FixedSecret", "NoTelemetry"]

# A waiting citizen whose connection dropped keeps their place this long, then counts as abandoned.
ABANDON_GRACE_S = 120.0
# Abuse limits: new conversations from one source, and a citizen's message bursts.
START_LIMIT = RateLimit(limit=6, window_s=12 * 3600)
MESSAGE_BURST = MessageBurst(limit=20, window_s=60)
# How long a colleague has to accept a transfer.
TRANSFER_OFFER_S = 60.0


class NoTelemetry(Telemetry):
    """Telemetry that records nothing (tools and tests that do not look at metrics)."""

    def count(self, name: str, value: int = 1) -> None:
        """Nothing."""

    def seconds(self, name: str, value: float) -> None:
        """Nothing."""

    def count_by(self, name: str, dimension: str, label: str) -> None:
        """Nothing."""


class FixedSecret(Secret):
    """A secret given as a value (tests, and a stage that names no secret: then the public default)."""

    def __init__(self, value: str) -> None:
        self._value = value

    def value(self) -> str:
        """The value given."""
        return self._value


@dataclass
class ChatContext:
    storage: Storage
    notifier: Notifier
    clock: Clock = field(default_factory=SystemClock)
    retention: Retention = field(default_factory=Retention)
    agent_capacity: int = DEFAULT_CAPACITY
    abandon_grace_s: float = ABANDON_GRACE_S
    telemetry: Telemetry = field(default_factory=NoTelemetry)
    # Abuse limits: new conversations per source (counted by `rate_limiter`) and a citizen's message bursts.
    rate_limiter: RateLimiter | None = None
    start_limit: RateLimit = START_LIMIT
    message_burst: MessageBurst = MESSAGE_BURST
    # The key of the sources' hashes (rate limits): read at each use, so a rotated secret is taken up.
    salt: Secret = field(default_factory=lambda: FixedSecret(""))
    # Transfers and unanswered citizens.
    transfer_offer_s: float = TRANSFER_OFFER_S
    reply_policy: ReplyPolicy = field(default_factory=ReplyPolicy)
    # The desk's figures: hours in its time zone, and the service target (80 % answered within 60 s).
    desk_timezone: str = "Europe/Paris"
    service_target: ServiceTarget = field(default_factory=ServiceTarget)
    # The opening hours until a supervisor edits them (GUICHET_OPENING_HOURS).
    default_hours: OpeningHours = field(default_factory=OpeningHours.always)

    @property
    def source_salt(self) -> str:
        """The current key of the sources' hashes."""
        return self.salt.value()

    def hour(self, now: float) -> HourSlot:
        """The desk's clock hour holding `now` (where an event's counters go)."""
        return hour_slot(now, self.desk_timezone)
