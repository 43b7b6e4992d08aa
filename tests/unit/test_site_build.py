"""The generated pages are up to date with site_src/ and every citizen page carries the shared layout."""
from __future__ import annotations

from html.parser import HTMLParser

import pytest

from sitegen.build import OUTPUT, render_site

PAGES = dict(render_site())


def test_every_generated_page_is_committed_and_up_to_date():
    stale = [path for path, document in PAGES.items() if not (OUTPUT / path).exists() or (OUTPUT / path).read_text(encoding="utf-8") != document]
    assert not stale, f"run `python -m sitegen` (make site) and commit: {stale}"


def test_there_is_a_home_page_in_french_and_in_english():
    assert {"index.html", "en/index.html"} <= set(PAGES)


class _Outline(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))

    def handle_data(self, data: str) -> None:
        self.text.append(data)


@pytest.mark.parametrize("path", sorted(PAGES))
def test_each_page_has_a_language_a_main_the_emergency_numbers_and_a_quick_exit(path):
    outline = _Outline()
    outline.feed(PAGES[path])
    tags = outline.tags
    html_lang = next(attrs.get("lang") for tag, attrs in tags if tag == "html")
    assert html_lang in {"fr", "en"}
    assert sum(1 for tag, _ in tags if tag == "main") == 1
    hrefs = {attrs.get("href") for tag, attrs in tags if tag == "a"}
    assert {"tel:17", "tel:112", "sms:114"} <= hrefs
    assert any("data-quick-exit" in attrs for tag, attrs in tags if tag == "button")
    assert any(attrs.get("id") == "chat-widget" for _, attrs in tags)
    assert sum(1 for tag, _ in tags if tag == "h1") == 1
