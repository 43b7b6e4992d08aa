"""The secret a citizen gets with a report's reference, to check its status later; only its hash is stored.

The secret is derived from the submission's client key with a keyed hash (the stage's secret salt), so
that a repeat of the same submission (its first answer was lost) answers the same secret although the
server never stored it. It reads like a reference: 16 characters of the reference alphabet in groups of
four (31^16, about 2^79), which a citizen can copy by hand; checks are rate-limited besides.
"""
from __future__ import annotations

import hashlib
import hmac
import re

from chalicelib.domain.report import REFERENCE_ALPHABET

__all__ = ["SECRET_PATTERN", "derive_secret", "normalise_secret", "secret_hash", "secret_matches"]

_GROUPS = 4
_GROUP_LENGTH = 4
SECRET_PATTERN = re.compile(rf"^[{REFERENCE_ALPHABET}]{{4}}(-[{REFERENCE_ALPHABET}]{{4}}){{3}}$")
_PURPOSE = b"guichet report status secret\x00"


def derive_secret(salt: str, client_key: str) -> str:
    """The secret of the report this client key filed: `ABCD-EFGH-JKMN-PQRS`."""
    digest = hmac.new(salt.encode(), _PURPOSE + client_key.encode(), hashlib.sha256).digest()
    number = int.from_bytes(digest, "big")
    letters = []
    for _ in range(_GROUPS * _GROUP_LENGTH):
        number, index = divmod(number, len(REFERENCE_ALPHABET))
        letters.append(REFERENCE_ALPHABET[index])
    return "-".join("".join(letters[i : i + _GROUP_LENGTH]) for i in range(0, len(letters), _GROUP_LENGTH))


def normalise_secret(typed: str) -> str:
    """What a citizen typed, as the secret's canonical form: upper case, spaces dropped, dashes every 4."""
    compact = "".join(ch for ch in typed.upper() if ch.isalnum())
    return "-".join(compact[i : i + _GROUP_LENGTH] for i in range(0, len(compact), _GROUP_LENGTH))


def secret_hash(secret: str) -> str:
    """What is stored: the SHA-256 of the canonical secret, in hex."""
    return hashlib.sha256(normalise_secret(secret).encode()).hexdigest()


def secret_matches(typed: str, stored_hash: str | None) -> bool:
    """Whether the typed secret is the one whose hash is stored (in constant time)."""
    return stored_hash is not None and hmac.compare_digest(secret_hash(typed), stored_hash)
