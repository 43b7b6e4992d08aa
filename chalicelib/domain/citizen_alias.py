"""A citizen's short alias from their conversation id ("Citoyen·ne 4F2"), as the officer console derives it.

The same algorithm as static_site/components/agent-console/alias.js: FNV-1a (32 bits) over the id's UTF-16
code units, written in Crockford's base 32 (no I, L, O or U). Aliases are never stored.
"""
from __future__ import annotations

from collections.abc import Iterable

__all__ = ["ALIAS_LENGTH", "alias_code", "citizen_alias", "pick_alias_code"]

_DIGITS = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
ALIAS_LENGTH = 3
_PREFIX = "Citoyen·ne "


def _fnv1a(text: str) -> int:
    value = 0x811C9DC5
    units = text.encode("utf-16-le")
    for i in range(0, len(units), 2):
        value ^= units[i] | (units[i + 1] << 8)
        value = (value * 0x01000193) & 0xFFFFFFFF
    return value


def alias_code(conversation_id: str, length: int = ALIAS_LENGTH) -> str:
    """The conversation's code, `length` characters of base 32."""
    value = _fnv1a(conversation_id)
    code = ""
    for _ in range(length):
        code += _DIGITS[value % 32]
        value //= 32
        if value == 0:
            value = _fnv1a(code + conversation_id)
    return code


def pick_alias_code(conversation_id: str, taken: Iterable[str]) -> str:
    """The short code, or a longer one when it clashes with a code already given."""
    used = set(taken)
    for length in range(ALIAS_LENGTH, 8):
        code = alias_code(conversation_id, length)
        if code not in used:
            return code
    return alias_code(conversation_id, 8)


def citizen_alias(code: str) -> str:
    """The alias a console shows for a code."""
    return _PREFIX + code
