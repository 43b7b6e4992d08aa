"""Fixed-window rate limits keyed by a hash of the source, so that no raw IP address is ever stored."""
from __future__ import annotations

import hashlib
import hmac
import math
from dataclasses import dataclass

from chalicelib.errors import RateLimitedError

__all__ = ["MessageBurst", "RateLimit", "SourceBudget", "source_key"]


@dataclass(frozen=True)
class RateLimit:
    """At most `limit` hits per source in each window of `window_s` seconds."""

    limit: int
    window_s: int

    def window_start(self, now: float) -> int:
        """The epoch at which the window holding `now` began."""
        return int(now // self.window_s) * self.window_s

    def retry_after_s(self, now: float) -> int:
        """Whole seconds until the next window opens (at least 1)."""
        return max(1, math.ceil(self.window_start(now) + self.window_s - now))


@dataclass(frozen=True)
class SourceBudget:
    """One source's budget for new items: its keyed hash and the limit it spends from."""

    source_key: str
    limit: RateLimit


def source_key(source: str, salt: str) -> str:
    """A keyed hash (HMAC-SHA256) of the source: stable per salt, useless without it."""
    return hmac.new(salt.encode(), source.encode(), hashlib.sha256).hexdigest()


@dataclass(frozen=True)
class MessageBurst:
    """At most `limit` messages from one side of a conversation in each window of `window_s` seconds."""

    limit: int
    window_s: int

    def admit(self, window_start: float | None, count: int, now: float) -> tuple[float, int]:
        """The window and count once this message is counted; RateLimitedError past the limit."""
        if window_start is None or now - window_start >= self.window_s:
            return now, 1
        if count >= self.limit:
            raise RateLimitedError(
                max(1, math.ceil(window_start + self.window_s - now)),
                "Too many messages at once: wait a moment before sending the next one.",
            )
        return window_start, count + 1
