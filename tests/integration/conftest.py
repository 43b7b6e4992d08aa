"""Storage fixtures: the in-memory fakes and DynamoDB on moto, emulated as the local stack does (local.moto_dynamodb)."""
from __future__ import annotations

from collections.abc import Iterator

import pytest
from moto import mock_aws

from chalicelib.adapters.dynamodb_reports import dynamodb_report_storage
from chalicelib.adapters.dynamodb_repositories import dynamodb_storage
from chalicelib.adapters.dynamodb_ws_tickets import dynamodb_ws_tickets
from chalicelib.config import Settings
from chalicelib.ports import ReportStorage, Storage, WsTicketRepository
from local.dynamodb_tables import create_tables
from local.moto_dynamodb import emulate_dynamodb
from tests.fakes import FakeWsTickets, fake_report_storage, fake_storage

TEST_SETTINGS = Settings(
    connections_table="t-connections",
    conversations_table="t-conversations",
    messages_table="t-messages",
    agents_table="t-agents",
    stats_table="t-stats",
    reports_table="t-reports",
    notes_table="t-notes",
    canned_answers_table="t-canned_answers",
    tickets_table="t-tickets",
    dynamodb_host=None,
    region="eu-west-3",
)


@pytest.fixture
def dynamo_storage(monkeypatch: pytest.MonkeyPatch) -> Iterator[Storage]:
    """The DynamoDB repositories on fresh moto tables."""
    for name, value in {
        "AWS_ACCESS_KEY_ID": "testing",
        "AWS_SECRET_ACCESS_KEY": "testing",
        "AWS_SESSION_TOKEN": "testing",
        "AWS_DEFAULT_REGION": TEST_SETTINGS.region,
    }.items():
        monkeypatch.setenv(name, value)
    for name in ("AWS_PROFILE", "AWS_ENDPOINT_URL", "AWS_ENDPOINT_URL_DYNAMODB"):
        monkeypatch.delenv(name, raising=False)
    with mock_aws():
        emulate_dynamodb()
        create_tables(TEST_SETTINGS)
        yield dynamodb_storage(TEST_SETTINGS)


@pytest.fixture
def fake_storage_fixture() -> Storage:
    """The in-memory fakes, wired to each other."""
    return fake_storage()


@pytest.fixture(params=["fake", "dynamodb"])
def storage(request: pytest.FixtureRequest) -> Storage:
    """Each contract test runs once on the fakes and once on DynamoDB."""
    return request.getfixturevalue("fake_storage_fixture" if request.param == "fake" else "dynamo_storage")


@pytest.fixture
def dynamo_report_storage(dynamo_storage: Storage) -> ReportStorage:
    """The DynamoDB report ports on a fresh moto reports table (created with the others)."""
    return dynamodb_report_storage(TEST_SETTINGS)


@pytest.fixture
def fake_report_storage_fixture() -> ReportStorage:
    """The report ports as in-memory fakes."""
    return fake_report_storage()


@pytest.fixture(params=["fake", "dynamodb"])
def report_storage(request: pytest.FixtureRequest) -> ReportStorage:
    """Each report contract test runs once on the fakes and once on DynamoDB."""
    name = "fake_report_storage_fixture" if request.param == "fake" else "dynamo_report_storage"
    return request.getfixturevalue(name)


@pytest.fixture
def dynamo_ws_tickets(dynamo_storage: Storage) -> WsTicketRepository:
    """The DynamoDB websocket tickets on a fresh moto table (created with the others)."""
    return dynamodb_ws_tickets(TEST_SETTINGS)


@pytest.fixture(params=["fake", "dynamodb"])
def ws_tickets(request: pytest.FixtureRequest) -> WsTicketRepository:
    """Each ticket contract test runs once on the fake and once on DynamoDB."""
    return FakeWsTickets() if request.param == "fake" else request.getfixturevalue("dynamo_ws_tickets")
