"""The supervisors' live board over real websockets through the local gateway: a supervisor, an officer and citizens.
The board's figures move as a chat starts, waits, is abandoned, assigned, answered and closed; the officer's and the
citizens' connections never get a `board` frame, and asking for one is refused with a clear code."""
from __future__ import annotations

from collections.abc import Callable

from tests.e2e.chat_client import ChatClient, Frame
from tests.e2e.test_officer_tools_over_websockets import officer_client


class BoardWatch:
    """The supervisor's boards in order: a board older than the last one taken is never taken (versions only grow)."""

    def __init__(self, supervisor: ChatClient) -> None:
        self.supervisor = supervisor
        self.version = -1

    def next(self, where: Callable[[Frame], bool], ask: bool = False) -> Frame:
        """The next board that says `where`; `ask`: the answer to a `board` sent now (boards before it dropped)."""
        if ask:
            self.supervisor.inbox = [f for f in self.supervisor.drain(0.2) if f.get("type") != "board"]
            self.supervisor.send(action="board")
        frame = self.supervisor.expect("board", timeout=15, where=lambda b: b["version"] >= self.version and where(b))
        self.version = frame["version"]
        self.supervisor.inbox = [f for f in self.supervisor.inbox if f.get("type") != "board" or f["version"] >= self.version]
        return frame


def _officer(board: Frame, agent_id: str) -> Frame | None:
    return next((o for o in board["officers"] if o["agent_id"] == agent_id), None)


def test_the_board_follows_a_chat_from_its_start_to_its_close_and_only_the_supervisor_gets_it(stack):
    supervisor = officer_client(stack, "superviseur")
    supervisor.send(action="sync")
    supervisor.expect("agent_state")
    boards = BoardWatch(supervisor)
    first = boards.next(lambda b: True, ask=True)
    assert first["waiting"]["total"] == 0 and first["chats"] == []
    assert _officer(first, "superviseur")["supervisor"] is True

    officer = officer_client(stack, "agent1")
    officer.send(action="sync")
    officer.expect("agent_state")
    seen = boards.next(lambda b: _officer(b, "agent1") is not None, ask=True)
    assert _officer(seen, "agent1")["status"] == "away"

    # Two citizens wait: the board counts them by topic.
    waiting, leaving = ChatClient(stack.ws_url), ChatClient(stack.ws_url)
    waiting.send(action="start", topic="victime", lang="fr")
    conversation_id = waiting.expect("queued")["conversation_id"]
    leaving.send(action="start", topic="autre", lang="fr")
    leaving.expect("queued")
    two = boards.next(lambda b: b["waiting"]["total"] == 2)
    assert sorted((t["topic"], t["waiting"]) for t in two["waiting"]["by_topic"]) == [("autre", 1), ("victime", 1)]
    assert two["version"] > first["version"]

    # One gives up before any officer came (abandoned): one waits.
    leaving.send(action="end")
    assert leaving.expect("closed")["outcome"] == "abandoned"
    one = boards.next(lambda b: b["waiting"]["total"] == 1)
    assert [t["topic"] for t in one["waiting"]["by_topic"]] == ["victime"]

    # The officer goes available and takes it: nobody waits, a chat in progress awaits their first answer.
    officer.send(action="set_status", status="available")
    officer.expect("assigned")
    held = boards.next(lambda b: b["waiting"]["total"] == 0 and len(b["chats"]) == 1)
    chat = held["chats"][0]
    assert (chat["conversation_id"], chat["agent_id"], chat["topic"]) == (conversation_id, "agent1", "victime")
    assert chat["alias"].startswith("Citoyen·ne ") and chat["awaiting_reply_s"] is not None
    assert (_officer(held, "agent1")["status"], _officer(held, "agent1")["open_chats"]) == ("available", 1)

    # Answered: the next board (asked) says the officer answered last.
    officer.send(action="send", conversation_id=conversation_id, client_msg_id="a-1", text="Bonjour, je vous écoute")
    officer.expect("ack")
    answered = boards.next(lambda b: b["chats"] and b["chats"][0]["awaiting_reply_s"] is None, ask=True)
    assert _officer(answered, "agent1")["since_last_answer_s"] is not None

    # Closed with nobody waiting: the board still moves (the officer's load).
    officer.send(action="close", conversation_id=conversation_id, outcome="resolved")
    officer.expect("closed")
    closed = boards.next(lambda b: b["chats"] == [] and b["version"] > held["version"])
    assert _officer(closed, "agent1")["open_chats"] == 0
    assert closed["version"] > held["version"]

    # Refusals: the officer is told the board is for supervisors, the citizen that it is not their action.
    officer.send(action="board")
    assert officer.expect("error")["code"] == "forbidden"
    waiting.send(action="board")
    assert waiting.expect("error")["code"] == "action_not_allowed"

    for client in (officer, waiting, leaving):
        frames = client.inbox + client.drain(0.5)
        assert "board" not in [f.get("type") for f in frames]
    for client in (supervisor, officer, waiting, leaving):
        client.close()
