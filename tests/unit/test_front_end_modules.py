"""The front end as deployed: static_site/ is uploaded as it is, so every module, import and stylesheet must be there."""
from __future__ import annotations

import json
import re
from collections import Counter
from html.parser import HTMLParser
from pathlib import Path

import pytest

from sitegen.build import OUTPUT, SOURCE, render_site

COMPONENTS = OUTPUT / "components"
MODULES = sorted(p for p in COMPONENTS.rglob("*.js") if not p.name.endswith(".test.js"))
IMPORT = re.compile(r"""^\s*(?:import|export)\b[^"';]*?\bfrom\s*["']([^"']+)["']|^\s*import\s*["']([^"']+)["']""", re.MULTILINE)
PAGES = dict(render_site())


class _References(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.files: list[str] = []
        self.ids: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        if found.get("id"):
            self.ids.append(found["id"] or "")
        if tag == "script" and found.get("src"):
            self.files.append(found["src"] or "")
        if tag == "link" and found.get("rel") == "stylesheet":
            self.files.append(found.get("href") or "")


def _references(document: str) -> _References:
    parsed = _References()
    parsed.feed(document)
    return parsed


def test_there_are_components():
    assert {p.parent.name for p in MODULES} >= {"agent-console", "chat-log", "chat-widget", "i18n", "ws-client"}


@pytest.mark.parametrize("module", MODULES, ids=lambda p: str(p.relative_to(COMPONENTS)))
def test_every_import_of_a_module_is_a_file_of_the_site(module: Path):
    for match in IMPORT.finditer(module.read_text(encoding="utf-8")):
        specifier = match.group(1) or match.group(2)
        # Browsers resolve only URLs: relative paths with their extension, no bare package names.
        assert specifier.startswith(("./", "../", "/")) and specifier.endswith(".js"), (module, specifier)
        target = OUTPUT / specifier.lstrip("/") if specifier.startswith("/") else (module.parent / specifier)
        assert target.resolve().is_file(), f"{module.relative_to(OUTPUT)} imports {specifier}: no such file"


@pytest.mark.parametrize("path", [*sorted(PAGES), "agent.html", "signalements.html"])
def test_every_script_and_stylesheet_a_page_loads_is_there(path: str):
    document = PAGES.get(path) or (OUTPUT / path).read_text(encoding="utf-8")
    for reference in _references(document).files:
        if reference.startswith(("http://", "https://", "data:")):
            continue
        target = (OUTPUT / reference.lstrip("/")) if reference.startswith("/") else (OUTPUT / path).parent / reference
        assert target.resolve().is_file(), f"{path} loads {reference}: no such file"


@pytest.mark.parametrize("path", sorted(PAGES))
def test_each_page_has_the_chat_widget_once_with_unique_ids(path: str):
    ids = Counter(_references(PAGES[path]).ids)
    assert ids["cw-panel"] == 1 and ids["chat-widget"] == 1
    assert [name for name, count in ids.items() if count > 1] == []
    in_page = path in {"chat.html", "en/chat.html"}
    assert ("cw-launcher" in ids) is not in_page  # the chat page has the panel open in it, no launcher


def test_the_chat_page_has_the_panel_inside_its_slot():
    document = PAGES["chat.html"]
    slot = document.index("data-chat-widget-slot")
    assert slot < document.index('id="cw-panel"') < document.index("</main>")


def test_the_catalogues_of_both_languages_have_the_same_strings():
    catalogues = {p.stem: json.loads(p.read_text(encoding="utf-8")) for p in (SOURCE / "i18n").glob("*.json")}
    assert set(catalogues) == {"fr", "en"}
    assert sorted(set(catalogues["fr"]) ^ set(catalogues["en"])) == []
    placeholders = re.compile(r"\{[a-z_]+\}")
    for key, text in catalogues["fr"].items():
        assert sorted(placeholders.findall(text)) == sorted(placeholders.findall(catalogues["en"][key])), key


def test_every_string_the_widget_asks_for_is_in_the_catalogue():
    catalogue = json.loads((SOURCE / "i18n" / "fr.json").read_text(encoding="utf-8"))
    asked: set[str] = set()
    for module in (COMPONENTS / "chat-widget").glob("*.js"):
        if not module.name.endswith(".test.js"):
            asked |= set(re.findall(r"""\bt\(\s*"([a-z_0-9]+)"\s*[,)]""", module.read_text(encoding="utf-8")))
    assert asked and sorted(asked - set(catalogue)) == []


def test_the_officer_pages_link_to_each_other_and_have_unique_ids():
    console = (OUTPUT / "agent.html").read_text(encoding="utf-8")
    inbox = (OUTPUT / "signalements.html").read_text(encoding="utf-8")
    assert 'href="signalements.html"' in console and 'href="agent.html"' in inbox
    ids = Counter(_references(inbox).ids)
    assert [name for name, count in ids.items() if count > 1] == []
