"""Canned answers on DynamoDB: one table, partitioned by owner, so listing an officer's answers is two queries.

Items (no TTL: answers hold no personal data, they live until deleted):
- `owner = "shared"` or `"agent#<agent_id>"`, `sk = "a#<answer_id>"`: an answer;
- same partition, `sk = "k#<shortcut>"`: the claim that makes a shortcut unique among its owner's answers,
  written in the same transaction as the answer.
A personal answer lives in its officer's partition: another officer's requests never reach it.
"""
from __future__ import annotations

from pynamodb.attributes import NumberAttribute, UnicodeAttribute
from pynamodb.connection import Connection as DynamoDBConnection
from pynamodb.exceptions import DoesNotExist, PutError, TransactWriteError
from pynamodb.models import Model
from pynamodb.transactions import TransactWrite

from chalicelib.adapters.dynamodb_common import (
    CONDITION_FAILED,
    bind_model,
    condition_failed,
    reason_codes,
    transaction_connection,
)
from chalicelib.config import Settings
from chalicelib.domain.canned_answer import CannedAnswer, Scope
from chalicelib.errors import NotFoundError, ShortcutTakenError
from chalicelib.ports import CannedAnswerRepository

__all__ = [
    "CannedAnswerModel",
    "DynamoCannedAnswers",
    "ShortcutClaimModel",
    "bind_canned_answer_models",
    "dynamodb_canned_answers",
]

SHARED_OWNER = "shared"
ANSWER_PREFIX = "a#"
SHORTCUT_PREFIX = "k#"


def _owner_key(owner: str | None) -> str:
    return SHARED_OWNER if owner is None else f"agent#{owner}"


class CannedAnswerModel(Model):
    """An answer: owner = "shared" or "agent#<id>", sk = "a#<answer_id>"."""

    class Meta:
        pass

    owner = UnicodeAttribute(hash_key=True)
    sk = UnicodeAttribute(range_key=True)
    answer_id = UnicodeAttribute()
    scope = UnicodeAttribute()
    agent_id = UnicodeAttribute(null=True)
    title = UnicodeAttribute()
    shortcut = UnicodeAttribute()
    text = UnicodeAttribute()
    text_en = UnicodeAttribute(null=True)
    updated_at = NumberAttribute()
    updated_by = UnicodeAttribute()

    @classmethod
    def from_domain(cls, answer: CannedAnswer) -> CannedAnswerModel:
        """The item for an answer, in its owner's partition."""
        return cls(
            _owner_key(answer.owner),
            ANSWER_PREFIX + answer.answer_id,
            answer_id=answer.answer_id,
            scope=answer.scope.value,
            agent_id=answer.owner,
            title=answer.title,
            shortcut=answer.shortcut,
            text=answer.text,
            text_en=answer.text_en,
            updated_at=answer.updated_at,
            updated_by=answer.updated_by,
        )

    def to_domain(self) -> CannedAnswer:
        """The answer this item holds."""
        return CannedAnswer(
            answer_id=self.answer_id,
            scope=Scope(self.scope),
            owner=self.agent_id,
            title=self.title,
            shortcut=self.shortcut,
            text=self.text,
            text_en=self.text_en,
            updated_at=self.updated_at,
            updated_by=self.updated_by,
        )


class ShortcutClaimModel(Model):
    """In the same table: sk = "k#<shortcut>" names the answer that uses this shortcut in this partition."""

    class Meta:
        pass

    owner = UnicodeAttribute(hash_key=True)
    sk = UnicodeAttribute(range_key=True)
    answer_id = UnicodeAttribute()

    @classmethod
    def of(cls, answer: CannedAnswer) -> ShortcutClaimModel:
        """The claim of an answer's shortcut."""
        return cls(_owner_key(answer.owner), SHORTCUT_PREFIX + answer.shortcut, answer_id=answer.answer_id)


class DynamoCannedAnswers(CannedAnswerRepository):
    """Shared and personal canned answers; shortcuts unique per owner, by a claim item in the same transaction."""

    def __init__(self, connection: DynamoDBConnection) -> None:
        self._connection = connection

    def shared(self) -> list[CannedAnswer]:
        """Every shared answer."""
        return self._partition(None)

    def personal(self, agent_id: str) -> list[CannedAnswer]:
        """This officer's own answers."""
        return self._partition(agent_id)

    def _partition(self, owner: str | None) -> list[CannedAnswer]:
        items = CannedAnswerModel.query(
            _owner_key(owner),
            range_key_condition=CannedAnswerModel.sk.startswith(ANSWER_PREFIX),
            consistent_read=True,
        )
        return [item.to_domain() for item in items]

    def get(self, answer_id: str, owner: str | None) -> CannedAnswer | None:
        """The answer in this owner's partition, if any."""
        try:
            return CannedAnswerModel.get(
                _owner_key(owner), ANSWER_PREFIX + answer_id, consistent_read=True
            ).to_domain()
        except DoesNotExist:
            return None

    def add(self, answer: CannedAnswer) -> None:
        """Store a new answer and claim its shortcut, in one transaction."""
        try:
            with TransactWrite(connection=self._connection) as transaction:
                transaction.save(CannedAnswerModel.from_domain(answer), condition=CannedAnswerModel.sk.does_not_exist())
                transaction.save(ShortcutClaimModel.of(answer), condition=ShortcutClaimModel.sk.does_not_exist())
        except TransactWriteError as exc:
            if reason_codes(exc)[1:2] == [CONDITION_FAILED]:  # [answer, claim]
                raise ShortcutTakenError() from exc
            raise

    def replace(self, previous: CannedAnswer, answer: CannedAnswer) -> None:
        """Store the new version; a new shortcut moves the claim in the same transaction."""
        item = CannedAnswerModel.from_domain(answer)
        if previous.shortcut == answer.shortcut:
            try:
                item.save(condition=CannedAnswerModel.sk.exists())
            except PutError as exc:
                if condition_failed(exc):
                    raise NotFoundError("No such canned answer.") from exc
                raise
            return
        try:
            with TransactWrite(connection=self._connection) as transaction:
                transaction.delete(
                    ShortcutClaimModel.of(previous), condition=ShortcutClaimModel.answer_id == answer.answer_id
                )
                transaction.save(ShortcutClaimModel.of(answer), condition=ShortcutClaimModel.sk.does_not_exist())
                transaction.save(item, condition=CannedAnswerModel.sk.exists())
        except TransactWriteError as exc:
            codes = reason_codes(exc)  # [old claim (deletes first), new claim, answer]
            if codes[1:2] == [CONDITION_FAILED]:
                raise ShortcutTakenError() from exc
            if CONDITION_FAILED in codes:
                raise NotFoundError("This canned answer was changed or deleted meanwhile.") from exc
            raise

    def remove(self, answer: CannedAnswer) -> None:
        """Delete the answer and free its shortcut, in one transaction."""
        try:
            with TransactWrite(connection=self._connection) as transaction:
                transaction.delete(CannedAnswerModel.from_domain(answer))
                # Only this answer's claim: under a concurrent edit the shortcut may belong to another one now.
                transaction.delete(
                    ShortcutClaimModel.of(answer), condition=ShortcutClaimModel.answer_id == answer.answer_id
                )
        except TransactWriteError as exc:
            if CONDITION_FAILED not in reason_codes(exc):
                raise
            CannedAnswerModel.from_domain(answer).delete()


def bind_canned_answer_models(settings: Settings) -> None:
    """Point the canned-answer models at this stage's table, host and region."""
    for model in (CannedAnswerModel, ShortcutClaimModel):
        bind_model(model, settings.canned_answers_table, settings)


def dynamodb_canned_answers(settings: Settings) -> DynamoCannedAnswers:
    """The DynamoDB canned answers of this stage."""
    bind_canned_answer_models(settings)
    return DynamoCannedAnswers(transaction_connection(settings.region, settings.dynamodb_host))
