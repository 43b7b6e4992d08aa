"""Start the real local stack (`python -m local`) in a subprocess for end-to-end and browser tests."""
from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
ARTIFACTS = ROOT / "test-artifacts"


@dataclass
class LocalStack:
    host: str
    port: int
    process: subprocess.Popen

    @property
    def base_url(self) -> str:
        return f"http://{self.host}:{self.port}"

    @property
    def ws_url(self) -> str:
        return f"ws://{self.host}:{self.port}/ws"

    def stop(self) -> None:
        """Stop the stack at once: it keeps everything in memory, so a graceful shutdown (closing each socket,
        running its $disconnect handler, then the interpreter's teardown) would only cost the tests 3 to 10 s."""
        self.process.kill()
        self.process.wait()


def free_port() -> int:
    """A TCP port nobody listens on right now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def start_local_stack(timeout_s: float = 60.0, extra_env: dict[str, str] | None = None) -> LocalStack:
    """Start `python -m local` on a free port (with these extra environment variables) and wait for /api/health."""
    host, port = "127.0.0.1", free_port()
    env = {
        **os.environ,
        "HOST": host,
        "PORT": str(port),
        "PYTHONUNBUFFERED": "1",
        **(extra_env or {}),
    }
    ARTIFACTS.mkdir(exist_ok=True)
    log = open(ARTIFACTS / f"local-stack-{port}.log", "w")
    process = subprocess.Popen([sys.executable, "-m", "local"], cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)
    stack = LocalStack(host, port, process)
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"the local stack exited with {process.returncode}")
        try:
            with urllib.request.urlopen(f"{stack.base_url}/api/health", timeout=1) as answer:
                if answer.status == 200:
                    return stack
        except OSError:
            time.sleep(0.2)
    stack.stop()
    raise RuntimeError("the local stack did not start in time")
