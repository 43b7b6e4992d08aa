"""The one page layout: header, navigation, emergency band, chat widget mount, footer."""
from __future__ import annotations

import html
import json
import re
import textwrap
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from sitegen.chat_widget import FLOATING, IN_PAGE, PANEL_MARKER, ChatWidgetMarkup

__all__ = ["NAV", "Layout", "Page", "escape"]


def escape(text: str) -> str:
    """Escape for HTML text and double-quoted attributes (apostrophes stay readable)."""
    return html.escape(text, quote=False).replace('"', "&quot;")

# (id, href, i18n key) per language. The chat entry opens the widget rather than leaving the page.
NAV: Mapping[str, tuple[tuple[str, str, str], ...]] = {
    "fr": (
        ("victime", "/orientation.html?start=victime", "nav_victime"),
        ("signale", "/orientation.html?start=signale", "nav_signale"),
        ("informe", "/fiches/", "nav_informe"),
        ("unites", "/unites.html", "nav_unites"),
        ("chat", "/chat.html", "nav_chat"),
    ),
    "en": (
        ("unites", "/unites.html", "nav_unites"),
        ("chat", "/en/chat.html", "nav_chat"),
    ),
}

_PLACEHOLDER = re.compile(r"\{\{([a-z_0-9]+)(?::([a-z_0-9]+))?(\|raw)?\}\}")


@dataclass(frozen=True)
class Page:
    """One page to render: its body fragment and what the layout needs to know about it."""

    page_id: str
    lang: str
    output: str  # path under static_site/, e.g. "index.html", "en/index.html", "fiches/vol.html"
    title: str
    description: str
    body: str
    nav: str = ""
    styles: tuple[str, ...] = ()
    scripts: tuple[str, ...] = ()
    counterpart: str | None = None  # the same page in the other language
    chat_widget: str = FLOATING  # IN_PAGE: the page body holds the open chat panel where it says {{chat_panel}}
    extra: Mapping[str, str] = field(default_factory=dict)


class Layout:
    def __init__(self, template: str, strings: Mapping[str, Mapping[str, str]], chat_widget: ChatWidgetMarkup) -> None:
        self._template = template
        self._strings = strings
        self._chat_widget = chat_widget

    @classmethod
    def load(cls, source: Path) -> Layout:
        """The layout, the chat widget's markup and the interface strings (the one catalogue) under site_src/."""
        strings = {p.stem: json.loads(p.read_text(encoding="utf-8")) for p in sorted((source / "i18n").glob("*.json"))}
        return cls((source / "layout.html").read_text(encoding="utf-8"), strings, ChatWidgetMarkup.load(source))

    @property
    def languages(self) -> tuple[str, ...]:
        return tuple(self._strings)

    def render(self, page: Page) -> str:
        """The complete HTML document for a page."""
        strings = self._strings[page.lang]
        other = "en" if page.lang == "fr" else "fr"
        values = {
            "lang": page.lang,
            "title": page.title,
            "description": page.description,
            "page_id": page.page_id,
            "home_href": "/" if page.lang == "fr" else "/en/",
            "other_lang": other,
            "other_href": page.counterpart or ("/" if other == "fr" else "/en/"),
        }
        raw = {
            "nav": self._nav(page),
            "styles": "\n".join(f'  <link rel="stylesheet" href="{escape(s)}">' for s in page.styles),
            "scripts": "\n".join(_script_tag(s) for s in page.scripts),
            "i18n_json": json.dumps(strings, ensure_ascii=False, sort_keys=True).replace("</", "<\\/"),
        }

        def fill_with(extra: Mapping[str, str]) -> Callable[[re.Match[str]], str]:
            def fill(match: re.Match[str]) -> str:
                name, key, keep_raw = match.group(1), match.group(2), match.group(3)
                if name == "t":
                    text = strings[key]
                    return text if keep_raw else escape(text)
                if name in extra:
                    return extra[name]
                if name in raw:
                    return raw[name]
                return escape(values[name])

            return fill

        def render_part(template: str, extra: Mapping[str, str]) -> str:
            return _PLACEHOLDER.sub(fill_with(extra), template)

        mount, panel = self._chat_widget.render(page.chat_widget, page.lang, render_part)
        body = page.body.rstrip("\n")
        if page.chat_widget == IN_PAGE:
            if PANEL_MARKER not in body:
                raise ValueError(f"{page.output}: an in-page chat widget needs {PANEL_MARKER} in the body")
            marker_line = next(line for line in body.splitlines() if PANEL_MARKER in line)
            indent = marker_line[: len(marker_line) - len(marker_line.lstrip())]
            body = body.replace(marker_line, textwrap.indent(panel, indent))
        raw["body"] = body
        raw["chat_widget"] = mount
        return render_part(self._template, {})

    def _nav(self, page: Page) -> str:
        strings = self._strings[page.lang]
        items = []
        for nav_id, href, key in NAV[page.lang]:
            current = ' aria-current="page"' if nav_id == page.nav else ""
            items.append(
                f'        <li><a href="{escape(href)}"{current}>{escape(strings[key])}</a></li>'
            )
        return "\n".join(items)


def _script_tag(src: str) -> str:
    """A page's script: ES modules (under /components/) load as modules, the others deferred."""
    if src.startswith("/components/"):
        return f'  <script type="module" src="{escape(src)}"></script>'
    return f'  <script src="{escape(src)}" defer></script>'
