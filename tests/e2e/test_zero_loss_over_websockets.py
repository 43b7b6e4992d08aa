"""The surge harness, small: citizens and officers chat through drops, resumes and duplicates, and nothing is lost.

Counts and equalities only, no timing: every message sent is acknowledged once (one message id however
often it was sent), stored once, and reaches the other side; no conversation goes to two officers.
"""
from __future__ import annotations

import asyncio
import json
from concurrent.futures import ThreadPoolExecutor
from typing import Any

from websockets.asyncio.client import connect

from bench.surge import Ledger, Scenario, run_scenario
from tests.e2e.chat_client import login

SCENARIO = Scenario(
    "zero loss",
    officers=3,
    arrivals_per_s=2.0,
    window_s=3.0,
    mean_handling_s=3.0,
    drop_share=0.5,
    duplicate_share=0.3,
    officer_drop=True,
    seed=5,
    message_gap_s=(0.2, 0.5),
)


async def replayed_messages(ws_url: str, conversation_id: str, resume_token: str) -> list[dict[str, Any]]:
    """Every chat message the conversation holds, as a resume from the start replays them."""
    async with connect(ws_url) as socket:
        await socket.send(json.dumps({"action": "resume", "conversation_id": conversation_id, "resume_token": resume_token, "after": None}))
        messages: list[dict[str, Any]] = []
        while True:
            frame = json.loads(await asyncio.wait_for(socket.recv(), 10))
            if frame["type"] == "message" and frame["author"] in ("citizen", "agent"):
                messages.append(frame)
            elif frame["type"] == "closed":
                return messages


def test_nothing_is_lost_through_drops_resumes_and_duplicates(stack) -> None:
    ledger = Ledger()

    async def run() -> dict[str, list[dict[str, Any]]]:
        await run_scenario(stack.ws_url, lambda name: login(stack.base_url, name), SCENARIO, ledger)
        return {
            cid: await replayed_messages(stack.ws_url, cid, token) for cid, token in ledger.resume_tokens.items()
        }

    # Its own thread and loop: the browser tests' Playwright keeps an event loop running in this one.
    with ThreadPoolExecutor(max_workers=1) as pool:
        stored = pool.submit(asyncio.run, run()).result()

    sent = [key for key in ledger.sent_at if key not in ledger.refused]
    assert ledger.resumes > 0 and ledger.officer_returns == 1 and ledger.duplicates > 0
    assert sent, "the run exchanged no message"
    assert all(len(ledger.acked[key]) == 1 for key in sent), "a message went unacknowledged or got two ids"
    stored_ids = {(cid, m["message_id"]) for cid, messages in stored.items() for m in messages}
    acked_ids = {(ledger.conversation_of[key], next(iter(ledger.acked[key]))) for key in sent}
    assert stored_ids == acked_ids
    assert sum(len(messages) for messages in stored.values()) == len(sent)  # each stored once
    delivered = {(cid, message_id) for cid, ids in ledger.delivered.items() for message_id in ids}
    assert delivered == acked_ids
    assert all(len(officers) == 1 for officers in ledger.assigned.values())
    assert ledger.dropped_sockets == [] and ledger.errors == []
