"""Least busy first holds when citizens arrive together: concurrent dispatchers on DynamoDB (moto)."""
from __future__ import annotations

import json
import threading
from collections import Counter
from concurrent.futures import ThreadPoolExecutor

import pytest

from chalicelib.bootstrap import build_runtime
from chalicelib.config import Settings
from chalicelib.ports import Storage
from tests.fakes import FakeNotifier, FakeWsTickets, fake_report_storage, officer


@pytest.mark.parametrize("round_", range(3))
def test_six_citizens_starting_at_once_are_shared_two_by_two_between_three_free_officers(
    dynamo_storage: Storage, round_: int
) -> None:
    notifier = FakeNotifier()
    runtime = build_runtime(dynamo_storage, fake_report_storage(), notifier, FakeWsTickets(), Settings())
    ws = runtime.websocket
    for n in range(3):
        assert ws.connect(f"officer-{n}", {"ticket": runtime.tickets.issue(officer(f"a{n}"))}) == 200
        ws.message(f"officer-{n}", json.dumps({"action": "set_status", "status": "available"}))
    barrier = threading.Barrier(6)

    def citizen(i: int) -> None:
        ws.connect(f"citizen-{i}", None)
        barrier.wait()
        ws.message(f"citizen-{i}", json.dumps({"action": "start", "topic": "autre"}))

    with ThreadPoolExecutor(max_workers=6) as pool:
        list(pool.map(citizen, range(6)))

    loads = Counter({f"a{n}": dynamo_storage.agents.get(f"a{n}").active_count for n in range(3)})
    assert sorted(loads.values()) == [2, 2, 2]
    assigned = Counter(
        f["conversation"]["conversation_id"] for n in range(3) for f in notifier.frames(f"officer-{n}", "assigned")
    )
    assert len(assigned) == 6 and set(assigned.values()) == {1}  # each exactly once
