"""Canned answers: an officer's own and the desk's shared ones, listed, searched and managed without a redeploy."""
from __future__ import annotations

from aws_lambda_powertools import Logger

from chalicelib.domain.agent import AgentIdentity
from chalicelib.domain.canned_answer import CannedAnswer, CannedAnswerDraft, Scope, ensure_may_write, scope_of
from chalicelib.domain.clock import Clock
from chalicelib.errors import NotFoundError
from chalicelib.ports import CannedAnswerRepository

__all__ = ["CannedAnswers"]

logger = Logger(child=True)


class CannedAnswers:
    """The use cases behind `/api/agent/canned-answers`; shared answers are the supervisors' to manage."""

    def __init__(self, answers: CannedAnswerRepository, clock: Clock) -> None:
        self._answers = answers
        self._clock = clock

    def list(self, officer: AgentIdentity, query: str | None = None) -> list[CannedAnswer]:
        """The officer's own answers, then the shared ones, each by shortcut; only those matching `query`."""
        personal = sorted(self._answers.personal(officer.agent_id), key=lambda a: a.shortcut)
        shared = sorted(self._answers.shared(), key=lambda a: a.shortcut)
        answers = personal + shared
        return [a for a in answers if a.matches(query)] if query and query.strip() else answers

    def create(self, officer: AgentIdentity, scope: Scope, draft: CannedAnswerDraft) -> CannedAnswer:
        """A new answer (a shared one only by a supervisor); ShortcutTakenError if its shortcut is in use."""
        answer = CannedAnswer.new(scope, draft, officer, self._clock.now())
        self._answers.add(answer)
        logger.info("canned answer created", extra={"scope": scope.value})
        return answer

    def update(self, officer: AgentIdentity, answer_id: str, draft: CannedAnswerDraft) -> CannedAnswer:
        """Rewrite an answer: the officer's own, or a shared one by a supervisor."""
        previous = self._find(officer, answer_id)
        answer = previous.edited(draft, officer, self._clock.now())
        self._answers.replace(previous, answer)
        logger.info("canned answer updated", extra={"scope": answer.scope.value})
        return answer

    def delete(self, officer: AgentIdentity, answer_id: str) -> None:
        """Delete an answer: the officer's own, or a shared one by a supervisor."""
        answer = self._find(officer, answer_id)
        ensure_may_write(answer.scope, officer)
        self._answers.remove(answer)
        logger.info("canned answer deleted", extra={"scope": answer.scope.value})

    def _find(self, officer: AgentIdentity, answer_id: str) -> CannedAnswer:
        """The answer this officer may reach under this id: their own, or a shared one; NotFoundError otherwise."""
        scope = scope_of(answer_id)
        answer = self._answers.get(answer_id, officer.agent_id if scope is Scope.PERSONAL else None)
        if answer is None:
            raise NotFoundError("No such canned answer.")
        return answer
