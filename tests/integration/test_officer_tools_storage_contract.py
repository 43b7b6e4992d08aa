"""Notes, cards and canned answers: one contract, two implementations (the in-memory fakes and DynamoDB on moto)."""
from __future__ import annotations

import time
import uuid
from collections.abc import Iterator

import pytest

from chalicelib.adapters.dynamodb_canned_answers import dynamodb_canned_answers
from chalicelib.domain.agent import AgentIdentity
from chalicelib.domain.canned_answer import CannedAnswer, CannedAnswerDraft, Scope
from chalicelib.domain.connection import Connection, Role
from chalicelib.domain.conversation import Author, ClosedBy, Conversation, new_resume_token
from chalicelib.domain.note import Note
from chalicelib.domain.orientation import CardKind, CardRef
from chalicelib.domain.retention import Retention
from chalicelib.errors import ConversationClosedError, NotFoundError, ShortcutTakenError
from chalicelib.ports import CannedAnswerRepository, Storage
from tests.fakes import FakeCannedAnswers
from tests.integration.conftest import TEST_SETTINGS

RETENTION = Retention()
SUPERVISOR = AgentIdentity("sup1", "Capitaine Hélène R.", frozenset({"supervisors"}))
OFFICER = AgentIdentity("agent1", "Brigadier Karim D.", frozenset({"agents"}))


def a_conversation(storage: Storage) -> Conversation:
    now = time.time()
    conversation = Conversation.open("autre", "fr", new_resume_token(), f"ws-{uuid.uuid4().hex[:8]}", now, RETENTION.expires_at(now))
    storage.conversations.add(conversation)
    return conversation


def a_note(conversation: Conversation, client_msg_id: str = "n1", author: str = "agent1", text: str = "À rappeler") -> Note:
    now = time.time()
    return Note(conversation.conversation_id, 0, author, f"Officer {author}", text, now, client_msg_id, RETENTION.expires_at(now))


class TestNotesContract:
    def test_notes_are_numbered_from_one_in_order_and_read_back(self, storage: Storage) -> None:
        conversation = a_conversation(storage)
        first, created, conversation = storage.notes.add(conversation, a_note(conversation, "n1", text="un"))
        second, _, conversation = storage.notes.add(conversation, a_note(conversation, "n2", text="deux"))
        assert created and (first.note_id, second.note_id) == ("0000000001", "0000000002")
        assert [n.text for n in storage.notes.for_conversation(conversation.conversation_id)] == ["un", "deux"]
        assert storage.conversations.get(conversation.conversation_id).last_note_seq == 2

    def test_a_stale_copy_of_the_conversation_still_gets_the_next_number(self, storage: Storage) -> None:
        stale = a_conversation(storage)
        storage.notes.add(stale, a_note(stale, "n1"))
        note, created, _ = storage.notes.add(stale, a_note(stale, "n2"))
        assert created and note.seq == 2

    def test_a_repeat_is_stored_once(self, storage: Storage) -> None:
        conversation = a_conversation(storage)
        first, _, conversation = storage.notes.add(conversation, a_note(conversation, "n1", text="une fois"))
        again, created, _ = storage.notes.add(conversation, a_note(conversation, "n1", text="une fois"))
        assert not created and again.seq == first.seq
        assert len(storage.notes.for_conversation(conversation.conversation_id)) == 1

    def test_the_same_client_msg_id_from_two_officers_is_two_notes(self, storage: Storage) -> None:
        conversation = a_conversation(storage)
        _, _, conversation = storage.notes.add(conversation, a_note(conversation, "n1", author="agent1"))
        _, created, _ = storage.notes.add(conversation, a_note(conversation, "n1", author="sup1"))
        assert created

    def test_no_note_once_the_conversation_is_closed(self, storage: Storage) -> None:
        conversation = a_conversation(storage)
        storage.conversations.close(conversation.conversation_id, ClosedBy.CITIZEN, "abandoned", time.time())
        with pytest.raises(ConversationClosedError):
            storage.notes.add(conversation, a_note(conversation))

    def test_notes_never_appear_among_the_messages(self, storage: Storage) -> None:
        conversation = a_conversation(storage)
        _, _, conversation = storage.notes.add(conversation, a_note(conversation))
        assert storage.messages.after(conversation.conversation_id, None) == []

    def test_a_card_message_keeps_its_card(self, storage: Storage) -> None:
        conversation = a_conversation(storage)
        now = time.time()
        card = CardRef(CardKind.SERVICE, "pharos")
        message, created, _ = storage.messages.append(
            conversation, Author.CITIZEN, "PHAROS", "k1", now, RETENTION.expires_at(now), card=card
        )
        assert created and message.card == card
        [stored] = storage.messages.after(conversation.conversation_id, None)
        assert (stored.card, stored.text) == (card, "PHAROS")

    def test_an_officers_connection_remembers_whether_they_supervise(self, storage: Storage) -> None:
        now = time.time()
        row = Connection("ws-sup", Role.AGENT, now, RETENTION.connection_expires_at(now), agent_id="sup1", supervisor=True, display_name="Capitaine Hélène R.")
        storage.connections.add(row)
        assert storage.connections.get("ws-sup") == row


@pytest.fixture
def dynamo_canned(dynamo_storage: Storage) -> CannedAnswerRepository:
    return dynamodb_canned_answers(TEST_SETTINGS)


@pytest.fixture(params=["fake", "dynamodb"])
def canned(request: pytest.FixtureRequest) -> Iterator[CannedAnswerRepository]:
    yield FakeCannedAnswers() if request.param == "fake" else request.getfixturevalue("dynamo_canned")


def an_answer(scope: Scope = Scope.SHARED, shortcut: str = "couvre-feu", by: AgentIdentity = SUPERVISOR) -> CannedAnswer:
    return CannedAnswer.new(scope, CannedAnswerDraft("Couvre-feu", shortcut, "L'attestation.", "The certificate."), by, time.time())


class TestCannedAnswersContract:
    def test_an_answer_is_stored_and_read_back_in_its_owners_list(self, canned: CannedAnswerRepository) -> None:
        shared = an_answer()
        mine = an_answer(Scope.PERSONAL, "perso", OFFICER)
        canned.add(shared)
        canned.add(mine)
        assert canned.shared() == [shared]
        assert canned.personal("agent1") == [mine]
        assert canned.personal("agent2") == []
        assert canned.get(shared.answer_id, None) == shared
        assert canned.get(mine.answer_id, "agent1") == mine
        assert canned.get(mine.answer_id, "agent2") is None

    def test_a_shortcut_is_unique_per_owner(self, canned: CannedAnswerRepository) -> None:
        canned.add(an_answer())
        with pytest.raises(ShortcutTakenError):
            canned.add(an_answer())
        canned.add(an_answer(Scope.PERSONAL, "couvre-feu", OFFICER))
        assert len(canned.shared()) == 1

    def test_replacing_moves_the_shortcut_and_frees_the_old_one(self, canned: CannedAnswerRepository) -> None:
        first = an_answer(shortcut="old")
        canned.add(first)
        renamed = first.edited(CannedAnswerDraft("Nouveau", "new", "Texte"), SUPERVISOR, time.time())
        canned.replace(first, renamed)
        assert canned.get(first.answer_id, None) == renamed
        canned.add(an_answer(shortcut="old"))
        taken = an_answer(shortcut="other")
        canned.add(taken)
        with pytest.raises(ShortcutTakenError):
            canned.replace(taken, taken.edited(CannedAnswerDraft("T", "new", "x"), SUPERVISOR, time.time()))

    def test_replacing_a_deleted_answer_is_not_found(self, canned: CannedAnswerRepository) -> None:
        answer = an_answer()
        canned.add(answer)
        canned.remove(answer)
        with pytest.raises(NotFoundError):
            canned.replace(answer, answer.edited(CannedAnswerDraft("T", "couvre-feu", "x"), SUPERVISOR, time.time()))
        with pytest.raises(NotFoundError):
            canned.replace(answer, answer.edited(CannedAnswerDraft("T", "renamed", "x"), SUPERVISOR, time.time()))

    def test_removing_frees_the_shortcut(self, canned: CannedAnswerRepository) -> None:
        answer = an_answer()
        canned.add(answer)
        canned.remove(answer)
        canned.remove(answer)
        assert canned.shared() == []
        canned.add(an_answer())
