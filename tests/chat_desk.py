"""A test harness for the chat use cases: fake storage, recorded frames, frames in as JSON strings."""
from __future__ import annotations

import json
import time
from typing import Any

from chalicelib.bootstrap import build_runtime
from chalicelib.config import Settings
from chalicelib.ports import QueueAnnouncer
from tests.fakes import FakeNotifier, FakeTelemetry, FakeWsTickets, fake_report_storage, fake_storage, officer

__all__ = ["Desk", "FixedClock"]


class FixedClock:
    def __init__(self) -> None:
        self.t = time.time()

    def now(self) -> float:
        return self.t


class Desk:
    """A test harness: fake storage, recorded frames, frames in as JSON strings."""

    def __init__(self, announcer: QueueAnnouncer | None = None) -> None:
        self.storage = fake_storage()
        self.notifier = FakeNotifier()
        self.clock = FixedClock()
        self.telemetry = FakeTelemetry()
        self.runtime = build_runtime(
            self.storage,
            fake_report_storage(),
            self.notifier,
            FakeWsTickets(),
            Settings(),
            clock=self.clock,
            telemetry=self.telemetry,
            announcer=announcer,
        )
        self.ws = self.runtime.websocket

    def connect(self, cid: str, credential: str | None = None, source_ip: str | None = None) -> int:
        """Connect a citizen, or an officer: `valid:<agent_id>` opens with a fresh ticket, anything else is forged."""
        return self.ws.connect(cid, {"ticket": self.ticket_for(credential)} if credential else None, source_ip)

    def ticket_for(self, credential: str) -> str:
        """A ticket the officer's console would have fetched (`valid:<agent_id>`), or a forged one."""
        if credential.startswith("valid:"):
            return self.runtime.tickets.issue(officer(credential.removeprefix("valid:")))
        return credential

    def frame(self, cid: str, **frame: Any) -> None:
        self.ws.message(cid, json.dumps(frame))

    def frames(self, cid: str, type_: str | None = None) -> list[dict[str, Any]]:
        return self.notifier.frames(cid, type_)

    def last(self, cid: str, type_: str) -> dict[str, Any]:
        found = self.frames(cid, type_)
        assert found, f"no {type_} frame for {cid}: {self.frames(cid)}"
        return found[-1]

    def citizen_starts(self, cid: str, topic: str = "autre") -> dict[str, Any]:
        self.clock.t += 1
        self.connect(cid)
        self.frame(cid, action="start", topic=topic, lang="fr")
        return self.last(cid, "queued")

    def agent_available(self, agent_id: str) -> str:
        cid = f"conn-{agent_id}"
        assert self.connect(cid, f"valid:{agent_id}") == 200
        self.frame(cid, action="set_status", status="available")
        return cid
