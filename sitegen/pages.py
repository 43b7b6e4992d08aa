"""Hand-written pages: site_src/pages/<lang>/<name>.html, a metadata comment on the first line."""
from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

from sitegen.chat_widget import FLOATING
from sitegen.layout import Page

__all__ = ["collect_pages"]

_META_OPEN, _META_CLOSE = "<!-- page:", "-->"


def _output_for(lang: str, relative: Path) -> str:
    return relative.as_posix() if lang == "fr" else f"{lang}/{relative.as_posix()}"


def collect_pages(source: Path) -> Iterator[Page]:
    """Every page under site_src/pages, with its metadata and counterpart in the other language."""
    root = source / "pages"
    for path in sorted(root.glob("*/**/*.html")):
        lang = path.relative_to(root).parts[0]
        relative = path.relative_to(root / lang)
        first, _, body = path.read_text(encoding="utf-8").partition("\n")
        if not (first.startswith(_META_OPEN) and first.rstrip().endswith(_META_CLOSE)):
            raise ValueError(f"{path}: the first line must be <!-- page: {{json}} -->")
        meta = json.loads(first.strip()[len(_META_OPEN) : -len(_META_CLOSE)])
        other = "en" if lang == "fr" else "fr"
        counterpart = None
        if (root / other / relative).exists():
            counterpart = "/" + _output_for(other, relative).removesuffix("index.html")
        yield Page(
            page_id=meta.get("id", relative.with_suffix("").as_posix()),
            lang=lang,
            output=_output_for(lang, relative),
            title=meta["title"],
            description=meta.get("description", ""),
            body=body,
            nav=meta.get("nav", ""),
            styles=tuple(meta.get("styles", ())),
            scripts=tuple(meta.get("scripts", ())),
            counterpart=counterpart,
            chat_widget=meta.get("chat_widget", FLOATING),
        )
