"""What docs/protocol.md promises, read from the document itself: its error codes and frame types."""
from __future__ import annotations

import re
from pathlib import Path

__all__ = ["PROTOCOL_DOC", "documented_error_codes", "documented_frame_types"]

PROTOCOL_DOC = Path(__file__).resolve().parents[1] / "docs" / "protocol.md"


def _errors_section() -> str:
    text = PROTOCOL_DOC.read_text(encoding="utf-8")
    start = text.index("### Errors")
    end = text.find("\n## ", start)
    return text[start : end if end != -1 else len(text)]


def documented_error_codes() -> set[str]:
    """The first-column codes of the tables under "### Errors"."""
    return set(re.findall(r"^\| `([a-z_]+)` \|", _errors_section(), flags=re.MULTILINE))


def documented_frame_types() -> set[str]:
    """Every server frame type the document shows (`"type": "..."`)."""
    return set(re.findall(r'"type": "([a-z_]+)"', PROTOCOL_DOC.read_text(encoding="utf-8")))


def documented_rest_routes() -> set[tuple[str, str]]:
    """Every `METHOD /api/path` the REST tables document, as (method, path without `/api` or query string),
    path parameters written `{}` whatever their name."""
    text = PROTOCOL_DOC.read_text(encoding="utf-8")
    found = re.findall(r"^\| `(GET|POST|PUT|DELETE) /api(/[^` ?]*)", text, re.MULTILINE)
    return {(method, re.sub(r"\{[^}]*\}", "{}", path)) for method, path in found}


__all__.append("documented_rest_routes")
