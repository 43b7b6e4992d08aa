"""The inbox routes and the citizen's status check through the real app.py on moto (Chalice's test client):
a report filed, triaged and exported; each refusal (an officer exporting, another officer's contact details,
a wrong secret)."""
from __future__ import annotations

import csv
import io
import json
import uuid
from collections.abc import Iterator
from typing import Any

import pytest
from chalice.test import Client

from tests.integration.app_on_moto import app_on_moto
from tests.integration.test_canned_answer_api import bearer

JSON = {"Content-Type": "application/json"}
ORIGIN_SECRET = "test-origin-secret"
ALICE = bearer("alice", "agents")
BRUNO = bearer("bruno", "agents")
CHEF = bearer("chef", "supervisors", "agents")
CITIZEN_ACCOUNT = bearer("someone", "citizens")
UNIT = "brigade-de-bazas"


class Api:
    def __init__(self, client: Client) -> None:
        self.client = client

    def call(self, method: str, path: str, who: dict[str, str] | None = None, body: Any = None, source: str = "203.0.113.7") -> Any:
        headers = {**JSON, **(who or {}), "CloudFront-Viewer-Address": f"{source}:4000", "X-Origin-Verify": ORIGIN_SECRET}
        raw = None if body is None else json.dumps(body)
        response = getattr(self.client.http, method)(path, headers=headers, body=raw)
        content_type = {k.lower(): v for k, v in response.headers.items()}.get("content-type", "")
        response.json = json.loads(response.body) if response.body and "csv" not in content_type else None
        return response

    def file(self, anonymous: bool = False, commune: str = "Bordeaux") -> dict[str, Any]:
        body: dict[str, Any] = {
            "client_key": uuid.uuid4().hex,
            "kind": "rodeo",
            "consent": True,
            "anonymous": anonymous,
            "place": {"commune": commune},
            "description": "Des motos font des roues arrière sur l'avenue chaque soir.",
        }
        if not anonymous:
            body["contact"] = {"name": "@Jeanne", "email": "jeanne@example.org"}
        response = self.call("post", "/reports", body=body, source=f"198.51.100.{uuid.uuid4().int % 200}")
        assert response.status_code == 201
        return dict(response.json)


@pytest.fixture
def api(monkeypatch: pytest.MonkeyPatch) -> Iterator[Api]:
    with app_on_moto(monkeypatch, "inbox", GUICHET_ORIGIN_SECRET=ORIGIN_SECRET) as app, Client(app.app) as client:
        yield Api(client)


def status(api: Api, ref: str, who: dict[str, str], **body: Any) -> Any:
    return api.call("post", f"/agent/reports/{ref}/status", who, body)


def test_a_report_is_triaged_through_every_status_and_the_citizen_follows_it(api: Api) -> None:
    filed = api.file()
    ref, secret = filed["reference"], filed["secret"]
    check = api.call("post", "/reports/status", body={"reference": ref, "secret": secret})
    assert check.status_code == 200 and set(check.json) == {"reference", "status", "updated_at"}
    assert check.json["status"] == "new"

    listed = api.call("get", "/agent/reports?status=new&commune=bordeaux", ALICE)
    assert listed.status_code == 200 and [r["reference"] for r in listed.json["reports"]] == [ref]
    assert "contact" not in json.dumps(listed.json["reports"][0]) and listed.json["cursor"] is None

    assert status(api, ref, ALICE, status="in_progress", note="Je prends").status_code == 200
    units = api.call("get", "/agent/report-units", ALICE).json["units"]
    assert {"id": UNIT, "name": "Brigade de Bazas"} in units
    forwarded = status(api, ref, ALICE, status="forwarded", note="Pour Bazas", unit_id=UNIT)
    assert forwarded.status_code == 200 and forwarded.json["report"]["unit"]["id"] == UNIT
    closed = status(api, ref, ALICE, status="closed", note="Fait").json["report"]
    assert [(h["status"], h["by"]["agent_id"], h["note"]) for h in closed["history"]] == [
        ("in_progress", "alice", "Je prends"),
        ("forwarded", "alice", "Pour Bazas"),
        ("closed", "alice", "Fait"),
    ]
    assert api.call("post", "/reports/status", body={"reference": ref.lower(), "secret": secret}).json["status"] == "closed"


def test_an_unknown_unit_and_an_impossible_change_are_refused(api: Api) -> None:
    ref = api.file()["reference"]
    assert status(api, ref, ALICE, status="closed").json["code"] == "invalid_transition"
    status(api, ref, ALICE, status="in_progress")
    refused = status(api, ref, ALICE, status="forwarded", unit_id="brigade-de-nulle-part")
    assert (refused.status_code, refused.json["code"]) == (400, "unknown_unit")
    assert status(api, ref, ALICE, status="forwarded").json["code"] == "invalid_fields"
    assert status(api, "SIG-2020-AAAAAA", ALICE, status="in_progress").status_code == 404


def test_another_officer_cannot_see_the_contact_details_nor_move_the_report_on(api: Api) -> None:
    ref = api.file()["reference"]
    status(api, ref, ALICE, status="in_progress")
    mine = api.call("get", f"/agent/reports/{ref}/contact", ALICE)
    assert mine.status_code == 200 and mine.json["contact"]["email"] == "jeanne@example.org"
    theirs = api.call("get", f"/agent/reports/{ref}/contact", BRUNO)
    assert (theirs.status_code, theirs.json["code"]) == (403, "not_your_report")
    assert "jeanne" not in theirs.body.decode() if isinstance(theirs.body, bytes) else "jeanne" not in theirs.body
    detail = api.call("get", f"/agent/reports/{ref}", BRUNO).json["report"]
    assert detail["has_contact"] and not detail["may_see_contact"] and "audit" not in detail
    assert "jeanne" not in json.dumps(detail).lower()
    assert status(api, ref, BRUNO, status="closed").json["code"] == "not_your_report"
    supervisor_view = api.call("get", f"/agent/reports/{ref}", CHEF).json["report"]
    assert [e["agent_id"] for e in supervisor_view["audit"]] == ["alice"]


def test_only_supervisors_export_and_the_csv_says_whether_contact_details_are_in(api: Api) -> None:
    ref = api.file()["reference"]
    refused = api.call("get", "/agent/report-export?status=new", ALICE)
    assert (refused.status_code, refused.json["code"]) == (403, "officer_only")
    plain = api.call("get", "/agent/report-export?status=new&kind=rodeo", CHEF)
    assert plain.status_code == 200 and {k.lower(): v for k, v in plain.headers.items()}["content-type"].startswith("text/csv")
    text = plain.body.decode("utf-8-sig") if isinstance(plain.body, bytes) else plain.body.lstrip("\ufeff")
    assert text.startswith("# Coordonnées des déclarants non incluses") and "jeanne" not in text
    full = api.call("get", "/agent/report-export?status=new&contact=1", CHEF)
    text = full.body.decode("utf-8-sig") if isinstance(full.body, bytes) else full.body.lstrip("\ufeff")
    rows = list(csv.reader(io.StringIO(text.split("\r\n", 1)[1])))
    assert rows[1][0] == ref and "'@Jeanne" in rows[1] and "jeanne@example.org" in rows[1]
    audit = api.call("get", f"/agent/reports/{ref}", CHEF).json["report"]["audit"]
    assert [(e["action"], e["agent_id"]) for e in audit] == [("export_contact", "chef")]


def test_routes_refuse_accounts_outside_the_officers_groups_and_requests_without_a_token(api: Api) -> None:
    assert api.call("get", "/agent/reports", CITIZEN_ACCOUNT).json["code"] == "officer_only"
    assert api.call("get", "/agent/reports").status_code == 401
    assert api.call("get", "/agent/reports?status=lost", ALICE).json["fields"]["status"]


def test_a_wrong_secret_and_an_unknown_reference_answer_the_same(api: Api) -> None:
    ref = api.file(anonymous=True)["reference"]
    wrong = api.call("post", "/reports/status", body={"reference": ref, "secret": "AAAA-BBBB-CCCC-DDDD"}, source="192.0.2.3")
    unknown = api.call("post", "/reports/status", body={"reference": "SIG-2020-AAAAAA", "secret": "x"}, source="192.0.2.3")
    assert (wrong.status_code, wrong.json) == (unknown.status_code, unknown.json) and wrong.status_code == 404
    for _ in range(8):
        api.call("post", "/reports/status", body={"reference": ref, "secret": "x"}, source="192.0.2.3")
    limited = api.call("post", "/reports/status", body={"reference": ref, "secret": "x"}, source="192.0.2.3")
    assert limited.status_code == 429 and limited.json["code"] == "rate_limited"


def test_every_report_route_of_the_app_is_in_the_protocol_document(monkeypatch: pytest.MonkeyPatch) -> None:
    import re

    from tests.protocol_doc import documented_rest_routes

    with app_on_moto(monkeypatch, "doc") as app:
        routes = {
            (method, re.sub(r"\{[^}]*\}", "{}", path))
            for path, entries in app.app.routes.items()
            for method in entries
            if path.startswith(("/reports", "/agent/report"))
        }
    assert len(routes) == 8 and routes - documented_rest_routes() == set()
