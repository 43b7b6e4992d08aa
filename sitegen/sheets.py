"""Information sheets ("Je m'informe"): site_src/fiches/<slug>.md → fiches/<slug>.html, the index and its search data."""
from __future__ import annotations

import json
import re
import unicodedata
import xml.etree.ElementTree as etree  # noqa: N813 (the usual name for ElementTree)
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import markdown
from markdown.extensions import Extension
from markdown.treeprocessors import Treeprocessor

from sitegen.layout import Page, escape

__all__ = [
    "FIELDS",
    "THEMES",
    "TOPICS",
    "Sheet",
    "SheetError",
    "load_sheets",
    "parse_sheet",
    "render_markdown",
    "search_index",
    "search_index_json",
    "sheet_pages",
    "write_search_index",
]

# Front matter keys every sheet must have (site_src/fiches/README.md explains each).
FIELDS = ("title", "summary", "keywords", "theme", "topic", "source_name", "source_url", "updated")

# Themes in the order the index lists them: (id, heading).
THEMES: tuple[tuple[str, str], ...] = (
    ("demarches", "Démarches et papiers"),
    ("plainte", "Porter plainte, être aidé"),
    ("arnaques", "Arnaques et fraudes"),
    ("violences", "Violences et harcèlement"),
    ("vols", "Vols et cambriolages"),
    ("signaler", "Signaler un fait"),
    ("quotidien", "Route et vie quotidienne"),
)

# Chat topics the "ask an officer" button may open (the chat widget's topic ids).
TOPICS = ("demarches", "victime", "signalement", "escroquerie", "violences", "autre")

SEARCH_INDEX = Path("data") / "fiches-index.json"
_SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
_SAFE_HREF = re.compile(r"^(?:https://|http://|/|#|mailto:|tel:|sms:)", re.IGNORECASE)
_MONTHS = ("janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre", "octobre", "novembre", "décembre")
# Words too common to help a search; the browser script drops the same ones from queries.
STOPWORDS = frozenset(
    "a au aux avec ce ces cette dans de des du elle en est et il ils je la le les leur lui ma mais me mes mon ne "
    "nous on ou par pas pour qu que qui sa se ses si son sur ta te tes ton tu un une vos votre vous y".split()
)


class SheetError(ValueError):
    """A sheet's source file is malformed."""


@dataclass(frozen=True)
class Sheet:
    """One information sheet: its front matter and its Markdown body."""

    slug: str
    title: str
    summary: str
    keywords: tuple[str, ...]
    theme: str
    topic: str
    source_name: str
    source_url: str
    updated: date
    body: str

    @property
    def url(self) -> str:
        return f"/fiches/{self.slug}.html"

    @property
    def output(self) -> str:
        return f"fiches/{self.slug}.html"


def parse_sheet(slug: str, text: str) -> Sheet:
    """A sheet from its file text: `---`, `key: value` lines, `---`, then Markdown."""
    if not _SLUG.match(slug):
        raise SheetError(f"{slug}: a slug is lowercase words joined by hyphens")
    lines = text.lstrip("\ufeff").splitlines()
    if not lines or lines[0].strip() != "---":
        raise SheetError(f"{slug}: the file must start with a `---` front matter line")
    try:
        end = next(i for i in range(1, len(lines)) if lines[i].strip() == "---")
    except StopIteration:
        raise SheetError(f"{slug}: the front matter has no closing `---`") from None
    meta: dict[str, str] = {}
    for number, line in enumerate(lines[1:end], start=2):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        key, colon, value = line.partition(":")
        if not colon:
            raise SheetError(f"{slug}: line {number} is not `key: value`")
        meta[key.strip()] = value.strip()
    missing = [name for name in FIELDS if not meta.get(name)]
    if missing:
        raise SheetError(f"{slug}: missing front matter {missing}")
    unknown = sorted(set(meta) - set(FIELDS))
    if unknown:
        raise SheetError(f"{slug}: unknown front matter {unknown}")
    if meta["theme"] not in dict(THEMES):
        raise SheetError(f"{slug}: theme {meta['theme']!r} is not one of {[t for t, _ in THEMES]}")
    if meta["topic"] not in TOPICS:
        raise SheetError(f"{slug}: topic {meta['topic']!r} is not one of {TOPICS}")
    if not meta["source_url"].startswith("https://"):
        raise SheetError(f"{slug}: source_url must be https")
    try:
        updated = date.fromisoformat(meta["updated"])
    except ValueError as exc:
        raise SheetError(f"{slug}: updated must be YYYY-MM-DD") from exc
    body = "\n".join(lines[end + 1 :]).strip() + "\n"
    if re.search(r"^#(?!#)", body, re.MULTILINE):
        raise SheetError(f"{slug}: the title is the page's only h1; start headings at ##")
    keywords = tuple(k.strip() for k in meta["keywords"].split(",") if k.strip())
    return Sheet(
        slug=slug,
        title=meta["title"],
        summary=meta["summary"],
        keywords=keywords,
        theme=meta["theme"],
        topic=meta["topic"],
        source_name=meta["source_name"],
        source_url=meta["source_url"],
        updated=updated,
        body=body,
    )


def load_sheets(source: Path) -> list[Sheet]:
    """Every sheet under site_src/fiches (README.md aside), sorted by slug."""
    paths = sorted(p for p in (source / "fiches").glob("*.md") if p.name != "README.md")
    return [parse_sheet(path.stem, path.read_text(encoding="utf-8")) for path in paths]


class _Links(Treeprocessor):
    """Links to the chat page open the chat widget on the sheet's topic; unsafe schemes lose their href."""

    def __init__(self, md: markdown.Markdown, topic: str) -> None:
        super().__init__(md)
        self.topic = topic

    def run(self, root: etree.Element) -> None:
        for link in root.iter("a"):
            href = link.get("href", "")
            if not _SAFE_HREF.match(href):
                del link.attrib["href"]
            elif href == "/chat.html" or href.startswith(("/chat.html?", "/chat.html#")):
                link.set("data-open-chat", self.topic)
            elif href.startswith(("https://", "http://")):
                link.set("rel", "noopener")


class _GuichetMarkdown(Extension):
    """Raw HTML in a sheet is shown as text, never passed through; links get the site's conventions."""

    def __init__(self, topic: str) -> None:
        super().__init__()
        self.topic = topic

    def extendMarkdown(self, md: markdown.Markdown) -> None:  # noqa: N802 (Markdown's API name)
        md.preprocessors.deregister("html_block")
        md.inlinePatterns.deregister("html")
        md.treeprocessors.register(_Links(md, self.topic), "guichet_links", 5)


def render_markdown(text: str, topic: str = "autre") -> str:
    """HTML for a sheet's Markdown: tables and lists, raw HTML escaped, chat links wired to the widget."""
    return markdown.markdown(text, extensions=["tables", "sane_lists", _GuichetMarkdown(topic)])


def _french_date(day: date) -> str:
    return f"{day.day}{'er' if day.day == 1 else ''} {_MONTHS[day.month - 1]} {day.year}"


def _sheet_body(sheet: Sheet) -> str:
    content = render_markdown(sheet.body, sheet.topic)
    return f"""    <article class="sheet">
      <nav class="sheet__crumbs" aria-label="Fil d'Ariane">
        <a href="/fiches/">Je m'informe</a> <span aria-hidden="true">›</span> <span>{escape(dict(THEMES)[sheet.theme])}</span>
      </nav>
      <h1>{escape(sheet.title)}</h1>
      <p class="lead">{escape(sheet.summary)}</p>
      <div class="sheet__content">
{content}
      </div>
      <div class="sheet__meta">
        <p>Source officielle : <a href="{escape(sheet.source_url)}" rel="noopener">{escape(sheet.source_name)}</a></p>
        <p>Mis à jour le <time datetime="{sheet.updated.isoformat()}">{_french_date(sheet.updated)}</time></p>
      </div>
      <section class="sheet__ask" aria-labelledby="sheet-ask-title">
        <h2 id="sheet-ask-title">Votre situation est particulière ?</h2>
        <p>Un policier vous répond par écrit, en direct. Ce n'est pas un robot. Pour une urgence, appelez le 17 ou le 112.</p>
        <button type="button" class="button" data-open-chat="{escape(sheet.topic)}">Poser la question à un policier</button>
      </section>
    </article>
"""


def _index_body(sheets: list[Sheet]) -> str:
    groups = []
    for theme, heading in THEMES:
        members = sorted((s for s in sheets if s.theme == theme), key=lambda s: _fold(s.title))
        if not members:
            continue
        items = "\n".join(
            f'          <li class="sheet-list__item" data-slug="{escape(s.slug)}" data-keywords="{escape(", ".join(s.keywords))}">'
            f'<a class="sheet-list__link" href="{escape(s.url)}">{escape(s.title)}</a>'
            f'<p class="sheet-list__summary">{escape(s.summary)}</p></li>'
            for s in members
        )
        groups.append(
            f"""      <section class="sheet-group" aria-labelledby="theme-{theme}" data-theme="{theme}">
        <h2 id="theme-{theme}">{escape(heading)}</h2>
        <ul class="sheet-list">
{items}
        </ul>
      </section>"""
        )
    count = len(sheets)
    return f"""    <h1>Je m'informe</h1>
    <p class="lead">Les réponses aux questions les plus posées aux policiers : démarches, plaintes, arnaques, violences, signalements. Chaque fiche renvoie au service officiel.</p>

    <form class="sheet-search" role="search" action="/fiches/" method="get" data-sheet-search hidden>
      <label class="label" for="fiches-q">Rechercher une fiche</label>
      <p class="hint" id="fiches-q-hint">Par exemple : carte d'identité, arnaque, plainte, procuration. Les résultats s'affichent pendant la saisie.</p>
      <input type="search" id="fiches-q" name="q" autocomplete="off" spellcheck="false" aria-describedby="fiches-q-hint" aria-controls="fiches-results">
      <p class="sheet-search__status" id="fiches-status" role="status" aria-live="polite" aria-atomic="true">{count} fiches</p>
      <ol class="sheet-results" id="fiches-results" aria-label="Résultats de la recherche" hidden></ol>
      <div class="sheet-search__empty" id="fiches-empty" hidden>
        <p>Aucune fiche ne correspond à votre recherche. Essayez un autre mot, ou posez directement votre question.</p>
        <p><a href="/chat.html" data-open-chat="autre">Poser la question à un policier</a></p>
      </div>
    </form>

    <div class="sheet-groups" id="fiches-list">
{chr(10).join(groups)}
    </div>

    <section class="sheet__ask" aria-labelledby="fiches-ask-title">
      <h2 id="fiches-ask-title">Vous ne trouvez pas la réponse ?</h2>
      <p>Posez votre question à un policier, par écrit et en direct, ou laissez-vous guider pas à pas.</p>
      <p class="actions">
        <a class="button" href="/chat.html" data-open-chat="autre">Poser la question à un policier</a>
        <a class="button button--secondary" href="/orientation.html?start=informe">Être orienté</a>
      </p>
    </section>
"""


def sheet_pages(source: Path) -> Iterator[Page]:
    """The page of every sheet, then the index page fiches/index.html."""
    sheets = load_sheets(source)
    for sheet in sheets:
        yield Page(
            page_id=f"fiche-{sheet.slug}",
            lang="fr",
            output=sheet.output,
            title=sheet.title,
            description=sheet.summary,
            body=_sheet_body(sheet),
            styles=("/css/sheets.css",),
        )
    if sheets:
        yield Page(
            page_id="fiches",
            lang="fr",
            output="fiches/index.html",
            title="Je m'informe",
            description="Fiches pratiques : démarches, plainte, arnaques, violences, signalements — et un policier pour vos questions.",
            body=_index_body(sheets),
            nav="informe",
            styles=("/css/sheets.css",),
            scripts=("/components/sheet-search/sheet-search.js",),
        )


def _fold(text: str) -> str:
    """Lowercase, accents removed, punctuation turned into single spaces (the browser script does the same)."""
    decomposed = unicodedata.normalize("NFD", text.lower())
    bare = "".join(c for c in decomposed if not unicodedata.combining(c))
    bare = bare.replace("œ", "oe").replace("æ", "ae")
    return " ".join(re.sub(r"[^a-z0-9]+", " ", bare).split())


def _plain_text(html: str) -> str:
    text = re.sub(r"<[^>]+>", " ", html)
    text = text.replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", '"').replace("&amp;", "&")
    return " ".join(text.split())


def search_index(source: Path) -> dict[str, object]:
    """The search data for the index page: per sheet its titles, keywords, an excerpt and its searchable words."""
    entries = []
    for sheet in load_sheets(source):
        html = render_markdown(sheet.body, sheet.topic)
        text = _plain_text(html)
        prose = _plain_text(re.sub(r"<h[1-6]>.*?</h[1-6]>", " ", html, flags=re.DOTALL))
        excerpt = prose if len(prose) <= 300 else prose[:300].rsplit(" ", 1)[0] + " …"
        words = sorted({w for w in _fold(text).split() if len(w) > 2 and w not in STOPWORDS})
        entries.append(
            {
                "slug": sheet.slug,
                "url": sheet.url,
                "title": sheet.title,
                "summary": sheet.summary,
                "keywords": list(sheet.keywords),
                "theme": sheet.theme,
                "theme_label": dict(THEMES)[sheet.theme],
                "topic": sheet.topic,
                "excerpt": excerpt,
                "words": " ".join(words),
            }
        )
    return {"version": 1, "sheets": entries}


def search_index_json(source: Path) -> str:
    """The search index as the text written to static_site/data/fiches-index.json."""
    return json.dumps(search_index(source), ensure_ascii=False, separators=(",", ":"), sort_keys=True) + "\n"


def write_search_index(source: Path, output: Path) -> Path:
    """Write static_site/data/fiches-index.json; return its path."""
    target = output / SEARCH_INDEX
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(search_index_json(source), encoding="utf-8")
    return target
