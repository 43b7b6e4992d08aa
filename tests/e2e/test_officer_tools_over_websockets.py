"""An orientation card and an internal note over real websockets, through the local gateway and the Chalice handlers."""
from __future__ import annotations

import json
import urllib.error
import urllib.request

from tests.e2e.chat_client import ChatClient, login

SECRET = "NOTE-E2E-5b1c"


def officer_client(stack, username: str) -> ChatClient:
    """An officer's console: a single-use ticket where the stack issues them, else the token in the URL."""
    token = login(stack.base_url, username)
    request = urllib.request.Request(
        f"{stack.base_url}/api/agent/ws-ticket", data=b"{}", method="POST",
        headers={"Authorization": f"Bearer {token}", "Content-Type": "application/json"},
    )  # fmt: skip
    try:
        with urllib.request.urlopen(request, timeout=10) as answer:
            url = f"{stack.ws_url}?ticket={json.loads(answer.read())['ticket']}"
    except urllib.error.HTTPError:
        url = f"{stack.ws_url}?token={token}"
    officer = ChatClient(url)
    officer.send(action="sync")
    officer.expect("agent_state")
    return officer


def test_a_card_reaches_the_citizen_in_english_and_a_note_never_does(stack):
    citizen = ChatClient(stack.ws_url)
    citizen.send(action="start", topic="escroquerie", lang="en")
    queued = citizen.expect("queued")
    conversation_id = queued["conversation_id"]
    officer = officer_client(stack, "agent7")
    officer.send(action="set_status", status="available")
    officer.expect("assigned", where=lambda f: f["conversation"]["conversation_id"] == conversation_id)
    citizen.expect("agent_joined")

    officer.send(action="send_card", conversation_id=conversation_id, client_msg_id="k-1", card={"kind": "service", "ref": "perceval"})
    ack = officer.expect("ack")
    card_message = citizen.expect("message")
    assert card_message["message_id"] == ack["message_id"] and card_message["kind"] == "card"
    assert card_message["card"] == {
        "kind": "service",
        "ref": "perceval",
        "title": "Perceval: report bank card fraud",
        "url": "https://www.service-public.fr/particuliers/vosdroits/R46526",
    }

    officer.send(action="add_note", conversation_id=conversation_id, client_msg_id="n-1", text=f"{SECRET} carte encore en main")
    note = officer.expect("note")
    assert (note["note_id"], note["text"]) == ("0000000001", f"{SECRET} carte encore en main")
    officer.send(action="send_card", conversation_id=conversation_id, client_msg_id="k-2", card={"kind": "sheet", "ref": "no-such-sheet"})
    assert officer.expect("error")["code"] == "unknown_card"

    seen = citizen.drain()
    citizen.close()
    back = ChatClient(stack.ws_url)
    back.send(action="resume", conversation_id=conversation_id, resume_token=queued["resume_token"], after=None)
    back.expect("resumed")
    replayed = back.expect("message")
    assert replayed["card"]["ref"] == "perceval"
    seen += back.drain()
    for frame in [*seen, replayed]:
        assert frame["type"] != "note" and SECRET not in json.dumps(frame, ensure_ascii=False)

    officer.close()
    console = officer_client(stack, "agent7")
    console.send(action="sync")
    state = console.expect("agent_state")
    [held] = [c for c in state["conversations"] if c["conversation_id"] == conversation_id]
    assert [n["text"] for n in held["notes"]] == [f"{SECRET} carte encore en main"]
    assert held["messages"][0]["card"]["title"] == "Perceval: report bank card fraud"
    console.send(action="close", conversation_id=conversation_id, outcome="oriented")
    console.expect("closed")
    assert SECRET not in json.dumps(back.drain(), ensure_ascii=False)
    for client in (console, back):
        client.close()


def test_officers_read_the_seeded_shared_answers_over_rest_and_only_supervisors_write_them(stack):
    def call(method: str, path: str, username: str | None, body: dict | None = None) -> tuple[int, dict]:
        headers = {"Content-Type": "application/json"}
        if username:
            headers["Authorization"] = f"Bearer {login(stack.base_url, username)}"
        data = json.dumps(body).encode() if body is not None else None
        request = urllib.request.Request(f"{stack.base_url}/api/agent/canned-answers{path}", data=data, headers=headers, method=method)
        try:
            with urllib.request.urlopen(request, timeout=10) as answer:
                return answer.status, json.loads(answer.read() or b"{}")
        except urllib.error.HTTPError as refused:
            return refused.code, json.loads(refused.read() or b"{}")

    status, listed = call("GET", "?q=d%C3%A9rogation", "agent3")
    assert status == 200 and [a["shortcut"] for a in listed["answers"]] == ["derogation"]
    assert call("GET", "", None)[0] == 401
    new = {"scope": "shared", "title": "Nouveau", "shortcut": "nouveau", "text": "Texte"}
    assert call("POST", "", "agent3", new) == (403, {"code": "forbidden", "message": "Only supervisors manage shared answers."})
    status, created = call("POST", "", "superviseur", new)
    assert status == 201 and created["answer"]["scope"] == "shared"
    assert call("DELETE", f"/{created['answer']['id']}", "superviseur")[0] == 204
