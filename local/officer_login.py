"""Scripts, benchmarks and tests sign an officer in without a browser (local stack only).

`login` uses the local identity provider's `POST /api/auth/login` (never deployed); `ticket_url` trades
the ID token for a single-use websocket ticket (`POST /api/agent/ws-ticket`, as the console does) and
answers the URL that opens the officer's socket. Call it for every connection: a ticket opens one.
"""
from __future__ import annotations

import json
import urllib.parse
import urllib.request

__all__ = ["http_base", "login", "ticket_url", "ws_ticket"]


def http_base(ws_url: str) -> str:
    """The site's origin for a websocket URL: ws://host:port/ws → http://host:port."""
    parts = urllib.parse.urlsplit(ws_url)
    return f"{'https' if parts.scheme == 'wss' else 'http'}://{parts.netloc}"


def login(base_url: str, username: str, password: str = "demo", timeout: float = 30) -> str:
    """An ID token from the local identity provider."""
    request = urllib.request.Request(
        f"{base_url}/api/auth/login",
        data=json.dumps({"username": username, "password": password}).encode(),
        headers={"Content-Type": "application/json"},
        method="POST",
    )
    with urllib.request.urlopen(request, timeout=timeout) as answer:
        token: str = json.loads(answer.read())["token"]
        return token


def ws_ticket(base_url: str, token: str, timeout: float = 30) -> str:
    """A single-use websocket ticket for this ID token."""
    request = urllib.request.Request(
        f"{base_url}/api/agent/ws-ticket", headers={"Authorization": f"Bearer {token}"}, data=b"", method="POST"
    )
    with urllib.request.urlopen(request, timeout=timeout) as answer:
        ticket: str = json.loads(answer.read())["ticket"]
        return ticket


def ticket_url(ws_url: str, token: str) -> str:
    """The URL that opens this officer's socket once: `<ws_url>?ticket=…` with a fresh ticket."""
    return f"{ws_url}?{urllib.parse.urlencode({'ticket': ws_ticket(http_base(ws_url), token)})}"
