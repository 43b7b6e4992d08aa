"""`POST /reports` through the Chalice app on moto: references, idempotency, field errors, rate limit, hostile bodies."""
from __future__ import annotations

import json
import os
import re
import threading
import time
import uuid
from collections.abc import Iterator
from typing import Any

import pytest
from chalice.test import Client

from chalicelib.adapters.dynamodb_reports import ReportKeyModel, ReportModel, key_pk, report_pk
from chalicelib.config import Settings
from chalicelib.domain.rate_limit import source_key
from chalicelib.domain.report_secret import derive_secret
from chalicelib.domain.retention import Retention
from tests.integration.app_on_moto import app_on_moto

REFERENCE = re.compile(r"^SIG-\d{4}-[A-HJ-KM-NP-Z2-9]{6}$")
JSON = {"Content-Type": "application/json"}
ORIGIN_SECRET = "test-origin-secret"


def a_report(**overrides: Any) -> dict[str, Any]:
    body: dict[str, Any] = {
        "client_key": uuid.uuid4().hex,
        "kind": "point-de-deal",
        "consent": True,
        "place": {"commune": "Marseille", "postcode": "13003", "description": "Hall du bâtiment B"},
        "when": "tous les soirs entre 18 h et 23 h",
        "description": "Des personnes vendent de la drogue dans le hall, avec des guetteurs à l'entrée.",
        "details": {"hours": "18 h – 23 h", "people": "3 ou 4"},
    }
    body.update(overrides)
    return body


class Api:
    def __init__(self, client: Client) -> None:
        self.client = client

    def post(self, body: Any, source: str = "203.0.113.7", headers: dict[str, str] | None = None) -> Any:
        """POST /reports as a viewer behind CloudFront at `source` (CloudFront adds the origin secret)."""
        raw = body if isinstance(body, (str, bytes)) else json.dumps(body)
        sent = {
            **JSON,
            "CloudFront-Viewer-Address": f"{source}:51234",
            "X-Origin-Verify": ORIGIN_SECRET,
            **(headers or {}),
        }
        response = self.client.http.post("/reports", headers=sent, body=raw)
        response.json = json.loads(response.body) if response.body else None
        return response


@pytest.fixture
def api(monkeypatch: pytest.MonkeyPatch) -> Iterator[Api]:
    with app_on_moto(
        monkeypatch,
        "r",
        salt="test-salt",
        GUICHET_ORIGIN_SECRET=ORIGIN_SECRET,
        POWERTOOLS_METRICS_DISABLED="true",
    ) as module:
        yield Api(Client(module.app))


def stored_reports() -> list[ReportModel]:
    return [item for item in ReportModel.scan() if item.pk.startswith("report#")]


# A valid report


def test_a_valid_report_gets_a_reference_and_next_steps(api: Api) -> None:
    response = api.post(a_report())
    assert response.status_code == 201
    assert REFERENCE.match(response.json["reference"])
    assert response.json["reference"][4:8] == time.strftime("%Y", time.gmtime())
    assert any("anonyme" in step for step in response.json["next_steps"])


def test_a_report_is_stored_with_a_ttl_and_in_the_inbox(api: Api) -> None:
    before = time.time()
    reference = api.post(a_report()).json["reference"]
    item = ReportModel.get(report_pk(reference), consistent_read=True)
    expected = Retention(Settings().retention_days).expires_at(before)
    assert expected <= item.expires_at.timestamp() <= expected + 5
    assert item.inbox_status == "new" and item.kind == "point-de-deal"
    assert item.details == {"hours": "18 h – 23 h", "people": "3 ou 4"}
    assert item.anonymous and item.contact_email is None


def test_a_named_report_keeps_its_contact(api: Api) -> None:
    contact = {"name": "Camille", "email": "camille@exemple.fr", "phone": "06 12 34 56 78"}
    body = a_report(anonymous=False, contact=contact)
    response = api.post(body)
    assert response.status_code == 201
    assert not any("anonyme" in step for step in response.json["next_steps"])
    item = ReportModel.get(report_pk(response.json["reference"]), consistent_read=True)
    assert (item.contact_email, item.contact_phone, item.anonymous) == ("camille@exemple.fr", "06 12 34 56 78", False)


@pytest.mark.parametrize("kind", ["point-de-deal", "rodeo", "maltraitance-animale", "autre"])
def test_every_kind_is_accepted_without_details(api: Api, kind: str) -> None:
    body = a_report(kind=kind)
    del body["details"]
    assert api.post(body).status_code == 201


@pytest.mark.parametrize("people", ["3 ou 4", "une dizaine", "5-6", "plus de 10", "environ 20", "12", 12])
def test_an_approximate_count_is_kept_as_written(api: Api, people: Any) -> None:
    reference = api.post(a_report(details={"people": people})).json["reference"]
    assert ReportModel.get(report_pk(reference), consistent_read=True).details["people"] == str(people)


def test_the_same_client_key_twice_gives_the_same_reference_and_stores_one_report(api: Api) -> None:
    body = a_report()
    first, again = api.post(body), api.post(body)
    assert (first.status_code, again.status_code) == (201, 200)
    assert again.json == first.json
    assert [item.reference for item in stored_reports()] == [first.json["reference"]]
    assert ReportKeyModel.get(key_pk(body["client_key"])).expires_at is not None


# Bad input: 400 with a message per field, never the submitted value


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"description": 42}, "description"),
        ({"anonymous": "non"}, "anonymous"),
        ({"place": {"commune": "Lyon", "postcode": 69001}}, "place.postcode"),
        ({"details": {"people": "p" * 41}}, "details.people"),
        ({"details": {"people": 4.5}}, "details.people"),
        ({"description": "x" * 2001}, "description"),
        ({"description": "trop peu"}, "description"),
        ({"place": {"commune": "L" * 101}}, "place.commune"),
        ({"place": {"commune": "Lyon", "description": "d" * 301}}, "place.description"),
        ({"when": "w" * 101}, "when"),
        ({"place": {"commune": "  "}}, "place.commune"),
        ({"place": {"commune": "Lyon", "postcode": "6900"}}, "place.postcode"),
        ({"nickname": "Zorro"}, "nickname"),
        ({"details": {"vehicles": ["motos"]}}, "details.vehicles"),
        ({"consent": False}, "consent"),
        ({"consent": 1}, "consent"),
        ({"consent": "true"}, "consent"),
        ({"kind": "tapage"}, "kind"),
        ({"contact": {"email": "camille@exemple.fr"}}, "contact"),
        ({"anonymous": False}, "contact"),
        ({"anonymous": False, "contact": {"email": "pas-une-adresse"}}, "contact.email"),
        ({"client_key": "1"}, "client_key"),
    ],
)
def test_bad_fields_are_named_with_a_message(api: Api, change: dict[str, Any], field: str) -> None:
    body = a_report(**change)
    response = api.post(body)
    assert response.status_code == 400
    assert response.json["code"] == "invalid_fields"
    assert field in response.json["fields"]
    assert response.json["fields"][field]
    for value in change.values():
        if isinstance(value, str) and len(value) > 3:
            assert value not in response.body.decode()
    assert stored_reports() == []


@pytest.mark.parametrize("missing", ["consent", "description", "place", "kind", "client_key"])
def test_a_missing_required_field_is_named(api: Api, missing: str) -> None:
    body = a_report()
    del body[missing]
    response = api.post(body)
    assert response.status_code == 400
    assert missing in response.json["fields"]


def test_every_field_to_correct_shows_at_once_even_without_a_kind(api: Api) -> None:
    body = a_report(description="court", place={"commune": ""})
    del body["kind"]
    fields = api.post(body).json["fields"]
    assert {"kind", "description", "place.commune"} <= set(fields)
    assert fields["description"] == "Décrivez les faits en 10 caractères au moins."


@pytest.mark.parametrize("raw", ["{not json", "", "[1, 2]", '"un texte"', "null"])
def test_a_body_that_is_not_a_json_object_is_an_invalid_request(api: Api, raw: str) -> None:
    response = api.post(raw)
    assert response.status_code == 400
    assert response.json["code"] == "invalid_request"


def test_another_content_type_is_refused(api: Api) -> None:
    response = api.post(a_report(), headers={"Content-Type": "text/plain"})
    assert response.status_code == 415
    assert response.json["code"] == "unsupported_media_type"


def test_an_oversized_body_is_refused(api: Api) -> None:
    response = api.post(a_report(description="x" * 40_000))
    assert response.status_code == 413
    assert response.json["code"] == "request_too_large"


# Rate limit


def test_the_sixth_report_from_one_source_within_the_hour_is_refused_and_another_source_still_reports(
    api: Api,
) -> None:
    for _ in range(5):
        assert api.post(a_report(), source="198.51.100.20").status_code == 201
    refused = api.post(a_report(), source="198.51.100.20")
    assert refused.status_code == 429
    assert refused.json["code"] == "rate_limited" and refused.json["message"]
    assert 0 < refused.json["retry_after_s"] <= 3600
    assert refused.headers["Retry-After"] == str(refused.json["retry_after_s"])
    assert api.post(a_report(), source="2001:db8::7").status_code == 201
    assert len(stored_reports()) == 6


def test_a_repeat_of_an_accepted_report_still_answers_once_the_source_is_limited(api: Api) -> None:
    first = a_report()
    api.post(first, source="198.51.100.30")
    for _ in range(4):
        api.post(a_report(), source="198.51.100.30")
    assert api.post(a_report(), source="198.51.100.30").status_code == 429
    assert api.post(first, source="198.51.100.30").status_code == 200


def test_the_source_is_stored_only_as_a_keyed_hash(api: Api) -> None:
    api.post(a_report(), source="192.0.2.44")
    counters = [item for item in ReportModel.scan() if item.pk.startswith("rate#")]
    assert len(counters) == 1
    stored = json.dumps([item.pk for item in counters])
    assert "192.0.2.44" not in stored and re.match(r"^rate#[0-9a-f]{64}#\d+$", counters[0].pk)


def test_the_salt_is_read_from_the_stages_secret_not_the_environment(api: Api) -> None:
    body = a_report()
    response = api.post(body, source="192.0.2.45")
    [counter] = [item for item in ReportModel.scan() if item.pk.startswith("rate#")]
    # Keyed with the value stored in (moto's) Secrets Manager, which no environment variable holds.
    assert counter.pk.startswith(f"rate#{source_key('192.0.2.45', 'test-salt')}#")
    assert response.json["secret"] == derive_secret("test-salt", body["client_key"])
    assert "GUICHET_RATE_LIMIT_SALT" not in os.environ
    assert "test-salt" not in os.environ.values()


def test_without_cloudfront_the_api_gateway_source_ip_is_the_source(api: Api) -> None:
    raw = json.dumps(a_report())
    response = api.client.http.post("/reports", headers=JSON, body=raw)
    assert response.status_code == 201


def test_rotating_the_viewer_address_without_the_origin_secret_does_not_bypass_the_limit(api: Api) -> None:
    for n in range(6):
        forged = {"CloudFront-Viewer-Address": f"198.51.100.{n}:1", "X-Origin-Verify": "guessed"}
        response = api.post(a_report(), headers=forged)
        assert response.status_code == (201 if n < 5 else 429)


def test_ten_simultaneous_repeats_of_one_report_all_answer_and_spend_one_from_the_budget(api: Api) -> None:
    body, answers = a_report(), []
    threads = [
        threading.Thread(target=lambda: answers.append(api.post(body, source="198.51.100.40").status_code))
        for _ in range(10)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(answers) == [200] * 9 + [201]
    assert len(stored_reports()) == 1
    for _ in range(4):
        assert api.post(a_report(), source="198.51.100.40").status_code == 201
    assert api.post(a_report(), source="198.51.100.40").status_code == 429


# Hostile bodies: a documented 4xx, nothing stored, and the next report still goes through


@pytest.mark.parametrize(
    ("raw", "status", "code"),
    [
        ('{"kind": "autre", "description": "\\ud800 une description"}', 400, "invalid_fields"),
        ('{"place": {"commune": "Lyon", "\\udc00": 1}}', 400, "invalid_fields"),
        ("[" * 20_000 + "]" * 20_000, 413, "request_too_large"),
        ("[" * 5_000 + "]" * 5_000, 400, "invalid_request"),
        ('{"a": ' * 50 + "1" + "}" * 50, 400, "invalid_request"),
        (b"\xff\xfe{}", 400, "invalid_request"),
        (b'{"kind": "\xed\xa0\x80"}', 400, "invalid_request"),
        ('{"description": "\ud800"}', 400, "invalid_request"),
    ],
)
def test_a_hostile_body_gets_a_documented_error_and_the_next_report_goes_through(
    api: Api, raw: str | bytes, status: int, code: str
) -> None:
    response = api.post(raw)
    assert (response.status_code, response.json["code"]) == (status, code)
    assert stored_reports() == []
    assert api.post(a_report()).status_code == 201


def test_a_lone_surrogate_in_a_field_names_that_field(api: Api) -> None:
    body = json.dumps(a_report(description="Un fait \ud800 grave dans la rue."))
    response = api.post(body)
    assert response.json["fields"] == {"description": "Ce texte contient un caractère non valide."}
