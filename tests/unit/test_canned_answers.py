"""Canned answers over the in-memory fake: who may write what, search, shortcuts, and the seeded answers' validity."""
from __future__ import annotations

import json

import pytest

from chalicelib.domain.agent import AgentIdentity
from chalicelib.domain.canned_answer import CannedAnswerDraft, Scope, fold
from chalicelib.errors import ForbiddenError, InvalidFieldsError, NotFoundError, ShortcutTakenError
from chalicelib.protocol.canned_answer_request import parse_answer_update, parse_new_answer, parse_query
from chalicelib.services.canned_answers import CannedAnswers
from local.canned_answers_seed import SHARED_ANSWERS, seed_canned_answers
from tests.chat_desk import FixedClock
from tests.fakes import FakeCannedAnswers

OFFICER = AgentIdentity("agent1", "Brigadier Karim D.", frozenset({"agents"}))
COLLEAGUE = AgentIdentity("agent2", "Gardienne de la paix Léa B.", frozenset({"agents"}))
SUPERVISOR = AgentIdentity("superviseur", "Capitaine Hélène R.", frozenset({"supervisors", "agents"}))


def draft(shortcut: str = "couvre-feu", title: str = "Couvre-feu", text: str = "L'attestation est en ligne.") -> CannedAnswerDraft:
    return CannedAnswerDraft(title=title, shortcut=shortcut, text=text)


@pytest.fixture
def answers() -> CannedAnswers:
    return CannedAnswers(FakeCannedAnswers(), FixedClock())


def test_an_officer_keeps_personal_answers_that_colleagues_never_see(answers):
    mine = answers.create(OFFICER, Scope.PERSONAL, draft())
    assert (mine.scope, mine.owner, mine.updated_by) == (Scope.PERSONAL, "agent1", "agent1")
    assert mine.answer_id.startswith("p-")
    assert [a.answer_id for a in answers.list(OFFICER)] == [mine.answer_id]
    assert answers.list(COLLEAGUE) == []
    with pytest.raises(NotFoundError):
        answers.update(COLLEAGUE, mine.answer_id, draft(text="Pris"))
    with pytest.raises(NotFoundError):
        answers.delete(COLLEAGUE, mine.answer_id)


def test_only_supervisors_manage_shared_answers_and_everyone_reads_them(answers):
    with pytest.raises(ForbiddenError):
        answers.create(OFFICER, Scope.SHARED, draft())
    shared = answers.create(SUPERVISOR, Scope.SHARED, draft())
    assert (shared.owner, shared.answer_id[:2]) == (None, "s-")
    assert [a.answer_id for a in answers.list(OFFICER)] == [shared.answer_id]
    with pytest.raises(ForbiddenError):
        answers.update(OFFICER, shared.answer_id, draft(text="Modifié"))
    with pytest.raises(ForbiddenError):
        answers.delete(OFFICER, shared.answer_id)
    updated = answers.update(SUPERVISOR, shared.answer_id, draft(text="Modifié"))
    assert (updated.text, updated.updated_by) == ("Modifié", "superviseur")
    answers.delete(SUPERVISOR, shared.answer_id)
    assert answers.list(OFFICER) == []


def test_personal_answers_come_first_then_shared_each_by_shortcut(answers):
    answers.create(SUPERVISOR, Scope.SHARED, draft("b-shared"))
    answers.create(SUPERVISOR, Scope.SHARED, draft("a-shared"))
    answers.create(OFFICER, Scope.PERSONAL, draft("z-mine"))
    assert [a.shortcut for a in answers.list(OFFICER)] == ["z-mine", "a-shared", "b-shared"]


def test_a_shortcut_is_unique_per_owner_but_a_personal_one_may_shadow_a_shared_one(answers):
    answers.create(SUPERVISOR, Scope.SHARED, draft("couvre-feu"))
    with pytest.raises(ShortcutTakenError):
        answers.create(SUPERVISOR, Scope.SHARED, draft("couvre-feu"))
    answers.create(OFFICER, Scope.PERSONAL, draft("couvre-feu"))
    other = answers.create(OFFICER, Scope.PERSONAL, draft("autre"))
    with pytest.raises(ShortcutTakenError):
        answers.update(OFFICER, other.answer_id, draft("couvre-feu"))


def test_search_matches_every_word_in_title_shortcut_or_texts_ignoring_accents_and_case(answers):
    answers.create(SUPERVISOR, Scope.SHARED, draft("derogation", "Motifs de dérogation", "Travail, santé, famille."))
    answers.create(SUPERVISOR, Scope.SHARED, draft("pharos", "PHAROS", "Signalez le contenu."))
    assert [a.shortcut for a in answers.list(OFFICER, "DEROGATION")] == ["derogation"]
    assert [a.shortcut for a in answers.list(OFFICER, "santé travail")] == ["derogation"]
    assert [a.shortcut for a in answers.list(OFFICER, "contenu pharos")] == ["pharos"]
    assert answers.list(OFFICER, "perceval") == []
    assert len(answers.list(OFFICER, "  ")) == 2
    assert fold("Écoute DÉROGATION") == "ecoute derogation"


def test_an_id_guichet_never_made_is_not_found(answers):
    for answer_id in ("", "x-123", "p-short", "s-" + "0" * 33):
        with pytest.raises(NotFoundError):
            answers.delete(SUPERVISOR, answer_id)


def test_the_local_stack_seeds_a_dozen_valid_shared_answers_once():
    repository = FakeCannedAnswers()
    assert seed_canned_answers(repository) == len(SHARED_ANSWERS) >= 12
    assert seed_canned_answers(repository) == 0
    for answer in repository.shared():
        body = {"scope": "shared", "title": answer.title, "shortcut": answer.shortcut, "text": answer.text, "text_en": answer.text_en}
        scope, parsed = parse_new_answer(json.dumps(body))
        assert scope is Scope.SHARED and parsed.shortcut == answer.shortcut
    shortcuts = {a.shortcut for a in repository.shared()}
    assert {"couvre-feu", "derogation", "papiers-perdus", "plainte-en-ligne", "france-victimes", "3919", "119", "pharos", "perceval", "horaires"} <= shortcuts


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"title": "T", "shortcut": "Couvre Feu", "text": "x"}, "shortcut"),
        ({"title": "T", "shortcut": "-x", "text": "x"}, "shortcut"),
        ({"title": "T", "shortcut": "a" * 33, "text": "x"}, "shortcut"),
        ({"title": "", "shortcut": "ok", "text": "x"}, "title"),
        ({"title": "t" * 81, "shortcut": "ok", "text": "x"}, "title"),
        ({"title": "T", "shortcut": "ok", "text": "x" * 4001}, "text"),
        ({"title": "T", "shortcut": "ok", "text": "   "}, "text"),
        ({"title": 3, "shortcut": "ok", "text": "x"}, "title"),
        ({"title": "T", "shortcut": "ok", "text": "x", "scope": "everyone"}, "scope"),
        ({"title": "T", "shortcut": "ok", "text": "x", "owner": "agent2"}, "owner"),
        ({"title": "T \ud800", "shortcut": "ok", "text": "x"}, "title"),
    ],
)
def test_a_bad_body_names_its_field_in_french_and_never_echoes_the_value(body, field):
    with pytest.raises(InvalidFieldsError) as refused:
        parse_new_answer(json.dumps(body))
    assert field in refused.value.fields
    assert all("Couvre Feu" not in message and "agent2" not in message for message in refused.value.fields.values())


def test_an_update_cannot_change_the_scope_and_the_query_is_bounded():
    with pytest.raises(InvalidFieldsError):
        parse_answer_update(json.dumps({"title": "T", "shortcut": "ok", "text": "x", "scope": "shared"}))
    assert parse_query({"q": "dérogation"}) == "dérogation"
    assert parse_query({}) is None
    with pytest.raises(InvalidFieldsError):
        parse_query({"q": "x" * 101})
