"""The information sheets: the fixed slugs exist, their front matter is complete and official, links stay in the contract."""
from __future__ import annotations

import json
import re
from html.parser import HTMLParser
from urllib.parse import parse_qs, urlsplit

import pytest

from sitegen.build import OUTPUT, SOURCE, render_site
from sitegen.sheets import (
    FIELDS,
    SEARCH_INDEX,
    THEMES,
    TOPICS,
    load_sheets,
    parse_sheet,
    render_markdown,
    search_index_json,
)
from tests.orientation_schema import SHEET_SLUGS

# The URL contract: every sheet other pages (orientation, chat cards…) may link to.
SLUGS = tuple(sorted(SHEET_SLUGS))

# Official sources a sheet may cite: State domains (any *.gouv.fr) and the State's public-service portals.
OFFICIAL_DOMAINS = ("gouv.fr", "service-public.fr", "justice.fr", "legifrance.gouv.fr")

# Internal pages of the site's URL contract, with the query values each accepts (None: any value).
CONTRACT_PAGES: dict[str, dict[str, set[str] | None]] = {
    "/": {},
    "/fiches/": {"q": None},
    "/chat.html": {},
    "/unites.html": {"q": None},
    "/signaler.html": {"type": {"point-de-deal", "rodeo", "maltraitance-animale", "autre"}},
    "/orientation.html": {"start": {"victime", "signale", "informe"}},
}

SHEETS = {sheet.slug: sheet for sheet in load_sheets(SOURCE)}
PAGES = dict(render_site())


def _words(sheet) -> int:
    return len(re.sub(r"<[^>]+>", " ", render_markdown(sheet.body)).split())


def _official(url: str) -> bool:
    host = urlsplit(url).hostname or ""
    return any(host == domain or host.endswith("." + domain) for domain in OFFICIAL_DOMAINS)


class _Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.links: list[dict[str, str | None]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "a":
            self.links.append(dict(attrs))


def _links(html: str) -> list[dict[str, str | None]]:
    parser = _Links()
    parser.feed(html)
    return parser.links


def test_every_sheet_of_the_url_contract_exists_and_there_is_no_other():
    assert set(SHEETS) == set(SLUGS)
    assert len(SHEETS) >= 25


@pytest.mark.parametrize("slug", SLUGS)
def test_each_sheet_has_complete_front_matter_with_a_known_theme_and_chat_topic(slug):
    sheet = SHEETS[slug]
    for name in FIELDS:
        assert getattr(sheet, name), f"{slug}: empty {name}"
    assert sheet.theme in dict(THEMES)
    assert sheet.topic in TOPICS
    assert len(sheet.keywords) >= 5, f"{slug}: give the words people actually type"
    assert sheet.summary.endswith(".") and sheet.summary.count(". ") == 0, f"{slug}: the summary is one sentence"
    assert sheet.updated.isoformat() == "2026-11-25"


@pytest.mark.parametrize("slug", SLUGS)
def test_each_sheet_cites_an_official_source_over_https(slug):
    url = SHEETS[slug].source_url
    assert url.startswith("https://")
    assert _official(url), f"{slug}: {url} is not on {OFFICIAL_DOMAINS}"


@pytest.mark.parametrize("slug", SLUGS)
def test_each_sheet_is_a_readable_length_with_sections_and_ends_with_next_steps(slug):
    sheet = SHEETS[slug]
    assert 250 <= _words(sheet) <= 600
    headings = re.findall(r"^## (.+)$", sheet.body, re.MULTILINE)
    assert len(headings) >= 3
    assert headings[-1] == "Ce que Guichet peut faire pour vous"


@pytest.mark.parametrize("slug", SLUGS)
def test_every_internal_link_of_a_sheet_points_to_a_sheet_or_a_page_of_the_contract(slug):
    for link in _links(render_markdown(SHEETS[slug].body, SHEETS[slug].topic)):
        href = link.get("href") or ""
        assert href, f"{slug}: a link without a usable href"
        if href.startswith("https://"):
            continue
        assert href.startswith("/"), f"{slug}: {href} is neither https nor a site path"
        parts = urlsplit(href)
        if parts.path.startswith("/fiches/") and parts.path != "/fiches/":
            assert re.fullmatch(r"/fiches/([a-z0-9-]+)\.html", parts.path), href
            assert parts.path[len("/fiches/") : -len(".html")] in SHEETS, f"{slug}: no sheet at {href}"
            assert not parts.query, href
            continue
        assert parts.path in CONTRACT_PAGES, f"{slug}: {href} is not a page of the URL contract"
        accepted = CONTRACT_PAGES[parts.path]
        for key, values in parse_qs(parts.query).items():
            assert key in accepted, f"{slug}: {href} has an unknown parameter {key}"
            allowed = accepted[key]
            assert allowed is None or set(values) <= allowed, f"{slug}: {href}"


@pytest.mark.parametrize("slug", SLUGS)
def test_links_to_the_chat_page_open_the_chat_widget_on_the_sheets_topic(slug):
    chat_links = [link for link in _links(render_markdown(SHEETS[slug].body, SHEETS[slug].topic)) if link.get("href") == "/chat.html"]
    assert chat_links, f"{slug}: offer the chat among the next steps"
    assert all(link.get("data-open-chat") == SHEETS[slug].topic for link in chat_links)


def test_raw_html_in_markdown_comes_out_escaped_not_executed():
    html = render_markdown(
        'Avant <script>alert("x")</script> après\n\n<div onclick="x()">bloc</div>\n\n<img src=x onerror=alert(1)>\n'
    )
    assert "<script" not in html and "<div" not in html and "<img" not in html
    assert "&lt;script&gt;" in html and "&lt;div" in html


def test_links_with_a_dangerous_scheme_lose_their_target():
    html = render_markdown("[piège](javascript:alert(1)) et [données](data:text/html,x)")
    assert "javascript:" not in html and "data:text" not in html


def test_external_links_get_noopener_and_tables_and_lists_render():
    html = render_markdown("| a | b |\n| --- | --- |\n| 1 | 2 |\n\n1. un\n2. deux\n\n[Site](https://www.service-public.fr/)")
    assert "<table>" in html and "<ol>" in html
    assert 'rel="noopener"' in html


def test_a_sheet_with_a_missing_field_or_an_h1_in_its_body_is_refused():
    complete = "\n".join(
        [
            "---",
            "title: T",
            "summary: S.",
            "keywords: a, b",
            "theme: demarches",
            "topic: autre",
            "source_name: Service-Public.fr",
            "source_url: https://www.service-public.fr/",
            "updated: 2026-11-25",
            "---",
            "## Titre",
            "Texte.",
        ]
    )
    assert parse_sheet("exemple", complete).source_url == "https://www.service-public.fr/"
    with pytest.raises(ValueError, match="summary"):
        parse_sheet("exemple", complete.replace("summary: S.\n", ""))
    with pytest.raises(ValueError, match="h1"):
        parse_sheet("exemple", complete.replace("## Titre", "# Titre"))
    with pytest.raises(ValueError, match="topic"):
        parse_sheet("exemple", complete.replace("topic: autre", "topic: météo"))


@pytest.mark.parametrize("slug", SLUGS)
def test_each_sheet_page_shows_its_source_its_date_and_the_ask_an_officer_button(slug):
    sheet = SHEETS[slug]
    page = PAGES[f"fiches/{slug}.html"]
    assert page.count("<h1") == 1
    assert f'Source officielle : <a href="{sheet.source_url}" rel="noopener">' in page
    assert "Mis à jour le" in page
    assert f'<button type="button" class="button" data-open-chat="{sheet.topic}">Poser la question à un policier</button>' in page


def test_the_index_page_lists_every_sheet_grouped_by_theme_behind_a_labelled_search():
    page = PAGES["fiches/index.html"]
    assert "<h1>Je m'informe</h1>" in page
    assert '<label class="label" for="fiches-q">' in page and 'id="fiches-q"' in page
    assert 'role="status"' in page and 'aria-live="polite"' in page
    for slug in SLUGS:
        assert f'href="/fiches/{slug}.html"' in page
    assert page.count('class="sheet-group"') == len({s.theme for s in SHEETS.values()})
    assert "/components/sheet-search/sheet-search.js" in page and "/css/sheets.css" in page


def test_the_search_index_lists_every_sheet_and_is_up_to_date():
    committed = (OUTPUT / SEARCH_INDEX).read_text(encoding="utf-8")
    assert committed == search_index_json(SOURCE), "run `python -m sitegen` (make site) and commit"
    entries = {entry["slug"]: entry for entry in json.loads(committed)["sheets"]}
    assert set(entries) == set(SLUGS)
    for slug, entry in entries.items():
        assert entry["title"] == SHEETS[slug].title
        assert entry["keywords"] == list(SHEETS[slug].keywords)
        assert entry["excerpt"] and "<" not in entry["excerpt"]
        assert entry["words"] == entry["words"].lower() and "é" not in entry["words"]


def test_the_search_words_find_the_sheets_people_look_for():
    entries = {e["slug"]: e for e in json.loads(search_index_json(SOURCE))["sheets"]}

    def fold(text: str) -> str:
        import unicodedata

        bare = "".join(c for c in unicodedata.normalize("NFD", text.lower()) if not unicodedata.combining(c))
        return " ".join(re.sub(r"[^a-z0-9]+", " ", bare).split())

    def found(slug: str, query: str) -> bool:
        haystack = " " + fold(" ".join([entries[slug]["title"], " ".join(entries[slug]["keywords"]), entries[slug]["words"]]))
        return all(" " + word in haystack for word in fold(query).split())

    assert found("papiers-perdus-voles", "carte identite")
    assert found("escroquerie-en-ligne", "arnaque")
    assert found("faux-conseiller-bancaire", "arnaque")
    assert found("procuration-vote", "procuration")
    assert found("violences-conjugales", "3919")
