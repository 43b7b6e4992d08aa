"""The supervisors' figures on moto: counters kept by the chat's own writes, read back by `GET /supervisor/today`."""
from __future__ import annotations

import json
from typing import Any

from chalice import Chalice
from chalice.test import Client

from chalicelib.api.officer_auth import officers_authorizer, supervisor_of
from chalicelib.api.rest_supervisor import supervisor_routes
from chalicelib.bootstrap import Runtime, build_runtime
from chalicelib.config import Settings
from chalicelib.ports import Storage
from chalicelib.services.supervisor_board import SupervisorBoard
from tests.fakes import FakeNotifier, FakeWsTickets, RecordingAnnouncer, fake_report_storage, officer
from tests.integration.test_canned_answer_api import OFFICER, SUPERVISOR


def frame(runtime: Runtime, connection_id: str, **body: Any) -> None:
    runtime.websocket.message(connection_id, json.dumps(body))


def a_morning(storage: Storage) -> Runtime:
    """One conversation answered, answered again, surveyed with a comment; one abandoned in the queue."""
    notifier = FakeNotifier()
    runtime = build_runtime(
        storage, fake_report_storage(), notifier, FakeWsTickets(), Settings(), announcer=RecordingAnnouncer()
    )
    runtime.websocket.connect("officer", {"ticket": runtime.tickets.issue(officer("a1"))})
    frame(runtime, "officer", action="set_status", status="available")
    runtime.websocket.connect("citizen", None)
    frame(runtime, "citizen", action="start", topic="autre", lang="fr")
    conv = notifier.frames("citizen", "queued")[-1]["conversation_id"]
    frame(runtime, "citizen", action="send", conversation_id=conv, client_msg_id="c1", text="Bonjour")
    frame(runtime, "officer", action="send", conversation_id=conv, client_msg_id="o1", text="Bonjour, je vous écoute")
    frame(runtime, "officer", action="send", conversation_id=conv, client_msg_id="o2", text="Autre chose ?")
    frame(runtime, "officer", action="close", conversation_id=conv, outcome="resolved")
    frame(runtime, "citizen", action="survey", found_easily=True, understood=False, rating=4, comment="Rapide")
    frame(runtime, "officer", action="set_status", status="away")
    runtime.websocket.connect("citizen-2", None)
    frame(runtime, "citizen-2", action="start", topic="victime", lang="fr")
    frame(runtime, "citizen-2", action="end")
    assert not [f for frames in notifier.sent.values() for f in frames if f["type"] == "error"]
    return runtime


def test_the_chats_own_writes_keep_the_hours_counters(storage: Storage) -> None:
    # The same on the fakes and on DynamoDB: the fake's counters stay honest.
    runtime = a_morning(storage)
    assert runtime.supervisor_board is not None
    today = runtime.supervisor_board.today()
    total = today.figures.total
    assert (total.started, total.answered, total.abandoned) == (2, 1, 1)
    assert total.first_response.count == 1  # the officer's second message is not a first answer
    assert total.handling.count == 1 and total.wait.count == 1
    assert (total.answered_within_target, total.share_within_target) == (1, 0.5)
    assert (total.survey.answers, total.survey.found_easily, total.survey.understood) == (1, 1, 0)
    assert [c.comment for c in today.figures.comments] == ["Rapide"]
    assert sum(h.started for h in today.figures.hours) == 2
    assert today.officers.online == 1 and today.officers.available == 0


def test_a_supervisor_reads_today_and_an_officer_is_refused(dynamo_storage: Storage) -> None:
    runtime = a_morning(dynamo_storage)
    board = runtime.supervisor_board
    assert isinstance(board, SupervisorBoard)
    app = Chalice("supervisor-test")
    app.register_blueprint(supervisor_routes(board, supervisor_of, officers_authorizer("")))
    with Client(app) as client:
        answer = client.http.get("/supervisor/today", headers=SUPERVISOR)
        refused = client.http.get("/supervisor/today", headers=OFFICER)
    assert answer.status_code == 200 and answer.headers["Cache-Control"] == "no-store"
    body = json.loads(answer.body)
    assert body["timezone"] == "Europe/Paris" and body["target"] == {"share": 0.8, "within_s": 60.0}
    assert (body["total"]["started"], body["total"]["answered"], body["total"]["abandoned"]) == (2, 1, 1)
    assert body["comments"][0]["comment"] == "Rapide" and "conversation_id" not in body["comments"][0]
    assert len(body["staffing"]["coming_hours"]) == 3
    assert body["staffing"]["online"]["officers"] == 1
    assert refused.status_code == 403 and json.loads(refused.body)["code"] == "officer_only"
