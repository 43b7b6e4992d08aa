"""What citizens see before they queue, set live by supervisors: the pinned answer and the surge notice (French and
English, with links), and the desk's opening hours. One small record, versioned by `revision`."""
from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from urllib.parse import urlsplit

from chalicelib.domain.opening_hours import OpeningHours

__all__ = [
    "LABEL_MAX",
    "LINKS_MAX",
    "TEXT_MAX",
    "URL_MAX",
    "DeskNotices",
    "DeskSettings",
    "Notice",
    "NoticeLink",
    "is_safe_link",
]

TEXT_MAX = 500
LABEL_MAX = 80
LINKS_MAX = 5
URL_MAX = 500
# No spaces, controls or backslashes anywhere in a link (browsers read "\" as "/" and drop tabs and newlines).
_UNSAFE = re.compile(r"[\s\x00-\x1f\x7f\\]")


def is_safe_link(url: str) -> bool:
    """An `https:` address with a host, or a path of this site (`/fiches/…`, never `//host`): nothing else
    (`javascript:`, `data:`, `http:`) may reach a citizen's page."""
    if not url or len(url) > URL_MAX or _UNSAFE.search(url):
        return False
    if url.startswith("/"):
        return not url.startswith("//")
    parts = urlsplit(url)
    return parts.scheme == "https" and bool(parts.hostname) and url.lower().startswith("https://")


@dataclass(frozen=True)
class NoticeLink:
    url: str
    label_fr: str
    label_en: str


@dataclass(frozen=True)
class Notice:
    """A short text in both languages and its links; shown to citizens only while `enabled`."""

    enabled: bool = False
    text_fr: str = ""
    text_en: str = ""
    links: tuple[NoticeLink, ...] = ()

    @property
    def shown(self) -> bool:
        return self.enabled and bool(self.text_fr or self.text_en)


@dataclass(frozen=True)
class DeskNotices:
    pinned: Notice = field(default_factory=Notice)
    surge: Notice = field(default_factory=Notice)


@dataclass(frozen=True)
class DeskSettings:
    """The desk's notices and hours as last saved (`revision` 0: never saved, the stage's defaults)."""

    notices: DeskNotices
    hours: OpeningHours
    revision: int = 0
    updated_at: float | None = None
    updated_by: str | None = None

    def with_notices(self, notices: DeskNotices, by: str, now: float) -> DeskSettings:
        """The next revision with these notices."""
        return replace(self, notices=notices, revision=self.revision + 1, updated_at=now, updated_by=by)

    def with_hours(self, hours: OpeningHours, by: str, now: float) -> DeskSettings:
        """The next revision with these hours."""
        return replace(self, hours=hours, revision=self.revision + 1, updated_at=now, updated_by=by)
