"""Fixtures shared by every tier."""
from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.local_stack import LocalStack, start_local_stack


@pytest.fixture(scope="session")
def local_stack() -> Iterator[LocalStack]:
    """The real local gateway (moto, local IdP, Chalice handlers), started once per test session."""
    stack = start_local_stack()
    yield stack
    stack.stop()
