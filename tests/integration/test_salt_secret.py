"""The salt secret on moto's Secrets Manager: read at run time through Powertools, cached for `max_age_s`."""
from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import boto3
import pytest
from aws_lambda_powertools.utilities.parameters import GetParameterError
from botocore import handlers
from moto import mock_aws

from chalicelib.adapters.secrets_manager_secret import SecretsManagerSecret


@pytest.fixture
def reads(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[str]]:
    """Secrets Manager's GetSecretValue calls, counted at botocore's `before-call` (on a copy of its handlers)."""
    for name, value in {"AWS_ACCESS_KEY_ID": "t", "AWS_SECRET_ACCESS_KEY": "t", "AWS_DEFAULT_REGION": "eu-west-3"}.items():
        monkeypatch.setenv(name, value)
    calls: list[str] = []

    def count(event_name: str = "", **_: Any) -> None:
        calls.append(event_name)

    monkeypatch.setattr(handlers, "BUILTIN_HANDLERS", [*handlers.BUILTIN_HANDLERS, ("before-call.secrets-manager.GetSecretValue", count)])
    with mock_aws():
        boto3.client("secretsmanager").create_secret(Name="guichet-test-salt", SecretString="first-salt")
        yield calls


def test_the_value_is_read_once_then_served_from_the_cache(reads: list[str]) -> None:
    secret = SecretsManagerSecret("guichet-test-salt", max_age_s=300)
    assert [secret.value() for _ in range(50)] == ["first-salt"] * 50
    assert len(reads) == 1


def test_a_rotated_value_is_taken_up_once_the_cache_is_older_than_max_age(reads: list[str]) -> None:
    secret = SecretsManagerSecret("guichet-test-salt", max_age_s=0)
    assert secret.value() == "first-salt"
    boto3.client("secretsmanager").put_secret_value(SecretId="guichet-test-salt", SecretString="rotated-salt")
    assert secret.value() == "rotated-salt"
    assert len(reads) == 2


def test_a_missing_secret_is_an_error_not_a_default(reads: list[str]) -> None:
    with pytest.raises(GetParameterError):
        SecretsManagerSecret("guichet-no-such-secret").value()
