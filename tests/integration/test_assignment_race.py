"""Races on DynamoDB (moto, atomic per request like the real service): assignment and sequence numbers hold."""
from __future__ import annotations

import random
import threading
import time
from collections import Counter
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor

from chalicelib.domain.agent import Agent, AgentIdentity, AgentStatus
from chalicelib.domain.conversation import Author, Conversation, Status, new_resume_token
from chalicelib.domain.retention import Retention
from chalicelib.errors import AssignmentConflictError
from chalicelib.ports import Storage

RETENTION = Retention()


def waiting_conversations(storage: Storage, count: int) -> list[Conversation]:
    start = time.time()
    conversations = [
        Conversation.open("demarches", "fr", new_resume_token(), f"ws-c{i}", start + i, RETENTION.expires_at(start))
        for i in range(count)
    ]
    for conversation in conversations:
        storage.conversations.add(conversation)
    return conversations


def available_agents(storage: Storage, count: int, capacity: int) -> list[Agent]:
    now = time.time()
    agents = []
    for i in range(count):
        identity = AgentIdentity(agent_id=f"a{i}", display_name=f"Officer {i}", groups=frozenset({"agents"}))
        storage.agents.connect(identity, f"ws-a{i}", capacity, now, Retention.connection_expires_at(now))
        agents.append(storage.agents.set_status(identity.agent_id, AgentStatus.AVAILABLE, now))
    return agents


def run_together(tasks: list[Callable[[], int]], workers: int) -> list[int]:
    """Start every task at the same instant on its own thread; their results."""
    barrier = threading.Barrier(len(tasks))

    def started_together(task: Callable[[], int]) -> int:
        barrier.wait()
        return task()

    with ThreadPoolExecutor(max_workers=workers) as pool:
        return list(pool.map(started_together, tasks))


def try_every_conversation(
    storage: Storage, agent: Agent, conversations: list[Conversation], seed: int
) -> Callable[[], int]:
    """A task for one agent: try to take each conversation, in a shuffled order; how many it won."""
    order = conversations[:]
    random.Random(seed).shuffle(order)

    def task() -> int:
        won = 0
        for conversation in order:
            # As a dispatcher does: the agent's load as just read (a stale one conflicts).
            current = storage.agents.get(agent.agent_id) or agent
            try:
                storage.conversations.assign(conversation.conversation_id, current, time.time())
                won += 1
            except AssignmentConflictError:
                pass
        return won

    return task


def assert_consistent(storage: Storage, agents: list[Agent], conversations: list[Conversation]) -> Counter[str]:
    """Every assigned conversation has one holder and each agent's count matches what they hold."""
    stored = [storage.conversations.get(c.conversation_id) for c in conversations]
    holders = Counter(c.agent_id for c in stored if c.status is Status.ASSIGNED)
    for agent in agents:
        current = storage.agents.get(agent.agent_id)
        assert current.active_count == holders[agent.agent_id] <= agent.capacity
        assert sorted(c.conversation_id for c in storage.conversations.active_for_agent(agent.agent_id)) == sorted(
            c.conversation_id for c in stored if c.agent_id == agent.agent_id
        )
    assert sum(storage.agents.get(a.agent_id).active_count for a in agents) == sum(holders.values())
    return holders


class TestAssignmentRace:
    def test_twelve_agents_racing_for_eight_conversations_take_each_exactly_once(self, dynamo_storage: Storage) -> None:
        storage = dynamo_storage
        agents = available_agents(storage, 12, capacity=3)
        conversations = waiting_conversations(storage, 8)

        tasks = [try_every_conversation(storage, agent, conversations, seed=i) for i, agent in enumerate(agents)]
        wins = run_together(tasks, workers=12)

        holders = assert_consistent(storage, agents, conversations)
        assert sum(wins) == 8
        assert sum(holders.values()) == 8
        assert all(storage.conversations.get(c.conversation_id).status is Status.ASSIGNED for c in conversations)
        assert storage.conversations.waiting() == []

    def test_six_single_slot_agents_take_exactly_six_of_twenty_conversations(self, dynamo_storage: Storage) -> None:
        storage = dynamo_storage
        agents = available_agents(storage, 6, capacity=1)
        conversations = waiting_conversations(storage, 20)

        # Two threads per agent: they also race each other for that agent's only slot.
        tasks = [try_every_conversation(storage, agent, conversations, seed=i) for i, agent in enumerate(agents * 2)]
        wins = run_together(tasks, workers=12)

        holders = assert_consistent(storage, agents, conversations)
        assert sum(wins) == 6
        assert holders == Counter({agent.agent_id: 1 for agent in agents})
        assert len(storage.conversations.waiting()) == 14


class TestMessageSequenceRace:
    def test_eight_writers_of_ten_messages_get_sequence_numbers_one_to_eighty(self, dynamo_storage: Storage) -> None:
        storage = dynamo_storage
        (conversation,) = waiting_conversations(storage, 1)

        def writer(thread: int) -> Callable[[], int]:
            def task() -> int:
                for i in range(10):
                    now = time.time()
                    current = storage.conversations.get(conversation.conversation_id)
                    _message, created, _ = storage.messages.append(
                        current, Author.CITIZEN, f"{thread}/{i}", f"t{thread}-m{i}", now, RETENTION.expires_at(now)
                    )
                    assert created
                return 10

            return task

        run_together([writer(t) for t in range(8)], workers=8)

        messages = storage.messages.after(conversation.conversation_id, None)
        assert [m.seq for m in messages] == list(range(1, 81))
        assert len({m.client_msg_id for m in messages}) == 80
        assert storage.conversations.get(conversation.conversation_id).last_seq == 80
