"""Rate counters on DynamoDB, in the reports table: what the chat's start limit and the reports share.

Its own module so that the chat functions count new conversations without importing the report models.
Items: `rate#<hashed source>#<window start>` holds how many hits that source made in that window (TTL
`expires_at`: the end of the window).
"""
from __future__ import annotations

from pynamodb.attributes import NumberAttribute, TTLAttribute, UnicodeAttribute
from pynamodb.exceptions import UpdateError
from pynamodb.models import Model

from chalicelib.adapters.dynamodb_common import bind_model, condition_failed, epoch_to_ttl
from chalicelib.config import Settings
from chalicelib.domain.rate_limit import RateLimit
from chalicelib.errors import RateLimitedError
from chalicelib.ports import RateLimiter

__all__ = ["DynamoRateLimiter", "RateCounterModel", "dynamodb_rate_limiter", "rate_pk"]


def rate_pk(source_key: str, window_start: int) -> str:
    """Partition key of a source's counter in one window; the source is already a keyed hash."""
    return f"rate#{source_key}#{window_start}"


class RateCounterModel(Model):
    """In the reports table: pk = "rate#<hashed source>#<window start>" counts that source's hits."""

    class Meta:
        pass

    pk = UnicodeAttribute(hash_key=True)
    hits = NumberAttribute()
    expires_at = TTLAttribute()


class DynamoRateLimiter(RateLimiter):
    """Fixed windows: one counter item per source and window, incremented atomically under a ceiling."""

    def hit(self, key: str, limit: int, window_s: int, now: float) -> None:
        """Count one hit for `key` in the window holding `now`; RateLimitedError past `limit`."""
        window = RateLimit(limit=limit, window_s=window_s)
        start = window.window_start(now)
        try:
            RateCounterModel(rate_pk(key, start)).update(
                actions=[
                    RateCounterModel.hits.add(1),
                    # The counter is useless once its window has passed.
                    RateCounterModel.expires_at.set(epoch_to_ttl(start + window_s)),
                ],
                # ADD creates the counter at 1; past the ceiling the condition fails and nothing is counted.
                condition=RateCounterModel.hits.does_not_exist() | (RateCounterModel.hits < limit),
            )
        except UpdateError as exc:
            if condition_failed(exc):
                raise RateLimitedError(window.retry_after_s(now)) from exc
            raise


def dynamodb_rate_limiter(settings: Settings) -> DynamoRateLimiter:
    """The rate limiter on this stage's reports table."""
    bind_model(RateCounterModel, settings.reports_table, settings)
    return DynamoRateLimiter()
