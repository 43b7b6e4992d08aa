"""The capacity run's traffic through the baseline relay: pairs in rooms, a message every ~10 s from each side."""
from __future__ import annotations

import asyncio
import json
import random
import secrets
import time
from typing import Any

from websockets.asyncio.client import ClientConnection, connect
from websockets.exceptions import ConnectionClosed

from bench.probe import ProbeResult
from bench.stack_process import StackProcess, difference
from bench.surge import MESSAGE_GAP_S

__all__ = ["baseline_pairs", "baseline_probe"]


async def _relay(socket: ClientConnection, room: str, key: str) -> None:
    await socket.send(json.dumps({"action": "sendmessage", "room": room, "data": json.dumps({"key": key})}))


async def baseline_probe(stack: StackProcess, messages: int) -> ProbeResult:
    """One pair, `messages` each way one after the other: latency, DynamoDB requests and invocations per message."""
    result = ProbeResult()
    room = secrets.token_hex(4)
    async with connect(f"{stack.ws_url}?room={room}") as a, connect(f"{stack.ws_url}?room={room}") as b:
        before = stack.counts()
        for n in range(2 * messages):
            sender, receiver = (a, b) if n % 2 == 0 else (b, a)
            key = f"k{n}"
            sent = time.perf_counter()
            await _relay(sender, room, key)
            while json.loads(await asyncio.wait_for(receiver.recv(), 30))["key"] != key:
                pass
            while json.loads(await asyncio.wait_for(sender.recv(), 30))["key"] != key:
                pass  # the sample posts to the sender too
            result.latencies_s.append(time.perf_counter() - sent)
        spent = difference(stack.counts(), before)
    result.messages = 2 * messages
    result.dynamodb, result.invocations = dict(spent["dynamodb"]), dict(spent["invocations"])
    return result


async def baseline_pairs(stack: StackProcess, pairs: int, measure_s: float) -> tuple[dict[str, list[float]], int, int, list[str]]:
    """`pairs` conversations chatting at once; the latencies both ways while measuring, messages sent and delivered, drops."""
    latencies: dict[str, list[float]] = {"citizen": [], "agent": []}
    sent_at: dict[str, float] = {}
    received: set[str] = set()
    dropped: list[str] = []
    state = {"measuring": False, "running": True}

    async def reader(socket: ClientConnection, me: str) -> None:
        try:
            async for raw in socket:
                key = json.loads(raw)["key"]
                if key.startswith(me) or key in received:
                    continue
                received.add(key)
                if state["measuring"]:
                    latencies["citizen" if key.startswith("c") else "agent"].append(time.perf_counter() - sent_at[key])
        except ConnectionClosed:
            if state["running"]:
                dropped.append(me)

    async def side(socket: ClientConnection, room: str, me: str, rng: random.Random) -> None:
        while state["running"]:
            await asyncio.sleep(rng.uniform(*MESSAGE_GAP_S))
            if not state["running"]:
                return
            key = f"{me}{secrets.token_hex(6)}"
            sent_at[key] = time.perf_counter()
            await _relay(socket, room, key)

    sockets: list[ClientConnection] = []
    tasks: list[asyncio.Task[Any]] = []
    rng = random.Random(7)
    for n in range(pairs):
        room = f"room{n}"
        for me in ("c", "a"):
            socket = await connect(f"{stack.ws_url}?room={room}", open_timeout=60)
            sockets.append(socket)
            tasks.append(asyncio.ensure_future(reader(socket, me)))
            tasks.append(asyncio.ensure_future(side(socket, room, me, random.Random(rng.random()))))
        await asyncio.sleep(0.05)
    await asyncio.sleep(MESSAGE_GAP_S[1])
    state["measuring"] = True
    await asyncio.sleep(measure_s)
    state["measuring"] = False
    state["running"] = False
    await asyncio.sleep(2.0)
    for socket in sockets:
        await socket.close()
    await asyncio.gather(*tasks, return_exceptions=True)
    return latencies, len(sent_at), len(received), dropped
