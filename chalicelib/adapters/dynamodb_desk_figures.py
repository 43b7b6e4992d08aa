"""The desk's hourly counters on DynamoDB: one item per hour, updated inside the transactions that already happen.

Table `desk_figures`, partition `day` (the desk's local date), sort key `sk`:

- `h#<hour start epoch, 10 digits>`: the hour's counters, flat Number attributes (`started`, `answered`,
  `wait_b7`, `aht_sum`, …) added with `ADD` (missing attributes count as 0; the item appears with its first
  event). No TTL: counts, no personal data.
- `c#<hour start>#<conversation id>`: a survey comment (text, rating, answers, topic), with the retention TTL.

Each event adds its counters with one more Update in its own transaction (and a survey comment with one
Put): no extra request. Reading a day is one Query of the counters and one of the comments.
"""
from __future__ import annotations

import re

from pynamodb.attributes import BooleanAttribute, NumberAttribute, TTLAttribute, UnicodeAttribute
from pynamodb.expressions.operand import Path, Value
from pynamodb.expressions.update import Action
from pynamodb.models import Model
from pynamodb.transactions import TransactWrite

from chalicelib.adapters.dynamodb_common import bind_model, epoch_to_ttl, is_live, ttl_to_epoch, utc_now
from chalicelib.config import Settings
from chalicelib.domain.desk_figures import SurveyComment, Tally
from chalicelib.ports import DeskFiguresRepository

__all__ = [
    "DeskCommentModel",
    "DeskHourModel",
    "DynamoDeskFigures",
    "add_tally",
    "bind_desk_figures_models",
    "hour_sk",
]

HOUR_PREFIX = "h#"
COMMENT_PREFIX = "c#"
# Counter names become attribute names as they are: the domain's names only, never anything a client sent.
_COUNTER_NAME = re.compile(r"^[a-z][a-z0-9_]{0,40}$")


def hour_sk(start: int) -> str:
    """The sort key of an hour's counters: its start, zero-padded so keys sort by time."""
    return f"{HOUR_PREFIX}{start:010d}"


def comment_sk(start: int, conversation_id: str) -> str:
    """The sort key of a survey comment: its hour, then its conversation (one survey per conversation)."""
    return f"{COMMENT_PREFIX}{start:010d}#{conversation_id}"


class DeskHourModel(Model):
    """An hour's counters; only the key is declared, the counters are flat attributes named by the domain."""

    class Meta:
        table_name = "guichet-desk_figures"

    day = UnicodeAttribute(hash_key=True)
    sk = UnicodeAttribute(range_key=True)


class DeskCommentModel(Model):
    """A survey comment of an hour (personal data: it expires with the conversations)."""

    class Meta:
        table_name = "guichet-desk_figures"

    day = UnicodeAttribute(hash_key=True)
    sk = UnicodeAttribute(range_key=True)
    conversation_id = UnicodeAttribute()
    answered_at = NumberAttribute()
    rating = NumberAttribute()
    found_easily = BooleanAttribute()
    understood = BooleanAttribute()
    comment = UnicodeAttribute()
    topic = UnicodeAttribute()
    expires_at = TTLAttribute()

    @classmethod
    def from_domain(cls, day: str, start: int, comment: SurveyComment) -> DeskCommentModel:
        return cls(
            day,
            comment_sk(start, comment.conversation_id),
            conversation_id=comment.conversation_id,
            answered_at=comment.answered_at,
            rating=comment.rating,
            found_easily=comment.found_easily,
            understood=comment.understood,
            comment=comment.comment,
            topic=comment.topic,
            expires_at=epoch_to_ttl(comment.expires_at),
        )

    def to_domain(self) -> SurveyComment:
        return SurveyComment(
            conversation_id=self.conversation_id,
            answered_at=float(self.answered_at),
            rating=int(self.rating),
            found_easily=bool(self.found_easily),
            understood=bool(self.understood),
            comment=self.comment,
            topic=self.topic,
            expires_at=ttl_to_epoch(self.expires_at),
        )


def _counter_actions(tally: Tally) -> list[Action]:
    actions: list[Action] = []
    for name, value in sorted(tally.counts.items()):
        if not _COUNTER_NAME.match(name) or name in ("day", "sk"):
            raise ValueError(f"Not a counter name: {name!r}")
        actions.append(Path(name).add(Value(value, attribute=NumberAttribute())))
    return actions


def add_tally(transaction: TransactWrite, tally: Tally | None) -> None:
    """Add the tally to a transaction being built: one Update of the hour's item, one Put for a comment.

    Call it after the transaction's own items: PynamoDB sends puts before updates, and the callers read
    their cancellation reasons by position, so these come last among their kind (no condition: never a reason).
    """
    if tally is None:
        return
    if tally.counts:
        transaction.update(DeskHourModel(tally.slot.day, hour_sk(tally.slot.start)), actions=_counter_actions(tally))
    if tally.comment is not None:
        transaction.save(DeskCommentModel.from_domain(tally.slot.day, tally.slot.start, tally.comment))


class DynamoDeskFigures(DeskFiguresRepository):
    """The day's counters and comments: one Query each, no Scan."""

    def counters(self, day: str) -> dict[int, dict[str, float]]:
        """Every hour's counters of this desk day, by the hour's start (epoch)."""
        connection = DeskHourModel._get_connection()
        found: dict[int, dict[str, float]] = {}
        last_key = None
        while True:
            page = connection.query(
                day,
                range_key_condition=DeskHourModel.sk.startswith(HOUR_PREFIX),
                consistent_read=True,
                exclusive_start_key=last_key,
            )
            for item in page.get("Items", []):
                start = int(item["sk"]["S"].removeprefix(HOUR_PREFIX))
                found[start] = {name: float(value["N"]) for name, value in item.items() if "N" in value}
            last_key = page.get("LastEvaluatedKey")
            if not last_key:
                return found

    def comments(self, day: str, limit: int) -> list[SurveyComment]:
        """The day's newest survey comments (unexpired), at most `limit`."""
        items = DeskCommentModel.query(
            day,
            range_key_condition=DeskCommentModel.sk.startswith(COMMENT_PREFIX),
            filter_condition=DeskCommentModel.expires_at > utc_now(),
            scan_index_forward=False,
            limit=limit,
            consistent_read=True,
        )
        return [item.to_domain() for item in items if is_live(item.expires_at)]


def bind_desk_figures_models(settings: Settings) -> None:
    """Point the desk figures' models at this stage's table."""
    for model in (DeskHourModel, DeskCommentModel):
        bind_model(model, settings.desk_figures_table, settings)
