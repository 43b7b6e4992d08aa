"""The desk's notices and opening hours: what every widget reads before a citizen queues, what supervisors edit live,
and the check that refuses a new conversation while the desk is closed.

Telling citizens already waiting costs the edit one write (services/queue_board.py `notices_changed`: the notices'
revision set on the queue's item with one more version). The broadcaster's next pass sends every waiting citizen
their `queue` frame as for any queue change, now carrying `notice_version`; a widget that sees a revision it does
not show reads `GET /api/desk?v=<revision>` again (cached by CloudFront per revision). No post per citizen inside
the editing request.
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from aws_lambda_powertools import Logger

from chalicelib.domain.agent import AgentIdentity
from chalicelib.domain.desk_settings import DeskNotices, DeskSettings
from chalicelib.domain.opening_hours import OpeningHours, OpeningState
from chalicelib.errors import DeskClosedError, DeskSettingsChangedError, GuichetError
from chalicelib.services.context import ChatContext
from chalicelib.services.queue_board import QueueBoard

__all__ = ["DeskEdit", "DeskSettingsService", "DeskView"]

logger = Logger(child=True)

# Two supervisors saving at the same instant: the loser reads again and applies its change on top.
_SAVE_ATTEMPTS = 3


@dataclass(frozen=True)
class DeskView:
    """The settings and whether the desk is open now."""

    settings: DeskSettings
    opening: OpeningState
    timezone: str


@dataclass(frozen=True)
class DeskEdit:
    """One supervisor's edit, as an audit trail records it: who, what, when, and the revision it made."""

    agent_id: str
    display_name: str
    action: str  # "desk_notices" | "opening_hours"
    at: float
    revision: int


class DeskSettingsService:
    def __init__(
        self, ctx: ChatContext, board: QueueBoard, record: Callable[[DeskEdit], None] | None = None
    ) -> None:
        self._ctx = ctx
        self._board = board
        # Where each edit is written to the supervisors' audit trail (None: not wired yet).
        self._record = record

    def current(self) -> DeskSettings:
        """The settings as saved, or the stage's defaults (revision 0) before any edit."""
        repository = self._ctx.storage.desk
        stored = repository.get() if repository is not None else None
        return stored or DeskSettings(notices=DeskNotices(), hours=self._ctx.default_hours)

    def view(self, settings: DeskSettings | None = None) -> DeskView:
        """These settings (default: as saved) and whether the desk is open now (what `GET /api/desk` answers)."""
        settings = settings or self.current()
        state = settings.hours.state(self._ctx.clock.now(), self._ctx.desk_timezone)
        return DeskView(settings, state, self._ctx.desk_timezone)

    def ensure_open(self) -> None:
        """DeskClosedError (with the next opening) when the desk is closed now."""
        view = self.view()
        if not view.opening.open:
            raise DeskClosedError(view.opening.next_opening)

    def set_notices(self, editor: AgentIdentity, notices: DeskNotices) -> DeskSettings:
        """Save the notices and have every waiting citizen's widget read them again."""
        saved = self._save(
            editor, "desk_notices", lambda current, now: current.with_notices(notices, editor.agent_id, now)
        )
        self._board.notices_changed(saved.revision)
        return saved

    def set_hours(self, editor: AgentIdentity, hours: OpeningHours) -> DeskSettings:
        """Save the opening hours (conversations already open are not cut; new `start`s follow them)."""
        return self._save(editor, "opening_hours", lambda current, now: current.with_hours(hours, editor.agent_id, now))

    def _save(
        self, editor: AgentIdentity, action: str, change: Callable[[DeskSettings, float], DeskSettings]
    ) -> DeskSettings:
        repository = self._ctx.storage.desk
        if repository is None:
            raise GuichetError("The desk's settings have no storage here.")
        for _ in range(_SAVE_ATTEMPTS):
            now = self._ctx.clock.now()
            updated = change(self.current(), now)
            try:
                repository.save(updated)
            except DeskSettingsChangedError:
                continue
            logger.info("desk settings saved", extra={"action": action, "revision": updated.revision})
            if self._record is not None:
                self._record(DeskEdit(editor.agent_id, editor.display_name, action, now, updated.revision))
            return updated
        raise DeskSettingsChangedError()
