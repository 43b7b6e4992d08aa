"""Citizens and officers over real websockets, speaking docs/protocol.md: the surge scenarios and the capacity run.

Citizens arrive as a Poisson process on several topics, write a message every ~10 s and read the
officer's; officers sign in, `sync`, go available, answer every ~10 s and `close` after a handling
time drawn from an exponential law. Faults ride along: some citizens drop and `resume` (with `after`,
resending what was not acknowledged), one officer drops mid-chat and comes back with `sync`, some
messages are sent twice with the same `client_msg_id`. Everything seen is written in a Ledger.
"""
from __future__ import annotations

import asyncio
import contextlib
import json
import random
import secrets
import time
from collections import defaultdict
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import Any

from websockets.asyncio.client import ClientConnection, connect
from websockets.exceptions import ConnectionClosed

from local.officer_login import ticket_url

__all__ = ["MESSAGE_GAP_S", "TOPICS", "Citizen", "Desk", "Ledger", "Scenario", "run_capacity", "run_scenario"]

TOPICS = ("victime", "signalement", "demarches", "autre")
MESSAGE_GAP_S = (7.0, 13.0)  # a message every ~10 s from each side


@dataclass(frozen=True)
class Scenario:
    """One run: arrivals, officers, handling time (all in wall-clock seconds), and the faults."""

    name: str
    officers: int
    arrivals_per_s: float
    window_s: float
    mean_handling_s: float
    drop_share: float = 0.1
    duplicate_share: float = 0.05
    officer_drop: bool = True
    seed: int = 1
    message_gap_s: tuple[float, float] = MESSAGE_GAP_S


@dataclass
class Ledger:
    """Everything the clients saw, for the accounting and the latency figures."""

    sent_at: dict[str, float] = field(default_factory=dict)  # client_msg_id -> first send
    side_of: dict[str, str] = field(default_factory=dict)  # client_msg_id -> "citizen" | "agent"
    conversation_of: dict[str, str] = field(default_factory=dict)  # client_msg_id -> conversation id
    acked: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))  # client_msg_id -> message ids
    delivered: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))  # conversation -> ids received by the other side
    live_latency_s: dict[str, list[float]] = field(default_factory=lambda: {"citizen": [], "agent": []})
    id_of_text: dict[str, str] = field(default_factory=dict)
    assigned: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))  # conversation -> officers
    arrived_at: dict[str, float] = field(default_factory=dict)
    waits_s: dict[str, float | None] = field(default_factory=dict)  # conversation -> wait (None: never answered)
    resume_tokens: dict[str, str] = field(default_factory=dict)
    handling_s: list[float] = field(default_factory=list)
    dropped_sockets: list[str] = field(default_factory=list)  # closes nobody asked for
    errors: list[str] = field(default_factory=list)
    refused: set[str] = field(default_factory=set)  # client_msg_ids answered conversation_closed (sent after the close)
    resumes: int = 0
    officer_returns: int = 0
    duplicates: int = 0
    measuring: bool = True  # latencies are kept only while True

    def note_sent(self, key: str, side: str, conversation_id: str) -> None:
        self.sent_at.setdefault(key, time.perf_counter())
        self.side_of[key] = side
        self.conversation_of[key] = conversation_id

    def note_received(self, frame: dict[str, Any], live: bool) -> None:
        """A `message` frame (or a message in a replay) reached the other side."""
        author, text = frame.get("author"), str(frame.get("text", ""))
        if author not in ("citizen", "agent"):
            return
        key = text.split(" ", 1)[0]
        conversation_id = frame.get("conversation_id") or self.conversation_of.get(key, "")
        first = frame["message_id"] not in self.delivered[conversation_id]
        self.delivered[conversation_id].add(frame["message_id"])
        if live and first and key in self.sent_at and self.measuring:
            self.live_latency_s[author].append(time.perf_counter() - self.sent_at[key])


class Desk:
    """Officers signed in on one stack: they take what is assigned, chat, close, and drop once if asked."""

    def __init__(
        self,
        ws_url: str,
        login: Callable[[str], str],
        ledger: Ledger,
        handling_s: float,
        seed: int,
        message_gap_s: tuple[float, float] = MESSAGE_GAP_S,
    ) -> None:
        self.ws_url, self.login, self.ledger = ws_url, login, ledger
        self.handling_s, self.message_gap_s = handling_s, message_gap_s
        self.random = random.Random(seed)
        self.sockets: dict[str, ClientConnection] = {}
        self.tasks: set[asyncio.Task[Any]] = set()
        self.closing = False
        self.hold_conversations = False  # the capacity run: keep conversations open until told
        self.closed_conversations: set[str] = set()
        self.handled: set[str] = set()  # conversations some task of this desk is chatting in
        # Per officer, what they sent and has no answer yet: resent after their own drop, as the console does.
        self.unacked: dict[str, dict[str, dict[str, Any]]] = defaultdict(dict)

    async def sign_in(self, names: list[str]) -> None:
        """Log in, connect, sync and go available, every officer."""
        tokens = await asyncio.gather(*(asyncio.to_thread(self.login, name) for name in names))
        self.tokens = dict(zip(names, tokens, strict=True))
        await asyncio.gather(*(self._connect(name) for name in names))

    async def _connect(self, name: str) -> None:
        url = await asyncio.to_thread(ticket_url, self.ws_url, self.tokens[name])  # a fresh ticket per socket
        socket = await connect(url, open_timeout=60, max_size=2**22)
        self.sockets[name] = socket
        self._spawn(self._read(name, socket))
        await socket.send(json.dumps({"action": "sync"}))
        await socket.send(json.dumps({"action": "set_status", "status": "available"}))

    def _spawn(self, coroutine: Awaitable[Any]) -> None:
        task = asyncio.ensure_future(coroutine)
        self.tasks.add(task)
        task.add_done_callback(self.tasks.discard)

    async def _read(self, name: str, socket: ClientConnection) -> None:
        try:
            async for raw in socket:
                frame = json.loads(raw)
                kind = frame.get("type")
                if kind == "assigned":
                    conversation = frame["conversation"]
                    self.ledger.assigned[conversation["conversation_id"]].append(name)
                    for message in conversation.get("messages", []):
                        self.ledger.note_received({**message, "conversation_id": conversation["conversation_id"]}, live=False)
                    self._take_up(name, conversation["conversation_id"])
                elif kind == "agent_state":
                    for conversation in frame.get("conversations", []):
                        for message in conversation.get("messages", []):
                            self.ledger.note_received({**message, "conversation_id": conversation["conversation_id"]}, live=False)
                        if conversation.get("status") == "assigned":
                            self._take_up(name, conversation["conversation_id"])  # assigned while away
                elif kind == "message":
                    self.ledger.note_received(frame, live=True)
                elif kind == "ack":
                    self.ledger.acked[frame["client_msg_id"]].add(frame["message_id"])
                    self.unacked[name].pop(frame["client_msg_id"], None)
                elif kind == "closed":
                    self.closed_conversations.add(frame["conversation_id"])
                elif kind == "error" and frame.get("code") in ("conversation_closed", "forbidden") and frame.get("client_msg_id"):
                    self.ledger.refused.add(frame["client_msg_id"])
                    self.unacked[name].pop(frame["client_msg_id"], None)
                elif kind == "error" and frame.get("code") not in ("conversation_closed", "forbidden"):
                    self.ledger.errors.append(f"{name}: {frame.get('code')}")
        except ConnectionClosed:
            pass
        if self.sockets.get(name) is socket and not self.closing:
            self.ledger.dropped_sockets.append(name)

    def _take_up(self, name: str, conversation_id: str) -> None:
        if conversation_id not in self.handled:
            self.handled.add(conversation_id)
            self._spawn(self._chat(name, conversation_id))

    async def _send(self, name: str, frame: dict[str, Any]) -> None:
        for _ in range(100):  # while the officer is away (their own drop), wait for the new socket
            socket = self.sockets.get(name)
            if socket is not None:
                with contextlib.suppress(ConnectionClosed):
                    await socket.send(json.dumps(frame))
                    return
            await asyncio.sleep(0.1)

    async def _chat(self, name: str, conversation_id: str) -> None:
        started = time.perf_counter()
        # At least one exchange each way, then an exponential tail: the mean is handling_s.
        floor = min(self.handling_s / 2, self.message_gap_s[1])
        handling = floor + self.random.expovariate(1 / (self.handling_s - floor))
        n = 0
        while self.hold_conversations or time.perf_counter() - started < handling:
            await asyncio.sleep(self.random.uniform(*self.message_gap_s))
            if self.closing:
                return
            if conversation_id in self.closed_conversations:
                break  # the citizen ended it
            if not self.hold_conversations and time.perf_counter() - started >= handling:
                break
            n += 1
            key = f"a{secrets.token_hex(6)}"
            self.ledger.note_sent(key, "agent", conversation_id)
            frame = {"action": "send", "conversation_id": conversation_id, "client_msg_id": key, "text": f"{key} réponse {n}"}
            self.unacked[name][key] = frame
            await self._send(name, frame)
        await self._send(name, {"action": "close", "conversation_id": conversation_id, "outcome": "resolved"})
        self.ledger.handling_s.append(time.perf_counter() - started)

    async def drop_and_return(self, name: str, away_s: float = 2.0) -> None:
        """One officer's connection drops mid-chat; they come back, `sync` and go available again."""
        socket = self.sockets.pop(name)
        await socket.close()
        await asyncio.sleep(away_s)
        self.ledger.officer_returns += 1
        await self._connect(name)
        # A message sent just before the drop was stored, but its ack went to the old connection: the same
        # client_msg_id again is stored once and acknowledged with the same id.
        for frame in list(self.unacked[name].values()):
            await self._send(name, frame)

    async def release(self) -> None:
        """The capacity run is over: every officer closes what they hold."""
        self.hold_conversations = False

    async def sign_out(self) -> None:
        """Close every officer socket."""
        self.closing = True
        for task in list(self.tasks):
            task.cancel()
        for socket in self.sockets.values():
            await socket.close()
        await asyncio.gather(*self.tasks, return_exceptions=True)


class Citizen:
    """One citizen: start, wait, chat until the officer closes (or give up when the run ends)."""

    def __init__(self, ws_url: str, ledger: Ledger, rng: random.Random, scenario: Scenario) -> None:
        self.ws_url, self.ledger, self.rng, self.scenario = ws_url, ledger, rng, scenario
        self.closed = asyncio.Event()
        self.joined = asyncio.Event()
        self.resumed = asyncio.Event()
        self.queued: asyncio.Future[dict[str, Any]] = asyncio.get_running_loop().create_future()
        self.seen: set[int] = set()  # sequence numbers of the messages received
        self.unacked: dict[str, dict[str, Any]] = {}
        self.socket: ClientConnection | None = None
        self.conversation_id = ""
        self.leaving = False

    async def run_until(self, end: dict[str, float]) -> None:
        """Like run, with a give-up time that may be moved while waiting."""
        await self.run(end, lambda: True)

    async def run(self, give_up: float | dict[str, float], chat_until: Callable[[], bool]) -> None:
        self.socket = await connect(self.ws_url, open_timeout=60, max_size=2**22)
        reader = asyncio.ensure_future(self._read(self.socket))
        start_id = secrets.token_hex(16)
        await self.socket.send(json.dumps({"action": "start", "topic": self.rng.choice(TOPICS), "lang": "fr", "start_id": start_id}))
        queued = await asyncio.wait_for(self.queued, 60)  # agent_joined may come first: the reader keeps it
        self.conversation_id, self.resume_token = queued["conversation_id"], queued["resume_token"]
        self.ledger.resume_tokens[self.conversation_id] = self.resume_token
        arrived = time.perf_counter()
        self.ledger.arrived_at[self.conversation_id] = arrived
        self.ledger.waits_s[self.conversation_id] = None
        try:
            while not self.joined.is_set():
                give_up_at = give_up["at"] if isinstance(give_up, dict) else give_up
                if time.perf_counter() >= give_up_at:
                    raise TimeoutError
                with contextlib.suppress(asyncio.TimeoutError):
                    await asyncio.wait_for(self.joined.wait(), min(1.0, give_up_at - time.perf_counter()))
        except TimeoutError:
            self.leaving = True
            await self.socket.send(json.dumps({"action": "end"}))
            with contextlib.suppress(asyncio.TimeoutError):
                await asyncio.wait_for(self.closed.wait(), 30)
            await self._close(reader)
            return
        self.ledger.waits_s[self.conversation_id] = time.perf_counter() - arrived
        will_drop = self.rng.random() < self.scenario.drop_share
        n = 0
        hard_stop = time.perf_counter() + 4 * self.scenario.mean_handling_s + 60
        while not self.closed.is_set():
            if time.perf_counter() > hard_stop:
                self.ledger.errors.append("citizen: the officer never closed")
                break
            try:
                await asyncio.wait_for(self.closed.wait(), self.rng.uniform(*self.scenario.message_gap_s))
                break
            except TimeoutError:
                pass
            if not chat_until():
                continue
            n += 1
            key = f"c{secrets.token_hex(6)}"
            frame = {
                "action": "send",
                "conversation_id": self.conversation_id,  # as the widget does: the server reads only the conversation
                "client_msg_id": key,
                "text": f"{key} message {n} du citoyen",
            }
            self.unacked[key] = frame
            self.ledger.note_sent(key, "citizen", self.conversation_id)
            await self._send(frame)
            if self.rng.random() < self.scenario.duplicate_share:
                self.ledger.duplicates += 1
                await self._send(frame)  # the same client_msg_id again: stored once, acked twice
            if will_drop and n == 1:
                will_drop = False
                reader = await self._drop_and_resume(reader)
        await self._close(reader)

    async def _send(self, frame: dict[str, Any]) -> None:
        with contextlib.suppress(ConnectionClosed):
            assert self.socket is not None
            await self.socket.send(json.dumps(frame))

    async def _read(self, socket: ClientConnection) -> None:
        try:
            async for raw in socket:
                frame = json.loads(raw)
                kind = frame.get("type")
                if kind == "queued" and not self.queued.done():
                    self.queued.set_result(frame)
                elif kind == "agent_joined":
                    self.joined.set()
                elif kind == "resumed":
                    self.resumed.set()
                    if frame.get("agent"):
                        self.joined.set()
                elif kind == "message":
                    self.seen.add(int(frame["message_id"]))
                    self.ledger.note_received({**frame, "conversation_id": self.conversation_id}, live=True)
                elif kind == "ack":
                    self.ledger.acked[frame["client_msg_id"]].add(frame["message_id"])
                    self.unacked.pop(frame["client_msg_id"], None)
                elif kind == "closed":
                    self.closed.set()
                elif kind == "error" and frame.get("code") == "conversation_closed" and frame.get("client_msg_id"):
                    self.ledger.refused.add(frame["client_msg_id"])
                    self.unacked.pop(frame["client_msg_id"], None)
                elif kind == "error":
                    self.ledger.errors.append(f"citizen: {frame.get('code')}")
        except ConnectionClosed:
            if socket is self.socket and not self.closed.is_set() and not self.leaving:
                self.ledger.dropped_sockets.append(f"citizen {self.conversation_id}")

    def watermark(self) -> str | None:
        """The last message id up to which every message was received (frames may arrive out of order)."""
        n = 0
        while n + 1 in self.seen:
            n += 1
        return f"{n:010d}" if n else None

    async def _drop_and_resume(self, reader: asyncio.Future[Any]) -> asyncio.Future[Any]:
        """The phone goes through a tunnel: drop, come back, resume after the last message seen, resend the unacknowledged."""
        old, self.socket = self.socket, None
        assert old is not None
        await old.close()
        await reader
        await asyncio.sleep(self.rng.uniform(1.0, 3.0))
        self.socket = await connect(self.ws_url, open_timeout=60, max_size=2**22)
        reader = asyncio.ensure_future(self._read(self.socket))
        await self.socket.send(
            json.dumps({"action": "resume", "conversation_id": self.conversation_id, "resume_token": self.resume_token, "after": self.watermark()})
        )
        self.ledger.resumes += 1
        await asyncio.wait_for(self.resumed.wait(), 30)  # then resend what was not acknowledged
        for frame in list(self.unacked.values()):
            await self._send(frame)
        return reader

    async def _close(self, reader: asyncio.Future[Any]) -> None:
        self.leaving = True
        # As the widget does: keep the socket until every message sent has its answer (ack, or
        # refused after the close), then a moment for frames pushed just before the close.
        with contextlib.suppress(TimeoutError):
            async with asyncio.timeout(30):
                while self.unacked:
                    await asyncio.sleep(0.1)
        await asyncio.sleep(1.5)
        if self.socket is not None:
            await self.socket.close()
        await reader


async def run_scenario(ws_url: str, login: Callable[[str], str], scenario: Scenario, ledger: Ledger) -> float:
    """Sign the officers in, let citizens arrive for the window, wait for the last conversations; the wall time."""
    rng = random.Random(scenario.seed)
    desk = Desk(ws_url, login, ledger, scenario.mean_handling_s, scenario.seed + 1, scenario.message_gap_s)
    await desk.sign_in([f"agent{n}" for n in range(1, scenario.officers + 1)])
    await asyncio.sleep(1.0)
    started = time.perf_counter()
    give_up_at = started + scenario.window_s + scenario.mean_handling_s
    citizens: list[asyncio.Task[Any]] = []
    if scenario.officer_drop:
        asyncio.get_running_loop().call_later(scenario.window_s / 2, lambda: desk._spawn(desk.drop_and_return("agent1")))
    while time.perf_counter() - started < scenario.window_s:
        citizen = Citizen(ws_url, ledger, random.Random(rng.random()), scenario)
        citizens.append(asyncio.ensure_future(citizen.run(give_up_at, lambda: True)))
        await asyncio.sleep(rng.expovariate(scenario.arrivals_per_s))
    results = await asyncio.gather(*citizens, return_exceptions=True)
    ledger.errors.extend(f"citizen crashed: {r!r}" for r in results if isinstance(r, BaseException))
    await asyncio.sleep(2.0)  # the last acks and deliveries
    await desk.sign_out()
    return time.perf_counter() - started


async def run_capacity(
    ws_url: str, login: Callable[[str], str], ledger: Ledger, officers: int, per_officer: int, waiting: int, measure_s: float
) -> None:
    """Every officer holds `per_officer` conversations, `waiting` more citizens queue; measure for `measure_s`."""
    desk = Desk(ws_url, login, ledger, 20.0, 99)
    desk.hold_conversations = True
    await desk.sign_in([f"agent{n}" for n in range(1, officers + 1)])
    await asyncio.sleep(1.0)
    rng = random.Random(42)
    no_faults = Scenario("capacity", officers, 0.0, 0.0, 20.0, drop_share=0.0, duplicate_share=0.0, officer_drop=False)
    ledger.measuring = False
    end = {"at": time.perf_counter() + 3600.0}
    citizens: list[Citizen] = []
    tasks: list[asyncio.Task[Any]] = []
    for _ in range(officers * per_officer + waiting):
        citizen = Citizen(ws_url, ledger, random.Random(rng.random()), no_faults)
        citizens.append(citizen)
        tasks.append(asyncio.ensure_future(citizen.run_until(end)))
        await asyncio.sleep(0.05)  # 20 arrivals a second: no connect storm
    async with asyncio.timeout(120):  # the desk as the scenario says: every slot taken, the rest queued
        while sum(c.joined.is_set() for c in citizens) < officers * per_officer or not all(c.queued.done() for c in citizens):
            await asyncio.sleep(0.5)
    await asyncio.sleep(MESSAGE_GAP_S[1])  # everyone is chatting
    ledger.measuring = True
    await asyncio.sleep(measure_s)
    ledger.measuring = False
    end["at"] = time.perf_counter()  # the waiting give up
    await desk.release()
    results = await asyncio.gather(*tasks, return_exceptions=True)
    ledger.errors.extend(f"citizen crashed: {r!r}" for r in results if isinstance(r, BaseException))
    await asyncio.sleep(2.0)
    await desk.sign_out()
