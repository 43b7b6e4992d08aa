"""The inbox ports, the same tests on the fakes and on DynamoDB (moto): pages, filters, triage, audit."""
from __future__ import annotations

import time

import pytest

from chalicelib.domain.report import Contact, Place, Report, ReportKind, ReportStatus
from chalicelib.domain.report_inbox import AuditAction, AuditEntry, InboxFilter
from chalicelib.domain.retention import Retention
from chalicelib.domain.triage import TriageChange, triage
from chalicelib.errors import InvalidFieldsError, ReportChangedError
from chalicelib.ports import ReportStorage
from tests.fakes import officer
from tests.report_fakes import fake_report_storage_with_inbox

NOW = time.time()


@pytest.fixture(params=["fake", "dynamodb"])
def inbox_storage(request: pytest.FixtureRequest) -> ReportStorage:
    if request.param == "fake":
        return fake_report_storage_with_inbox()
    storage: ReportStorage = request.getfixturevalue("dynamo_report_storage")
    return storage


def a_report(i: int, commune: str = "Bordeaux", kind: ReportKind = ReportKind.RODEO, at: float = NOW) -> Report:
    return Report(
        reference=f"SIG-2025-AAAA{'ABCDEFGHJK'[i // 10]}{'ABCDEFGHJK'[i % 10]}",
        kind=kind,
        place=Place(commune),
        description="Des motos sur le parking.",
        created_at=at,
        expires_at=Retention().expires_at(NOW),
        anonymous=False,
        contact=Contact(name="Jeanne", phone="0600000000"),
        secret_hash="ab" * 32,
    )


def test_pages_are_newest_first_bounded_and_follow_their_cursor(inbox_storage: ReportStorage) -> None:
    assert inbox_storage.inbox is not None
    for i in range(7):
        inbox_storage.reports.add(a_report(i, at=NOW + i), f"client-key-{i:04d}-abcdef")
    seen: list[str] = []
    cursor = None
    for _ in range(4):
        page = inbox_storage.inbox.page(InboxFilter(), 3, cursor)
        assert len(page.reports) <= 3
        seen += [r.reference for r in page.reports]
        cursor = page.cursor
        if cursor is None:
            break
    assert seen == [a_report(i).reference for i in reversed(range(7))]


def test_kind_commune_and_dates_narrow_the_page(inbox_storage: ReportStorage) -> None:
    assert inbox_storage.inbox is not None
    inbox_storage.reports.add(a_report(1, "Mérignac", at=NOW - 86400 * 3), "client-key-a-abcdefgh")
    inbox_storage.reports.add(a_report(2, "merignac", ReportKind.AUTRE, at=NOW), "client-key-b-abcdefgh")
    inbox_storage.reports.add(a_report(3, "Pessac", at=NOW + 1), "client-key-c-abcdefgh")
    refs = lambda f: [r.reference for r in inbox_storage.inbox.page(f, 10, None).reports]  # type: ignore[union-attr]  # noqa: E731
    assert refs(InboxFilter(commune="MERIGNAC")) == [a_report(2).reference, a_report(1).reference]
    assert refs(InboxFilter(kind=ReportKind.RODEO, commune="Mérignac")) == [a_report(1).reference]
    assert refs(InboxFilter(since=NOW - 86400)) == [a_report(3).reference, a_report(2).reference]
    assert refs(InboxFilter(until=NOW - 86400)) == [a_report(1).reference]
    assert refs(InboxFilter(status=ReportStatus.CLOSED)) == []


def test_a_triage_change_is_stored_once_and_a_stale_one_refused(inbox_storage: ReportStorage) -> None:
    assert inbox_storage.inbox is not None
    report = a_report(4)
    inbox_storage.reports.add(report, "client-key-d-abcdefgh")
    taken = triage(report, TriageChange(ReportStatus.IN_PROGRESS, "Je prends"), officer("alice"), NOW + 5, set())
    inbox_storage.inbox.save_triage(taken, ReportStatus.NEW)
    with pytest.raises(ReportChangedError):
        inbox_storage.inbox.save_triage(taken, ReportStatus.NEW)
    stored = inbox_storage.reports.get(report.reference)
    assert stored is not None and stored.status is ReportStatus.IN_PROGRESS
    assert stored.handler is not None and stored.handler.agent_id == "alice"
    assert stored.history == taken.history and stored.updated_at == NOW + 5
    assert stored.secret_hash == "ab" * 32
    page = inbox_storage.inbox.page(InboxFilter(ReportStatus.IN_PROGRESS), 10, None)
    assert [r.reference for r in page.reports] == [report.reference]
    assert inbox_storage.inbox.page(InboxFilter(), 10, None).reports == []


def test_a_cursor_the_inbox_never_gave_is_refused(inbox_storage: ReportStorage) -> None:
    assert inbox_storage.inbox is not None
    with pytest.raises(InvalidFieldsError):
        inbox_storage.inbox.page(InboxFilter(), 10, "bm90IGEgY3Vyc29y")


def test_the_audit_trail_keeps_every_entry_of_a_report(inbox_storage: ReportStorage) -> None:
    assert inbox_storage.audit is not None
    expires = Retention().expires_at(NOW)
    ref = a_report(5).reference
    inbox_storage.audit.record([AuditEntry(ref, AuditAction.VIEW_CONTACT, "alice", NOW, expires)])
    inbox_storage.audit.record([AuditEntry(ref, AuditAction.EXPORT_CONTACT, "chef", NOW + 1, expires)])
    entries = inbox_storage.audit.for_report(ref)
    assert [(e.agent_id, e.action, e.at) for e in entries] == [
        ("alice", AuditAction.VIEW_CONTACT, NOW),
        ("chef", AuditAction.EXPORT_CONTACT, NOW + 1),
    ]
    assert inbox_storage.audit.for_report(a_report(6).reference) == []
