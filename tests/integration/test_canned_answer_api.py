"""`/agent/canned-answers` through Chalice's test client on moto: officers' answers, supervisors' shared ones, errors."""
from __future__ import annotations

import base64
import json
from collections.abc import Iterator
from typing import Any

import pytest
from chalice import Chalice
from chalice.app import CognitoUserPoolAuthorizer, Request
from chalice.test import Client

from chalicelib.adapters.dynamodb_canned_answers import dynamodb_canned_answers
from chalicelib.api.rest_canned_answers import canned_answer_routes
from chalicelib.domain.agent import AgentIdentity
from chalicelib.errors import InvalidTokenError
from chalicelib.ports import Storage
from chalicelib.services.canned_answers import CannedAnswers
from local.canned_answers_seed import seed_canned_answers
from tests.chat_desk import FixedClock
from tests.integration.conftest import TEST_SETTINGS

BASE = "/agent/canned-answers"


def claims_officer(request: Request) -> AgentIdentity:
    """The officer the authorizer's claims name (what API Gateway's Cognito authorizer hands the function)."""
    claims = ((request.context or {}).get("authorizer") or {}).get("claims") or {}
    groups = frozenset(claims.get("cognito:groups") or [])
    if not claims.get("cognito:username") or not groups & {"agents", "supervisors"}:
        raise InvalidTokenError()
    return AgentIdentity(claims["cognito:username"], claims.get("name", ""), groups)


def bearer(username: str, *groups: str) -> dict[str, str]:
    """An ID token's shape; Chalice's local authorizer reads its claims (signatures are the gateway's business)."""

    def part(data: dict[str, Any]) -> str:
        return base64.urlsafe_b64encode(json.dumps(data).encode()).decode().rstrip("=")

    claims = {"cognito:username": username, "name": username.title(), "cognito:groups": list(groups)}
    return {"Authorization": f"Bearer {part({'alg': 'RS256'})}.{part(claims)}.c2ln"}


OFFICER = bearer("agent1", "agents")
COLLEAGUE = bearer("agent2", "agents")
SUPERVISOR = bearer("superviseur", "supervisors", "agents")
JSON = {"Content-Type": "application/json"}


class Api:
    def __init__(self, client: Client) -> None:
        self.client = client

    def call(self, method: str, path: str, who: dict[str, str] | None, body: Any = None, headers: dict[str, str] | None = None) -> Any:
        raw = body if isinstance(body, (str, bytes)) or body is None else json.dumps(body)
        response = getattr(self.client.http, method)(path, headers={**JSON, **(who or {}), **(headers or {})}, body=raw)
        response.json = json.loads(response.body) if response.body else None
        return response


@pytest.fixture
def api(dynamo_storage: Storage) -> Iterator[Api]:
    app = Chalice(app_name="canned-answers-test")
    answers = CannedAnswers(dynamodb_canned_answers(TEST_SETTINGS), FixedClock())
    authorizer = CognitoUserPoolAuthorizer("Officers", provider_arns=["arn:aws:cognito-idp:eu-west-3:0:userpool/x"])
    app.register_blueprint(canned_answer_routes(answers, claims_officer, authorizer))
    with Client(app) as client:
        yield Api(client)


def an_answer(**overrides: Any) -> dict[str, Any]:
    return {"title": "Couvre-feu", "shortcut": "couvre-feu", "text": "L'attestation est en ligne.", **overrides}


def test_an_officer_creates_lists_searches_updates_and_deletes_a_personal_answer(api: Api) -> None:
    created = api.call("post", BASE, OFFICER, an_answer())
    assert created.status_code == 201
    answer = created.json["answer"]
    assert (answer["scope"], answer["owner"], answer["updated_by"], answer["text_en"]) == ("personal", "agent1", "agent1", None)
    assert answer["id"].startswith("p-")
    assert [a["id"] for a in api.call("get", BASE, OFFICER).json["answers"]] == [answer["id"]]
    assert api.call("get", BASE + "?q=ATTESTATION", OFFICER).json["answers"][0]["id"] == answer["id"]
    assert api.call("get", BASE + "?q=perceval", OFFICER).json["answers"] == []
    updated = api.call("put", f"{BASE}/{answer['id']}", OFFICER, an_answer(shortcut="cf", text_en="The certificate."))
    assert (updated.status_code, updated.json["answer"]["shortcut"], updated.json["answer"]["text_en"]) == (200, "cf", "The certificate.")
    assert api.call("delete", f"{BASE}/{answer['id']}", OFFICER).status_code == 204
    assert api.call("get", BASE, OFFICER).json["answers"] == []


def test_personal_answers_are_out_of_a_colleagues_reach(api: Api) -> None:
    mine = api.call("post", BASE, OFFICER, an_answer()).json["answer"]
    assert api.call("get", BASE, COLLEAGUE).json["answers"] == []
    for method, body in (("put", an_answer(text="Volé")), ("delete", None)):
        refused = api.call(method, f"{BASE}/{mine['id']}", COLLEAGUE, body)
        assert (refused.status_code, refused.json["code"]) == (404, "not_found")


def test_shared_answers_are_managed_by_supervisors_and_read_by_every_officer(api: Api) -> None:
    refused = api.call("post", BASE, OFFICER, an_answer(scope="shared"))
    assert (refused.status_code, refused.json["code"]) == (403, "forbidden")
    shared = api.call("post", BASE, SUPERVISOR, an_answer(scope="shared")).json["answer"]
    assert (shared["scope"], shared["owner"]) == ("shared", None)
    assert [a["id"] for a in api.call("get", BASE, OFFICER).json["answers"]] == [shared["id"]]
    assert api.call("put", f"{BASE}/{shared['id']}", OFFICER, an_answer(text="x")).json["code"] == "forbidden"
    assert api.call("delete", f"{BASE}/{shared['id']}", OFFICER).status_code == 403
    assert api.call("put", f"{BASE}/{shared['id']}", SUPERVISOR, an_answer(text="Nouveau")).json["answer"]["text"] == "Nouveau"
    assert api.call("delete", f"{BASE}/{shared['id']}", SUPERVISOR).status_code == 204


def test_a_taken_shortcut_is_a_conflict(api: Api) -> None:
    api.call("post", BASE, SUPERVISOR, an_answer(scope="shared"))
    taken = api.call("post", BASE, SUPERVISOR, an_answer(scope="shared"))
    assert (taken.status_code, taken.json["code"]) == (409, "shortcut_taken")
    assert api.call("post", BASE, OFFICER, an_answer()).status_code == 201  # a personal one may shadow it


def test_without_an_officers_token_nothing_is_answered(api: Api) -> None:
    for who in (None, bearer("citizen")):
        refused = api.call("get", BASE, who)
        assert refused.status_code in (401, 403)
        if refused.json and "code" in refused.json:
            assert refused.json["code"] == "invalid_token"


@pytest.mark.parametrize(
    ("body", "status", "code"),
    [
        ("not json", 400, "invalid_request"),
        ("[1, 2]", 400, "invalid_request"),
        (b"\xff\xfe", 400, "invalid_request"),
        (json.dumps(an_answer(text="x" * 20_000)).encode() * 2, 413, "request_too_large"),
        ("[" * 50 + "]" * 50, 400, "invalid_request"),
        ({"title": "T", "shortcut": "Pas Bon", "text": "x"}, 400, "invalid_fields"),
        ({"title": "T \ud800", "shortcut": "ok", "text": "x"}, 400, "invalid_fields"),
    ],
)
def test_a_hostile_body_gets_a_documented_error(api: Api, body: Any, status: int, code: str) -> None:
    raw = json.dumps(body) if isinstance(body, dict) else body
    refused = api.call("post", BASE, OFFICER, raw)
    assert (refused.status_code, refused.json["code"]) == (status, code)
    if code == "invalid_fields":
        assert refused.json["fields"] and "Pas Bon" not in json.dumps(refused.json)


def test_a_wrong_media_type_and_an_oversize_query_are_refused(api: Api) -> None:
    wrong = api.call("post", BASE, OFFICER, "title=x", headers={"Content-Type": "application/x-www-form-urlencoded"})
    assert (wrong.status_code, wrong.json["code"]) == (415, "unsupported_media_type")
    long = api.call("get", BASE + "?q=" + "x" * 101, OFFICER)
    assert (long.status_code, long.json["code"]) == (400, "invalid_fields")


def test_the_seeded_shared_answers_are_listed_for_every_officer(api: Api, dynamo_storage: Storage) -> None:
    assert seed_canned_answers(dynamodb_canned_answers(TEST_SETTINGS)) >= 12
    listed = api.call("get", BASE, OFFICER).json["answers"]
    assert len(listed) >= 12 and all(a["scope"] == "shared" for a in listed)
    assert [a["shortcut"] for a in api.call("get", BASE + "?q=attestation%20couvre-feu", OFFICER).json["answers"]] == ["couvre-feu"]
