"""A small synchronous websocket client speaking Guichet's protocol, for end-to-end tests and the benchmark."""
from __future__ import annotations

import json
import time
from collections.abc import Callable
from typing import Any

from websockets.sync.client import ClientConnection, connect

from local import officer_login

Frame = dict[str, Any]


class ChatClient:
    """One websocket connection; frames it receives are kept until a test takes them."""

    def __init__(self, url: str) -> None:
        self.socket: ClientConnection = connect(url, open_timeout=10, max_size=2**20, legacy=True)
        self.inbox: list[Frame] = []

    def send(self, **frame: Any) -> None:
        """Send one JSON frame."""
        self.socket.send(json.dumps(frame))

    def send_raw(self, data: str | bytes) -> None:
        """Send a frame exactly as given (for bad input)."""
        self.socket.send(data)

    def expect(self, type_: str, timeout: float = 10.0, where: Callable[[Frame], bool] = lambda f: True) -> Frame:
        """Wait for the next frame of this type (and matching `where`); earlier other frames stay in the inbox."""
        for index, frame in enumerate(self.inbox):
            if frame.get("type") == type_ and where(frame):
                return self.inbox.pop(index)
        deadline = time.monotonic() + timeout
        while True:
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                raise TimeoutError(f"no {type_!r} frame; inbox: {self.inbox[-5:]}")
            try:
                frame = json.loads(self.socket.recv(timeout=remaining))
            except TimeoutError:
                continue
            if frame.get("type") == type_ and where(frame):
                return frame
            self.inbox.append(frame)

    def drain(self, quiet_s: float = 0.3) -> list[Frame]:
        """Every frame that arrives until the socket has been quiet for `quiet_s`."""
        while True:
            try:
                self.inbox.append(json.loads(self.socket.recv(timeout=quiet_s)))
            except TimeoutError:
                taken, self.inbox = self.inbox, []
                return taken

    def close(self) -> None:
        """Close the websocket cleanly."""
        self.socket.close()


def login(base_url: str, username: str, password: str = "demo") -> str:
    """An ID token from the local identity provider (`POST /api/auth/login`, local only)."""
    return officer_login.login(base_url, username, password, timeout=10)


def officer_url(ws_url: str, token: str) -> str:
    """Where this officer's socket opens: `?ticket=` with a fresh single-use ticket for the token."""
    return officer_login.ticket_url(ws_url, token)
