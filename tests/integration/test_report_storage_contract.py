"""One contract, two implementations: the report ports on the in-memory fakes and on DynamoDB (moto)."""
from __future__ import annotations

import time
import uuid
from concurrent.futures import ThreadPoolExecutor

import pytest

from chalicelib.domain.rate_limit import RateLimit, SourceBudget
from chalicelib.domain.report import Contact, Place, Report, ReportKind, ReportStatus, new_reference
from chalicelib.domain.retention import Retention
from chalicelib.errors import RateLimitedError, ReferenceTakenError
from chalicelib.ports import ReportStorage

RETENTION = Retention()
AN_HOUR_AGO = -3600


def a_report(
    reference: str | None = None,
    created_at: float | None = None,
    expired: bool = False,
    anonymous: bool = True,
) -> Report:
    now = time.time() if created_at is None else created_at
    return Report(
        reference=reference or new_reference(now),
        kind=ReportKind.RODEO,
        place=Place(commune="Villeurbanne", postcode="69100", description="Parking du gymnase"),
        description="Des motos roulent sur une roue tous les soirs.",
        created_at=now,
        expires_at=int(time.time()) + AN_HOUR_AGO if expired else RETENTION.expires_at(now),
        anonymous=anonymous,
        when="tous les soirs vers 21 h",
        details={"vehicles": ["motos", "quads"], "frequency": "tous-les-jours"},
        contact=None if anonymous else Contact(name="Camille", email="camille@exemple.fr"),
    )


def a_key() -> str:
    return uuid.uuid4().hex


class TestReportStorageContract:
    def test_a_report_added_can_be_read_back_whole(self, report_storage: ReportStorage) -> None:
        report = a_report(anonymous=False)
        stored, created = report_storage.reports.add(report, a_key())
        assert created and stored == report
        assert report_storage.reports.get(report.reference) == report

    def test_a_report_is_stored_with_its_expiry(self, report_storage: ReportStorage) -> None:
        report = a_report()
        report_storage.reports.add(report, a_key())
        assert report_storage.reports.get(report.reference).expires_at == report.expires_at

    def test_an_unknown_reference_is_none(self, report_storage: ReportStorage) -> None:
        assert report_storage.reports.get("SIG-2024-ABCDEF") is None

    def test_the_same_client_key_twice_stores_one_report_and_returns_the_first(
        self, report_storage: ReportStorage
    ) -> None:
        key = a_key()
        first, _ = report_storage.reports.add(a_report(), key)
        again, created = report_storage.reports.add(a_report(), key)
        assert not created and again == first
        assert report_storage.reports.by_client_key(key) == first
        assert [r.reference for r in report_storage.reports.inbox(ReportStatus.NEW)] == [first.reference]

    def test_an_unknown_client_key_finds_nothing(self, report_storage: ReportStorage) -> None:
        assert report_storage.reports.by_client_key(a_key()) is None

    def test_a_reference_already_taken_is_refused_and_nothing_is_stored(self, report_storage: ReportStorage) -> None:
        taken = a_report()
        report_storage.reports.add(taken, a_key())
        late_key = a_key()
        with pytest.raises(ReferenceTakenError):
            report_storage.reports.add(a_report(reference=taken.reference), late_key)
        assert report_storage.reports.by_client_key(late_key) is None

    def test_an_expired_report_is_not_read_and_its_reference_can_be_reused(
        self, report_storage: ReportStorage
    ) -> None:
        old = a_report(expired=True)
        report_storage.reports.add(old, a_key())
        assert report_storage.reports.get(old.reference) is None
        fresh = a_report(reference=old.reference)
        assert report_storage.reports.add(fresh, a_key()) == (fresh, True)

    def test_concurrent_submissions_with_one_client_key_store_one_report(
        self, report_storage: ReportStorage
    ) -> None:
        key = a_key()
        with ThreadPoolExecutor(max_workers=4) as pool:
            results = list(pool.map(lambda _: report_storage.reports.add(a_report(), key), range(4)))
        assert sum(created for _, created in results) == 1
        assert len({report.reference for report, _ in results}) == 1

    def test_the_inbox_lists_new_reports_oldest_first_without_expired_ones(
        self, report_storage: ReportStorage
    ) -> None:
        now = time.time()
        newer, older = a_report(created_at=now - 10), a_report(created_at=now - 20)
        for report in (newer, a_report(created_at=now - 30, expired=True), older):
            report_storage.reports.add(report, a_key())
        inbox = report_storage.reports.inbox(ReportStatus.NEW)
        assert [r.reference for r in inbox] == [older.reference, newer.reference]
        assert [r.reference for r in report_storage.reports.inbox(ReportStatus.NEW, limit=1)] == [older.reference]

    # A source's budget, spent in the write that stores a new report

    def test_a_new_report_spends_from_the_budget_and_a_repeat_spends_nothing(
        self, report_storage: ReportStorage
    ) -> None:
        budget = SourceBudget("source-d", RateLimit(limit=2, window_s=3600))
        first, key = a_report(), a_key()
        assert report_storage.reports.add(first, key, budget) == (first, True)
        for _ in range(3):
            assert report_storage.reports.add(a_report(), key, budget) == (first, False)
        second = a_report()
        assert report_storage.reports.add(second, a_key(), budget) == (second, True)
        refused = a_report()
        with pytest.raises(RateLimitedError):
            report_storage.reports.add(refused, a_key(), budget)
        assert report_storage.reports.get(refused.reference) is None
        assert report_storage.reports.add(a_report(), key, budget) == (first, False)

    def test_simultaneous_repeats_store_one_report_and_spend_one(self, report_storage: ReportStorage) -> None:
        budget = SourceBudget("source-e", RateLimit(limit=2, window_s=3600))
        key = a_key()
        with ThreadPoolExecutor(max_workers=10) as pool:
            results = list(pool.map(lambda _: report_storage.reports.add(a_report(), key, budget), range(10)))
        assert sum(created for _, created in results) == 1
        other = a_report()
        assert report_storage.reports.add(other, a_key(), budget) == (other, True)

    # Rate limiter

    def test_the_limit_allows_that_many_hits_per_window_then_refuses(self, report_storage: ReportStorage) -> None:
        now = 3600.0 * 480_000 + 1_000  # 1,000 s into an hour window
        for _ in range(5):
            report_storage.rate_limiter.hit("source-a", 5, 3600, now)
        with pytest.raises(RateLimitedError) as refused:
            report_storage.rate_limiter.hit("source-a", 5, 3600, now)
        assert refused.value.retry_after_s == 3600 - 1_000

    def test_another_source_has_its_own_budget(self, report_storage: ReportStorage) -> None:
        now = time.time()
        for _ in range(2):
            report_storage.rate_limiter.hit("source-a", 2, 3600, now)
        report_storage.rate_limiter.hit("source-b", 2, 3600, now)

    def test_the_next_window_starts_afresh(self, report_storage: ReportStorage) -> None:
        now = time.time()
        report_storage.rate_limiter.hit("source-a", 1, 60, now)
        with pytest.raises(RateLimitedError):
            report_storage.rate_limiter.hit("source-a", 1, 60, now)
        report_storage.rate_limiter.hit("source-a", 1, 60, now + 60)

    def test_concurrent_hits_never_go_past_the_limit(self, report_storage: ReportStorage) -> None:
        now = time.time()

        def hit(_: int) -> bool:
            try:
                report_storage.rate_limiter.hit("source-c", 3, 3600, now)
            except RateLimitedError:
                return False
            return True

        with ThreadPoolExecutor(max_workers=8) as pool:
            allowed = list(pool.map(hit, range(8)))
        assert sum(allowed) == 3
