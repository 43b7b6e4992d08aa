"""One fair queue: what a citizen is told is the order they are served in; the offline are skipped; costs stay bounded."""
from __future__ import annotations

from chalicelib.protocol.outbound import WAITING_LISTED
from chalicelib.services.context import ABANDON_GRACE_S
from tests.chat_desk import Desk
from tests.fakes import RecordingAnnouncer

TOPICS = ("demarches", "victime", "escroquerie", "autre")


def busy_officer(desk: Desk, agent_id: str = "agent1") -> str:
    """An officer who is available and already holds three conversations."""
    cid = desk.agent_available(agent_id)
    for i in range(3):
        desk.citizen_starts(f"busy-{agent_id}-{i}")
    assert len(desk.frames(cid, "assigned")) == 3
    return cid


def told(desk: Desk, cid: str) -> tuple[int, int | None]:
    """The position and estimate this citizen was told last (queued, resumed or queue, highest version)."""
    frames = [f for f in desk.frames(cid) if f["type"] in ("queued", "resumed", "queue") and "version" in f]
    latest = max(frames, key=lambda f: f["version"])
    return latest["position"], latest["estimated_wait_s"]


def test_citizens_on_different_topics_are_told_the_order_they_will_be_served_in():
    desk = Desk()
    busy_officer(desk)
    conversations = [desk.citizen_starts(f"c{i}", topic=topic)["conversation_id"] for i, topic in enumerate(TOPICS)]
    positions = [told(desk, f"c{i}")[0] for i in range(4)]
    waits = [told(desk, f"c{i}")[1] for i in range(4)]
    assert positions == [1, 2, 3, 4]
    assert waits == sorted(waits) and len(set(waits)) == 4

    second = desk.agent_available("agent2")
    served = [f["conversation"]["conversation_id"] for f in desk.frames(second, "assigned")]
    assert served == conversations[:3]  # in the order they were told, across topics
    assert told(desk, "c3") == (1, told(desk, "c3")[1])


def test_two_officers_serve_in_the_order_positions_promised():
    desk = Desk()
    busy_officer(desk, "agent1")
    busy_officer(desk, "agent2")
    ids = {desk.citizen_starts(f"c{i}", topic=TOPICS[i % 4])["conversation_id"]: told(desk, f"c{i}")[0] for i in range(6)}
    assert sorted(ids.values()) == [1, 2, 3, 4, 5, 6]
    order = []
    for n in range(6):
        officer = "conn-agent1" if n % 2 else "conn-agent2"
        closing = desk.frames(officer, "assigned")[n // 2]["conversation"]["conversation_id"]
        desk.frame(officer, action="close", conversation_id=closing, outcome="resolved")
        order += [
            f["conversation"]["conversation_id"]
            for f in desk.frames(officer, "assigned")
            if f["conversation"]["conversation_id"] in ids and f["conversation"]["conversation_id"] not in order
        ]
    assert [ids[c] for c in order] == [1, 2, 3, 4, 5, 6]


def test_a_waiting_citizen_who_dropped_is_skipped_and_first_in_line_on_return():
    desk = Desk()
    officer = busy_officer(desk)
    first = desk.citizen_starts("c1")
    desk.citizen_starts("c2")
    desk.ws.disconnect("c1")
    assert told(desk, "c2")[0] == 1  # the one offline ahead is not counted

    held = desk.frames(officer, "assigned")[0]["conversation"]["conversation_id"]
    desk.frame(officer, action="close", conversation_id=held, outcome="resolved")
    newest = desk.last(officer, "assigned")["conversation"]
    assert newest["conversation_id"] != first["conversation_id"]  # the next online citizen is served

    desk.connect("c1-back")
    desk.frame(
        "c1-back", action="resume", conversation_id=first["conversation_id"], resume_token=first["resume_token"]
    )
    assert desk.last("c1-back", "resumed")["position"] == 1
    held = desk.frames(officer, "assigned")[1]["conversation"]["conversation_id"]
    desk.frame(officer, action="close", conversation_id=held, outcome="resolved")
    assert desk.last(officer, "assigned")["conversation"]["conversation_id"] == first["conversation_id"]


def test_nobody_offline_past_the_grace_period_reaches_an_officer():
    desk = Desk()
    first = desk.citizen_starts("c1")
    desk.ws.disconnect("c1")
    desk.clock.t += ABANDON_GRACE_S + 1
    officer = desk.agent_available("agent1")
    assert desk.frames(officer, "assigned") == []
    assert desk.storage.conversations.get(first["conversation_id"]).outcome == "abandoned"
    desk.frame(officer, action="take", conversation_id=first["conversation_id"])
    assert desk.last(officer, "error")["code"] == "conversation_closed"


def test_an_officer_cannot_take_a_citizen_gone_past_the_grace_period():
    desk = Desk()
    officer = desk.agent_available("agent1")
    desk.frame(officer, action="set_status", status="away")
    first = desk.citizen_starts("c1")
    desk.ws.disconnect("c1")
    desk.clock.t += ABANDON_GRACE_S + 1
    desk.frame(officer, action="take", conversation_id=first["conversation_id"])
    assert desk.last(officer, "error")["code"] == "not_waiting"
    assert desk.storage.conversations.get(first["conversation_id"]).outcome == "abandoned"


def test_ending_while_waiting_leaves_the_queue_at_once():
    desk = Desk()
    busy_officer(desk)
    desk.citizen_starts("c1")
    desk.citizen_starts("c2")
    desk.frame("c1", action="end")
    assert desk.last("c1", "closed")["outcome"] == "abandoned"
    assert told(desk, "c2")[0] == 1


def test_queue_frames_carry_a_version_that_only_grows():
    desk = Desk()
    busy_officer(desk)
    desk.citizen_starts("c1")
    desk.citizen_starts("c2")
    desk.citizen_starts("c3")
    desk.frame("c1", action="end")
    desk.frame("c2", action="end")
    versions = [f["version"] for f in desk.frames("c3") if f["type"] in ("queued", "queue")]
    assert versions == sorted(versions) and versions[0] < versions[-1]
    assert told(desk, "c3")[0] == 1


def test_a_newer_console_of_the_same_officer_takes_over_and_the_older_one_is_told_and_closed():
    desk = Desk()
    older = desk.agent_available("agent1")
    assert desk.connect("tab-2", "valid:agent1") == 200
    assert desk.last(older, "session_replaced") == {"type": "session_replaced"}
    assert older in desk.notifier.closed
    desk.ws.disconnect(older)  # the older tab's socket closes: the officer is still online
    desk.frame("tab-2", action="set_status", status="available")
    queued = desk.citizen_starts("c1")
    assert desk.last("tab-2", "assigned")["conversation"]["conversation_id"] == queued["conversation_id"]
    desk.frame("tab-2", action="sync")
    assert desk.last("tab-2", "agent_state")["agent"]["status"] == "available"


def test_the_citizen_learns_when_the_officers_console_drops_and_comes_back():
    desk = Desk()
    officer = desk.agent_available("agent1")
    queued = desk.citizen_starts("c1")
    desk.ws.disconnect(officer)
    assert desk.last("c1", "agent_presence") == {
        "type": "agent_presence",
        "conversation_id": queued["conversation_id"],
        "online": False,
    }
    desk.connect("conn-agent1-back", "valid:agent1")
    assert desk.last("c1", "agent_presence")["online"] is True


def test_a_citizen_frame_naming_another_conversation_is_refused():
    desk = Desk()
    desk.agent_available("agent1")
    mine = desk.citizen_starts("c1")
    other = desk.citizen_starts("c2")
    desk.frame("c1", action="send", client_msg_id="m1", text="Bonjour", conversation_id=other["conversation_id"])
    assert desk.last("c1", "error")["code"] == "forbidden"
    assert desk.storage.messages.after(other["conversation_id"], None) == []
    desk.frame("c1", action="send", client_msg_id="m2", text="Bonjour", conversation_id=mine["conversation_id"])
    assert desk.last("c1", "ack")["client_msg_id"] == "m2"


def frames_sent(desk: Desk) -> int:
    return sum(len(frames) for frames in desk.notifier.sent.values())


def test_the_frames_one_queue_change_posts_do_not_grow_with_the_queue():
    posted = {}
    for waiting in (10, 100, 1000):
        announcer = RecordingAnnouncer()
        desk = Desk(announcer=announcer)
        officer = desk.agent_available("agent1")
        desk.frame(officer, action="set_status", status="away")
        ids = [desk.citizen_starts(f"c{i}")["conversation_id"] for i in range(waiting)]
        before, requests = frames_sent(desk), announcer.requests
        desk.frame(officer, action="take", conversation_id=ids[0])  # one leaves the queue
        desk.frame(officer, action="set_status", status="available")  # estimates change for everyone
        posted[waiting] = (frames_sent(desk) - before, announcer.requests - requests)
    assert posted[10] == posted[100] == posted[1000]
    assert posted[10][1] >= 1  # the citizens are told by the broadcaster, outside these requests


def test_one_broadcast_pass_tells_every_online_waiting_citizen_and_every_officer_once():
    announcer = RecordingAnnouncer()
    desk = Desk(announcer=announcer)
    officer = busy_officer(desk)
    for i in range(80):
        desk.citizen_starts(f"c{i}")
    desk.ws.disconnect("c7")
    before, officer_before = frames_sent(desk), len(desk.frames(officer))
    assert desk.runtime.broadcaster.run() == 1
    assert frames_sent(desk) - before == 79 + 1
    assert [told(desk, f"c{i}")[0] for i in (0, 8, 79)] == [1, 8, 79]
    (listed,) = desk.frames(officer)[officer_before:]
    assert listed["type"] == "waiting" and listed["total"] == 80 and len(listed["conversations"]) == WAITING_LISTED
    assert [c["position"] for c in listed["conversations"]] == list(range(1, WAITING_LISTED + 1))  # c7, offline, comes last


def test_the_waiting_lists_an_officer_receives_carry_versions_that_only_grow():
    announcer = RecordingAnnouncer()
    desk = Desk(announcer=announcer)
    officer = desk.agent_available("agent1")
    desk.citizen_starts("c1")
    desk.runtime.broadcaster.run()
    desk.frame(officer, action="sync")
    versions = [f["version"] for f in desk.frames(officer, "waiting")]
    assert versions == sorted(versions) and len(versions) == 2  # the pass, then sync: never older


def test_a_repeat_of_a_stored_message_after_the_close_is_acked_again_and_a_new_one_refused():
    desk = Desk()
    officer = desk.agent_available("agent1")
    conv = desk.citizen_starts("c1")["conversation_id"]
    desk.frame("c1", action="send", conversation_id=conv, client_msg_id="m1", text="Merci")
    first = desk.last("c1", "ack")
    desk.frame(officer, action="close", conversation_id=conv, outcome="resolved")
    desk.frame("c1", action="send", conversation_id=conv, client_msg_id="m1", text="Merci")
    assert desk.last("c1", "ack")["message_id"] == first["message_id"]
    desk.frame("c1", action="send", conversation_id=conv, client_msg_id="m2", text="Encore")
    assert desk.last("c1", "error")["code"] == "conversation_closed"


def test_a_message_still_in_flight_on_a_connection_that_just_dropped_is_stored():
    desk = Desk()
    desk.agent_available("agent1")
    conv = desk.citizen_starts("c1")["conversation_id"]
    desk.storage.conversations.citizen_left(conv, "c1", desk.clock.now())  # its $disconnect overtook the frame
    desk.frame("c1", action="send", conversation_id=conv, client_msg_id="m1", text="Je suis là")
    assert desk.last("c1", "ack")["client_msg_id"] == "m1"
    desk.connect("stranger")
    desk.frame("stranger", action="send", conversation_id=conv, client_msg_id="x", text="Intrus")
    assert desk.last("stranger", "error")["code"] == "forbidden"
