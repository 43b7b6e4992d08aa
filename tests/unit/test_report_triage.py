"""The reports inbox over in-memory fakes: the triage state machine, who sees contact details, the audit,
the CSV export, and the citizen's status check with the secret."""
from __future__ import annotations

import csv
import io
import time

import pytest

from chalicelib.domain.orientation import orientation_catalogue
from chalicelib.domain.report import Contact, Place, ReportDraft, ReportKind, ReportStatus
from chalicelib.domain.report_csv import neutralise
from chalicelib.domain.report_inbox import AuditAction, InboxFilter, commune_key
from chalicelib.domain.report_secret import SECRET_PATTERN, derive_secret, secret_hash, secret_matches
from chalicelib.domain.triage import TriageChange, can_see_contact, triage
from chalicelib.errors import (
    InvalidTransitionError,
    NotFoundError,
    NotYourReportError,
    OfficerOnlyError,
    RateLimitedError,
    ReportChangedError,
    UnknownReportError,
    UnknownUnitError,
)
from chalicelib.services.report_inbox import ReportTriage
from chalicelib.services.report_status import STATUS_CHECK_LIMIT, check_status
from chalicelib.services.reports import ReportDesk, submit_report
from tests.fakes import officer
from tests.report_fakes import FakeAuditTrail, FakeReportInbox, fake_report_storage_with_inbox

UNIT = "brigade-de-bazas"
ALICE = officer("alice")
BRUNO = officer("bruno")
CHEF = officer("chef", frozenset({"supervisors", "agents"}))


class Clock:
    def __init__(self) -> None:
        self.t = time.time()

    def now(self) -> float:
        return self.t


def named_draft(commune: str = "Bordeaux", kind: ReportKind = ReportKind.RODEO) -> ReportDraft:
    return ReportDraft(
        kind=kind,
        place=Place(commune),
        description="Des motos tournent sur le parking tous les soirs.",
        anonymous=False,
        contact=Contact(name="=HYPERLINK(\"http://x\")", email="c@example.org", phone="+33 6 00 00 00 00"),
    )


@pytest.fixture
def desk() -> tuple[ReportDesk, ReportTriage, FakeAuditTrail, Clock]:
    storage = fake_report_storage_with_inbox()
    clock = Clock()
    assert isinstance(storage.inbox, FakeReportInbox) and isinstance(storage.audit, FakeAuditTrail)
    reports = ReportDesk(storage.reports, clock=clock, rate_limiter=storage.rate_limiter)
    inbox = ReportTriage(storage.reports, storage.inbox, storage.audit, orientation_catalogue(), clock)
    return reports, inbox, storage.audit, clock


def test_a_report_goes_from_new_to_in_progress_to_a_unit_to_closed_and_keeps_every_step(desk) -> None:
    reports, inbox, _, clock = desk
    ref = submit_report(reports, named_draft(), "key-0001-abcdefgh", "203.0.113.1").report.reference
    inbox.change(ALICE, ref, TriageChange(ReportStatus.IN_PROGRESS, "Je prends."))
    clock.t += 60
    inbox.change(ALICE, ref, TriageChange(ReportStatus.FORWARDED, "Pour la brigade.", UNIT))
    clock.t += 60
    closed = inbox.change(ALICE, ref, TriageChange(ReportStatus.CLOSED, "Patrouille faite."))
    assert closed.status is ReportStatus.CLOSED and closed.unit_id == UNIT
    assert [(s.status, s.by_id, s.note) for s in closed.history] == [
        (ReportStatus.IN_PROGRESS, "alice", "Je prends."),
        (ReportStatus.FORWARDED, "alice", "Pour la brigade."),
        (ReportStatus.CLOSED, "alice", "Patrouille faite."),
    ]
    assert closed.history[1].unit_id == UNIT and closed.updated_at == clock.t
    assert inbox.list(ALICE, InboxFilter(ReportStatus.CLOSED), 10, None).reports[0].reference == ref


@pytest.mark.parametrize(
    ("start", "to"),
    [
        (ReportStatus.NEW, ReportStatus.FORWARDED),
        (ReportStatus.NEW, ReportStatus.CLOSED),
        (ReportStatus.IN_PROGRESS, ReportStatus.IN_PROGRESS),
        (ReportStatus.CLOSED, ReportStatus.IN_PROGRESS),
    ],
)
def test_a_change_the_state_machine_does_not_allow_is_refused(desk, start: ReportStatus, to: ReportStatus) -> None:
    reports, inbox, _, _ = desk
    ref = submit_report(reports, named_draft(), "key-0002-abcdefgh", None).report.reference
    path = [ReportStatus.IN_PROGRESS, ReportStatus.FORWARDED, ReportStatus.CLOSED]
    for status in path[: {ReportStatus.NEW: 0, ReportStatus.IN_PROGRESS: 1, ReportStatus.CLOSED: 3}[start]]:
        inbox.change(ALICE, ref, TriageChange(status, unit_id=UNIT if status is ReportStatus.FORWARDED else None))
    with pytest.raises(InvalidTransitionError):
        inbox.change(ALICE, ref, TriageChange(to, unit_id=UNIT if to is ReportStatus.FORWARDED else None))


def test_another_officer_cannot_move_a_report_on_but_a_supervisor_can(desk) -> None:
    reports, inbox, _, _ = desk
    ref = submit_report(reports, named_draft(), "key-0003-abcdefgh", None).report.reference
    inbox.change(ALICE, ref, TriageChange(ReportStatus.IN_PROGRESS))
    with pytest.raises(NotYourReportError):
        inbox.change(BRUNO, ref, TriageChange(ReportStatus.CLOSED, "Pas le mien"))
    assert inbox.change(CHEF, ref, TriageChange(ReportStatus.CLOSED)).status is ReportStatus.CLOSED


def test_forwarding_needs_a_unit_of_the_locator(desk) -> None:
    reports, inbox, _, _ = desk
    ref = submit_report(reports, named_draft(), "key-0004-abcdefgh", None).report.reference
    inbox.change(ALICE, ref, TriageChange(ReportStatus.IN_PROGRESS))
    with pytest.raises(UnknownUnitError):
        inbox.change(ALICE, ref, TriageChange(ReportStatus.FORWARDED, unit_id="brigade-imaginaire"))


def test_a_change_read_before_another_officer_acted_is_refused(desk) -> None:
    reports, inbox, _, clock = desk
    report = submit_report(reports, named_draft(), "key-0005-abcdefgh", None).report
    inbox.change(ALICE, report.reference, TriageChange(ReportStatus.IN_PROGRESS))
    late = triage(report, TriageChange(ReportStatus.IN_PROGRESS), BRUNO, clock.now(), {UNIT})
    with pytest.raises(ReportChangedError):
        inbox.inbox.save_triage(late, ReportStatus.NEW)


def test_only_the_handler_and_supervisors_see_contact_details_and_every_view_is_audited(desk) -> None:
    reports, inbox, audit, _ = desk
    ref = submit_report(reports, named_draft(), "key-0006-abcdefgh", None).report.reference
    with pytest.raises(NotYourReportError):  # nobody handles it yet
        inbox.contact(ALICE, ref)
    inbox.change(ALICE, ref, TriageChange(ReportStatus.IN_PROGRESS))
    assert inbox.contact(ALICE, ref).email == "c@example.org"
    with pytest.raises(NotYourReportError):
        inbox.contact(BRUNO, ref)
    assert not inbox.detail(BRUNO, ref).may_see_contact and inbox.detail(BRUNO, ref).audit is None
    assert inbox.contact(CHEF, ref).phone == "+33 6 00 00 00 00"
    assert [(e.agent_id, e.action) for e in audit.entries] == [
        ("alice", AuditAction.VIEW_CONTACT),
        ("chef", AuditAction.VIEW_CONTACT),
    ]
    assert all(e.expires_at == reports.reports.get(ref).expires_at for e in audit.entries)  # type: ignore[union-attr]
    assert [e.agent_id for e in inbox.detail(CHEF, ref).audit or []] == ["alice", "chef"]


def test_an_anonymous_report_has_no_contact_to_show(desk) -> None:
    reports, inbox, _, _ = desk
    draft = ReportDraft(ReportKind.AUTRE, Place("Talence"), "Un tag injurieux sur le mur de l'école.")
    ref = submit_report(reports, draft, "key-0007-abcdefgh", None).report.reference
    inbox.change(ALICE, ref, TriageChange(ReportStatus.IN_PROGRESS))
    assert not can_see_contact(inbox.detail(ALICE, ref).report, ALICE)
    with pytest.raises(NotFoundError):
        inbox.contact(ALICE, ref)


def test_the_inbox_is_newest_first_filtered_and_paginated(desk) -> None:
    reports, inbox, _, clock = desk
    for i, commune in enumerate(["Bordeaux", "Mérignac", "bordeaux", "Pessac", "BORDEAUX"]):
        clock.t += 10
        submit_report(reports, named_draft(commune), f"key-1{i:03d}-abcdefgh", f"198.51.100.{i}")
    first = inbox.list(ALICE, InboxFilter(commune="Bordeaux"), 2, None)
    second = inbox.list(ALICE, InboxFilter(commune="Bordeaux"), 2, first.cursor)
    communes = [r.place.commune for r in first.reports + second.reports]
    assert communes == ["BORDEAUX", "bordeaux", "Bordeaux"] and second.cursor is None
    assert commune_key("Saint-Émilion") == commune_key("saint emilion")
    assert inbox.list(ALICE, InboxFilter(kind=ReportKind.AUTRE), 10, None).reports == []


def test_only_supervisors_export_and_contact_details_only_when_asked(desk) -> None:
    reports, inbox, audit, _ = desk
    ref = submit_report(reports, named_draft(), "key-0008-abcdefgh", None).report.reference
    with pytest.raises(OfficerOnlyError):
        inbox.export(ALICE, InboxFilter(), with_contact=False)
    text, count = inbox.export(CHEF, InboxFilter(), with_contact=False)
    assert count == 1 and text.startswith("# Coordonnées des déclarants non incluses")
    assert "c@example.org" not in text and audit.entries == []
    text, _ = inbox.export(CHEF, InboxFilter(), with_contact=True)
    rows = list(csv.reader(io.StringIO(text.split("\r\n", 1)[1])))
    assert rows[1][0] == ref and rows[1][-3] == "'=HYPERLINK(\"http://x\")" and rows[1][-1] == "'+33 6 00 00 00 00"
    assert [(e.reference, e.action) for e in audit.entries] == [(ref, AuditAction.EXPORT_CONTACT)]


@pytest.mark.parametrize("cell", ["=1+1", "+1", "-1", "@SUM(A1)", "\tx", "\rx"])
def test_a_cell_a_spreadsheet_would_run_is_neutralised(cell: str) -> None:
    assert neutralise(cell) == "'" + cell
    assert neutralise("Bordeaux") == "Bordeaux"


def test_the_secret_is_the_same_for_a_repeat_and_only_its_hash_is_stored(desk) -> None:
    reports, _, _, _ = desk
    first = submit_report(reports, named_draft(), "key-0009-abcdefgh", None)
    again = submit_report(reports, named_draft(), "key-0009-abcdefgh", None)
    assert SECRET_PATTERN.match(first.secret) and again.secret == first.secret and not again.created
    assert first.report.secret_hash == secret_hash(first.secret) and first.secret not in repr(first.report)
    assert secret_matches(first.secret.lower().replace("-", " "), first.report.secret_hash)
    assert derive_secret("another-salt", "key-0009-abcdefgh") != first.secret


def test_the_citizen_learns_the_status_and_its_date_and_a_wrong_secret_answers_like_an_unknown_reference(desk) -> None:
    reports, inbox, _, clock = desk
    filed = submit_report(reports, named_draft(), "key-0010-abcdefgh", None)
    ref = filed.report.reference
    clock.t += 3600
    inbox.change(ALICE, ref, TriageChange(ReportStatus.IN_PROGRESS))
    answer = check_status(reports, ref, filed.secret, "192.0.2.1")
    assert (answer.status, answer.updated_at) == (ReportStatus.IN_PROGRESS, clock.t)
    with pytest.raises(UnknownReportError) as wrong:
        check_status(reports, ref, "AAAA-BBBB-CCCC-DDDD", "192.0.2.1")
    with pytest.raises(UnknownReportError) as unknown:
        check_status(reports, "SIG-2020-AAAAAA", filed.secret, "192.0.2.1")
    assert (wrong.value.code, wrong.value.message) == (unknown.value.code, unknown.value.message)


def test_status_checks_are_rate_limited_per_source(desk) -> None:
    reports, _, _, _ = desk
    for _ in range(STATUS_CHECK_LIMIT.limit):
        with pytest.raises(UnknownReportError):
            check_status(reports, "SIG-2020-AAAAAA", "x", "192.0.2.7")
    with pytest.raises(RateLimitedError):
        check_status(reports, "SIG-2020-AAAAAA", "x", "192.0.2.7")
    with pytest.raises(UnknownReportError):  # another source has its own budget
        check_status(reports, "SIG-2020-AAAAAA", "x", "192.0.2.8")
