"""Officers race for the same conversations over real websockets: each is assigned exactly once."""
from __future__ import annotations

from collections import Counter
from concurrent.futures import ThreadPoolExecutor

from tests.e2e.chat_client import ChatClient, login, officer_url

AGENTS = [f"agent{n}" for n in range(10, 18)]
CITIZENS = 12


def test_racing_officers_never_get_the_same_conversation(stack):
    tokens = {name: login(stack.base_url, name) for name in AGENTS}
    agents = {name: ChatClient(officer_url(stack.ws_url, token)) for name, token in tokens.items()}
    citizens = [ChatClient(stack.ws_url) for _ in range(CITIZENS)]
    for citizen in citizens:
        citizen.send(action="start", topic="signalement")
    conversation_ids = {citizen.expect("queued")["conversation_id"] for citizen in citizens}

    def race(name: str) -> None:
        agent = agents[name]
        agent.send(action="set_status", status="available")
        for conversation_id in sorted(conversation_ids):
            agent.send(action="take", conversation_id=conversation_id)

    with ThreadPoolExecutor(len(AGENTS)) as pool:
        list(pool.map(race, AGENTS))

    joined = [c.expect("agent_joined", timeout=30) for c in citizens]
    assert len(joined) == CITIZENS
    assigned_to: Counter[str] = Counter()
    per_agent: dict[str, int] = {}
    for name, agent in agents.items():
        frames = agent.drain(quiet_s=0.5)
        mine = [f["conversation"]["conversation_id"] for f in frames if f["type"] == "assigned"]
        per_agent[name] = len(mine)
        assigned_to.update(mine)
        errors = {f["code"] for f in frames if f["type"] == "error"}
        assert errors <= {"not_waiting", "agent_unavailable", "assignment_conflict"}
    assert set(assigned_to) == conversation_ids
    assert all(count == 1 for count in assigned_to.values()), assigned_to
    assert max(per_agent.values()) <= 3
    assert all(not [f for f in c.drain(quiet_s=0.1) if f["type"] == "agent_joined"] for c in citizens)
    for client in [*agents.values(), *citizens]:
        client.close()
