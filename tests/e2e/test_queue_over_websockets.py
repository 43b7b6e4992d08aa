"""The one queue over real websockets: positions told by the asynchronous broadcaster, officers' tabs."""
from __future__ import annotations

from websockets.exceptions import ConnectionClosed

from tests.e2e.chat_client import ChatClient, login, officer_url


def agent_client(stack, username: str) -> ChatClient:
    agent = ChatClient(officer_url(stack.ws_url, login(stack.base_url, username)))
    agent.send(action="sync")
    agent.expect("agent_state")
    return agent


def test_citizens_behind_one_who_leaves_are_told_their_new_place_by_the_broadcaster(stack):
    # No officer answers on this module's stack: everyone waits.
    citizens = [ChatClient(stack.ws_url) for _ in range(3)]
    queued = []
    for topic, citizen in zip(("demarches", "victime", "autre"), citizens, strict=True):
        citizen.send(action="start", topic=topic)
        queued.append(citizen.expect("queued"))
    assert [q["position"] for q in queued] == [1, 2, 3]  # one queue across topics

    citizens[0].send(action="end")
    citizens[0].expect("closed")
    last = citizens[2].expect("queue", where=lambda f: f["position"] == 2)
    assert last["version"] > queued[2]["version"]
    assert citizens[1].expect("queue", where=lambda f: f["position"] == 1)["version"] > queued[1]["version"]
    for citizen in citizens[1:]:
        citizen.send(action="end")
        citizen.expect("closed")
        citizen.close()
    citizens[0].close()


def test_a_second_console_of_the_same_officer_takes_over_and_the_first_is_closed(stack):
    first = agent_client(stack, "agent7")
    second = agent_client(stack, "agent7")
    assert first.expect("session_replaced") == {"type": "session_replaced"}
    try:
        first.socket.recv(timeout=5)
        closed = False
    except ConnectionClosed:
        closed = True
    assert closed
    second.send(action="set_status", status="available")
    assert second.expect("status")["agent"]["status"] == "available"
    citizen = ChatClient(stack.ws_url)
    citizen.send(action="start", topic="autre")
    queued = citizen.expect("queued")
    assert second.expect("assigned")["conversation"]["conversation_id"] == queued["conversation_id"]
    second.send(action="close", conversation_id=queued["conversation_id"], outcome="resolved")
    citizen.expect("closed")
    second.close()
    citizen.close()
