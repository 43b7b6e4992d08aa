"""A secret read from AWS Secrets Manager at run time, through Powertools' parameters utility (cached)."""
from __future__ import annotations

from aws_lambda_powertools.utilities.parameters import SecretsProvider

from chalicelib.config import SALT_MAX_AGE_S
from chalicelib.ports import Secret

__all__ = ["SecretsManagerSecret"]


class SecretsManagerSecret(Secret):
    """The value of one secret (by name or ARN); read on first use, then again at most every `max_age_s`."""

    def __init__(self, name: str, max_age_s: int = SALT_MAX_AGE_S) -> None:
        self._name = name
        self._max_age_s = max_age_s
        self._provider: SecretsProvider | None = None

    def value(self) -> str:
        """The secret's current string value (cached by the provider for `max_age_s`)."""
        if self._provider is None:
            # Made at first use, not at import: its boto3 client then sees the stage's region (and, on a
            # laptop, the emulation already started).
            self._provider = SecretsProvider()
        value = self._provider.get(self._name, max_age=self._max_age_s)
        if not isinstance(value, str) or not value:
            raise ValueError("the secret holds no string value")
        return value
