"""The Chalice websocket handlers on moto: API Gateway events in, frames out through the management API."""
from __future__ import annotations

import json
import threading
import urllib.parse
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest
from chalice.test import Client
from moto.apigatewaymanagementapi.models import apigatewaymanagementapi_backends

from local.events import WebsocketEventBuilder
from local.identity import LocalIdentityProvider
from tests.integration.app_on_moto import app_on_moto

ISSUER = "https://idp.test/guichet"
AUDIENCE = "guichet-test"
REGION = "eu-west-3"


def serve_jwks(provider: LocalIdentityProvider) -> ThreadingHTTPServer:
    body = json.dumps(provider.jwks()).encode()

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:  # http.server's naming
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *_: Any) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


class Harness:
    """Invokes the app's Lambda handlers with API Gateway events and reads what moto's management API got."""

    def __init__(self, app_module: Any, provider: LocalIdentityProvider) -> None:
        self.client = Client(app_module.app)
        self.events = WebsocketEventBuilder("abc123.execute-api.eu-west-3.amazonaws.com", stage="api", api_id="abc123")
        self.provider = provider
        self._read: dict[str, int] = {}

    def connect(self, cid: str, token: str | None = None) -> int:
        """A citizen, or an officer as the console does it: a ticket for the ID token, then `?ticket=`."""
        return self.connect_with(cid, {"ticket": self.ticket(token)} if token is not None else None)

    def connect_with(self, cid: str, query: dict[str, str] | None) -> int:
        """The handshake's status for exactly this query string."""
        event = self.events.connect(cid, query)
        return self.client.lambda_.invoke("connect", event).payload["statusCode"]

    def ticket_response(self, token: str | None) -> Any:
        """POST /agent/ws-ticket with this ID token (Chalice's test gateway puts its claims in the context)."""
        headers = {"Authorization": f"Bearer {token}"} if token is not None else {}
        return self.client.http.post("/agent/ws-ticket", headers=headers)

    def ticket(self, token: str) -> str:
        response = self.ticket_response(token)
        assert response.status_code == 200, response.body
        return json.loads(response.body)["ticket"]

    def send(self, cid: str, body: str | bytes) -> None:
        self.client.lambda_.invoke("message", self.events.message(cid, body))

    def frame(self, cid: str, **frame: Any) -> None:
        self.send(cid, json.dumps(frame))

    def disconnect(self, cid: str) -> None:
        self.client.lambda_.invoke("disconnect", self.events.disconnect(cid))

    def received(self, cid: str) -> list[dict[str, Any]]:
        """Frames posted to this connection since the last call (moto concatenates them: split them back)."""
        backend = apigatewaymanagementapi_backends["123456789012"][REGION]
        stored = backend.connections.get(urllib.parse.quote(cid, safe=""))
        raw = stored.data.decode() if stored else ""
        start = self._read.get(cid, 0)
        frames, decoder, index = [], json.JSONDecoder(), start
        while index < len(raw):
            frame, index = decoder.raw_decode(raw, index)
            frames.append(frame)
        self._read[cid] = index
        return frames


@pytest.fixture
def harness(monkeypatch: pytest.MonkeyPatch) -> Iterator[Harness]:
    provider = LocalIdentityProvider(issuer=ISSUER, audience=AUDIENCE)
    server = serve_jwks(provider)
    with app_on_moto(
        monkeypatch,
        "h",
        GUICHET_JWKS_URL=f"http://127.0.0.1:{server.server_port}/.well-known/jwks.json",
        GUICHET_JWT_ISSUER=ISSUER,
        GUICHET_JWT_AUDIENCE=AUDIENCE,
        GUICHET_VERSION="v1.4.0-3-gabc1234",
    ) as module:
        yield Harness(module, provider)
    server.shutdown()


def test_a_citizen_connects_without_credentials_and_is_queued(harness):
    assert harness.connect("citizen-1") == 200
    harness.frame("citizen-1", action="start", topic="victime", lang="fr")
    [queued] = [f for f in harness.received("citizen-1") if f["type"] == "queued"]
    assert queued["position"] == 1 and queued["estimated_wait_s"] is None


def test_an_agent_with_a_valid_token_gets_the_waiting_citizen_and_they_talk(harness):
    harness.connect("citizen-1")
    harness.frame("citizen-1", action="start", topic="autre")
    conversation_id = harness.received("citizen-1")[0]["conversation_id"]
    assert harness.connect("agent-1", harness.provider.login("agent1", "demo")) == 200
    harness.frame("agent-1", action="set_status", status="available")
    assigned = [f for f in harness.received("agent-1") if f["type"] == "assigned"]
    assert assigned[0]["conversation"]["conversation_id"] == conversation_id
    assert harness.received("citizen-1")[-1]["agent"]["display_name"] == "Gardienne de la paix Léa B."

    harness.frame("citizen-1", action="send", client_msg_id="m1", text="Bonjour <b>officier</b>")
    assert harness.received("citizen-1")[-1]["type"] == "ack"
    message = harness.received("agent-1")[-1]
    assert (message["type"], message["text"]) == ("message", "Bonjour <b>officier</b>")


def test_the_ticket_route_answers_a_single_use_ticket_with_no_store(harness):
    response = harness.ticket_response(harness.provider.login("agent1", "demo"))
    body = json.loads(response.body)
    assert response.status_code == 200
    assert response.headers["Cache-Control"] == "no-store"
    assert body["expires_in"] == 30 and len(body["ticket"]) >= 43


def test_the_ticket_route_checks_the_groups_and_wants_claims(harness):
    no_group = harness.ticket_response(harness.provider.issue_token("agent1", groups=["citizens"]))
    assert (no_group.status_code, json.loads(no_group.body)["code"]) == (403, "officer_only")
    unsigned = harness.ticket_response(None)
    assert (unsigned.status_code, json.loads(unsigned.body)["code"]) == (401, "invalid_token")


def test_a_ticket_opens_one_socket_and_is_refused_the_second_time(harness):
    ticket = harness.ticket(harness.provider.login("agent1", "demo"))
    assert harness.connect_with("agent-1", {"ticket": ticket}) == 200
    assert harness.connect_with("agent-2", {"ticket": ticket}) == 401


def test_a_forged_ticket_or_a_token_in_the_url_is_refused_at_connect(harness):
    token = harness.provider.login("agent1", "demo")
    for query in ({"ticket": "forged-ticket-0123456789"}, {"ticket": ""}, {"token": token}, {"token": token, "ticket": "x"}):
        assert harness.connect_with("intruder", query) == 401
    assert harness.received("intruder") == []


def test_a_bad_frame_gets_an_error_frame_and_the_next_frame_works(harness):
    harness.connect("citizen-1")
    harness.send("citizen-1", "{oops")
    harness.frame("citizen-1", action="ping")
    assert [f["type"] for f in harness.received("citizen-1")] == ["error", "pong"]


def test_a_citizen_disconnecting_while_waiting_keeps_the_place_for_a_resume(harness):
    harness.connect("citizen-1")
    harness.frame("citizen-1", action="start", topic="autre")
    queued = harness.received("citizen-1")[0]
    harness.disconnect("citizen-1")
    harness.connect("citizen-2")
    harness.frame(
        "citizen-2", action="resume", conversation_id=queued["conversation_id"], resume_token=queued["resume_token"]
    )
    resumed = harness.received("citizen-2")[0]
    assert (resumed["type"], resumed["status"], resumed["position"]) == ("resumed", "waiting", 1)


def test_availability_says_whether_officers_are_answering(harness):
    assert harness.client.http.get("/availability").json_body == {
        "answering": False,
        "officers_available": 0,
        "open_slots": 0,
    }
    harness.connect("agent-1", harness.provider.login("agent1", "demo"))
    harness.frame("agent-1", action="set_status", status="available")
    answer = harness.client.http.get("/availability").json_body
    assert (answer["answering"], answer["officers_available"], answer["open_slots"]) == (True, 1, 3)


def test_business_metrics_are_published_in_embedded_metric_format(harness, capsys):
    harness.connect("citizen-1")
    capsys.readouterr()
    harness.frame("citizen-1", action="start", topic="autre")
    documents = [json.loads(line) for line in capsys.readouterr().out.splitlines() if line.startswith("{")]
    published = [d for d in documents if "_aws" in d]
    assert published, "no EMF document printed"
    metric_names = {m["Name"] for d in published for m in d["_aws"]["CloudWatchMetrics"][0]["Metrics"]}
    assert "ConversationsStarted" in metric_names
    assert published[0]["_aws"]["CloudWatchMetrics"][0]["Namespace"] == "Guichet"


def emf_documents(out: str) -> list[dict[str, Any]]:
    """The CloudWatch embedded-metric documents printed on stdout."""
    documents = [json.loads(line) for line in out.splitlines() if line.startswith("{")]
    return [d for d in documents if "_aws" in d]


def test_error_frames_are_published_by_code_in_embedded_metric_format(harness, capsys):
    harness.connect("citizen-1")
    capsys.readouterr()
    harness.send("citizen-1", "not json")
    harness.frame("citizen-1", action="fly")
    harness.frame("citizen-1", action="fly")
    assert [f["code"] for f in harness.received("citizen-1")] == ["invalid_frame", "unknown_action", "unknown_action"]
    published = [d for d in emf_documents(capsys.readouterr().out) if "ErrorFrames" in d]
    by_code: dict[str, float] = {}
    for document in published:
        [directive] = document["_aws"]["CloudWatchMetrics"]
        assert directive["Namespace"] == "Guichet"
        assert directive["Dimensions"] == [["service", "code"]]
        assert document["service"] == "guichet"
        by_code[document["code"]] = by_code.get(document["code"], 0) + sum(document["ErrorFrames"])
    assert by_code == {"invalid_frame": 1, "unknown_action": 2}


def test_the_queue_size_and_longest_wait_are_published_at_each_pass(harness, capsys):
    harness.connect("citizen-1")
    harness.connect("citizen-2")
    capsys.readouterr()
    harness.frame("citizen-1", action="start", topic="autre")
    harness.frame("citizen-2", action="start", topic="autre")
    published = [d for d in emf_documents(capsys.readouterr().out) if "QueueWaiting" in d]
    # One invocation each, one queue pass each (EMF writes a metric's values as a list).
    assert [d["QueueWaiting"] for d in published] == [[1.0], [2.0]]
    assert all(len(d["QueueLongestWait"]) == 1 and d["QueueLongestWait"][0] >= 0 for d in published)
    units = {m["Name"]: m["Unit"] for d in published for m in d["_aws"]["CloudWatchMetrics"][0]["Metrics"]}
    assert (units["QueueWaiting"], units["QueueLongestWait"]) == ("Count", "Seconds")


def test_health_names_the_deployed_version(harness):
    assert harness.client.http.get("/health").json_body == {"status": "ok", "version": "v1.4.0-3-gabc1234"}
