"""Render every page of the site into a folder (static_site/ by default)."""
from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from pathlib import Path

from sitegen.layout import Layout, Page
from sitegen.pages import collect_pages
from sitegen.sheets import sheet_pages

__all__ = ["OUTPUT", "PAGE_SOURCES", "ROOT", "SOURCE", "render_site", "write_site"]

ROOT = Path(__file__).resolve().parent.parent
SOURCE = ROOT / "site_src"
OUTPUT = ROOT / "static_site"

# Each source of pages yields Page objects; content modules (sheets…) add themselves here.
PAGE_SOURCES: list[Callable[[Path], Iterable[Page]]] = [collect_pages]
PAGE_SOURCES.append(sheet_pages)


def render_site(source: Path = SOURCE) -> Iterator[tuple[str, str]]:
    """(output path, HTML) for every generated page."""
    layout = Layout.load(source)
    for page_source in PAGE_SOURCES:
        for page in page_source(source):
            yield page.output, layout.render(page)


def write_site(source: Path = SOURCE, output: Path = OUTPUT) -> list[str]:
    """Write every generated page under `output`; return their paths."""
    written = []
    for relative, document in render_site(source):
        target = output / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(document, encoding="utf-8")
        written.append(relative)
    return written
