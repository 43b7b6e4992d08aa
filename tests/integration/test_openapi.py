"""docs/openapi.json: a valid OpenAPI 3.1 document that describes exactly the app's REST routes, with their security."""
from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from openapi_spec_validator import validate

from tests.integration.app_on_moto import app_on_moto

DOCUMENT = Path(__file__).resolve().parents[2] / "docs" / "openapi.json"
METHODS = {"get", "put", "post", "delete", "patch", "head", "options"}


def _document() -> dict[str, Any]:
    return json.loads(DOCUMENT.read_text(encoding="utf-8"))


def _operations(document: dict[str, Any]) -> dict[tuple[str, str], dict[str, Any]]:
    return {
        (method.upper(), path): operation
        for path, item in document["paths"].items()
        for method, operation in item.items()
        if method in METHODS
    }


@pytest.fixture(scope="module")
def app_routes() -> dict[tuple[str, str], bool]:
    """Every (method, path) the Chalice app serves, and whether it sits behind the officers' authorizer."""
    with pytest.MonkeyPatch.context() as monkeypatch, app_on_moto(monkeypatch, "openapi") as app:
        return {
            (method, path): entry.authorizer is not None
            for path, entries in app.app.routes.items()
            for method, entry in entries.items()
        }


def test_the_document_is_valid_openapi() -> None:
    document = _document()
    validate(document)
    assert document["openapi"].startswith("3.1")


def test_it_describes_every_route_of_the_app_and_no_other(app_routes: dict[tuple[str, str], bool]) -> None:
    described = set(_operations(_document()))
    assert sorted(set(app_routes) - described) == [], "routes of app.py missing from docs/openapi.json"
    assert sorted(described - set(app_routes)) == [], "docs/openapi.json describes routes app.py does not serve"


def test_officers_routes_need_the_id_token_and_public_ones_need_nothing(app_routes: dict[tuple[str, str], bool]) -> None:
    document = _document()
    schemes = document["components"]["securitySchemes"]
    assert schemes["officersIdToken"] == {**schemes["officersIdToken"], "type": "http", "scheme": "bearer"}
    for key, operation in _operations(document).items():
        security = operation.get("security", document.get("security", []))
        if app_routes[key]:
            assert security == [{"officersIdToken": []}], key
            assert "401" in operation["responses"] and "403" in operation["responses"], key
        else:
            assert security == [], key


def test_supervisors_routes_say_so_and_document_the_refusal() -> None:
    operations = _operations(_document())
    for key in [key for key in operations if key[1].startswith("/supervisor/")] + [("GET", "/agent/report-export")]:
        assert operations[key].get("x-guichet-role") == "supervisors", key
        assert "officer_only" in json.dumps(_document()["components"]["responses"]["OfficerOnly"])


def test_every_operation_has_an_id_a_summary_and_a_success_answer() -> None:
    operations = _operations(_document())
    ids = [operation["operationId"] for operation in operations.values()]
    assert len(ids) == len(set(ids))
    for key, operation in operations.items():
        assert operation.get("summary"), key
        assert any(code.startswith("2") for code in operation["responses"]), key


def _answer_schema(document: dict[str, Any], method: str, path: str, status: int) -> dict[str, Any]:
    """The JSON schema of this operation's answer, resolvable against the whole document."""
    answer = _operations(document)[(method, path)]["responses"][str(status)]
    if "$ref" in answer:
        answer = document["components"]["responses"][answer["$ref"].rsplit("/", 1)[1]]
    return {**document, **answer["content"]["application/json"]["schema"]}


def test_the_apps_real_answers_match_the_described_schemas(monkeypatch: pytest.MonkeyPatch) -> None:
    from chalice.test import Client
    from jsonschema import Draft202012Validator

    from tests.integration.test_report_inbox_api import ALICE, CHEF, ORIGIN_SECRET, Api

    document = _document()

    def check(method: str, path: str, status: int, response: Any) -> None:
        assert response.status_code == status, (path, response.body)
        Draft202012Validator(_answer_schema(document, method, path, status)).validate(response.json)

    with app_on_moto(monkeypatch, "oas", GUICHET_ORIGIN_SECRET=ORIGIN_SECRET) as app, Client(app.app) as client:
        api = Api(client)
        filed = api.file()
        ref = filed["reference"]
        Draft202012Validator(_answer_schema(document, "POST", "/reports", 201)).validate(filed)
        receipt = api.call("post", "/reports/status", body={"reference": ref, "secret": filed["secret"]})
        check("POST", "/reports/status", 200, receipt)
        check("POST", "/reports/status", 404, api.call("post", "/reports/status", body={"reference": ref, "secret": "x"}))
        check("GET", "/agent/reports", 200, api.call("get", "/agent/reports", ALICE))
        check("GET", "/agent/report-units", 200, api.call("get", "/agent/report-units", ALICE))
        taken = api.call("post", f"/agent/reports/{ref}/status", ALICE, {"status": "in_progress", "note": "Je prends"})
        check("POST", "/agent/reports/{reference}/status", 200, taken)
        check("GET", "/agent/reports/{reference}/contact", 200, api.call("get", f"/agent/reports/{ref}/contact", ALICE))
        check("GET", "/agent/reports/{reference}", 200, api.call("get", f"/agent/reports/{ref}", CHEF))
        check("GET", "/availability", 200, api.call("get", "/availability"))
        check("GET", "/topics", 200, api.call("get", "/topics"))
        check("GET", "/health", 200, api.call("get", "/health"))
        check("GET", "/desk", 200, api.call("get", "/desk"))
        check("GET", "/supervisor/desk", 200, api.call("get", "/supervisor/desk", CHEF))
        check("GET", "/supervisor/desk", 403, api.call("get", "/supervisor/desk", ALICE))
        hours = {day: {"opens": "08:00", "closes": "20:00"} for day in ("mon", "tue", "wed", "thu", "fri", "sat", "sun")}
        saved = api.call("put", "/supervisor/opening-hours", CHEF, {"hours": hours})
        check("PUT", "/supervisor/opening-hours", 200, saved)
        audit = api.call("get", "/supervisor/audit", CHEF)
        check("GET", "/supervisor/audit", 200, audit)
        assert [entry["action"] for entry in audit.json["entries"]] == ["opening_hours"]
    # The schemas are not vacuous: a page of reports missing its cursor, a status check saying more, are refused.
    page = Draft202012Validator(_answer_schema(document, "GET", "/agent/reports", 200))
    assert not page.is_valid({"reports": []})
    said = Draft202012Validator(_answer_schema(document, "POST", "/reports/status", 200))
    assert not said.is_valid({"reference": ref, "status": "new", "updated_at": 1, "handler": "agent1"})
