"""A bench stack (bench.server) in its own process, and the HTTP calls the bench makes to it."""
from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections import Counter
from typing import Any

from bench.server import CLONE_PATH, COUNTS_PATH, STORED_PATH
from local.dynamodb_throttling import THROTTLE_ENV

__all__ = ["Counts", "StackProcess", "difference"]

Counts = dict[str, Counter[str]]


class StackProcess:
    """`python -m bench.server` on a port, started and waited for; its load does not share our interpreter."""

    def __init__(self, port: int = 0, app: str = "guichet", throttle_share: float = 0.0) -> None:
        port = port or _free_port()
        self.base = f"http://127.0.0.1:{port}"
        self.ws_url = f"ws://127.0.0.1:{port}/ws"
        env = {**os.environ, THROTTLE_ENV: str(throttle_share), "POWERTOOLS_LOG_LEVEL": "CRITICAL"}
        self.process = subprocess.Popen(
            [sys.executable, "-W", "ignore", "-m", "bench.server", "--port", str(port), "--app", app],
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=(log := tempfile.TemporaryFile()),
        )
        deadline = time.monotonic() + 90
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                log.seek(0)
                tail = log.read().decode(errors="replace")[-2000:]
                raise RuntimeError(f"the bench stack exited with {self.process.returncode}:\n{tail}")
            try:
                self.counts()
                return
            except OSError:
                time.sleep(0.2)
        self.stop()
        raise RuntimeError("the bench stack did not start")

    def _call(self, path: str, body: Any = None, timeout: float = 600) -> Any:
        data = None if body is None else json.dumps(body).encode()
        request = urllib.request.Request(self.base + path, data=data, method="GET" if data is None else "POST")
        with urllib.request.urlopen(request, timeout=timeout) as answer:
            return json.loads(answer.read())

    def counts(self) -> Counts:
        """DynamoDB requests per operation, invocations per route, throttle attempts and injections, so far."""
        return {name: Counter(values) for name, values in self._call(COUNTS_PATH, timeout=5).items()}

    def stored(self, conversation_ids: list[str]) -> dict[str, int]:
        """Chat messages stored per conversation."""
        return self._call(STORED_PATH, {"conversations": conversation_ids})

    def clone(self, conversation_id: str, copies: int) -> None:
        """Store `copies` more conversations like this one."""
        self._call(CLONE_PATH, {"conversation_id": conversation_id, "copies": copies})

    def login(self, username: str) -> str:
        """An officer's token from the local identity provider."""
        return self._call("/api/auth/login", {"username": username, "password": "demo"}, timeout=30)["token"]

    def stop(self) -> None:
        """Stop the stack and wait for it."""
        self.process.terminate()
        try:
            self.process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()


def difference(after: Counts, before: Counts) -> Counts:
    """What happened between two readings."""
    return {name: +(after[name] - before.get(name, Counter())) for name in after}


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])
