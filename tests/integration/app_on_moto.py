"""The real app.py, imported afresh on moto with its own tables: for tests that invoke its handlers."""
from __future__ import annotations

import contextlib
import importlib
import os
import sys
from collections.abc import Iterator
from types import ModuleType

import boto3
import pytest
from moto import mock_aws

from chalicelib.config import Settings
from local.dynamodb_tables import create_tables
from local.moto_dynamodb import emulate_dynamodb

REGION = "eu-west-3"
TABLES = ("connections", "conversations", "messages", "agents", "stats", "reports", "notes", "canned_answers")


@contextlib.contextmanager
def app_on_moto(
    monkeypatch: pytest.MonkeyPatch, prefix: str, salt: str | None = None, **extra_env: str
) -> Iterator[ModuleType]:
    """Set the environment (tables named `<prefix>-<table>`), start moto, create the tables, reload app.py.

    `salt`: store it in moto's Secrets Manager as the stage's salt secret (as the stack does), named in
    GUICHET_SALT_SECRET; without, the app uses the public default salt.
    """
    env = {
        "AWS_ACCESS_KEY_ID": "testing",
        "AWS_SECRET_ACCESS_KEY": "testing",
        "AWS_DEFAULT_REGION": REGION,
        "AWS_REGION": REGION,
        "POWERTOOLS_TRACE_DISABLED": "true",
        # The queue broadcast runs inside the request here (moto runs no Lambda functions).
        "GUICHET_QUEUE_BROADCAST_FUNCTION": "",
        **{f"GUICHET_{table.upper()}_TABLE": f"{prefix}-{table}" for table in TABLES},
        **({"GUICHET_SALT_SECRET": f"{prefix}-salt"} if salt is not None else {}),
        **extra_env,
    }
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    # chalice.test's clients swap os.environ for a copy around each request; requests in threads can leave
    # such a copy in place, holding this app's variables (its salt secret's name) for the next test: put
    # the real mapping back, so that monkeypatch's undo applies to it.
    real_environ = os.environ
    monkeypatch.setattr(os, "environ", real_environ)
    # An earlier app's switches (metrics off) must not carry over: only what this app asks for is set.
    for name in ("POWERTOOLS_METRICS_DISABLED",):
        if name not in extra_env:
            monkeypatch.delenv(name, raising=False)
    with mock_aws():
        emulate_dynamodb()
        create_tables(Settings.from_env())
        if salt is not None:
            boto3.client("secretsmanager", region_name=REGION).create_secret(Name=f"{prefix}-salt", SecretString=salt)
        yield importlib.reload(sys.modules["app"]) if "app" in sys.modules else importlib.import_module("app")
