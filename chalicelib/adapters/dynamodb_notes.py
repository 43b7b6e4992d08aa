"""Internal notes on DynamoDB: their own table (no query serving a citizen ever reads it), numbered like messages.

One transaction stores a note: the note (`sk = n#<seq>`), its dedup item (`sk = d#<officer>#<client_msg_id>`)
and the conversation's `last_note_seq` moved from n - 1 to n, so notes are gap-free and a repeat is stored once.
"""
from __future__ import annotations

from dataclasses import replace

from pynamodb.connection import Connection as DynamoDBConnection
from pynamodb.constants import ALL_OLD
from pynamodb.exceptions import DoesNotExist, TransactWriteError
from pynamodb.transactions import TransactWrite

from chalicelib.adapters.dynamodb_common import (
    CONDITION_FAILED,
    TRANSACTION_CONFLICT,
    backoff,
    is_live,
    reason_codes,
    utc_now,
)
from chalicelib.adapters.dynamodb_models import (
    LAST_NOTE_SK,
    ConversationModel,
    NoteDedupModel,
    NoteModel,
    note_dedup_sk,
    note_sk,
)
from chalicelib.domain.conversation import Conversation, Status
from chalicelib.domain.note import Note
from chalicelib.errors import ConversationClosedError, MessageSequenceConflictError, NotFoundError
from chalicelib.ports import NoteRepository

__all__ = ["DynamoNotes"]

_MAX_ATTEMPTS = 20


class DynamoNotes(NoteRepository):
    """Notes keyed by conversation; their numbers come from the conversation's `last_note_seq`."""

    def __init__(self, connection: DynamoDBConnection) -> None:
        self._connection = connection

    def add(self, conversation: Conversation, note: Note) -> tuple[Note, bool, Conversation]:
        """Store the note as the conversation's next one, once per (officer, client_msg_id)."""
        current = conversation
        for attempt in range(_MAX_ATTEMPTS):
            numbered = replace(note, seq=current.last_note_seq + 1)
            unchanged = (
                ConversationModel.last_note_seq.does_not_exist()
                if current.last_note_seq == 0
                else ConversationModel.last_note_seq == current.last_note_seq
            )
            try:
                with TransactWrite(connection=self._connection) as transaction:
                    transaction.save(NoteModel.from_domain(numbered), condition=NoteModel.sk.does_not_exist())
                    transaction.save(
                        NoteDedupModel.from_domain(numbered), condition=NoteDedupModel.sk.does_not_exist()
                    )
                    transaction.update(
                        ConversationModel(current.conversation_id),
                        actions=[ConversationModel.last_note_seq.set(numbered.seq)],
                        condition=unchanged
                        & (ConversationModel.status != Status.CLOSED.value)
                        & (ConversationModel.expires_at > utc_now()),
                        return_values=ALL_OLD,
                    )
            except TransactWriteError as exc:
                codes = reason_codes(exc)  # [note, dedup, conversation]
                if codes[1:2] == [CONDITION_FAILED]:
                    return self._stored(note), False, current
                if TRANSACTION_CONFLICT in codes:
                    backoff(attempt)
                    continue
                if codes[2:] != [CONDITION_FAILED]:
                    raise
                reason = exc.cancellation_reasons[2]
                if reason is None or not reason.raw_item:
                    raise NotFoundError("No such conversation.") from exc
                item = ConversationModel.from_raw_data(reason.raw_item)
                if not is_live(item.expires_at):
                    raise NotFoundError("No such conversation.") from exc
                current = item.to_domain()
                if not current.is_open:
                    raise ConversationClosedError() from exc
                continue
            return numbered, True, replace(current, last_note_seq=numbered.seq)
        raise MessageSequenceConflictError()

    def _stored(self, note: Note) -> Note:
        """The note an earlier add with this (officer, client_msg_id) stored."""
        try:
            dedup = NoteDedupModel.get(
                note.conversation_id, note_dedup_sk(note.author_id, note.client_msg_id), consistent_read=True
            )
            return NoteModel.get(note.conversation_id, note_sk(int(dedup.seq)), consistent_read=True).to_domain()
        except DoesNotExist:
            raise NotFoundError("No such note.") from None

    def for_conversation(self, conversation_id: str) -> list[Note]:
        """The conversation's notes, oldest first (expired ones skipped)."""
        items = NoteModel.query(
            conversation_id,
            range_key_condition=NoteModel.sk.between(note_sk(1), LAST_NOTE_SK),
            filter_condition=NoteModel.expires_at > utc_now(),
            consistent_read=True,
        )
        return [item.to_domain() for item in items]
