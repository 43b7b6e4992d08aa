"""The supervisors' live board: its assembly from plain values, and its flow over the fakes (who gets it, when)."""
from __future__ import annotations

import json
import uuid
from dataclasses import replace
from typing import Any

from chalicelib.domain.agent import Agent, AgentStatus
from chalicelib.domain.citizen_alias import alias_code
from chalicelib.domain.conversation import Conversation, Status
from chalicelib.domain.live_board import MAX_CHATS, MAX_OFFICERS, assemble_board, supervisor_consoles
from chalicelib.protocol import outbound
from tests.chat_desk import Desk
from tests.fakes import officer

NOW = 1_764_670_000.0


def _waiting(cid: str, topic: str, came_s_ago: float, online: bool = True, left_s_ago: float = 0.0) -> Conversation:
    return Conversation(
        conversation_id=cid,
        topic=topic,
        lang="fr",
        status=Status.WAITING,
        created_at=NOW - came_s_ago,
        resume_token_hash="h",
        expires_at=int(NOW) + 3600,
        citizen_connection_id=f"conn-{cid}" if online else None,
        citizen_left_at=None if online else NOW - left_s_ago,
    )


def _agent(agent_id: str, name: str, status: AgentStatus, active: int, supervisor: bool = False) -> Agent:
    return Agent(
        agent_id=agent_id,
        display_name=name,
        status=status,
        capacity=3,
        active_count=active,
        idle_since=NOW,
        expires_at=int(NOW) + 3600,
        connection_id=f"conn-{agent_id}",
        supervisor=supervisor,
    )


def _chat(cid: str, agent: Agent, assigned_s_ago: float, awaiting_s: float | None, replied_s_ago: float | None) -> Conversation:
    return replace(
        _waiting(cid, "victime", assigned_s_ago + 30),
        status=Status.ASSIGNED,
        agent_id=agent.agent_id,
        agent_display_name=agent.display_name,
        assigned_at=NOW - assigned_s_ago,
        awaiting_since=None if awaiting_s is None else NOW - awaiting_s,
        last_reply_at=None if replied_s_ago is None else NOW - replied_s_ago,
    )


def test_waiting_citizens_are_counted_by_topic_with_the_longest_wait_first() -> None:
    waiting = [
        _waiting("w1", "autre", 40),
        _waiting("w2", "victime", 340),
        _waiting("w3", "victime", 10),
        _waiting("w4", "autre", 90, online=False, left_s_ago=30),  # offline within the grace period: still waits
        _waiting("w5", "autre", 600, online=False, left_s_ago=500),  # gone past the grace period: abandoned
    ]
    board = assemble_board(17, NOW, waiting, [], [], abandon_grace_s=120)

    assert (board.version, board.at) == (17, int(NOW))
    assert (board.waiting_total, board.waiting_offline, board.longest_wait_s) == (4, 1, 340)
    assert [(t.topic, t.waiting, t.longest_wait_s) for t in board.by_topic] == [("victime", 2, 340), ("autre", 2, 90)]


def test_officers_show_their_load_and_how_long_since_their_last_answer() -> None:
    martin = _agent("a1", "Brigadier Martin", AgentStatus.AVAILABLE, 2)
    lea = _agent("a2", "Gardienne Léa", AgentStatus.AWAY, 1)
    idle = _agent("a3", "Adjoint Paul", AgentStatus.AVAILABLE, 0)
    chef = _agent("s1", "Commandante Roux", AgentStatus.AWAY, 0, supervisor=True)
    gone = replace(_agent("a4", "Parti", AgentStatus.OFFLINE, 0), connection_id=None)
    chats = [
        _chat("c1", martin, 300, awaiting_s=None, replied_s_ago=45),
        _chat("c2", martin, 200, awaiting_s=20, replied_s_ago=120),
        _chat("c3", lea, 100, awaiting_s=100, replied_s_ago=None),  # not answered yet
    ]
    board = assemble_board(1, NOW, [], [martin, lea, idle, chef, gone], chats, abandon_grace_s=120)

    by_id = {o.agent_id: o for o in board.officers}
    assert [o.display_name for o in board.officers] == ["Adjoint Paul", "Brigadier Martin", "Commandante Roux", "Gardienne Léa"]
    assert (by_id["a1"].status, by_id["a1"].open_chats, by_id["a1"].since_last_answer_s) == ("available", 2, 45)
    assert (by_id["a2"].status, by_id["a2"].since_last_answer_s) == ("away", None)
    assert by_id["a3"].since_last_answer_s is None
    assert by_id["s1"].supervisor and not by_id["a1"].supervisor
    assert supervisor_consoles([martin, lea, chef, gone]) == ["conn-s1"]


def test_chats_in_progress_carry_the_officer_the_citizen_alias_and_the_wait_for_an_answer() -> None:
    martin = _agent("a1", "Brigadier Martin", AgentStatus.AVAILABLE, 2)
    chats = [_chat("c2", martin, 200, awaiting_s=20, replied_s_ago=120), _chat("c1", martin, 300, None, 45)]
    board = assemble_board(1, NOW, [], [martin], chats, abandon_grace_s=120)

    assert [c.conversation_id for c in board.chats] == ["c1", "c2"]  # earliest assigned first
    first, second = board.chats
    assert (first.agent_id, first.display_name, first.assigned_s, first.awaiting_reply_s) == ("a1", "Brigadier Martin", 300, None)
    assert (second.assigned_s, second.awaiting_reply_s) == (200, 20)
    assert first.alias == "Citoyen·ne " + alias_code("c1")


def test_a_full_board_stays_below_api_gateways_message_limit() -> None:
    # Long Cognito ids (UUIDs) and long names: the bounds keep the frame under 128 KB.
    officers = [
        _agent(str(uuid.UUID(int=i)), "Gardienne de la paix principale Léa-Marie B." + str(i), AgentStatus.AVAILABLE, 5)
        for i in range(MAX_OFFICERS + 50)
    ]
    chats = [
        replace(_chat(uuid.UUID(int=i).hex, officers[i % len(officers)], 300, 20, 45), topic="violences")
        for i in range(MAX_CHATS + 100)
    ]
    waiting = [_waiting(uuid.UUID(int=i).hex, "escroquerie", i) for i in range(1000)]
    frame = outbound.board(assemble_board(10**9, NOW, waiting, officers, chats, abandon_grace_s=120))
    assert len(frame["chats"]) == MAX_CHATS and len(frame["officers"]) == MAX_OFFICERS
    assert len(json.dumps(frame, ensure_ascii=False).encode()) < 128 * 1024


def test_the_alias_is_the_consoles_own() -> None:
    # The same values as static_site/components/agent-console/alias.js gives (node, same ids).
    assert [alias_code(i) for i in ("abc", "0123456789abcdef0123456789abcdef", "c1")] == ["B8T", "NDK", "SYQ"]
    assert alias_code("abc", 6) == "B8TF4D"


# Over the fakes: who receives the board, and when it moves.


def _supervisor(desk: Desk, cid: str = "sup", agent_id: str = "s1") -> str:
    ticket = desk.runtime.tickets.issue(officer(agent_id, frozenset({"supervisors"})))
    assert desk.ws.connect(cid, {"ticket": ticket}) == 200
    return cid


def _boards(desk: Desk, cid: str) -> list[dict[str, Any]]:
    return desk.frames(cid, "board")


def test_the_board_moves_as_a_chat_starts_is_answered_and_closes_and_only_supervisors_get_it() -> None:
    desk = Desk()
    sup = _supervisor(desk)
    desk.frame(sup, action="board")
    assert _boards(desk, sup)[-1]["waiting"]["total"] == 0

    desk.citizen_starts("cit-1", topic="victime")
    board = _boards(desk, sup)[-1]
    assert board["waiting"]["total"] == 1 and board["waiting"]["by_topic"][0]["topic"] == "victime"

    officer_conn = desk.agent_available("a1")
    board = _boards(desk, sup)[-1]
    assert board["waiting"]["total"] == 0
    assert [(c["agent_id"], c["awaiting_reply_s"]) for c in board["chats"]] == [("a1", 0)]
    assert {o["agent_id"]: o["open_chats"] for o in board["officers"]} == {"a1": 1, "s1": 0}
    conv = board["chats"][0]["conversation_id"]

    desk.clock.t += 30
    desk.frame(officer_conn, action="send", conversation_id=conv, client_msg_id="r1", text="Bonjour")
    desk.frame(sup, action="board")  # an answer alone pushes no board: the supervisor asks
    board = _boards(desk, sup)[-1]
    assert board["chats"][0]["awaiting_reply_s"] is None
    assert next(o for o in board["officers"] if o["agent_id"] == "a1")["since_last_answer_s"] == 0

    versions = [b["version"] for b in _boards(desk, sup)]
    desk.frame(officer_conn, action="close", conversation_id=conv, outcome="resolved")
    board = _boards(desk, sup)[-1]
    assert board["chats"] == [] and {o["agent_id"]: o["open_chats"] for o in board["officers"]}["a1"] == 0
    assert board["version"] > max(versions[:-1])  # a close with nobody waiting still moves the board

    assert _boards(desk, officer_conn) == [] and _boards(desk, "cit-1") == []


def test_an_officer_asking_for_the_board_is_told_it_is_for_supervisors_and_a_citizen_that_it_is_not_allowed() -> None:
    desk = Desk()
    _supervisor(desk)
    officer_conn = desk.agent_available("a1")
    desk.citizen_starts("cit-1")

    desk.frame(officer_conn, action="board")
    desk.frame("cit-1", action="board")

    assert desk.last(officer_conn, "error")["code"] == "forbidden"
    assert desk.last("cit-1", "error")["code"] == "action_not_allowed"
    assert _boards(desk, officer_conn) == [] and _boards(desk, "cit-1") == []
    assert _boards(desk, "sup")  # the supervisor did get the passes' boards meanwhile


def test_without_a_supervisor_online_no_board_is_assembled() -> None:
    desk = Desk()
    desk.agent_available("a1")
    read: list[int] = []
    original = desk.storage.conversations.in_progress
    desk.storage.conversations.in_progress = lambda limit: read.append(limit) or original(limit)  # type: ignore[method-assign]
    desk.citizen_starts("cit-1")
    desk.citizen_starts("cit-2")
    assert read == []
    assert not any(f["type"] == "board" for frames in desk.notifier.sent.values() for f in frames)
