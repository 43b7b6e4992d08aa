"""Supervisors acting on the desk over real websockets through the local gateway: watch then join a chat,
reassign it, set an officer away, change a capacity and see the next assignment follow it; every action refused
to officers and citizens; the audit trail over REST (supervisor 200, officer 403, no token 401)."""
from __future__ import annotations

import json
import urllib.error
import urllib.request
from typing import Any

from tests.e2e.chat_client import ChatClient, login
from tests.e2e.test_officer_tools_over_websockets import officer_client

SUPERVISOR_FRAMES: list[dict[str, Any]] = [
    {"action": "supervise_list"},
    {"action": "watch", "conversation_id": "CONV"},
    {"action": "join", "conversation_id": "CONV"},
    {"action": "unwatch", "conversation_id": "CONV"},
    {"action": "take_over", "conversation_id": "CONV"},
    {"action": "reassign", "conversation_id": "CONV", "to_agent_id": "agent12"},
    {"action": "set_agent_away", "agent_id": "agent12"},
    {"action": "set_capacity", "agent_id": "agent12", "capacity": 5},
]


def _audit(stack: Any, token: str | None) -> tuple[int, dict[str, Any]]:
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    request = urllib.request.Request(f"{stack.base_url}/api/supervisor/audit", headers=headers)
    try:
        with urllib.request.urlopen(request, timeout=10) as answer:
            return answer.status, json.loads(answer.read())
    except urllib.error.HTTPError as refused:
        return refused.code, json.loads(refused.read() or b"{}")


def test_a_supervisor_watches_joins_reassigns_sets_away_and_changes_a_capacity(stack):
    holder = officer_client(stack, "agent11")
    holder.send(action="set_status", status="available")
    holder.expect("status")
    citizen = ChatClient(stack.ws_url)
    citizen.send(action="start", topic="escroquerie", lang="fr")
    conv = citizen.expect("queued")["conversation_id"]
    holder.expect("assigned", where=lambda f: f["conversation"]["conversation_id"] == conv)
    citizen.expect("agent_joined")
    citizen.send(action="send", conversation_id=conv, client_msg_id="c-1", text="On m'a volé mon vélo")
    citizen.expect("ack")

    supervisor = officer_client(stack, "superviseur")
    supervisor.send(action="supervise_list")
    listed = supervisor.expect("supervision")
    assert conv in [c["conversation_id"] for c in listed["chats"]]
    assert "agent11" in [o["agent_id"] for o in listed["officers"]]

    # Watch: the history, then the new messages both ways; read-only.
    supervisor.send(action="watch", conversation_id=conv)
    watching = supervisor.expect("watching")
    assert watching["mode"] == "watch"
    assert [m["text"] for m in watching["conversation"]["messages"]] == ["On m'a volé mon vélo"]
    holder.send(action="send", conversation_id=conv, client_msg_id="a-1", text="Où et quand ?")
    holder.expect("ack")
    assert supervisor.expect("message")["text"] == "Où et quand ?"
    supervisor.send(action="send", conversation_id=conv, client_msg_id="s-0", text="Lecture seule")
    assert supervisor.expect("error")["code"] == "forbidden"

    # Join: they write too; the citizen sees an officer's message, the officer sees it as well.
    supervisor.send(action="join", conversation_id=conv)
    assert supervisor.expect("watching")["mode"] == "join"
    assert holder.expect("supervisor_joined")["conversation_id"] == conv
    supervisor.send(action="send", conversation_id=conv, client_msg_id="s-1", text="Avez-vous le numéro de cadre ?")
    supervisor.expect("ack")
    seen = citizen.expect("message", where=lambda f: f["text"] == "Avez-vous le numéro de cadre ?")
    assert seen["author"] == "agent" and "by" not in seen and "Capitaine" not in json.dumps(seen)
    to_holder = holder.expect("message", where=lambda f: f["text"] == "Avez-vous le numéro de cadre ?")
    assert to_holder["by"] == {"display_name": "Capitaine Hélène R."}
    citizen.send(action="send", conversation_id=conv, client_msg_id="c-2", text="Oui")
    assert supervisor.expect("message", where=lambda f: f["author"] == "citizen")["text"] == "Oui"

    # Reassign to another officer with a free slot.
    other = officer_client(stack, "agent12")
    other.send(action="set_status", status="available")
    other.expect("status")
    supervisor.send(action="reassign", conversation_id=conv, to_agent_id="agent12")
    assigned = other.expect("assigned", where=lambda f: f["conversation"]["conversation_id"] == conv)
    assert [m["text"] for m in assigned["conversation"]["messages"]][-1] == "Oui"
    assert holder.expect("unassigned")["reason"] == "reassigned"
    assert supervisor.expect("supervised", where=lambda f: f["action"] == "reassign")["to"]["agent_id"] == "agent12"
    citizen.expect("agent_joined", where=lambda f: f["agent"]["display_name"] == assigned_name(other))

    # Set the first officer away, and agent12 to one chat: a new citizen waits; a capacity of two serves them.
    supervisor.send(action="set_agent_away", agent_id="agent11")
    told = holder.expect("status", where=lambda f: "by" in f)
    assert told["agent"]["status"] == "away" and told["by"]["display_name"] == "Capitaine Hélène R."
    supervisor.send(action="set_capacity", agent_id="agent12", capacity=1)
    assert other.expect("status", where=lambda f: "by" in f)["agent"]["capacity"] == 1
    second = ChatClient(stack.ws_url)
    second.send(action="start", topic="autre", lang="fr")
    second_conv = second.expect("queued")["conversation_id"]
    assert not [f for f in other.drain(1.0) if f["type"] == "assigned"]
    supervisor.send(action="set_capacity", agent_id="agent12", capacity=2)
    other.expect("assigned", where=lambda f: f["conversation"]["conversation_id"] == second_conv)
    second.expect("agent_joined")

    # Officers and citizens are refused every supervisor action; the service keeps serving them.
    for frame in SUPERVISOR_FRAMES:
        body = {k: (conv if v == "CONV" else v) for k, v in frame.items()}
        for client in (holder, citizen):
            client.send(**body)
            assert client.expect("error")["code"] == "forbidden", (body, client)
    other.send(action="send", conversation_id=conv, client_msg_id="b-1", text="Je reprends")
    assert citizen.expect("message", where=lambda f: f["text"] == "Je reprends")["author"] == "agent"

    # The audit trail: the supervisor reads it; an officer is refused (403); no token: API Gateway's 401.
    status, body = _audit(stack, login(stack.base_url, "superviseur"))
    assert status == 200
    actions = [e["action"] for e in body["entries"]]
    assert actions[:6] == ["set_capacity", "set_capacity", "set_away", "reassign", "join", "watch"]
    assert all(e["actor"]["agent_id"] == "superviseur" for e in body["entries"])
    assert _audit(stack, login(stack.base_url, "agent11"))[0] == 403
    assert _audit(stack, None)[0] == 401
    for client in (holder, other, supervisor, citizen, second):
        client.close()


def assigned_name(officer: ChatClient) -> str:
    """The display name this officer's console was given (from its last `status` frame)."""
    for frame in reversed(officer.inbox):
        if frame.get("type") in ("status", "agent_state"):
            return str(frame["agent"]["display_name"])
    officer.send(action="sync")
    return str(officer.expect("agent_state")["agent"]["display_name"])
