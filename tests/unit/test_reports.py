"""Reports over the in-memory fakes: references, retention, idempotency, the rate limit, the viewer's IP."""
from __future__ import annotations

import itertools
import re
import threading
import time
from collections.abc import Iterator

import pytest

from chalicelib.api.viewer_source import viewer_ip
from chalicelib.domain.rate_limit import RateLimit, source_key
from chalicelib.domain.report import (
    REFERENCE_ALPHABET,
    Contact,
    Place,
    ReportDraft,
    ReportKind,
    ReportStatus,
    new_reference,
    next_steps,
)
from chalicelib.domain.retention import Retention
from chalicelib.errors import GuichetError, RateLimitedError
from chalicelib.services.context import FixedSecret
from chalicelib.services.reports import REPORTS_PER_WINDOW, ReportDesk, submit_report
from tests.fakes import FakeReports

TEST_PATTERN = re.compile(r"^SIG-\d{4}-[A-HJ-KM-NP-Z2-9]{6}$")


class FixedClock:
    def __init__(self, t: float | None = None) -> None:
        self.t = time.time() if t is None else t

    def now(self) -> float:
        return self.t


def a_draft(anonymous: bool = True, kind: ReportKind = ReportKind.POINT_DE_DEAL) -> ReportDraft:
    return ReportDraft(
        kind=kind,
        place=Place(commune="Roubaix"),
        description="Un point de deal devant l'école, tous les après-midi.",
        anonymous=anonymous,
        contact=None if anonymous else Contact(phone="0612345678"),
    )


@pytest.fixture
def desk() -> ReportDesk:
    return ReportDesk(reports=FakeReports(), clock=FixedClock(), salt=FixedSecret("salt"))


# The reference


def test_a_reference_is_sig_the_year_and_six_characters_of_the_unambiguous_alphabet() -> None:
    for _ in range(200):
        assert TEST_PATTERN.match(new_reference(time.time()))


def test_the_alphabet_leaves_out_the_characters_that_are_misread() -> None:
    assert not set("0O1IL") & set(REFERENCE_ALPHABET)
    assert len(set(REFERENCE_ALPHABET)) == len(REFERENCE_ALPHABET) == 31
    assert set(REFERENCE_ALPHABET) <= set("ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789")


def test_the_reference_carries_the_year_of_the_report() -> None:
    assert new_reference(1_735_689_600.0).startswith("SIG-2025-")  # 2025-01-01T00:00:00Z


def test_the_reference_draws_each_character_from_the_given_chooser() -> None:
    assert new_reference(1_735_689_600.0, choose=lambda alphabet: alphabet[-1]) == "SIG-2025-999999"


# Submitting


def test_a_submitted_report_is_new_awaits_triage_and_expires_after_the_retention(desk: ReportDesk) -> None:
    submission = submit_report(desk, a_draft(), "client-key-0000001", "203.0.113.1")
    report = submission.report
    assert submission.created and report.status is ReportStatus.NEW
    assert report.expires_at == Retention().expires_at(desk.clock.now())
    assert desk.reports.inbox(ReportStatus.NEW) == [report]


def test_a_repeat_of_the_client_key_returns_the_first_report_without_counting_it(desk: ReportDesk) -> None:
    first = submit_report(desk, a_draft(), "client-key-0000001", "203.0.113.1")
    for _ in range(REPORTS_PER_WINDOW + 2):
        again = submit_report(desk, a_draft(), "client-key-0000001", "203.0.113.1")
        assert not again.created and again.report == first.report
    assert sum(desk.reports.spent.values()) == 1


def test_repeats_sent_at_the_same_instant_spend_the_budget_once(desk: ReportDesk) -> None:
    threads = [
        threading.Thread(target=submit_report, args=(desk, a_draft(), "client-key-0000001", "203.0.113.1"))
        for _ in range(10)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sum(desk.reports.spent.values()) == 1
    assert len(desk.reports.inbox(ReportStatus.NEW)) == 1


def test_a_refused_report_stores_nothing_and_its_repeat_is_refused_too(desk: ReportDesk) -> None:
    for n in range(REPORTS_PER_WINDOW):
        submit_report(desk, a_draft(), f"client-key-{n:07d}", "203.0.113.1")
    for _ in range(2):
        with pytest.raises(RateLimitedError):
            submit_report(desk, a_draft(), "client-key-refused", "203.0.113.1")
    assert desk.reports.by_client_key("client-key-refused") is None
    assert len(desk.reports.inbox(ReportStatus.NEW)) == REPORTS_PER_WINDOW


def test_a_taken_reference_is_drawn_again(desk: ReportDesk) -> None:
    references: Iterator[str] = iter(["SIG-2025-AAAAAA", "SIG-2025-AAAAAA", "SIG-2025-BBBBBB"])
    desk.new_reference = lambda now: next(references)
    assert submit_report(desk, a_draft(), "client-key-0000001", None).report.reference == "SIG-2025-AAAAAA"
    assert submit_report(desk, a_draft(), "client-key-0000002", None).report.reference == "SIG-2025-BBBBBB"


def test_a_reference_that_stays_taken_is_an_error_not_a_loop(desk: ReportDesk) -> None:
    desk.new_reference = lambda now: "SIG-2025-AAAAAA"
    submit_report(desk, a_draft(), "client-key-0000001", None)
    with pytest.raises(GuichetError):
        submit_report(desk, a_draft(), "client-key-0000002", None)


def test_the_sixth_report_of_a_source_within_the_hour_is_refused_with_the_wait(desk: ReportDesk) -> None:
    desk.clock = FixedClock(3600.0 * 500_000 + 600)
    keys = (f"client-key-{n:07d}" for n in itertools.count())
    for _ in range(REPORTS_PER_WINDOW):
        submit_report(desk, a_draft(), next(keys), "203.0.113.1")
    with pytest.raises(RateLimitedError) as refused:
        submit_report(desk, a_draft(), next(keys), "203.0.113.1")
    assert refused.value.retry_after_s == 3000
    submit_report(desk, a_draft(), next(keys), "203.0.113.2")
    desk.clock.t += 3000
    submit_report(desk, a_draft(), next(keys), "203.0.113.1")


def test_the_limiter_sees_a_keyed_hash_never_the_ip(desk: ReportDesk) -> None:
    submit_report(desk, a_draft(), "client-key-0000001", "203.0.113.1")
    [(key, _)] = desk.reports.spent
    assert key == source_key("203.0.113.1", "salt") != source_key("203.0.113.1", "another salt")
    assert "203.0.113.1" not in key and re.fullmatch(r"[0-9a-f]{64}", key)


def test_requests_without_a_source_share_one_budget(desk: ReportDesk) -> None:
    for n in range(REPORTS_PER_WINDOW):
        submit_report(desk, a_draft(), f"client-key-{n:07d}", None)
    with pytest.raises(RateLimitedError):
        submit_report(desk, a_draft(), "client-key-9999999", None)


# What the citizen reads next


def test_an_anonymous_report_is_told_it_gets_no_individual_answer(desk: ReportDesk) -> None:
    steps = submit_report(desk, a_draft(), "client-key-0000001", None).next_steps
    assert any("pas de réponse individuelle" in step for step in steps)


def test_a_named_report_is_told_it_may_be_called_back(desk: ReportDesk) -> None:
    steps = submit_report(desk, a_draft(anonymous=False), "client-key-0000001", None).next_steps
    assert any("recontacter" in step for step in steps)
    assert not any("anonyme" in step for step in steps)


@pytest.mark.parametrize("kind", list(ReportKind))
def test_every_kind_has_its_next_steps(desk: ReportDesk, kind: ReportKind) -> None:
    report = submit_report(desk, a_draft(kind=kind), f"client-key-{kind.value:0>10}", None).report
    assert len(next_steps(report)) == 3


def test_an_anonymous_draft_cannot_carry_a_contact() -> None:
    with pytest.raises(ValueError):
        ReportDraft(
            ReportKind.AUTRE, Place("Lille"), "Un fait à signaler.", anonymous=True, contact=Contact(email="a@b.fr")
        )


# The window and the viewer


def test_a_window_starts_on_its_boundary_and_tells_how_long_until_the_next() -> None:
    window = RateLimit(limit=5, window_s=3600)
    assert window.window_start(7200 + 59.5) == 7200
    assert window.retry_after_s(7200 + 59.5) == 3541
    assert window.retry_after_s(7200 + 3599.9) == 1


SECRET = "origin-secret"
VIA_CLOUDFRONT = {"x-origin-verify": SECRET}


@pytest.mark.parametrize(
    ("headers", "context", "expected"),
    [
        (
            {**VIA_CLOUDFRONT, "cloudfront-viewer-address": "198.51.100.10:46532"},
            {"identity": {"sourceIp": "130.176.0.1"}},
            "198.51.100.10",
        ),
        ({**VIA_CLOUDFRONT, "cloudfront-viewer-address": "2001:db8::7:46532"}, None, "2001:db8::7"),
        ({}, {"identity": {"sourceIp": "192.0.2.9"}}, "192.0.2.9"),
        (
            {**VIA_CLOUDFRONT, "cloudfront-viewer-address": "garbage"},
            {"identity": {"sourceIp": "192.0.2.9"}},
            "192.0.2.9",
        ),
        ({}, {}, None),
    ],
)
def test_the_viewer_ip_comes_from_cloudfront_then_api_gateway(headers, context, expected) -> None:
    assert viewer_ip(headers, context, SECRET) == expected


@pytest.mark.parametrize(
    "proof",
    [{}, {"x-origin-verify": ""}, {"x-origin-verify": "origin-secreT"}, {"x-origin-verify": "\ud800"}],
)
def test_a_viewer_address_without_the_origin_secret_is_ignored(proof: dict[str, str]) -> None:
    headers = {**proof, "cloudfront-viewer-address": "198.51.100.10:46532"}
    assert viewer_ip(headers, {"identity": {"sourceIp": "192.0.2.9"}}, SECRET) == "192.0.2.9"


def test_without_an_origin_secret_configured_no_viewer_address_is_trusted() -> None:
    headers = {"x-origin-verify": "", "cloudfront-viewer-address": "198.51.100.10:46532"}
    assert viewer_ip(headers, {"identity": {"sourceIp": "192.0.2.9"}}, "") == "192.0.2.9"


def test_the_local_gateway_forwards_like_cloudfront_whatever_the_viewer_sent(monkeypatch) -> None:
    from local.cloudfront_origin import as_forwarded_by_cloudfront

    monkeypatch.setenv("GUICHET_ORIGIN_SECRET", SECRET)
    sent = {"X-Origin-Verify": "guess", "cloudfront-viewer-address": "203.0.113.99:1", "Accept": "*/*"}
    forwarded = {k.lower(): v for k, v in as_forwarded_by_cloudfront(sent, "192.0.2.50").items()}
    assert forwarded == {
        "accept": "*/*",
        "x-origin-verify": SECRET,
        "cloudfront-viewer-address": "192.0.2.50:0",
    }
    assert viewer_ip(forwarded, None, SECRET) == "192.0.2.50"
