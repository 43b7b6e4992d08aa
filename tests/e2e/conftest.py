"""End-to-end tests get their own local stack: their agents must not meet the browser tests' ones."""
from __future__ import annotations

from typing import Iterator

import pytest

from tests.local_stack import LocalStack, start_local_stack


@pytest.fixture(scope="module")
def stack() -> Iterator[LocalStack]:
    """A fresh local gateway per test module, with eight load-test officers besides the demo ones."""
    started = start_local_stack(extra_agents=8)
    yield started
    started.stop()
