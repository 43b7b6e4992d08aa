"""A local stand-in for API Gateway: the static site, the REST API under /api, and a websocket at /ws.

Websocket connects, frames and disconnects become API Gateway events for the Chalice handlers; the
handlers answer through the management API (`POST/GET/DELETE /{stage}/@connections/{id}`), served
here too, which answers 410 Gone for a connection that no longer exists — as API Gateway does.

As on API Gateway, a connection's frames are read (and protocol pings answered) while earlier frames'
handlers still run: each frame is an invocation of its own, in a small worker pool; `$disconnect`
comes after the connection's invocations in flight. The handlers' management API calls (Chalice's
boto3 client) reach the gateway through a botocore transport instead of an HTTP round trip through
this process's own event loop: same client, same requests, same 410, no socket.

REST routes behind Chalice's `CognitoUserPoolAuthorizer` get what API Gateway gives them: the
`Authorization` header's ID token is verified first (signature against the identity provider's JWKS,
issuer, audience, expiry, `token_use: id`) and a missing or bad one answers 401
`{"message": "Unauthorized"}` without running the function; the claims then reach the route in
`requestContext.authorizer.claims`. (Chalice's own local gateway decodes the token without checking it.)
"""
from __future__ import annotations

import asyncio
import base64
import concurrent.futures
import contextlib
import io
import json
import os
import threading
import time
import urllib.parse
from collections import Counter, deque
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import Any

from aiohttp import WSMsgType, web
from botocore.awsrequest import AWSPreparedRequest, AWSResponse
from chalice import Chalice, CognitoUserPoolAuthorizer
from chalice.config import Config
from chalice.local import LambdaContext, LocalGatewayException, RouteMatcher
from chalice.local import LocalGateway as ChaliceRestGateway

from local.cloudfront_origin import as_forwarded_by_cloudfront, site_response_headers
from local.cognito_authorizer import JwksTokenVerifier
from local.events import WebsocketEventBuilder

__all__ = ["DEFAULT_WORKERS", "MAX_MESSAGE_BYTES", "LocalGateway"]

# API Gateway's websocket message limit; larger messages close the connection (1009).
MAX_MESSAGE_BYTES = 128 * 1024
# How long a post waits for a connection whose $connect succeeded to finish its handshake.
_HANDSHAKE_S = 5.0

# The handlers are CPU-bound Python (moto included) sharing one interpreter: more threads than a
# few only queue on the GIL and delay the event loop that answers pings and delivers frames.
DEFAULT_WORKERS = 4

# How long a handler's management API call waits for the event loop before calling the connection gone.
_MANAGEMENT_TIMEOUT_S = 10.0

_Answer = tuple[int, dict[str, str], bytes]


@dataclass
class _LiveConnection:
    socket: web.WebSocketResponse
    connected_at: float
    source_ip: str
    user_agent: str
    last_active_at: float = field(default_factory=time.time)
    lock: asyncio.Lock = field(default_factory=asyncio.Lock)


class LocalGateway:
    def __init__(
        self,
        chalice_app: Chalice,
        static_dir: Path,
        domain_name: str,
        stage: str = "local",
        workers: int = DEFAULT_WORKERS,
        token_verifier: JwksTokenVerifier | None = None,
    ) -> None:
        self._app = chalice_app
        self._token_verifier = token_verifier
        self._routes = RouteMatcher(list(chalice_app.routes))
        self._static_dir = static_dir
        self._stage = stage
        self._events = WebsocketEventBuilder(domain_name, stage=stage, api_id="local")
        self._rest = ChaliceRestGateway(chalice_app, Config.create(chalice_stage=stage, lambda_timeout=30))
        self._pool = ThreadPoolExecutor(max_workers=workers, thread_name_prefix="lambda")
        self._live: dict[str, _LiveConnection] = {}
        self._opening: dict[str, asyncio.Future[None]] = {}
        self._sessions: set[asyncio.Task[Any]] = set()
        # Posts accepted from handler threads, sent by the event loop in the order they came; the
        # loop is woken once for a batch, not once a post (each wake-up is a system call).
        self._outbox: deque[tuple[str, bytes]] = deque()
        self._outbox_lock = threading.Lock()
        self._sending: set[asyncio.Task[_Answer]] = set()
        self._loop: asyncio.AbstractEventLoop | None = None
        self.invocations: Counter[str] = Counter()
        # The handlers' management endpoint is this process, at the stage path API Gateway uses (also
        # served over plain HTTP); their boto3 client hands its requests to `_transport`.
        chalice_app.websocket_api._WEBSOCKET_ENDPOINT_TEMPLATE = "http://{domain_name}/{stage}"  # type: ignore[misc]
        chalice_app.websocket_api.configure(domain_name, stage)
        self._management_prefix = f"/{stage}/@connections/"
        for events in _management_event_emitters(chalice_app):
            events.register("before-send.apigatewaymanagementapi", self._transport)

    def add_routes(self, web_app: web.Application) -> None:
        """Register the websocket, management API, REST and static routes."""
        web_app.router.add_get("/ws", self._websocket)
        web_app.router.add_route("*", f"/{self._stage}/@connections/{{connection_id}}", self._management)
        web_app.router.add_route("*", "/api/{tail:.*}", self._rest_api)
        web_app.router.add_get("/{path:.*}", self._static)

    @property
    def live_connections(self) -> int:
        """How many websockets are open now."""
        return len(self._live)

    async def _invoke(self, route_key: str, event: dict[str, Any]) -> Any:
        """Run the app's handler for this route key in a worker thread, as a Lambda invocation."""
        function = self._app.websocket_handlers[route_key].name
        handler: Callable[[dict[str, Any], Any], Any] = self._app.handler_map[function]
        context = LambdaContext(function, memory_size=512, max_runtime_ms=29_000)
        self.invocations[route_key] += 1
        return await asyncio.get_running_loop().run_in_executor(self._pool, handler, event, context)

    async def _websocket(self, request: web.Request) -> web.StreamResponse:
        self._loop = asyncio.get_running_loop()
        connection_id = base64.b64encode(os.urandom(10)).decode()
        source_ip = request.remote or "127.0.0.1"
        headers = {k: v for k, v in request.headers.items() if k.lower() not in {"cookie", "authorization"}}
        event = self._events.connect(connection_id, dict(request.query), headers, source_ip)
        answer = await self._invoke("$connect", event)
        status = int((answer or {}).get("statusCode", 200))
        if status != 200:
            return web.Response(status=status, text="Forbidden" if status == 403 else "Unauthorized")
        # API Gateway negotiates no permessage-deflate; neither does this.
        socket = web.WebSocketResponse(max_msg_size=MAX_MESSAGE_BYTES, heartbeat=None, compress=False)
        # Once $connect has answered 200 the connection exists for API Gateway: a post that other
        # invocations make to it while the handshake completes here waits for it instead of a 410.
        opened: asyncio.Future[None] = asyncio.get_running_loop().create_future()
        self._opening[connection_id] = opened
        try:
            await socket.prepare(request)
            session = asyncio.current_task()
            if session is not None:
                self._sessions.add(session)
                session.add_done_callback(self._sessions.discard)
            self._live[connection_id] = _LiveConnection(
                socket, time.time(), source_ip, request.headers.get("User-Agent", "")
            )
        finally:
            self._opening.pop(connection_id, None)
            opened.set_result(None)
        close_code = 1000
        in_flight: set[asyncio.Future[Any]] = set()
        try:
            async for frame in socket:
                self._live[connection_id].last_active_at = time.time()
                if frame.type in (WSMsgType.TEXT, WSMsgType.BINARY):
                    # Not awaited: the next frame (and any protocol ping) is read while this one runs.
                    invocation = asyncio.ensure_future(
                        self._invoke("$default", self._events.message(connection_id, frame.data, source_ip))
                    )
                    in_flight.add(invocation)
                    invocation.add_done_callback(in_flight.discard)
                elif frame.type == WSMsgType.ERROR:
                    close_code = 1006
                    break
        except ConnectionResetError:
            close_code = 1006  # the client vanished mid-frame (aiohttp's reset errors derive from this)
        finally:
            self._live.pop(connection_id, None)
            close_code = socket.close_code or close_code
            if in_flight:
                await asyncio.wait(in_flight)
            await self._invoke("$disconnect", self._events.disconnect(connection_id, close_code, source_ip))
        return socket

    async def _management(self, request: web.Request) -> web.Response:
        """The management API over HTTP, for any client."""
        self._loop = asyncio.get_running_loop()
        data = await request.read() if request.method == "POST" else b""
        status, headers, body = await self._manage(request.method, request.match_info["connection_id"], data)
        return web.Response(status=status, headers=headers, body=body)

    async def _manage(self, method: str, connection_id: str, data: bytes) -> _Answer:
        """One management API call: post to, describe or close a connection; 410 when it is gone."""
        opening = self._opening.get(connection_id)
        if opening is not None:
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(asyncio.shield(opening), _HANDSHAKE_S)
        live = self._live.get(connection_id)
        if live is None or live.socket.closed:
            return _gone()
        if method == "POST":
            async with live.lock:
                try:
                    await live.socket.send_str(data.decode("utf-8"))
                except ConnectionResetError:
                    return _gone()
            return 200, {}, b""
        if method == "GET":
            description = {  # the wire names of GetConnection (boto3 shows them as ConnectedAt, Identity…)
                "connectedAt": _iso(live.connected_at),
                "lastActiveAt": _iso(live.last_active_at),
                "identity": {"sourceIp": live.source_ip, "userAgent": live.user_agent},
            }
            return 200, {"Content-Type": "application/json"}, json.dumps(description).encode()
        if method == "DELETE":
            async with live.lock:  # after the posts asked before it
                await live.socket.close(code=1000)
            return 204, {}, b""
        return 405, {}, b""

    def _transport(self, request: AWSPreparedRequest, **_: Any) -> AWSResponse | None:
        """botocore's `before-send` for the handlers' management client: answer in process, not over HTTP.

        Runs in the handler's thread and waits for the event loop, which owns the sockets. A request
        for another endpoint, or before the gateway serves, goes out over HTTP as usual.
        """
        url = urllib.parse.urlsplit(request.url)
        loop = self._loop
        if loop is None or not url.path.startswith(self._management_prefix):
            return None
        connection_id = urllib.parse.unquote(url.path[len(self._management_prefix) :])
        body = request.body if isinstance(request.body, bytes) else (request.body or "").encode()
        method = request.method or "POST"
        if method == "POST" and connection_id not in self._opening:
            # As API Gateway does, a post to an open connection is accepted at once and the frame goes
            # out in the background (in order: the loop runs the sends as they were asked, and each
            # connection's lock keeps them so); the handler does not wait for the event loop's turn.
            live = self._live.get(connection_id)
            if live is None or live.socket.closed:
                status, headers, payload = _gone()
                return AWSResponse(request.url, status, headers, _RawBody(payload))
            with self._outbox_lock:
                wake = not self._outbox
                self._outbox.append((connection_id, body))
            if wake:
                loop.call_soon_threadsafe(self._send_outbox)
            return AWSResponse(request.url, 200, {}, _RawBody(b""))
        call = asyncio.run_coroutine_threadsafe(self._manage(method, connection_id, body), loop)
        try:
            status, headers, payload = call.result(timeout=_MANAGEMENT_TIMEOUT_S)
        except (concurrent.futures.TimeoutError, RuntimeError):
            call.cancel()
            status, headers, payload = _gone()  # the gateway is stopping
        return AWSResponse(request.url, status, headers, _RawBody(payload))

    def _send_outbox(self) -> None:
        """In the event loop: start sending every accepted post, oldest first."""
        with self._outbox_lock:
            batch = list(self._outbox)
            self._outbox.clear()
        for connection_id, body in batch:
            sending = asyncio.ensure_future(self._manage("POST", connection_id, body))
            self._sending.add(sending)
            sending.add_done_callback(self._sent)

    def _sent(self, sending: asyncio.Task[_Answer]) -> None:
        """A background post's outcome: a connection gone meanwhile is what API Gateway would not tell either."""
        self._sending.discard(sending)
        if not sending.cancelled():
            sending.exception()

    async def _rest_api(self, request: web.Request) -> web.Response:
        path = "/" + request.match_info["tail"]
        if request.query_string:
            path += "?" + request.query_string
        body = await request.read()
        headers = as_forwarded_by_cloudfront(request.headers, request.remote)
        loop = asyncio.get_running_loop()
        try:
            answer = await loop.run_in_executor(
                self._pool, self._authorized_request, request.method, path, headers, body
            )
        except LocalGatewayException as exc:
            return web.Response(status=exc.CODE, body=exc.body, headers=exc.headers)
        payload = answer.get("body") or b""
        if answer.get("isBase64Encoded"):
            payload = base64.b64decode(payload)
        response_headers = {k: v for k, v in (answer.get("headers") or {}).items() if k.lower() != "content-length"}
        return web.Response(status=answer["statusCode"], body=payload, headers=response_headers)

    def _authorized_request(self, method: str, path: str, headers: dict[str, str], body: bytes) -> Any:
        """Run the Cognito authorizer as API Gateway does (when the route has one), then the route."""
        if self._needs_cognito(method, path):
            token = next((v for k, v in headers.items() if k.lower() == "authorization"), "")
            raw = token[len("Bearer ") :] if token[:7].lower() == "bearer " else token
            try:
                if self._token_verifier is None:
                    raise ValueError("no identity provider")
                claims = self._token_verifier.claims(raw)
                if claims.get("token_use") != "id":
                    raise ValueError("API Gateway's Cognito authorizer takes ID tokens (no scopes configured)")
            except Exception:  # noqa: BLE001 - whatever is wrong with the token, API Gateway says the same
                return _unauthorized()
            # Verified: Chalice's gateway decodes these same claims into requestContext.authorizer.claims.
            headers = {k: v for k, v in headers.items() if k.lower() != "authorization"} | {"Authorization": raw}
        return self._rest.handle_request(method, path, headers, body or None)

    def _needs_cognito(self, method: str, path: str) -> bool:
        """Whether the route this request reaches is behind a Cognito user pool authorizer."""
        try:
            route = self._routes.match_route(path).route
        except ValueError:
            return False
        entry = self._app.routes.get(route, {}).get(method.upper())
        return entry is not None and isinstance(entry.authorizer, CognitoUserPoolAuthorizer)

    async def _static(self, request: web.Request) -> web.StreamResponse:
        """A file of the static site; a folder serves its index.html, as the CloudFront function does."""
        root = self._static_dir.resolve()
        wanted = (root / request.match_info["path"]).resolve()
        if wanted != root and root not in wanted.parents:
            raise web.HTTPNotFound()
        if wanted.is_dir():
            if not request.path.endswith("/"):
                raise web.HTTPMovedPermanently(request.path + "/")
            wanted = wanted / "index.html"
        if not wanted.is_file():
            raise web.HTTPNotFound()
        return web.FileResponse(wanted, headers=site_response_headers())

    async def close(self) -> None:
        """Close every websocket, wait for their $disconnect handlers, and stop the worker threads."""
        for live in list(self._live.values()):
            await live.socket.close(code=1001)
        if self._sessions:
            await asyncio.wait(list(self._sessions), timeout=10)
        # Off the loop: a handler still running may be waiting for the loop to post a frame.
        await asyncio.get_running_loop().run_in_executor(
            None, partial(self._pool.shutdown, wait=True, cancel_futures=True)
        )


class _RawBody(io.BytesIO):
    """A response body as botocore reads it from urllib3."""

    def stream(self, **_: Any) -> Iterator[bytes]:
        """The whole body, once."""
        data = self.read()
        if data:
            yield data


def _management_event_emitters(chalice_app: Chalice) -> Iterator[Any]:
    """Where to hook the handlers' management client: its session, and the client if already made."""
    websocket_api = chalice_app.websocket_api
    if websocket_api.session is not None:
        yield websocket_api.session.events
    client = getattr(websocket_api, "_client", None)
    if client is not None:
        yield client.meta.events


def _unauthorized() -> dict[str, Any]:
    """API Gateway's answer when its authorizer refuses the token (the function never runs)."""
    return {
        "statusCode": 401,
        "headers": {"Content-Type": "application/json", "x-amzn-ErrorType": "UnauthorizedException"},
        "body": '{"message":"Unauthorized"}',
    }


def _gone() -> _Answer:
    """API Gateway's answer for a connection that no longer exists."""
    return 410, {"x-amzn-ErrorType": "GoneException", "Content-Type": "application/json"}, b'{"message": null}'


def _iso(epoch: float) -> str:
    return time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(epoch))
