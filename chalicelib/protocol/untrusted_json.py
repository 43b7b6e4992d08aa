"""Untrusted JSON text: its nesting bounded before parsing, its lone surrogates found after."""
from __future__ import annotations

import json
import re
from collections.abc import Callable
from typing import Any

from chalicelib.errors import InvalidFieldsError, InvalidRequestError, RequestTooLargeError

__all__ = ["MAX_NESTING", "is_unicode_text", "json_object_body", "lone_surrogate_at", "too_deep"]

# Guichet's deepest legitimate body (a report's details.vehicles) nests 3 levels; json.loads
# recurses once per level and would hit Python's recursion limit near 1,000.
MAX_NESTING = 8

# A JSON string, or an unterminated one running to the end: each quote is scanned once (linear time).
_STRING = re.compile(r'"(?:[^"\\]|\\.)*+(?:"|\Z)', re.DOTALL)
_BRACKETS = re.compile(r"[\[\]{}]")


def too_deep(text: str, limit: int = MAX_NESTING) -> bool:
    """Whether arrays and objects in this JSON text nest deeper than `limit`, without parsing it."""
    depth = 0
    for bracket in _BRACKETS.findall(_STRING.sub("", text)):
        if bracket in "[{":
            depth += 1
            if depth > limit:
                return True
        else:
            depth = max(0, depth - 1)
    return False


def is_unicode_text(text: str) -> bool:
    """False when the string holds a lone surrogate (it has no UTF-8 form: it cannot be stored or sent)."""
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def lone_surrogate_at(value: Any, path: tuple[str | int, ...] = ()) -> tuple[str | int, ...] | None:
    """Where the first string holding a lone surrogate is (a bad key: its object's path), or None."""
    if isinstance(value, str):
        return None if is_unicode_text(value) else path
    if isinstance(value, dict):
        for key, item in value.items():
            if not is_unicode_text(key):
                return path
            found = lone_surrogate_at(item, (*path, key))
            if found is not None:
                return found
    elif isinstance(value, list):
        for index, item in enumerate(value):
            found = lone_surrogate_at(item, (*path, index))
            if found is not None:
                return found
    return None


def _dotted(where: tuple[str | int, ...]) -> str:
    return ".".join(str(part) for part in where)


def json_object_body(
    body: bytes | str | None, max_bytes: int, field_name: Callable[[tuple[str | int, ...]], str] = _dotted
) -> dict[str, Any]:
    """A REST body's JSON object, its size, encoding, nesting and lone surrogates checked first:
    RequestTooLargeError, InvalidRequestError, or InvalidFieldsError naming the field (`field_name`)."""
    raw = body.encode("utf-8", "surrogatepass") if isinstance(body, str) else (body or b"")
    if len(raw) > max_bytes:
        raise RequestTooLargeError()
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        raise InvalidRequestError("La requête doit être du texte UTF-8.") from None
    if too_deep(text):
        raise InvalidRequestError()
    try:
        payload = json.loads(text)
    except ValueError:
        raise InvalidRequestError() from None
    if not isinstance(payload, dict):
        raise InvalidRequestError()
    where = lone_surrogate_at(payload)
    if where is not None:
        # Such a string has no UTF-8 form: it could be neither stored nor shown.
        raise InvalidFieldsError({field_name(where) or "body": "Ce texte contient un caractère non valide."})
    return payload
