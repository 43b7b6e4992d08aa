"""The end-of-chat survey the real service's user workshops asked for."""
from __future__ import annotations

from dataclasses import dataclass

from chalicelib.errors import InvalidFieldError

__all__ = ["MAX_COMMENT_LENGTH", "Survey"]

MAX_COMMENT_LENGTH = 1000


@dataclass(frozen=True)
class Survey:
    """Did you find us easily? Did you understand the answer? A 1–5 rating and an optional comment."""

    found_easily: bool
    understood: bool
    rating: int
    answered_at: float
    comment: str | None = None

    def __post_init__(self) -> None:
        if not 1 <= self.rating <= 5:
            raise InvalidFieldError("rating must be between 1 and 5.")
        if self.comment is not None and len(self.comment) > MAX_COMMENT_LENGTH:
            raise InvalidFieldError(f"comment is limited to {MAX_COMMENT_LENGTH} characters.")
