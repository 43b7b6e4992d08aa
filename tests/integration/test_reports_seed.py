"""The local stack's demo reports (local/reports_seed.py) on moto: several kinds, communes and statuses, triaged
through the real use cases, each followable with the secret the seed can tell again."""
from __future__ import annotations

import pytest
from moto import mock_aws

from chalicelib.adapters.dynamodb_reports import dynamodb_report_storage
from chalicelib.config import Settings
from chalicelib.domain.report import ReportStatus
from chalicelib.domain.report_inbox import InboxFilter
from chalicelib.services.report_status import check_status
from chalicelib.services.reports import ReportDesk
from local.dynamodb_tables import create_tables
from local.moto_dynamodb import emulate_dynamodb
from local.reports_seed import SEEDED_REPORTS, seed_reports, seeded_secret


def test_the_seed_fills_every_status_with_several_kinds_and_communes(monkeypatch: pytest.MonkeyPatch) -> None:
    for name, value in {
        "AWS_ACCESS_KEY_ID": "testing",
        "AWS_SECRET_ACCESS_KEY": "testing",
        "AWS_DEFAULT_REGION": "eu-west-3",
        "GUICHET_REPORTS_TABLE": "seed-reports",
    }.items():
        monkeypatch.setenv(name, value)
    with mock_aws():
        emulate_dynamodb()
        settings = Settings.from_env()
        create_tables(settings)
        assert seed_reports(settings, now=1_796_200_000) == len(SEEDED_REPORTS)
        storage = dynamodb_report_storage(settings)
        assert storage.inbox is not None
        by_status = {status: storage.inbox.page(InboxFilter(status=status), 100, None).reports for status in ReportStatus}
        assert all(len(reports) >= 2 for reports in by_status.values()), {s: len(r) for s, r in by_status.items()}
        every = [report for reports in by_status.values() for report in reports]
        assert len(every) == len(SEEDED_REPORTS)
        assert len({r.kind for r in every}) == 4 and len({r.place.commune for r in every}) >= 6
        assert any(r.has_contact for r in every) and any(r.anonymous for r in every)
        new = [r.created_at for r in by_status[ReportStatus.NEW]]
        assert new == sorted(new, reverse=True)  # newest first
        for report in by_status[ReportStatus.FORWARDED]:
            assert report.unit_id and [step.status for step in report.history] == [
                ReportStatus.IN_PROGRESS,
                ReportStatus.FORWARDED,
            ]
            assert report.handler is not None and report.history[0].note
        assert {len(report.history) for report in by_status[ReportStatus.CLOSED]} == {2, 3}

        desk = ReportDesk(reports=storage.reports, rate_limiter=storage.rate_limiter)
        for seeded in SEEDED_REPORTS[:4]:
            answer = check_status(desk, seeded.reference, seeded_secret(seeded), "192.0.2.10")
            assert answer.status is seeded.status
