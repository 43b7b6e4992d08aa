"""One contract, two implementations, for what supervisors write: the audit trail, following a conversation,
moving it to another officer, an officer's capacity. Every test runs on the fakes and on DynamoDB (moto)."""
from __future__ import annotations

import time

import pytest

from chalicelib.domain.agent import AgentStatus
from chalicelib.domain.conversation import Status
from chalicelib.domain.retention import Retention
from chalicelib.domain.supervisor_audit import AuditRecord
from chalicelib.errors import (
    AgentUnavailableError,
    AssignmentConflictError,
    ConversationClosedError,
    ConversationNotAssignedError,
    NotFoundError,
)
from chalicelib.ports import Storage
from tests.integration.test_storage_contract import (
    a_connected_agent,
    a_conversation,
    an_assigned_conversation,
    an_available_agent,
    an_identity,
)

RETENTION = Retention()


def an_entry(at: float, action: str = "watch", day: str = "2026-12-02", expired: bool = False) -> AuditRecord:
    return AuditRecord(
        day=day,
        at=at,
        actor_id="sup1",
        actor_name="Commandant Durand",
        action=action,
        expires_at=int(time.time()) - 3600 if expired else RETENTION.expires_at(at),
        conversation_id="c0ffee",
        agent_id="a1",
        value="4",
    )


class TestAuditTrail:
    def test_entries_come_back_newest_first_with_every_field(self, storage: Storage) -> None:
        trail = storage.audit
        assert trail is not None
        now = time.time()
        first, second = an_entry(now - 10, "watch"), an_entry(now, "set_capacity")
        trail.record(first)
        trail.record(second)
        assert trail.day("2026-12-02", 10) == [second, first]

    def test_a_listing_is_bounded_and_keeps_to_its_day_and_to_live_entries(self, storage: Storage) -> None:
        trail = storage.audit
        assert trail is not None
        now = time.time()
        for i in range(5):
            trail.record(an_entry(now + i, f"a{i}"))
        trail.record(an_entry(now + 10, "old", expired=True))
        trail.record(an_entry(now + 20, "tomorrow", day="2026-12-03"))
        assert [e.action for e in trail.day("2026-12-02", 3)] == ["a4", "a3", "a2"]
        assert [e.action for e in trail.day("2026-12-02", 100)] == ["a4", "a3", "a2", "a1", "a0"]
        assert [e.action for e in trail.day("2026-12-03", 100)] == ["tomorrow"]
        assert trail.day("2026-12-01", 100) == []

    def test_two_entries_of_the_same_instant_stay_two(self, storage: Storage) -> None:
        trail = storage.audit
        assert trail is not None
        now = time.time()
        trail.record(an_entry(now, "join"))
        trail.record(an_entry(now, "join"))
        assert len(trail.day("2026-12-02", 10)) == 2


class TestFollowing:
    def test_watch_then_join_then_unwatch(self, storage: Storage) -> None:
        agent = an_available_agent(storage, "a1")
        conversation = an_assigned_conversation(storage, agent)
        cid = conversation.conversation_id
        watched = storage.conversations.watch(cid, "ws-sup", join=False)
        assert (watched.watchers, watched.joined) == (frozenset({"ws-sup"}), frozenset())
        joined = storage.conversations.watch(cid, "ws-sup2", join=True)
        assert (joined.watchers, joined.joined) == (frozenset({"ws-sup", "ws-sup2"}), frozenset({"ws-sup2"}))
        assert storage.conversations.get(cid).joined == frozenset({"ws-sup2"})
        storage.conversations.unwatch(cid, "ws-sup2")
        storage.conversations.unwatch(cid, "ws-sup")
        storage.conversations.unwatch(cid, "never-watched")
        back = storage.conversations.get(cid)
        assert (back.watchers, back.joined, back.agent_id) == (frozenset(), frozenset(), "a1")

    def test_a_waiting_one_may_be_watched_not_joined_and_a_closed_one_neither(self, storage: Storage) -> None:
        waiting = a_conversation()
        storage.conversations.add(waiting)
        assert storage.conversations.watch(waiting.conversation_id, "ws-sup", join=False).status is Status.WAITING
        with pytest.raises(ConversationNotAssignedError):
            storage.conversations.watch(waiting.conversation_id, "ws-sup", join=True)
        storage.conversations.close(waiting.conversation_id, *_closing())
        with pytest.raises(ConversationClosedError):
            storage.conversations.watch(waiting.conversation_id, "ws-sup", join=False)
        with pytest.raises(NotFoundError):
            storage.conversations.watch("nope", "ws-sup", join=False)
        storage.conversations.unwatch("nope", "ws-sup")  # nothing, and no item made
        with pytest.raises(NotFoundError):
            storage.conversations.get("nope")


def _closing() -> tuple[object, str, float]:
    from chalicelib.domain.conversation import ClosedBy

    return ClosedBy.CITIZEN, "abandoned", time.time()


class TestReassign:
    def test_it_moves_once_with_the_slots(self, storage: Storage) -> None:
        holder = an_available_agent(storage, "a1")
        conversation = an_assigned_conversation(storage, holder)
        to = a_connected_agent(storage, "a2")  # away, connected: a take-over or a supervisor's choice
        moved = storage.conversations.reassign(conversation, to, time.time())
        assert (moved.agent_id, moved.agent_connection_id, moved.transferred_from) == ("a2", "ws-a2", "Officer a1")
        stored = storage.conversations.get(conversation.conversation_id)
        assert (stored.agent_id, stored.agent_connection_id, stored.awaiting_since is not None) == ("a2", "ws-a2", True)
        assert [c.conversation_id for c in storage.conversations.active_for_agent("a2")] == [moved.conversation_id]
        assert storage.conversations.active_for_agent("a1") == []
        agents = storage.agents
        assert (agents.get("a1").active_count, agents.get("a2").active_count) == (0, 1)  # type: ignore[union-attr]
        # Read before the move: the holder changed since, so the second move is refused.
        with pytest.raises(ConversationNotAssignedError):
            storage.conversations.reassign(conversation, a_connected_agent(storage, "a3"), time.time())

    def test_a_full_or_gone_officer_is_refused_and_nothing_moves(self, storage: Storage) -> None:
        holder = an_available_agent(storage, "a1")
        conversation = an_assigned_conversation(storage, holder)
        full = a_connected_agent(storage, "a2", capacity=1)
        an_assigned_conversation(storage, storage.agents.set_status("a2", AgentStatus.AVAILABLE, time.time()))
        with pytest.raises(AgentUnavailableError):
            storage.conversations.reassign(conversation, full, time.time())
        gone = a_connected_agent(storage, "a3")
        storage.agents.disconnect("a3", "ws-a3")
        with pytest.raises(AgentUnavailableError):
            storage.conversations.reassign(conversation, gone, time.time())
        assert storage.conversations.get(conversation.conversation_id).agent_id == "a1"
        assert storage.agents.get("a1").active_count == 1  # type: ignore[union-attr]


class TestCapacity:
    def test_a_supervisors_choice_is_kept_across_reconnections(self, storage: Storage) -> None:
        a_connected_agent(storage, "a1", capacity=3)
        assert storage.agents.set_capacity("a1", 5).capacity == 5
        assert storage.agents.get("a1").capacity == 5  # type: ignore[union-attr]
        now = time.time()
        again, _ = storage.agents.connect(an_identity("a1"), "ws-a1-bis", 3, now, RETENTION.expires_at(now))
        assert again.capacity == 5 and storage.agents.get("a1").capacity == 5  # type: ignore[union-attr]
        a_connected_agent(storage, "a2", capacity=3)
        assert storage.agents.get("a2").capacity == 3  # type: ignore[union-attr]

    def test_the_next_assignment_follows_it(self, storage: Storage) -> None:
        an_available_agent(storage, "a1", capacity=3)
        storage.agents.set_capacity("a1", 1)
        an_assigned_conversation(storage, storage.agents.get("a1"))  # type: ignore[arg-type]
        waiting = a_conversation()
        storage.conversations.add(waiting)
        officer = storage.agents.get("a1")
        assert officer is not None and officer.free_slots == 0 and not officer.can_take
        with pytest.raises(AssignmentConflictError):  # the stored capacity guards the write itself
            storage.conversations.assign(waiting.conversation_id, officer, time.time())
        storage.agents.set_capacity("a1", 2)
        more = storage.agents.get("a1")
        assert more is not None and more.can_take
        assert storage.conversations.assign(waiting.conversation_id, more, time.time()).agent_id == "a1"

    def test_an_unknown_officer_is_not_found(self, storage: Storage) -> None:
        with pytest.raises(NotFoundError):
            storage.agents.set_capacity("ghost", 2)
        assert storage.agents.get("ghost") is None


class TestTransferSharesTheMove:
    """A transfer's accept runs the same transaction as a reassignment, with its offer as a further condition."""

    def test_an_offer_accepted_moves_once_and_a_stale_one_is_refused(self, storage: Storage) -> None:
        from chalicelib.domain.transfer import TransferOffer
        from chalicelib.errors import NoTransferOfferError

        holder = an_available_agent(storage, "a1")
        conversation = an_assigned_conversation(storage, holder)
        colleague = an_available_agent(storage, "a2")
        now = time.time()
        offer = TransferOffer("a1", "Officer a1", "a2", "Officer a2", now, now + 60)
        offered = storage.conversations.offer_transfer(conversation, offer, now)
        moved = storage.conversations.transfer(offered, offer, colleague.connection_id or "", now)
        assert (moved.agent_id, moved.transferred_from, moved.transfer) == ("a2", "Officer a1", None)
        stored = storage.conversations.get(conversation.conversation_id)
        assert (stored.agent_id, stored.transfer, stored.transferred_from) == ("a2", None, "Officer a1")
        agents = storage.agents
        assert (agents.get("a1").active_count, agents.get("a2").active_count) == (0, 1)  # type: ignore[union-attr]
        with pytest.raises(NoTransferOfferError):
            storage.conversations.transfer(offered, offer, colleague.connection_id or "", now)
