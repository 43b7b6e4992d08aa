"""One conversation at a time on a quiet stack: delivery latency, DynamoDB requests and invocations per chat message."""
from __future__ import annotations

import asyncio
import json
import time
from dataclasses import dataclass, field
from typing import Any

from websockets.asyncio.client import ClientConnection, connect

from bench.stack_process import StackProcess, difference
from local.officer_login import ticket_url

__all__ = ["ProbeResult", "messaging_probe", "stored_conversation"]


@dataclass
class ProbeResult:
    latencies_s: list[float] = field(default_factory=list)
    messages: int = 0
    dynamodb: dict[str, int] = field(default_factory=dict)
    invocations: dict[str, int] = field(default_factory=dict)
    conversation_id: str = ""

    def per_message(self, what: dict[str, int]) -> float:
        return sum(what.values()) / self.messages if self.messages else 0.0


async def _expect(socket: ClientConnection, type_: str, timeout: float = 30.0) -> dict[str, Any]:
    deadline = time.monotonic() + timeout
    while True:
        frame = json.loads(await asyncio.wait_for(socket.recv(), max(0.01, deadline - time.monotonic())))
        if frame.get("type") == type_:
            return frame


async def messaging_probe(stack: StackProcess, officer: str, messages: int) -> ProbeResult:
    """`messages` chat messages each way, one after the other, between a citizen and an officer; then close."""
    result = ProbeResult()
    officer_url = ticket_url(stack.ws_url, stack.login(officer))
    async with connect(officer_url) as agent, connect(stack.ws_url) as citizen:
        await agent.send(json.dumps({"action": "set_status", "status": "available"}))
        await _expect(agent, "status")
        await citizen.send(json.dumps({"action": "start", "topic": "victime", "lang": "fr"}))
        conversation_id = (await _expect(citizen, "queued"))["conversation_id"]
        await _expect(citizen, "agent_joined")
        await agent.send(json.dumps({"action": "set_status", "status": "away"}))
        await _expect(agent, "status")
        before = stack.counts()
        for n in range(messages):
            sent = time.perf_counter()
            frame = {"action": "send", "conversation_id": conversation_id, "client_msg_id": f"p{n}", "text": "probe"}
            await citizen.send(json.dumps(frame))  # as the widget sends it
            await _expect(agent, "message")
            result.latencies_s.append(time.perf_counter() - sent)
            await _expect(citizen, "ack")
            sent = time.perf_counter()
            frame = {"action": "send", "conversation_id": conversation_id, "client_msg_id": f"q{n}", "text": "ok"}
            await agent.send(json.dumps(frame))
            await _expect(citizen, "message")
            result.latencies_s.append(time.perf_counter() - sent)
            await _expect(agent, "ack")
        after = stack.counts()
        await agent.send(json.dumps({"action": "close", "conversation_id": conversation_id, "outcome": "resolved"}))
        await _expect(agent, "closed")
    spent = difference(after, before)
    result.messages = 2 * messages
    result.dynamodb, result.invocations = dict(spent["dynamodb"]), dict(spent["invocations"])
    result.conversation_id = conversation_id
    return result


async def stored_conversation(stack: StackProcess, officer: str) -> str:
    """A short closed conversation (one message each way), to be copied as the stored history."""
    return (await messaging_probe(stack, officer, 1)).conversation_id
