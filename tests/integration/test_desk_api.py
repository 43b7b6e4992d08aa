"""The desk's settings: the storage contract (fakes and DynamoDB on moto), and `GET /desk` with the supervisors'
edits through Chalice's test client on moto (public read, supervisors' writes, officers 403, no token 401, bad
bodies 400)."""
from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterator
from typing import Any

import pytest
from chalice import Chalice
from chalice.test import Client

from chalicelib.api.officer_auth import officers_authorizer, supervisor_of
from chalicelib.api.rest_desk import desk_routes
from chalicelib.bootstrap import Runtime, build_runtime
from chalicelib.config import Settings
from chalicelib.domain.desk_settings import DeskNotices, DeskSettings, Notice, NoticeLink
from chalicelib.domain.opening_hours import OpeningHours
from chalicelib.errors import DeskSettingsChangedError
from chalicelib.ports import Storage
from tests.fakes import FakeNotifier, FakeWsTickets, RecordingAnnouncer, fake_report_storage
from tests.integration.test_canned_answer_api import OFFICER, SUPERVISOR, bearer
from tests.integration.test_request_counts import counted  # noqa: F401 - the fixture counting DynamoDB calls

JSON = {"Content-Type": "application/json"}
ATTESTATION = "https://www.interieur.gouv.fr/Actualites/L-actu-du-Ministere/Attestations-de-deplacement"


def settings(revision: int, text: str = "Attestation de déplacement") -> DeskSettings:
    pinned = Notice(True, text, "Travel certificate", (NoticeLink(ATTESTATION, "L'attestation", "The certificate"),))
    return DeskSettings(DeskNotices(pinned=pinned), OpeningHours.parse("08:00-20:00"), revision, 1.0e9, "sup1")


class TestDeskSettingsContract:
    def test_nothing_is_stored_before_the_first_save(self, storage: Storage) -> None:
        assert storage.desk is not None and storage.desk.get() is None

    def test_a_save_reads_back_whole(self, storage: Storage) -> None:
        assert storage.desk is not None
        storage.desk.save(settings(1))
        assert storage.desk.get() == settings(1)
        storage.desk.save(settings(2, "Couvre-feu à 18 h"))
        assert storage.desk.get() == settings(2, "Couvre-feu à 18 h")

    def test_a_save_that_does_not_follow_the_stored_revision_is_refused(self, storage: Storage) -> None:
        assert storage.desk is not None
        storage.desk.save(settings(1))
        for stale in (1, 3):
            with pytest.raises(DeskSettingsChangedError):
                storage.desk.save(settings(stale, "perdu"))
        assert storage.desk.get() == settings(1)

    def test_a_first_save_must_be_revision_one(self, storage: Storage) -> None:
        assert storage.desk is not None
        with pytest.raises(DeskSettingsChangedError):
            storage.desk.save(settings(2))

    def test_publishing_notices_moves_the_queue_version_and_sets_the_revision(self, storage: Storage) -> None:
        before = storage.stats.queue_marks()
        signal = storage.stats.notices_changed(7)
        after = storage.stats.queue_marks()
        assert signal.version == after.version == before.version + 1
        assert after.notices == 7 and not signal.broadcast_running


def a_runtime(storage: Storage, hours: str = "always") -> Runtime:
    return build_runtime(
        storage,
        fake_report_storage(),
        FakeNotifier(),
        FakeWsTickets(),
        Settings(opening_hours=hours),
        announcer=RecordingAnnouncer(),
    )


class Api:
    def __init__(self, client: Client) -> None:
        self.client = client

    def call(self, method: str, path: str, who: dict[str, str] | None, body: Any = None) -> Any:
        raw = body if isinstance(body, (str, bytes)) or body is None else json.dumps(body)
        response = getattr(self.client.http, method)(path, headers={**JSON, **(who or {})}, body=raw)
        response.json = json.loads(response.body) if response.body else None
        return response


@pytest.fixture
def api(dynamo_storage: Storage) -> Iterator[Api]:
    runtime = a_runtime(dynamo_storage, "mon=08:00-20:00,tue=08:00-20:00")
    assert runtime.desk_settings is not None
    app = Chalice(app_name="desk-test")
    app.register_blueprint(desk_routes(runtime.desk_settings, supervisor_of, officers_authorizer("")))
    with Client(app) as client:
        yield Api(client)


NOTICES = {
    "pinned": {
        "enabled": True,
        "text_fr": "Où trouver l'attestation de déplacement ?",
        "text_en": "Where is the travel certificate?",
        "links": [{"url": ATTESTATION, "label_fr": "L'attestation", "label_en": "The certificate"}],
    },
    "surge": {
        "enabled": False,
        "text_fr": "Forte affluence : attente d'environ 20 minutes",
        "text_en": "Very busy: about a 20-minute wait",
        "links": [],
    },
}
WEEK = {d: {"opens": "09:00", "closes": "18:00"} for d in ("mon", "tue", "wed", "thu", "fri")} | {"sat": None, "sun": None}


def test_anyone_reads_the_desk_with_the_stages_default_hours_and_a_short_cache(api: Api) -> None:
    answer = api.call("get", "/desk", None)
    assert answer.status_code == 200 and answer.headers["Cache-Control"] == "public, max-age=5"
    body = answer.json
    assert body["revision"] == 0 and body["notices"] == {"pinned": None, "surge": None}
    assert body["hours"]["mon"] == {"opens": "08:00", "closes": "20:00"} and body["hours"]["sun"] is None
    assert body["timezone"] == "Europe/Paris" and isinstance(body["open"], bool)
    assert (body["next_opening"] is None) == body["open"]


def test_a_supervisor_edits_notices_and_hours_and_everyone_reads_them(api: Api) -> None:
    saved = api.call("put", "/supervisor/desk-notices", SUPERVISOR, NOTICES)
    assert saved.status_code == 200 and saved.headers["Cache-Control"] == "no-store"
    assert saved.json["notices"]["surge"]["enabled"] is False and saved.json["updated_by"] == "superviseur"
    hours = api.call("put", "/supervisor/opening-hours", SUPERVISOR, {"hours": WEEK})
    assert hours.status_code == 200 and hours.json["revision"] == 2
    public = api.call("get", "/desk", None).json
    assert public["revision"] == 2 and public["hours"] == WEEK
    assert public["notices"]["surge"] is None  # switched off: not shown to citizens
    assert public["notices"]["pinned"] == {k: v for k, v in NOTICES["pinned"].items() if k != "enabled"}
    assert "updated_by" not in public
    editor = api.call("get", "/supervisor/desk", SUPERVISOR).json
    assert editor["notices"]["surge"]["text_fr"].startswith("Forte affluence")


def test_officers_are_refused_and_no_token_is_unauthorized(api: Api) -> None:
    for method, path, body in (
        ("get", "/supervisor/desk", None),
        ("put", "/supervisor/desk-notices", NOTICES),
        ("put", "/supervisor/opening-hours", {"hours": WEEK}),
    ):
        refused = api.call(method, path, OFFICER, body)
        assert (refused.status_code, refused.json["code"]) == (403, "officer_only")
        assert api.call(method, path, bearer("citizen"), body).status_code == 403
        assert api.call(method, path, None, body).status_code == 401
    assert api.call("get", "/desk", None).json["revision"] == 0  # nothing was saved


@pytest.mark.parametrize(
    ("path", "body", "status", "code", "field"),
    [
        ("/supervisor/desk-notices", "not json", 400, "invalid_request", None),
        ("/supervisor/desk-notices", {"pinned": NOTICES["pinned"]}, 400, "invalid_fields", "surge"),
        (
            "/supervisor/desk-notices",
            {**NOTICES, "pinned": {**NOTICES["pinned"], "links": [{"url": "javascript:alert(1)", "label_fr": "a", "label_en": "b"}]}},
            400,
            "invalid_fields",
            "pinned.links.0.url",
        ),
        ("/supervisor/desk-notices", {**NOTICES, "surge": {**NOTICES["surge"], "text_fr": "x" * 501}}, 400, "invalid_fields", "surge.text_fr"),
        ("/supervisor/opening-hours", {"hours": {**WEEK, "mon": {"opens": "18:00", "closes": "09:00"}}}, 400, "invalid_fields", "hours.mon.closes"),
        ("/supervisor/opening-hours", {"hours": "always"}, 400, "invalid_fields", "hours"),
        ("/supervisor/opening-hours", json.dumps({"hours": WEEK}).encode() * 2000, 413, "request_too_large", None),
    ],
)
def test_bad_bodies_get_a_clear_error_and_change_nothing(
    api: Api, path: str, body: Any, status: int, code: str, field: str | None
) -> None:
    refused = api.call("put", path, SUPERVISOR, body)
    assert (refused.status_code, refused.json["code"]) == (status, code)
    if field:
        assert field in refused.json["fields"]
        assert "javascript" not in json.dumps(refused.json)
    assert api.call("get", "/desk", None).json["revision"] == 0


def test_what_reading_and_saving_the_desk_costs(api: Api, counted: Counter[str]) -> None:  # noqa: F811
    costs = {}
    for name, method, path, body in (
        ("read", "get", "/desk", None),
        ("save notices", "put", "/supervisor/desk-notices", NOTICES),
        ("save hours", "put", "/supervisor/opening-hours", {"hours": WEEK}),
    ):
        counted.clear()
        assert api.call(method, path, SUPERVISOR, body).status_code == 200
        costs[name] = dict(counted)
    assert costs == {
        "read": {"GetItem": 1},
        # The settings item, the queue item (revision + version), the supervisors' audit trail (PutItem).
        "save notices": {"GetItem": 1, "PutItem": 2, "UpdateItem": 1},
        "save hours": {"GetItem": 1, "PutItem": 2},
    }


def test_every_desk_route_is_in_the_protocol_document(dynamo_storage: Storage) -> None:
    from tests.protocol_doc import documented_rest_routes

    runtime = a_runtime(dynamo_storage)
    assert runtime.desk_settings is not None
    app = Chalice(app_name="desk-doc")
    app.register_blueprint(desk_routes(runtime.desk_settings, supervisor_of, officers_authorizer("")))
    routes = {(method, path) for path, entries in app.routes.items() for method in entries}
    assert len(routes) == 4 and routes - documented_rest_routes() == set()
