"""What every DynamoDB adapter shares: TTL conversions, the codes of failed conditions, retries, model binding."""
from __future__ import annotations

import functools
import random
import time
from datetime import UTC, datetime

from pynamodb.connection import Connection as DynamoDBConnection
from pynamodb.exceptions import PynamoDBException, TransactWriteError
from pynamodb.models import Model

from chalicelib.config import Settings

__all__ = [
    "CONDITION_FAILED",
    "TRANSACTION_CONFLICT",
    "backoff",
    "bind_model",
    "condition_failed",
    "epoch_to_ttl",
    "is_live",
    "reason_codes",
    "transaction_connection",
    "ttl_to_epoch",
    "utc_now",
]

# A cancellation reason's code in a failed transaction, and the error code of a failed single write.
CONDITION_FAILED = "ConditionalCheckFailed"
_CONDITION_FAILED_EXCEPTION = "ConditionalCheckFailedException"
TRANSACTION_CONFLICT = "TransactionConflict"


def utc_now() -> datetime:
    """Now, as the UTC datetime TTL conditions compare with."""
    return datetime.now(UTC)


def epoch_to_ttl(epoch: int) -> datetime:
    """The domain's int epoch as the UTC datetime a TTLAttribute holds."""
    return datetime.fromtimestamp(epoch, tz=UTC)


def ttl_to_epoch(value: datetime) -> int:
    """A TTLAttribute's datetime as the domain's int epoch."""
    return int(value.timestamp())


def is_live(expires_at: datetime | None) -> bool:
    """DynamoDB deletes expired items up to ~48 h late (moto never does): reads skip them."""
    return expires_at is not None and ttl_to_epoch(expires_at) > time.time()


def condition_failed(exc: PynamoDBException) -> bool:
    """A single write refused by its condition."""
    return exc.cause_response_code == _CONDITION_FAILED_EXCEPTION


def reason_codes(exc: TransactWriteError) -> list[str | None]:
    """Cancellation codes in the order PynamoDB sends the items: condition checks, deletes, puts, updates."""
    return [reason.code if reason else None for reason in exc.cancellation_reasons]


def backoff(attempt: int) -> None:
    """Full-jitter exponential backoff, so that writers who lost a race do not collide again."""
    time.sleep(random.uniform(0, min(0.1, 0.005 * 2**attempt)))


def bind_model(model: type[Model], table_name: str, settings: Settings) -> None:
    """Point one model at a table of this stage; a changed binding drops the cached connection."""
    binding = (table_name, settings.dynamodb_host, settings.region)
    if (getattr(model.Meta, "table_name", None), model.Meta.host, model.Meta.region) == binding:
        return  # a new botocore client costs ~70 ms: keep the one already made for this binding
    model.Meta.table_name, model.Meta.host, model.Meta.region = binding
    model._connection = None


@functools.cache
def transaction_connection(region: str, host: str | None) -> DynamoDBConnection:
    """TransactWrite uses its own low-level connection: the same host and region as the models, made once."""
    return DynamoDBConnection(region=region, host=host)
