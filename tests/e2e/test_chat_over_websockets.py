"""A citizen and officers chat over real websockets through the local gateway and the Chalice handlers."""
from __future__ import annotations

import json
import urllib.error
import urllib.request

import pytest
from websockets.exceptions import InvalidStatus

from local.identity import LocalIdentityProvider
from local.officer_login import ws_ticket
from tests.e2e.chat_client import ChatClient, login, officer_url


def agent_client(stack, username: str) -> ChatClient:
    agent = ChatClient(officer_url(stack.ws_url, login(stack.base_url, username)))
    agent.send(action="sync")
    agent.expect("agent_state")
    return agent


def go(agent: ChatClient, status: str) -> None:
    agent.send(action="set_status", status=status)
    agent.expect("status", where=lambda f: f["agent"]["status"] == status)


def test_the_topics_are_listed_over_rest(stack):
    with urllib.request.urlopen(f"{stack.base_url}/api/topics") as answer:
        topics = json.loads(answer.read())["topics"]
    assert {"id", "label"} <= set(topics[0]) and any(t["id"] == "victime" for t in topics)


def test_health_and_config_js_name_the_same_build(stack):
    from tools.build_version import build_version

    with urllib.request.urlopen(f"{stack.base_url}/api/health") as answer:
        health = json.loads(answer.read())
    with urllib.request.urlopen(f"{stack.base_url}/config.js") as answer:
        script = answer.read().decode()
    config = json.loads(script.removeprefix("window.GUICHET_CONFIG = ").rstrip().removesuffix(";"))
    assert health == {"status": "ok", "version": build_version()}
    assert config["version"] == health["version"] != "dev"  # this checkout is a git repository


def test_a_whole_conversation_from_queue_to_close(stack):
    citizen = ChatClient(stack.ws_url)
    citizen.send(action="start", topic="demarches", lang="fr")
    queued = citizen.expect("queued")
    assert queued["position"] == 1 and queued["resume_token"]
    conversation_id = queued["conversation_id"]

    agent = agent_client(stack, "agent1")
    go(agent, "available")
    assigned = agent.expect("assigned")
    assert assigned["conversation"]["conversation_id"] == conversation_id
    assert citizen.expect("agent_joined")["agent"]["display_name"] == "Gardienne de la paix Léa B."

    citizen.send(action="send", client_msg_id="c-1", text="Bonjour, où trouver mon attestation ?")
    ack = citizen.expect("ack")
    received = agent.expect("message")
    assert received["message_id"] == ack["message_id"] and received["author"] == "citizen"
    assert received["text"] == "Bonjour, où trouver mon attestation ?"

    agent.send(action="typing", conversation_id=conversation_id)
    assert citizen.expect("typing")["author"] == "agent"
    agent.send(action="send", conversation_id=conversation_id, client_msg_id="a-1", text="Sur le site du ministère.")
    agent.expect("ack")
    assert citizen.expect("message")["text"] == "Sur le site du ministère."

    agent.send(action="close", conversation_id=conversation_id, outcome="resolved")
    for side in (citizen, agent):
        closed = side.expect("closed")
        assert (closed["by"], closed["outcome"]) == ("agent", "resolved")
    go(agent, "away")
    citizen.close()
    agent.close()


def test_a_dropped_connection_resumes_with_nothing_missed(stack):
    agent = agent_client(stack, "agent2")
    go(agent, "available")
    citizen = ChatClient(stack.ws_url)
    citizen.send(action="start", topic="victime")
    queued = citizen.expect("queued")
    conversation_id = queued["conversation_id"]
    agent.expect("assigned", where=lambda f: f["conversation"]["conversation_id"] == conversation_id)
    citizen.send(action="send", client_msg_id="c-1", text="Premier message")
    last_seen = citizen.expect("ack")["message_id"]
    assert agent.expect("message")["text"] == "Premier message"

    citizen.socket.close()  # the phone goes through a tunnel
    sent_while_away = [f"Réponse {i}" for i in range(5)]
    for i, text in enumerate(sent_while_away):
        agent.send(action="send", conversation_id=conversation_id, client_msg_id=f"a-{i}", text=text)
        agent.expect("ack")

    back = ChatClient(stack.ws_url)
    back.send(action="resume", conversation_id=conversation_id, resume_token=queued["resume_token"], after=last_seen)
    resumed = back.expect("resumed")
    assert resumed["status"] == "assigned" and resumed["agent"]["display_name"] == "Brigadier Karim D."
    replayed = [back.expect("message")["text"] for _ in sent_while_away]
    assert replayed == sent_while_away

    back.send(action="send", client_msg_id="c-2", text="Je suis revenu")
    back.expect("ack")
    assert agent.expect("message")["text"] == "Je suis revenu"
    agent.send(action="close", conversation_id=conversation_id, outcome="resolved")
    back.expect("closed")
    go(agent, "away")
    back.close()
    agent.close()


def test_a_duplicate_send_is_stored_once_and_acked_twice(stack):
    agent = agent_client(stack, "agent3")
    go(agent, "available")
    citizen = ChatClient(stack.ws_url)
    citizen.send(action="start", topic="autre")
    queued = citizen.expect("queued")
    agent.expect("assigned")
    for _ in range(2):
        citizen.send(action="send", client_msg_id="same-id", text="Envoyé deux fois")
    first, second = citizen.expect("ack"), citizen.expect("ack")
    assert first["message_id"] == second["message_id"]
    delivered = [agent.expect("message"), *(f for f in agent.drain() if f["type"] == "message")]
    assert {f["message_id"] for f in delivered} == {first["message_id"]}  # one message, however often sent

    replay = ChatClient(stack.ws_url)
    replay.send(action="resume", conversation_id=queued["conversation_id"], resume_token=queued["resume_token"])
    replay.expect("resumed")
    assert [f["text"] for f in replay.drain() if f["type"] == "message"] == ["Envoyé deux fois"]
    agent.send(action="close", conversation_id=queued["conversation_id"], outcome="other")
    go(agent, "away")
    for client in (agent, citizen, replay):
        client.close()


@pytest.mark.parametrize(
    "raw, code",
    [
        ("{not json", "invalid_frame"),
        ('"just a string"', "invalid_frame"),
        ('{"action": "fly"}', "unknown_action"),
        ('{"action": "start", "topic": ["autre"]}', "invalid_field"),
        ('{"action": "start", "topic": "inconnu"}', "unknown_topic"),
        ('{"action": "send", "client_msg_id": "x", "text": "' + "é" * 4001 + '"}', "text_too_long"),
        ('{"action": "send", "client_msg_id": "x", "text": "' + "a" * 40_000 + '"}', "frame_too_large"),
        ('{"action": "close", "conversation_id": "c", "outcome": "resolved"}', "action_not_allowed"),
        ('{"action": "resume", "conversation_id": "nope", "resume_token": "forged"}', "invalid_resume_token"),
        (b"\x00\x01binary", "invalid_frame"),
    ],
)
def test_bad_frames_get_an_error_and_the_connection_keeps_serving(stack, raw, code):
    citizen = ChatClient(stack.ws_url)
    citizen.send_raw(raw)
    assert citizen.expect("error")["code"] == code
    citizen.send(action="ping")
    assert citizen.expect("pong") == {"type": "pong"}
    citizen.close()


def test_a_ticket_used_twice_forged_or_a_token_in_the_url_is_refused_at_connect(stack):
    real = login(stack.base_url, "agent1")
    ticket = ws_ticket(stack.base_url, real)
    ChatClient(f"{stack.ws_url}?ticket={ticket}").close()
    for query in (f"ticket={ticket}", "ticket=forged-0123456789", "ticket=", f"token={real}"):
        with pytest.raises(InvalidStatus) as refused:
            ChatClient(f"{stack.ws_url}?{query}")
        assert refused.value.response.status_code == 401


def test_the_ticket_route_wants_a_valid_officers_id_token_as_api_gateway_checks_it(stack):
    real = login(stack.base_url, "agent1")
    header, payload, signature = real.split(".")
    forged = ".".join([header, payload, signature[::-1]])
    provider = LocalIdentityProvider(issuer=f"{stack.base_url}/local-idp", audience="guichet-local")
    foreign = provider.issue_token("agent1")  # right claims, another key
    for token in ("garbage", forged, "", foreign):
        with pytest.raises(urllib.error.HTTPError) as refused:
            ws_ticket(stack.base_url, token)
        assert refused.value.code == 401
        assert json.loads(refused.value.read()) == {"message": "Unauthorized"}
    with pytest.raises(urllib.error.HTTPError) as no_header:
        urllib.request.urlopen(urllib.request.Request(f"{stack.base_url}/api/agent/ws-ticket", data=b"", method="POST"))
    assert no_header.value.code == 401


def test_wrong_credentials_do_not_get_a_token(stack):
    request = urllib.request.Request(
        f"{stack.base_url}/api/auth/login",
        data=json.dumps({"username": "agent1", "password": "wrong"}).encode(),
        method="POST",
    )
    with pytest.raises(urllib.error.HTTPError) as refused:
        urllib.request.urlopen(request)
    assert refused.value.code == 401


def test_a_start_repeated_on_a_new_connection_finds_the_same_conversation(stack):
    first = ChatClient(stack.ws_url)
    first.send(action="start", topic="autre", start_id="e2e-start-0123456789")
    queued = first.expect("queued")
    first.close()
    second = ChatClient(stack.ws_url)
    second.send(action="start", topic="autre", start_id="e2e-start-0123456789")
    again = second.expect("queued")
    assert again["conversation_id"] == queued["conversation_id"]
    assert again["resume_token"] != queued["resume_token"]
    second.send(action="end")
    assert second.expect("closed")["outcome"] == "abandoned"
    second.close()
