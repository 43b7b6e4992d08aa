"""DynamoDB requests per action, counted on moto: counts, not timings. docs/architecture.md quotes this table."""
from __future__ import annotations

import json
from collections import Counter
from collections.abc import Callable, Iterator
from typing import Any

import botocore.client
import pytest

from chalicelib.adapters.dynamodb_reports import dynamodb_report_storage
from chalicelib.adapters.dynamodb_ws_tickets import dynamodb_ws_tickets
from chalicelib.bootstrap import Runtime, build_runtime
from chalicelib.config import Settings
from chalicelib.ports import Storage
from tests.fakes import FakeNotifier, FakeWsTickets, RecordingAnnouncer, fake_report_storage, officer
from tests.integration.conftest import TEST_SETTINGS

# What each action costs, as docs/architecture.md says; the queue broadcast runs outside these requests.
EXPECTED = {
    "officer asks for a websocket ticket": 1,
    "officer connects with the ticket": 4,
    "officer goes available (nobody waiting)": 5,
    "start, assigned at once": 16,
    "citizen message": 2,
    "officer message": 2,
    "citizen typing": 2,
    "citizen connection drops": 4,
    "resume": 5,
    "officer closes": 9,
    "survey": 3,
    "start, nobody available": 12,
    "officer goes available (assigns one)": 8,
    "one broadcast pass (any queue length)": 7,
}


@pytest.fixture
def counted(monkeypatch: pytest.MonkeyPatch) -> Iterator[Counter[str]]:
    """Every DynamoDB API call made through botocore, by operation."""
    calls: Counter[str] = Counter()
    original = botocore.client.BaseClient._make_api_call

    def counting(client: Any, operation: str, params: Any) -> Any:
        if client.meta.service_model.service_name == "dynamodb":
            calls[operation] += 1
        return original(client, operation, params)

    monkeypatch.setattr(botocore.client.BaseClient, "_make_api_call", counting)
    yield calls


def frame(runtime: Runtime, connection_id: str, **body: Any) -> None:
    runtime.websocket.message(connection_id, json.dumps(body))


def test_requests_per_action(dynamo_storage: Storage, counted: Counter[str]) -> None:
    notifier = FakeNotifier()
    runtime = build_runtime(
        dynamo_storage,
        dynamodb_report_storage(TEST_SETTINGS),  # the chat's source budget is counted in DynamoDB too
        notifier,
        dynamodb_ws_tickets(TEST_SETTINGS),
        Settings(),
        announcer=RecordingAnnouncer(),
    )
    measured: dict[str, int] = {}

    def step(name: str, action: Callable[[], object]) -> None:
        counted.clear()
        action()
        measured[name] = sum(counted.values())

    tickets: list[str] = []
    step("officer asks for a websocket ticket", lambda: tickets.append(runtime.tickets.issue(officer("a1"))))
    step("officer connects with the ticket", lambda: runtime.websocket.connect("officer", {"ticket": tickets[0]}))
    step("officer goes available (nobody waiting)", lambda: frame(runtime, "officer", action="set_status", status="available"))
    runtime.websocket.connect("citizen", None, "203.0.113.9")
    step(
        "start, assigned at once",
        lambda: frame(runtime, "citizen", action="start", topic="autre", start_id="first-start-0123456789"),
    )
    queued = notifier.frames("citizen", "queued")[-1]
    conv = queued["conversation_id"]
    step("citizen message", lambda: frame(runtime, "citizen", action="send", conversation_id=conv, client_msg_id="m1", text="Bonjour"))
    step("officer message", lambda: frame(runtime, "officer", action="send", conversation_id=conv, client_msg_id="a1", text="Oui"))
    step("citizen typing", lambda: frame(runtime, "citizen", action="typing", conversation_id=conv))
    step("citizen connection drops", lambda: runtime.websocket.disconnect("citizen"))
    runtime.websocket.connect("citizen-back", None)
    step("resume", lambda: frame(runtime, "citizen-back", action="resume", conversation_id=conv, resume_token=queued["resume_token"]))
    step("officer closes", lambda: frame(runtime, "officer", action="close", conversation_id=conv, outcome="resolved"))
    step("survey", lambda: frame(runtime, "citizen-back", action="survey", found_easily=True, understood=True, rating=5))
    frame(runtime, "officer", action="set_status", status="away")
    runtime.websocket.connect("citizen-2", None, "198.51.100.4")
    step(
        "start, nobody available",
        lambda: frame(runtime, "citizen-2", action="start", topic="victime", start_id="second-start-0123456789"),
    )
    step("officer goes available (assigns one)", lambda: frame(runtime, "officer", action="set_status", status="available"))
    for i in range(5):
        runtime.websocket.connect(f"waiting-{i}", None)
        frame(runtime, f"waiting-{i}", action="start", topic="autre")
    step("one broadcast pass (any queue length)", runtime.broadcaster.run)

    assert not [f for frames in notifier.sent.values() for f in frames if f["type"] == "error"]
    assert measured == EXPECTED


def test_a_sixteen_message_conversation_costs_two_requests_a_message(
    dynamo_storage: Storage, counted: Counter[str]
) -> None:
    runtime = build_runtime(
        dynamo_storage, fake_report_storage(), FakeNotifier(), FakeWsTickets(), Settings(), announcer=RecordingAnnouncer()
    )
    runtime.websocket.connect("officer", {"ticket": runtime.tickets.issue(officer("a1"))})
    frame(runtime, "officer", action="set_status", status="available")
    runtime.websocket.connect("citizen", None)
    frame(runtime, "citizen", action="start", topic="autre")
    conv = runtime.ctx.notifier.frames("citizen", "queued")[-1]["conversation_id"]  # type: ignore[attr-defined]
    counted.clear()
    for i in range(8):
        frame(runtime, "citizen", action="send", conversation_id=conv, client_msg_id=f"c{i}", text="Question")
        frame(runtime, "officer", action="send", conversation_id=conv, client_msg_id=f"a{i}", text="Réponse")
    assert sum(counted.values()) == 32
    assert counted == Counter({"GetItem": 16, "TransactWriteItems": 16})


# Officers' tools, as docs/architecture.md says: a card is a message; a note costs what a message does.
OFFICER_TOOLS_EXPECTED = {
    "officer sends an orientation card": 2,
    "officer adds a note": 2,
    "supervisor adds a note": 3,
    "list canned answers (with or without q)": 2,
    "create a canned answer": 1,
    "update a canned answer (same shortcut)": 2,
    "update a canned answer (new shortcut)": 2,
    "delete a canned answer": 2,
}


def test_requests_per_officer_tool(dynamo_storage: Storage, counted: Counter[str]) -> None:
    import time

    from chalicelib.adapters.dynamodb_canned_answers import dynamodb_canned_answers
    from chalicelib.domain.agent import AgentIdentity
    from chalicelib.domain.canned_answer import CannedAnswerDraft, Scope
    from chalicelib.domain.connection import Connection, Role
    from chalicelib.domain.retention import Retention

    notifier = FakeNotifier()
    # No officer signs in through the handshake here: their rows are written as the sign-in writes them.
    runtime = build_runtime(
        dynamo_storage,
        fake_report_storage(),
        notifier,
        None,  # type: ignore[arg-type]
        Settings(),
        announcer=RecordingAnnouncer(),
        canned_answers=dynamodb_canned_answers(TEST_SETTINGS),
    )
    now = time.time()
    for cid, identity in {
        "officer": AgentIdentity("a1", "Brigadier Karim D.", frozenset({"agents"})),
        "boss": AgentIdentity("sup1", "Capitaine Hélène R.", frozenset({"supervisors"})),
    }.items():
        dynamo_storage.connections.add(
            Connection(cid, Role.AGENT, now, Retention.connection_expires_at(now), agent_id=identity.agent_id,
                       supervisor=identity.is_supervisor, display_name=identity.display_name)
        )  # fmt: skip
        dynamo_storage.agents.connect(identity, cid, 3, now, Retention().expires_at(now))
    frame(runtime, "officer", action="set_status", status="available")
    runtime.websocket.connect("citizen", None)
    frame(runtime, "citizen", action="start", topic="autre")
    conv = notifier.frames("citizen", "queued")[-1]["conversation_id"]
    assert notifier.frames("officer", "assigned")
    answers = runtime.canned_answers
    assert answers is not None
    supervisor = AgentIdentity("sup1", "Capitaine Hélène R.", frozenset({"supervisors"}))
    measured: dict[str, int] = {}

    def step(name: str, action: Callable[[], object]) -> Any:
        counted.clear()
        result = action()
        measured[name] = sum(counted.values())
        return result

    card = {"kind": "service", "ref": "pharos"}
    step("officer sends an orientation card", lambda: frame(runtime, "officer", action="send_card", conversation_id=conv, client_msg_id="k1", card=card))
    step("officer adds a note", lambda: frame(runtime, "officer", action="add_note", conversation_id=conv, client_msg_id="n1", text="À rappeler"))
    step("supervisor adds a note", lambda: frame(runtime, "boss", action="add_note", conversation_id=conv, client_msg_id="s1", text="Proposez le 3919"))
    created = step("create a canned answer", lambda: answers.create(supervisor, Scope.SHARED, CannedAnswerDraft("Couvre-feu", "couvre-feu", "L'attestation.")))
    step("list canned answers (with or without q)", lambda: answers.list(supervisor, "attestation"))
    step("update a canned answer (same shortcut)", lambda: answers.update(supervisor, created.answer_id, CannedAnswerDraft("Couvre-feu", "couvre-feu", "Texte")))
    step("update a canned answer (new shortcut)", lambda: answers.update(supervisor, created.answer_id, CannedAnswerDraft("Couvre-feu", "cf", "Texte")))
    step("delete a canned answer", lambda: answers.delete(supervisor, created.answer_id))

    assert not [f for frames in notifier.sent.values() for f in frames if f["type"] == "error"]
    assert [f["type"] for f in notifier.frames("citizen")].count("message") == 1
    assert measured == OFFICER_TOOLS_EXPECTED


# Transfers, the reply watch and the officer's history, as docs/architecture.md says.
TRANSFER_EXPECTED = {
    "officer lists colleagues": 2,
    "officer offers a transfer": 4,
    "colleague declines": 3,
    "colleague accepts": 8,
    "reply watch, nothing due": 1,
    "reply watch, can a wait begin": 1,
    "reply watch reminds": 2,
    "reply watch requeues": 15,
    "history of the day": 1,
    "history searched": 2,
    "one closed conversation read back": 2,
}


def test_requests_per_transfer_watch_and_history(dynamo_storage: Storage, counted: Counter[str]) -> None:
    from chalicelib.services.reply_watch import ReplyWatch
    from tests.chat_desk import FixedClock

    notifier, clock = FakeNotifier(), FixedClock()
    runtime = build_runtime(
        dynamo_storage, fake_report_storage(), notifier, FakeWsTickets(), Settings(), clock=clock,
        announcer=RecordingAnnouncer(),
    )  # fmt: skip
    for cid, agent in (("holder", "a1"), ("colleague", "a2")):
        runtime.websocket.connect(cid, {"ticket": runtime.tickets.issue(officer(agent))})
        frame(runtime, cid, action="set_status", status="available")
    runtime.websocket.connect("citizen", None)
    frame(runtime, "citizen", action="start", topic="autre")
    conv = notifier.frames("citizen", "queued")[-1]["conversation_id"]
    frame(runtime, "citizen", action="send", conversation_id=conv, client_msg_id="m1", text="Bonjour")
    holder = "holder" if notifier.frames("holder", "assigned") else "colleague"
    other = "colleague" if holder == "holder" else "holder"
    other_id = "a2" if holder == "holder" else "a1"
    watch: ReplyWatch = runtime.broadcaster._watch  # type: ignore[attr-defined]
    measured: dict[str, int] = {}

    def step(name: str, action: Callable[[], object]) -> Any:
        counted.clear()
        result = action()
        measured[name] = sum(counted.values())
        return result

    step("officer lists colleagues", lambda: frame(runtime, holder, action="colleagues"))
    step("officer offers a transfer", lambda: frame(runtime, holder, action="transfer", conversation_id=conv, to_agent_id=other_id))
    step("colleague declines", lambda: frame(runtime, other, action="transfer_decline", conversation_id=conv))
    frame(runtime, holder, action="transfer", conversation_id=conv, to_agent_id=other_id)
    step("colleague accepts", lambda: frame(runtime, other, action="transfer_accept", conversation_id=conv))
    assert notifier.frames(other, "assigned")[-1]["conversation"]["messages"][0]["text"] == "Bonjour"
    step("reply watch, nothing due", watch.check)
    assert step("reply watch, can a wait begin", watch.someone_may_wait) is True
    clock.t += 90
    step("reply watch reminds", watch.check)
    assert notifier.frames(other, "reply_reminder")
    clock.t += 30
    step("reply watch requeues", watch.check)
    assert notifier.frames(other, "unassigned")[-1]["reason"] == "no_reply"
    assert notifier.frames("citizen", "requeued")
    # Back with the first officer (available, least busy), who closes it: their history.
    assert notifier.frames(holder, "assigned")[-1]["conversation"]["requeued_count"] == 1
    frame(runtime, holder, action="close", conversation_id=conv, outcome="resolved")
    history = runtime.history
    assert history is not None
    me = officer("a1" if holder == "holder" else "a2")
    step("history of the day", lambda: history.today(me))
    found = step("history searched", lambda: history.today(me, "bonjour"))
    assert [c.conversation_id for c in found] == [conv]
    step("one closed conversation read back", lambda: history.conversation(me, conv))

    assert not [f for frames in notifier.sent.values() for f in frames if f["type"] == "error"]
    assert measured == TRANSFER_EXPECTED


def test_the_supervisors_figures_cost_three_or_four_requests_and_add_none_to_the_chat(
    dynamo_storage: Storage, counted: Counter[str]
) -> None:
    # The chat's own counts above are unchanged by the hourly counters: each event's tally rides in its own write.
    runtime = build_runtime(
        dynamo_storage, fake_report_storage(), FakeNotifier(), FakeWsTickets(), Settings(), announcer=RecordingAnnouncer()
    )
    assert runtime.supervisor_board is not None
    counted.clear()
    runtime.supervisor_board.today()
    # The day's counters (one query), its comments (one query), the officers online (the online-index query);
    # before any conversation was handled today, the running handling-time mean stands in (one GetItem).
    assert dict(counted) == {"Query": 3, "GetItem": 1}


# The reports inbox, as docs/architecture.md says: every read a GetItem or one bounded Query, never a Scan.
REPORT_INBOX_EXPECTED = {
    "file a report": 2,
    "citizen checks the status": 2,
    "list a page of the inbox (any filters)": 1,
    "report detail (officer)": 1,
    "report detail (supervisor, with the audit)": 2,
    "take / forward / close a report": 2,
    "show the contact details (audited)": 2,
    "export, without contact details (up to 100 reports)": 1,
    "export with contact details (2 named reports)": 3,
}


def test_requests_per_report_inbox_action(dynamo_storage: Storage, counted: Counter[str]) -> None:
    from chalicelib.domain.report import Contact, Place, ReportDraft, ReportKind, ReportStatus
    from chalicelib.domain.report_inbox import InboxFilter
    from chalicelib.domain.triage import TriageChange
    from chalicelib.services.report_status import check_status
    from chalicelib.services.reports import submit_report

    runtime = build_runtime(
        dynamo_storage, dynamodb_report_storage(TEST_SETTINGS), FakeNotifier(), FakeWsTickets(), Settings()
    )
    triage = runtime.report_triage
    assert triage is not None
    alice, chef = officer("alice"), officer("chef", frozenset({"supervisors"}))
    measured: dict[str, int] = {}

    def step(name: str, action: Callable[[], object]) -> object:
        counted.clear()
        result = action()
        measured[name] = sum(counted.values())
        assert "Scan" not in counted
        return result

    def draft(commune: str) -> ReportDraft:
        return ReportDraft(
            ReportKind.RODEO, Place(commune), "Des motos sur le parking chaque soir.", anonymous=False,
            contact=Contact(name="Jeanne", phone="0600000000"),
        )

    submit_report(runtime.reports, draft("Pessac"), "count-key-0-abcdefgh", "192.0.2.10")
    filed = step("file a report", lambda: submit_report(runtime.reports, draft("Bordeaux"), "count-key-1-abcdefgh", "192.0.2.11"))
    ref = filed.report.reference  # type: ignore[attr-defined]
    secret = filed.secret  # type: ignore[attr-defined]
    step("citizen checks the status", lambda: check_status(runtime.reports, ref, secret, "192.0.2.11"))
    step(
        "list a page of the inbox (any filters)",
        lambda: triage.list(alice, InboxFilter(kind=ReportKind.RODEO, commune="bordeaux"), 50, None),
    )
    step("report detail (officer)", lambda: triage.detail(alice, ref))
    step("report detail (supervisor, with the audit)", lambda: triage.detail(chef, ref))
    step("take / forward / close a report", lambda: triage.change(alice, ref, TriageChange(ReportStatus.IN_PROGRESS)))
    step("show the contact details (audited)", lambda: triage.contact(alice, ref))
    step("export, without contact details (up to 100 reports)", lambda: triage.export(chef, InboxFilter(), False))
    triage.change(alice, ref, TriageChange(ReportStatus.CLOSED))
    others = [submit_report(runtime.reports, draft("Talence"), f"count-key-{i + 2}-abcdefgh", "192.0.2.12") for i in range(1)]
    assert others
    step("export with contact details (2 named reports)", lambda: triage.export(chef, InboxFilter(), True))
    assert measured == REPORT_INBOX_EXPECTED


# Supervisors acting on the desk, as docs/architecture.md says (each writes one audit entry: one PutItem).
SUPERVISOR_EXPECTED = {
    "supervisor lists officers and chats (3 online)": 5,
    "supervisor watches": 4,
    "supervisor joins": 4,
    "joined supervisor writes": 3,
    "supervisor stops watching": 3,
    "supervisor reassigns": 9,
    "supervisor takes over": 9,
    "supervisor sets an officer away": 5,
    "supervisor changes a capacity (nobody waiting)": 6,
    "audit trail of the day": 1,
}


def test_requests_per_supervisor_action(dynamo_storage: Storage, counted: Counter[str]) -> None:
    notifier = FakeNotifier()
    runtime = build_runtime(
        dynamo_storage, fake_report_storage(), notifier, FakeWsTickets(), Settings(), announcer=RecordingAnnouncer()
    )
    for cid, agent in (("holder", "a1"), ("colleague", "a2")):
        runtime.websocket.connect(cid, {"ticket": runtime.tickets.issue(officer(agent))})
        frame(runtime, cid, action="set_status", status="available")
    runtime.websocket.connect("sup", {"ticket": runtime.tickets.issue(officer("s1", frozenset({"supervisors"})))})
    runtime.websocket.connect("citizen", None)
    frame(runtime, "citizen", action="start", topic="autre")
    conv = notifier.frames("citizen", "queued")[-1]["conversation_id"]
    frame(runtime, "citizen", action="send", conversation_id=conv, client_msg_id="m1", text="Bonjour")
    holder = "holder" if notifier.frames("holder", "assigned") else "colleague"
    other_id = "a2" if holder == "holder" else "a1"
    measured: dict[str, int] = {}

    def step(name: str, action: Callable[[], object]) -> None:
        counted.clear()
        action()
        measured[name] = sum(counted.values())

    step("supervisor lists officers and chats (3 online)", lambda: frame(runtime, "sup", action="supervise_list"))
    step("supervisor watches", lambda: frame(runtime, "sup", action="watch", conversation_id=conv))
    step("supervisor joins", lambda: frame(runtime, "sup", action="join", conversation_id=conv))
    step("joined supervisor writes", lambda: frame(runtime, "sup", action="send", conversation_id=conv, client_msg_id="s1", text="Je complète"))
    step("supervisor stops watching", lambda: frame(runtime, "sup", action="unwatch", conversation_id=conv))
    step("supervisor reassigns", lambda: frame(runtime, "sup", action="reassign", conversation_id=conv, to_agent_id=other_id))
    step("supervisor takes over", lambda: frame(runtime, "sup", action="take_over", conversation_id=conv))
    step("supervisor sets an officer away", lambda: frame(runtime, "sup", action="set_agent_away", agent_id="a1"))
    step("supervisor changes a capacity (nobody waiting)", lambda: frame(runtime, "sup", action="set_capacity", agent_id="a2", capacity=4))
    audit = runtime.audit_log
    assert audit is not None
    step("audit trail of the day", audit.today)

    assert not [f for frames in notifier.sent.values() for f in frames if f["type"] == "error"]
    assert notifier.frames("sup", "assigned")[-1]["conversation"]["conversation_id"] == conv
    assert [e.action for e in audit.today().entries][:2] == ["set_capacity", "set_away"]
    assert measured == SUPERVISOR_EXPECTED


def _supervisor_desk(dynamo_storage: Storage, supervisors: int) -> tuple[Runtime, FakeNotifier]:
    """Two officers and `supervisors` supervisors online, one chat in progress, three citizens waiting."""
    notifier = FakeNotifier()
    runtime = build_runtime(
        dynamo_storage, fake_report_storage(), notifier, FakeWsTickets(), Settings(), announcer=RecordingAnnouncer()
    )
    for i in range(2):
        runtime.websocket.connect(f"officer-{i}", {"ticket": runtime.tickets.issue(officer(f"a{i}"))})
    for i in range(supervisors):
        identity = officer(f"s{i}", frozenset({"supervisors"}))
        runtime.websocket.connect(f"supervisor-{i}", {"ticket": runtime.tickets.issue(identity)})
    frame(runtime, "officer-0", action="set_status", status="available")
    for i in range(4):
        runtime.websocket.connect(f"citizen-{i}", None, f"198.51.100.{i + 1}")
        frame(runtime, f"citizen-{i}", action="start", topic="victime" if i % 2 else "autre")
        if i == 0:
            frame(runtime, "officer-0", action="set_status", status="away")  # one chat in progress, three waiting
    assert not [f for frames in notifier.sent.values() for f in frames if f["type"] == "error"]
    return runtime, notifier


@pytest.mark.parametrize("supervisors", [0, 1, 5])
def test_a_broadcast_pass_reads_the_board_once_and_only_when_a_supervisor_is_online(
    dynamo_storage: Storage, counted: Counter[str], supervisors: int
) -> None:
    runtime, notifier = _supervisor_desk(dynamo_storage, supervisors)
    before = {cid: len(frames) for cid, frames in notifier.sent.items()}
    runtime.ctx.storage.stats.queue_changed()  # something moved: the pass runs
    counted.clear()
    runtime.broadcaster.run()

    # The pass of the table above (7); the board adds one query of the chats in progress, whatever the number of
    # supervisors, officers and citizens, and none at all without a supervisor online.
    assert sum(counted.values()) == 7 + (1 if supervisors else 0)
    new = {cid: frames[before.get(cid, 0):] for cid, frames in notifier.sent.items()}
    boards = {cid: [f for f in frames if f["type"] == "board"] for cid, frames in new.items()}
    assert sorted(cid for cid, frames in boards.items() if frames) == [f"supervisor-{i}" for i in range(supervisors)]
    assert all(len(frames) <= 1 for frames in boards.values())  # one post per supervisor online
    if supervisors:
        board = boards["supervisor-0"][0]
        assert board["waiting"]["total"] == 3
        assert [c["agent_id"] for c in board["chats"]] == ["a0"]
    # The queue's own posts are those it always made: one `waiting` per officer online, one `queue` per citizen.
    waiting_posts = sum(1 for frames in new.values() for f in frames if f["type"] == "waiting")
    queue_posts = sum(1 for frames in new.values() for f in frames if f["type"] == "queue")
    assert (waiting_posts, queue_posts) == (2 + supervisors, 3)


def test_a_supervisor_asking_for_the_board_costs_five_requests(dynamo_storage: Storage, counted: Counter[str]) -> None:
    runtime, notifier = _supervisor_desk(dynamo_storage, 1)
    counted.clear()
    frame(runtime, "supervisor-0", action="board")
    # The connection, the queue's version, the queue, the officers online, the chats in progress.
    assert dict(counted) == {"GetItem": 2, "Query": 3}
    assert [f["type"] for f in notifier.frames("supervisor-0")][-1] == "board"
