"""`GET /supervisor/audit` on moto: the supervisors' actions of the day, newest first; officers refused (403),
no token refused (401)."""
from __future__ import annotations

import json
from typing import Any

from chalice import Chalice
from chalice.test import Client

from chalicelib.api.officer_auth import officers_authorizer, supervisor_of
from chalicelib.api.rest_supervisor_audit import supervisor_audit_routes
from chalicelib.bootstrap import build_runtime
from chalicelib.config import Settings
from chalicelib.ports import Storage
from tests.fakes import FakeNotifier, FakeWsTickets, RecordingAnnouncer, fake_report_storage, officer
from tests.integration.test_canned_answer_api import OFFICER, SUPERVISOR


def test_a_supervisor_reads_the_days_actions_and_others_are_refused(dynamo_storage: Storage) -> None:
    notifier = FakeNotifier()
    runtime = build_runtime(
        dynamo_storage, fake_report_storage(), notifier, FakeWsTickets(), Settings(), announcer=RecordingAnnouncer()
    )

    def frame(cid: str, **body: Any) -> None:
        runtime.websocket.message(cid, json.dumps(body))

    runtime.websocket.connect("officer", {"ticket": runtime.tickets.issue(officer("a1"))})
    frame("officer", action="set_status", status="available")
    runtime.websocket.connect("citizen", None)
    frame("citizen", action="start", topic="autre", lang="fr")
    conv = notifier.frames("citizen", "queued")[-1]["conversation_id"]
    frame("citizen", action="send", conversation_id=conv, client_msg_id="m1", text="Mon texte à moi")
    sup = officer("sup1", frozenset({"supervisors"}))
    runtime.websocket.connect("sup", {"ticket": runtime.tickets.issue(sup)})
    frame("sup", action="watch", conversation_id=conv)
    frame("sup", action="set_capacity", agent_id="a1", capacity=4)
    assert not [f for frames in notifier.sent.values() for f in frames if f["type"] == "error"]

    audit = runtime.audit_log
    assert audit is not None
    app = Chalice("supervisor-audit-test")
    app.register_blueprint(supervisor_audit_routes(audit, supervisor_of, officers_authorizer("")))
    with Client(app) as client:
        answer = client.http.get("/supervisor/audit", headers=SUPERVISOR)
        refused = client.http.get("/supervisor/audit", headers=OFFICER)
        anonymous = client.http.get("/supervisor/audit")
    assert answer.status_code == 200 and answer.headers["Cache-Control"] == "no-store"
    body = json.loads(answer.body)
    assert [(e["action"], e["agent_id"], e["value"]) for e in body["entries"]] == [
        ("set_capacity", "a1", "4"),
        ("watch", "a1", None),
    ]
    assert body["entries"][1]["conversation_id"] == conv
    assert body["entries"][0]["actor"] == {"agent_id": "sup1", "display_name": "Officer sup1"}
    assert "Mon texte" not in answer.body.decode()
    assert refused.status_code == 403 and json.loads(refused.body)["code"] == "officer_only"
    assert anonymous.status_code == 401 and json.loads(anonymous.body)["code"] == "invalid_token"
