"""Simulated conversations against the local stack: latency, throughput and DynamoDB requests per message.

The stack runs in its own process (bench.server); citizens and officers are asyncio websocket
clients in this one, so the load generator does not steal the server's interpreter.
"""
from __future__ import annotations

import asyncio
import json
import os
import statistics
import subprocess
import sys
import time
import urllib.request
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from websockets.asyncio.client import ClientConnection, connect
from websockets.exceptions import ConnectionClosed

from bench.server import COUNTS_PATH

__all__ = ["LoadPlan", "LoadResult", "run_chat_load", "report"]


@dataclass(frozen=True)
class LoadPlan:
    conversations: int = 300
    agents: int = 10
    messages_per_side: int = 4
    concurrency: int = 30
    port: int = 8089


@dataclass
class LoadResult:
    plan: LoadPlan
    latencies_s: list[float] = field(default_factory=list)
    chat_messages: int = 0
    wall_s: float = 0.0
    dynamodb_total: Counter[str] = field(default_factory=Counter)
    dynamodb_messaging: Counter[str] = field(default_factory=Counter)
    messaging_messages: int = 0
    quiet_latencies_s: list[float] = field(default_factory=list)


class _Stack:
    def __init__(self, plan: LoadPlan) -> None:
        self.base = f"http://127.0.0.1:{plan.port}"
        self.ws = f"ws://127.0.0.1:{plan.port}/ws"
        env = {**os.environ, "GUICHET_LOCAL_EXTRA_AGENTS": str(plan.agents)}
        self.process = subprocess.Popen(
            [sys.executable, "-m", "bench.server", "--port", str(plan.port)], env=env, stdout=subprocess.DEVNULL
        )
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                self.counts()
                return
            except OSError:
                time.sleep(0.2)
        raise RuntimeError("the local stack did not start")

    def counts(self) -> Counter[str]:
        with urllib.request.urlopen(self.base + COUNTS_PATH, timeout=5) as answer:
            return Counter(json.loads(answer.read()))

    def login(self, username: str) -> str:
        body = json.dumps({"username": username, "password": "demo"}).encode()
        request = urllib.request.Request(f"{self.base}/api/auth/login", data=body, method="POST")
        with urllib.request.urlopen(request, timeout=10) as answer:
            return json.loads(answer.read())["token"]

    def stop(self) -> None:
        self.process.terminate()
        self.process.wait(timeout=15)


async def _wait_for(socket: ClientConnection, type_: str, timeout: float = 120.0) -> dict[str, Any]:
    async with asyncio.timeout(timeout):
        while True:
            frame = json.loads(await socket.recv())
            if frame.get("type") == type_:
                return frame


async def _officer(socket: ClientConnection, sent_at: dict[str, float], result: LoadResult) -> None:
    """Answers every citizen message at once and records how long it took to arrive."""
    replies = 0
    try:
        async for raw in socket:
            frame = json.loads(raw)
            if frame.get("type") != "message" or frame.get("author") != "citizen":
                continue
            key = frame["text"].split(" ", 1)[0]
            result.latencies_s.append(time.perf_counter() - sent_at.pop(key))
            replies += 1
            await socket.send(
                json.dumps(
                    {
                        "action": "send",
                        "conversation_id": frame["conversation_id"],
                        "client_msg_id": f"r{replies}",
                        "text": f"{key} reçu, je regarde.",
                    }
                )
            )
    except ConnectionClosed:
        return


async def _citizen(ws_url: str, index: int, plan: LoadPlan, sent_at: dict[str, float]) -> int:
    """Start, wait for an officer, exchange messages, end; return the chat messages exchanged."""
    async with connect(ws_url, open_timeout=60) as socket:
        await socket.send(json.dumps({"action": "start", "topic": "autre", "lang": "fr"}))
        await _wait_for(socket, "agent_joined")
        for n in range(plan.messages_per_side):
            key = f"c{index}m{n}"
            sent_at[key] = time.perf_counter()
            await socket.send(json.dumps({"action": "send", "client_msg_id": key, "text": f"{key} Bonjour, une question."}))
            await _wait_for(socket, "message")
        await socket.send(json.dumps({"action": "end"}))
        await _wait_for(socket, "closed")
    return 2 * plan.messages_per_side


async def _messaging_probe(stack: _Stack, messages: int, latencies: list[float]) -> tuple[Counter[str], int]:
    """Messaging alone, on a quiet stack: DynamoDB requests and latency of `messages` messages each way."""
    async with connect(f"{stack.ws}?token={stack.login('agent3')}") as agent, connect(stack.ws) as citizen:
        await agent.send(json.dumps({"action": "set_status", "status": "available"}))
        await citizen.send(json.dumps({"action": "start", "topic": "victime"}))
        conversation_id = (await _wait_for(citizen, "queued"))["conversation_id"]
        await _wait_for(citizen, "agent_joined")
        await asyncio.sleep(0.5)
        before = stack.counts()
        for n in range(messages):
            sent = time.perf_counter()
            await citizen.send(json.dumps({"action": "send", "client_msg_id": f"p{n}", "text": "probe"}))
            await _wait_for(agent, "message")
            latencies.append(time.perf_counter() - sent)
            await _wait_for(citizen, "ack")
            frame = {"action": "send", "conversation_id": conversation_id, "client_msg_id": f"q{n}", "text": "ok"}
            await agent.send(json.dumps(frame))
            await _wait_for(agent, "ack")
            await _wait_for(citizen, "message")
        after = stack.counts()
        await agent.send(json.dumps({"action": "close", "conversation_id": conversation_id, "outcome": "resolved"}))
        await _wait_for(agent, "closed")
        await agent.send(json.dumps({"action": "set_status", "status": "away"}))
    after.subtract(before)
    return +after, 2 * messages


async def _run(stack: _Stack, plan: LoadPlan) -> LoadResult:
    result = LoadResult(plan)
    result.dynamodb_messaging, result.messaging_messages = await _messaging_probe(stack, 20, result.quiet_latencies_s)
    sent_at: dict[str, float] = {}
    officers = [await connect(f"{stack.ws}?token={stack.login(f'loadagent{n}')}") for n in range(1, plan.agents + 1)]
    for socket in officers:
        await socket.send(json.dumps({"action": "set_status", "status": "available"}))
    listeners = [asyncio.create_task(_officer(socket, sent_at, result)) for socket in officers]
    await asyncio.sleep(0.5)
    gate = asyncio.Semaphore(plan.concurrency)

    async def one(index: int) -> int:
        async with gate:
            return await _citizen(stack.ws, index, plan, sent_at)

    before = stack.counts()
    started = time.perf_counter()
    exchanged = await asyncio.gather(*(one(i) for i in range(plan.conversations)))
    result.wall_s = time.perf_counter() - started
    total = stack.counts()
    total.subtract(before)
    result.dynamodb_total = +total
    result.chat_messages = sum(exchanged)
    for socket in officers:
        await socket.close()
    await asyncio.gather(*listeners)
    return result


def run_chat_load(plan: LoadPlan) -> LoadResult:
    """Start the stack in its own process, run the plan, stop the stack."""
    stack = _Stack(plan)
    try:
        return asyncio.run(_run(stack, plan))
    finally:
        stack.stop()


def percentile(values: list[float], fraction: float) -> float:
    """The value below which `fraction` of the values fall (nearest rank)."""
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(fraction * (len(ordered) - 1))))]


def report(result: LoadResult) -> str:
    """The figures, as lines of text."""
    plan, lat, quiet = result.plan, result.latencies_s, result.quiet_latencies_s
    total_calls = sum(result.dynamodb_total.values())
    probe_calls = sum(result.dynamodb_messaging.values())
    per_message = ", ".join(f"{op} {n / result.messaging_messages:.2f}" for op, n in result.dynamodb_messaging.most_common())
    per_conversation = ", ".join(f"{op} {n / plan.conversations:.1f}" for op, n in result.dynamodb_total.most_common())
    return "\n".join(
        [
            f"Guichet chat benchmark: {plan.conversations} conversations ({plan.concurrency} at a time), "
            f"{plan.agents} officers x 3 chats, {plan.messages_per_side} messages each way; "
            "local stack (moto DynamoDB, serialized), load from a second process",
            f"  delivery latency citizen->agent, quiet stack   p50 {percentile(quiet, 0.5) * 1000:.1f} ms   "
            f"p99 {percentile(quiet, 0.99) * 1000:.1f} ms   (n={len(quiet)}, one conversation at a time)",
            f"  delivery latency citizen->agent, under load    p50 {percentile(lat, 0.5) * 1000:.1f} ms   "
            f"p99 {percentile(lat, 0.99) * 1000:.1f} ms   mean {statistics.mean(lat) * 1000:.1f} ms   (n={len(lat)})",
            "  (under load the emulator is the bottleneck: moto answers one DynamoDB request at a time, ~2-8 ms each)",
            f"  chat messages per second                       {result.chat_messages / result.wall_s:.1f}   "
            f"({result.chat_messages} messages in {result.wall_s:.1f} s, conversation set-up and close included)",
            f"  conversations per second                       {plan.conversations / result.wall_s:.2f}",
            f"  DynamoDB requests per chat message             {probe_calls / result.messaging_messages:.2f}   ({per_message})",
            f"  DynamoDB requests per conversation             {total_calls / plan.conversations:.1f}   ({per_conversation})",
        ]
    )
