"""End-to-end tests get their own local stack: their agents must not meet the browser tests' ones."""
from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.local_stack import LocalStack, start_local_stack


@pytest.fixture(scope="module")
def stack() -> Iterator[LocalStack]:
    """A fresh local gateway per test module (officers agent1 … agent36, as the real desk)."""
    started = start_local_stack()
    yield started
    started.stop()
