"""The desk's notices and opening hours on DynamoDB: one item of the stats table, `stat = "desk"`.

The notices are one JSON attribute (two notices, each at most a few KB), the hours their setting's text
(`mon=08:00-20:00,…`). A save is a PutItem conditioned on the revision it follows, so two supervisors saving at
once cannot lose an edit silently: the second is told (DeskSettingsChangedError) and the service reads again.
"""
from __future__ import annotations

import json
from typing import Any

from pynamodb.attributes import NumberAttribute, UnicodeAttribute
from pynamodb.exceptions import DoesNotExist, PutError
from pynamodb.models import Model

from chalicelib.adapters.dynamodb_common import bind_model, condition_failed
from chalicelib.config import Settings
from chalicelib.domain.desk_settings import DeskNotices, DeskSettings, Notice, NoticeLink
from chalicelib.domain.opening_hours import OpeningHours
from chalicelib.errors import DeskSettingsChangedError
from chalicelib.ports import DeskSettingsRepository

__all__ = ["DESK_STAT", "DeskSettingsModel", "DynamoDeskSettings", "dynamodb_desk_settings"]

DESK_STAT = "desk"


def _notice_to_json(notice: Notice) -> dict[str, Any]:
    return {
        "enabled": notice.enabled,
        "text_fr": notice.text_fr,
        "text_en": notice.text_en,
        "links": [{"url": link.url, "label_fr": link.label_fr, "label_en": link.label_en} for link in notice.links],
    }


def _notice_from_json(data: dict[str, Any]) -> Notice:
    return Notice(
        enabled=bool(data.get("enabled")),
        text_fr=str(data.get("text_fr", "")),
        text_en=str(data.get("text_en", "")),
        links=tuple(NoticeLink(str(x["url"]), str(x["label_fr"]), str(x["label_en"])) for x in data.get("links", [])),
    )


class DeskSettingsModel(Model):
    """In the stats table: the desk's settings, one item."""

    class Meta:
        table_name = "guichet-stats"

    stat = UnicodeAttribute(hash_key=True)
    revision = NumberAttribute()
    notices = UnicodeAttribute()
    hours = UnicodeAttribute()
    updated_at = NumberAttribute(null=True)
    updated_by = UnicodeAttribute(null=True)

    @classmethod
    def from_domain(cls, settings: DeskSettings) -> DeskSettingsModel:
        """The item holding these settings."""
        notices = {"pinned": _notice_to_json(settings.notices.pinned), "surge": _notice_to_json(settings.notices.surge)}
        return cls(
            DESK_STAT,
            revision=settings.revision,
            notices=json.dumps(notices, ensure_ascii=False, separators=(",", ":")),
            hours=settings.hours.to_text(),
            updated_at=settings.updated_at,
            updated_by=settings.updated_by,
        )

    def to_domain(self) -> DeskSettings:
        """The settings this item holds."""
        notices = json.loads(self.notices)
        return DeskSettings(
            notices=DeskNotices(_notice_from_json(notices["pinned"]), _notice_from_json(notices["surge"])),
            hours=OpeningHours.parse(self.hours),
            revision=int(self.revision),
            updated_at=float(self.updated_at) if self.updated_at is not None else None,
            updated_by=self.updated_by,
        )


class DynamoDeskSettings(DeskSettingsRepository):
    def get(self) -> DeskSettings | None:
        """The settings as last saved (a strongly consistent read); None before any save."""
        try:
            return DeskSettingsModel.get(DESK_STAT, consistent_read=True).to_domain()
        except DoesNotExist:
            return None

    def save(self, settings: DeskSettings) -> None:
        """PutItem if the stored revision is the one before (or none is stored, for revision 1)."""
        previous = settings.revision - 1
        condition = (
            DeskSettingsModel.stat.does_not_exist() if previous == 0 else DeskSettingsModel.revision == previous
        )
        try:
            DeskSettingsModel.from_domain(settings).save(condition=condition)
        except PutError as exc:
            if condition_failed(exc):
                raise DeskSettingsChangedError() from exc
            raise


def dynamodb_desk_settings(settings: Settings) -> DynamoDeskSettings:
    """The desk's settings in this stage's stats table."""
    bind_model(DeskSettingsModel, settings.stats_table, settings)
    return DynamoDeskSettings()
