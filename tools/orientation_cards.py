"""`python -m tools.orientation_cards`: the catalogue of orientation cards the Lambda code ships with.

Officers send cards that point to an outcome of the orientation data: an information sheet, an external
service, a unit of the locator, a report form. The server checks each card against this catalogue and
sends the citizen its title and link in their language. It is generated from what the site already
publishes (`static_site/data/`: the sheets' index, external-services.json, units.json, the report
outcomes of orientation.json) plus the English titles in `data/orientation-cards-en.json`, and written to
`chalicelib/data/orientation-cards.json`, inside what ships to Lambda (static_site/ does not).
`tests/unit/test_orientation_cards.py` fails when the committed file is stale.
"""
from __future__ import annotations

import json
from pathlib import Path
from typing import Any
from urllib.parse import quote

__all__ = ["CATALOGUE", "build_catalogue", "main"]

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "static_site" / "data"
ENGLISH = ROOT / "data" / "orientation-cards-en.json"
CATALOGUE = ROOT / "chalicelib" / "data" / "orientation-cards.json"


def _read(path: Path) -> Any:
    return json.loads(path.read_text(encoding="utf-8"))


def _entry(url: str, fr: str, en: str | None) -> dict[str, Any]:
    return {"url": url, "title": {"fr": fr, "en": en or fr}}


def build_catalogue(data: Path = DATA, english: Path = ENGLISH) -> dict[str, Any]:
    """The catalogue document: for each kind, each id's link and titles (English falls back to French)."""
    en = _read(english)
    sheets = {
        s["slug"]: _entry(s["url"], s["title"], en["sheet"].get(s["slug"]))
        for s in _read(data / "fiches-index.json")["sheets"]
    }
    services = {
        s["id"]: _entry(s["url"], s["name"], en["service"].get(s["id"]))
        for s in _read(data / "external-services.json")["services"]
    }
    units = {
        u["id"]: _entry(f"/unites.html?q={quote(u['commune'])}", u["name"], None)
        for u in _read(data / "units.json")["units"]
    }
    reports = {
        o["report"]: _entry(f"/signaler.html?type={quote(o['report'])}", o["title"], en["report"].get(o["report"]))
        for o in _read(data / "orientation.json")["outcomes"]
        if o["kind"] == "report"
    }
    return {
        "generated_by": "python -m tools.orientation_cards",
        "cards": {
            "sheet": dict(sorted(sheets.items())),
            "service": dict(sorted(services.items())),
            "unit": dict(sorted(units.items())),
            "report": dict(sorted(reports.items())),
        },
    }


def render(document: dict[str, Any]) -> str:
    """The file's text: stable, so a rebuild changes nothing when the data did not."""
    return json.dumps(document, ensure_ascii=False, indent=1) + "\n"


def main() -> None:
    """Write the catalogue and say how many cards of each kind it holds."""
    document = build_catalogue()
    CATALOGUE.parent.mkdir(parents=True, exist_ok=True)
    CATALOGUE.write_text(render(document), encoding="utf-8")
    counts = ", ".join(f"{len(v)} {k}" for k, v in document["cards"].items())
    print(f"orientation cards: {counts} written to {CATALOGUE.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
