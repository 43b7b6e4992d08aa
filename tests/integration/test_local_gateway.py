"""The local gateway speaks API Gateway's websocket protocol: events in, management API out, 410 for the gone."""
from __future__ import annotations

import asyncio
import json
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import boto3
import pytest
from aiohttp import web
from chalice import Chalice, Response
from websockets.exceptions import ConnectionClosed, InvalidStatus
from websockets.sync.client import connect

from chalicelib.adapters.websocket_notifier import ChaliceWebsocketNotifier
from chalicelib.errors import ConnectionGoneError
from local.gateway import LocalGateway
from tests.local_stack import free_port


class Recorder:
    """A tiny Chalice app whose handlers record the events they get and echo frames back."""

    def __init__(self) -> None:
        self.events: list[dict[str, Any]] = []
        self.app = Chalice(app_name="gateway-test")
        self.app.experimental_feature_flags.update({"WEBSOCKETS"})
        self.app.websocket_api.session = boto3.session.Session(
            aws_access_key_id="testing", aws_secret_access_key="testing", region_name="eu-west-3"
        )
        app = self.app

        @app.on_ws_connect()
        def connect_handler(event: Any) -> Response:
            self.events.append(event.to_dict())
            refused = (event.to_dict().get("queryStringParameters") or {}).get("refuse")
            return Response(body="", status_code=403 if refused else 200)

        @app.on_ws_message()
        def message_handler(event: Any) -> None:
            self.events.append(event.to_dict())
            app.websocket_api.send(event.connection_id, json.dumps({"echo": event.body}))

        @app.on_ws_disconnect()
        def disconnect_handler(event: Any) -> None:
            self.events.append(event.to_dict())

    def of_route(self, route_key: str) -> list[dict[str, Any]]:
        return [e for e in self.events if e["requestContext"]["routeKey"] == route_key]


@pytest.fixture
def gateway(tmp_path: Path) -> Iterator[tuple[Recorder, str]]:
    (tmp_path / "index.html").write_text("<!doctype html><title>t</title>")
    recorder, port = Recorder(), free_port()
    domain = f"127.0.0.1:{port}"
    local = LocalGateway(recorder.app, tmp_path, domain_name=domain, stage="local")
    web_app = web.Application()
    local.add_routes(web_app)
    loop = asyncio.new_event_loop()
    runner = web.AppRunner(web_app)
    ready = threading.Event()

    def serve() -> None:
        # The server's loop lives in its own thread: the test thread may already run one (Playwright's).
        asyncio.set_event_loop(loop)
        loop.run_until_complete(runner.setup())
        loop.run_until_complete(web.TCPSite(runner, "127.0.0.1", port).start())
        ready.set()
        loop.run_forever()

    thread = threading.Thread(target=serve, daemon=True)
    thread.start()
    assert ready.wait(10), "the gateway did not start"
    yield recorder, domain
    asyncio.run_coroutine_threadsafe(runner.cleanup(), loop).result(timeout=10)
    loop.call_soon_threadsafe(loop.stop)
    thread.join(timeout=5)


def management_client(domain: str) -> Any:
    return boto3.client(
        "apigatewaymanagementapi",
        endpoint_url=f"http://{domain}/local",
        region_name="eu-west-3",
        aws_access_key_id="testing",
        aws_secret_access_key="testing",
    )


def test_connect_message_and_disconnect_become_api_gateway_events(gateway):
    recorder, domain = gateway
    with connect(f"ws://{domain}/ws?lang=fr", legacy=True) as socket:
        socket.send('{"action": "ping"}')
        assert json.loads(socket.recv(timeout=5)) == {"echo": '{"action": "ping"}'}
    [connected] = recorder.of_route("$connect")
    context = connected["requestContext"]
    assert (context["eventType"], context["stage"], context["apiId"], context["domainName"]) == (
        "CONNECT",
        "local",
        "local",
        domain,
    )
    assert connected["queryStringParameters"] == {"lang": "fr"}
    [message] = recorder.of_route("$default")
    assert message["requestContext"]["connectionId"] == context["connectionId"]
    assert message["body"] == '{"action": "ping"}'
    for _ in range(50):
        if recorder.of_route("$disconnect"):
            break
        threading.Event().wait(0.1)
    assert recorder.of_route("$disconnect")[0]["requestContext"]["eventType"] == "DISCONNECT"


def test_a_refused_connect_fails_the_handshake(gateway):
    _recorder, domain = gateway
    with pytest.raises(InvalidStatus) as refused:
        connect(f"ws://{domain}/ws?refuse=1", legacy=True)
    assert refused.value.response.status_code == 403


def test_the_management_api_posts_gets_and_deletes_a_connection(gateway):
    recorder, domain = gateway
    client = management_client(domain)
    with connect(f"ws://{domain}/ws", legacy=True) as socket:
        connection_id = recorder.of_route("$connect")[0]["requestContext"]["connectionId"]
        client.post_to_connection(ConnectionId=connection_id, Data=b'{"type": "hello"}')
        assert json.loads(socket.recv(timeout=5)) == {"type": "hello"}
        info = client.get_connection(ConnectionId=connection_id)
        assert info["Identity"]["SourceIp"] == "127.0.0.1" and "ConnectedAt" in info
        client.delete_connection(ConnectionId=connection_id)
        with pytest.raises(ConnectionClosed):
            socket.recv(timeout=5)


def test_a_gone_connection_answers_410_and_the_notifier_names_it(gateway):
    recorder, domain = gateway
    with connect(f"ws://{domain}/ws", legacy=True):
        connection_id = recorder.of_route("$connect")[0]["requestContext"]["connectionId"]
    client = management_client(domain)
    for _ in range(50):
        if recorder.of_route("$disconnect"):
            break
        threading.Event().wait(0.1)
    with pytest.raises(client.exceptions.GoneException):
        client.post_to_connection(ConnectionId=connection_id, Data=b"{}")
    notifier = ChaliceWebsocketNotifier(recorder.app.websocket_api)
    with pytest.raises(ConnectionGoneError) as gone:
        notifier.send(connection_id, {"type": "late"})
    assert gone.value.connection_id == connection_id


def test_the_static_site_is_served_with_folder_indexes_and_no_way_out(gateway):
    import urllib.error
    import urllib.request

    _, domain = gateway
    with urllib.request.urlopen(f"http://{domain}/") as answer:
        assert b"<title>t</title>" in answer.read()
    with pytest.raises(urllib.error.HTTPError) as outside:
        urllib.request.urlopen(f"http://{domain}/..%2F..%2Fetc%2Fpasswd")
    assert outside.value.code == 404
