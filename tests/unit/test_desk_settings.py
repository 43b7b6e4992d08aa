"""The desk's opening hours, its notices and their validation, and what a closed desk or an edited notice does to
the chat (over the fakes)."""
from __future__ import annotations

import json
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from chalicelib.domain.desk_settings import DeskNotices, Notice, NoticeLink, is_safe_link
from chalicelib.domain.opening_hours import DayHours, OpeningHours, parse_clock
from chalicelib.errors import InvalidFieldsError, InvalidRequestError
from chalicelib.protocol.desk_request import parse_hours, parse_notices
from chalicelib.services.desk_settings import DeskEdit, DeskSettingsService
from tests.chat_desk import Desk
from tests.fakes import RecordingAnnouncer, officer

PARIS = "Europe/Paris"
REAL_DESK = OpeningHours.parse("08:00-20:00")
SUPERVISOR = officer("sup1", frozenset({"supervisors"}))


def paris(y: int, mo: int, d: int, h: int, mi: int = 0) -> float:
    return datetime(y, mo, d, h, mi, tzinfo=ZoneInfo(PARIS)).timestamp()


# Opening hours


def test_the_real_desk_is_open_from_eight_to_eight_every_day() -> None:
    monday_noon = paris(2026, 3, 9, 12)
    state = REAL_DESK.state(monday_noon, PARIS)
    assert state.open and state.closes_at == paris(2026, 3, 9, 20) and state.next_opening is None
    assert REAL_DESK.is_open(paris(2026, 3, 15, 8), PARIS)  # a Sunday, on the stroke of eight
    assert not REAL_DESK.is_open(paris(2026, 3, 15, 20), PARIS)  # closing time is closed


def test_at_night_the_next_opening_is_tomorrow_morning_and_before_dawn_this_morning() -> None:
    evening = REAL_DESK.state(paris(2026, 3, 9, 21, 30), PARIS)
    assert not evening.open and evening.next_opening == paris(2026, 3, 10, 8) and evening.closes_at is None
    assert REAL_DESK.state(paris(2026, 3, 10, 3), PARIS).next_opening == paris(2026, 3, 10, 8)


def test_closed_days_are_skipped_to_the_next_open_one() -> None:
    weekdays = OpeningHours.parse("mon=09:00-17:00,tue=09:00-17:00,wed=09:00-17:00,thu=09:00-17:00,fri=09:00-12:00")
    friday_afternoon = paris(2026, 3, 13, 14)
    assert weekdays.state(friday_afternoon, PARIS).next_opening == paris(2026, 3, 16, 9)  # Monday


def test_spans_that_touch_at_midnight_are_one_opening() -> None:
    nights = OpeningHours.parse("mon=20:00-24:00,tue=00:00-08:00")
    state = nights.state(paris(2026, 3, 9, 23), PARIS)
    assert state.open and state.closes_at == paris(2026, 3, 10, 8)


def test_always_open_never_closes_within_the_week_and_never_has_a_next_opening() -> None:
    state = OpeningHours.always().state(paris(2026, 3, 9, 3), PARIS)
    assert state.open and state.closes_at is None and state.next_opening is None


def test_a_desk_never_open_has_no_next_opening() -> None:
    never = OpeningHours.daily(None)
    assert never.never_open and never.state(paris(2026, 3, 9, 12), PARIS).next_opening is None


def test_opening_times_follow_the_clock_change() -> None:
    # 29 March 2026: Paris goes from UTC+1 to UTC+2 at 02:00. The desk still opens at 08:00 local time.
    saturday_night = REAL_DESK.state(paris(2026, 3, 28, 22), PARIS)
    assert saturday_night.next_opening == datetime(2026, 3, 29, 6, 0, tzinfo=ZoneInfo("UTC")).timestamp()


def test_hours_read_back_from_their_setting() -> None:
    for text in ("always", "mon=08:00-20:00,tue=closed,wed=00:00-24:00,thu=closed,fri=closed,sat=closed,sun=10:00-12:30"):
        assert OpeningHours.parse(text).to_text() == text
    assert OpeningHours.parse("08:00-20:00") == OpeningHours.daily(DayHours(480, 1200))


@pytest.mark.parametrize("text", ["", "8-20", "20:00-08:00", "mon=08:00-25:00", "lun=08:00-20:00", "mon=1,mon=2"])
def test_settings_that_are_not_hours_are_refused(text: str) -> None:
    with pytest.raises(ValueError):
        OpeningHours.parse(text)


def test_clock_times_run_from_midnight_to_midnight() -> None:
    assert (parse_clock("00:00"), parse_clock("23:59"), parse_clock("24:00")) == (0, 1439, 1440)
    for bad in ("24:01", "7:00", "12h00", "12:60"):
        with pytest.raises(ValueError):
            parse_clock(bad)


# Links and notices


@pytest.mark.parametrize(
    "url",
    ["https://www.interieur.gouv.fr/attestation", "/fiches/pre-plainte-en-ligne.html", "/signaler.html?type=rodeo"],
)
def test_https_and_site_links_are_allowed(url: str) -> None:
    assert is_safe_link(url)


@pytest.mark.parametrize(
    "url",
    [
        "javascript:alert(1)",
        "JaVaScRiPt:alert(1)",
        "http://example.org/",
        "data:text/html,<b>x</b>",
        "//evil.example/",
        "/\\evil.example",
        "https://",
        "https://exa mple.org/",
        "https://example.org/\nx",
        "fiches/x.html",
        "",
    ],
)
def test_other_links_are_refused(url: str) -> None:
    assert not is_safe_link(url)


def notices_body(**surge: object) -> str:
    surge_notice = {"enabled": True, "text_fr": "Forte affluence", "text_en": "Very busy", "links": [], **surge}
    return json.dumps({
        "pinned": {"enabled": False, "text_fr": "", "text_en": "", "links": []},
        "surge": surge_notice,
    })


def test_a_notice_body_becomes_the_notices() -> None:
    link = {"url": "/fiches/", "label_fr": "Les fiches", "label_en": "The sheets"}
    notices = parse_notices(notices_body(links=[link]))
    assert notices.surge == Notice(True, "Forte affluence", "Very busy", (NoticeLink("/fiches/", "Les fiches", "The sheets"),))
    assert not notices.pinned.shown


def test_a_shown_notice_needs_both_languages_and_safe_links() -> None:
    link = {"url": "javascript:alert(1)", "label_fr": "x", "label_en": "y"}
    with pytest.raises(InvalidFieldsError) as refused:
        parse_notices(notices_body(text_en="", links=[link]))
    assert set(refused.value.fields) == {"surge.text_en", "surge.links.0.url"}
    assert "javascript" not in json.dumps(refused.value.fields)  # never the submitted value


def test_notice_sizes_and_types_are_checked() -> None:
    six = [{"url": "/fiches/", "label_fr": "a", "label_en": "b"}] * 6
    with pytest.raises(InvalidFieldsError) as refused:
        parse_notices(notices_body(text_fr="x" * 501, enabled="yes", links=six))
    assert set(refused.value.fields) == {"surge.text_fr", "surge.enabled", "surge.links"}
    with pytest.raises(InvalidFieldsError) as refused:
        parse_notices(json.dumps({"pinned": {"enabled": False}, "surge": {"enabled": False}, "extra": 1}))
    assert set(refused.value.fields) == {"extra"}
    with pytest.raises(InvalidRequestError):
        parse_notices("[1, 2]")


def test_an_hours_body_names_every_day_with_times_that_make_a_span() -> None:
    week = {d: {"opens": "08:00", "closes": "20:00"} for d in ("mon", "tue", "wed", "thu", "fri", "sat")}
    assert parse_hours(json.dumps({"hours": {**week, "sun": None}})).days[6] is None
    bad = {**week, "mon": {"opens": "20:00", "closes": "08:00"}, "tue": {"opens": "8h", "closes": "20:00"}, "xyz": None}
    with pytest.raises(InvalidFieldsError) as refused:
        parse_hours(json.dumps({"hours": bad}))
    assert set(refused.value.fields) == {"hours.mon.closes", "hours.tue.opens", "hours.sun", "hours.xyz"}


# The chat and the desk's settings


def closed_now(desk: Desk) -> OpeningHours:
    """Hours that make the desk closed at the harness's clock: open only an hour, twelve hours from now."""
    local = datetime.fromtimestamp(desk.clock.t, ZoneInfo(PARIS))
    opens = ((local.hour + 12) % 24) * 60
    return OpeningHours.daily(DayHours(opens, opens + 60))


def test_a_closed_desk_refuses_start_with_the_next_opening_and_no_queue() -> None:
    desk = Desk()
    service = desk.runtime.desk_settings
    assert service is not None
    service.set_hours(SUPERVISOR, closed_now(desk))
    desk.connect("c1")
    desk.frame("c1", action="start", topic="autre", lang="fr", start_id="s" * 20)
    (error,) = desk.frames("c1", "error")
    assert error["code"] == "desk_closed" and error["next_opening"] > desk.clock.t
    assert desk.frames("c1", "queued") == [] and desk.storage.conversations.waiting() == []


def test_a_conversation_open_before_closing_time_is_not_cut() -> None:
    desk = Desk()
    desk.connect("c1")
    desk.frame("c1", action="start", topic="autre", lang="fr", start_id="s" * 20)
    first = desk.last("c1", "queued")
    service = desk.runtime.desk_settings
    assert service is not None
    service.set_hours(SUPERVISOR, closed_now(desk))
    desk.frame("c1", action="send", client_msg_id="m1", text="Toujours là ?")
    assert desk.last("c1", "ack")["client_msg_id"] == "m1"
    desk.connect("c1b")  # the answer to start was lost: the same start_id still finds the conversation
    desk.frame("c1b", action="start", topic="autre", lang="fr", start_id="s" * 20)
    assert desk.last("c1b", "queued")["conversation_id"] == first["conversation_id"]
    assert desk.frames("c1b", "error") == []


def test_editing_the_notices_posts_nothing_in_the_request_and_one_pass_tells_each_waiting_citizen_once() -> None:
    announcer = RecordingAnnouncer()
    desk = Desk(announcer=announcer)
    for i in range(30):
        desk.citizen_starts(f"c{i}")
    desk.runtime.broadcaster.run()
    service = desk.runtime.desk_settings
    assert service is not None
    before, requests = sum(len(f) for f in desk.notifier.sent.values()), announcer.requests
    saved = service.set_notices(SUPERVISOR, parse_notices(notices_body()))
    assert sum(len(f) for f in desk.notifier.sent.values()) == before  # nothing posted by the editing request
    assert announcer.requests == requests + 1  # the broadcaster is asked once
    assert desk.runtime.broadcaster.run() == 1
    told = [desk.frames(f"c{i}", "queue")[-1]["notice_version"] for i in range(30)]
    assert told == [saved.revision] * 30
    assert sum(len(f) for f in desk.notifier.sent.values()) == before + 30  # one frame each, as any queue change


def test_a_citizen_who_starts_after_an_edit_learns_its_revision_in_queued() -> None:
    desk = Desk()
    service = desk.runtime.desk_settings
    assert service is not None
    saved = service.set_notices(SUPERVISOR, parse_notices(notices_body()))
    assert desk.citizen_starts("c1")["notice_version"] == saved.revision == 1


def test_every_edit_is_handed_to_the_audit_hook_with_who_what_and_when() -> None:
    desk = Desk()
    edits: list[DeskEdit] = []
    service = DeskSettingsService(desk.runtime.ctx, desk.runtime.broadcaster._board, record=edits.append)
    service.set_notices(SUPERVISOR, DeskNotices())
    service.set_hours(SUPERVISOR, REAL_DESK)
    assert [(e.agent_id, e.action, e.revision, e.at) for e in edits] == [
        ("sup1", "desk_notices", 1, desk.clock.t),
        ("sup1", "opening_hours", 2, desk.clock.t),
    ]


def test_an_edit_keeps_what_the_other_route_saved() -> None:
    desk = Desk()
    service = desk.runtime.desk_settings
    assert service is not None
    service.set_hours(SUPERVISOR, REAL_DESK)
    service.set_notices(SUPERVISOR, parse_notices(notices_body()))
    current = service.current()
    assert current.hours == REAL_DESK and current.notices.surge.shown and current.revision == 2


@pytest.mark.parametrize("stage", ["local", "dev", "prod"])
def test_every_stage_has_hours_that_parse_the_local_demo_open_at_any_hour_and_the_deployed_ones_the_real_desks(
    stage: str,
) -> None:
    from chalicelib.config import Settings
    from local.stack import chalice_stage_environment

    hours = OpeningHours.parse(Settings.from_env(chalice_stage_environment(stage)).opening_hours)
    assert hours == (OpeningHours.always() if stage == "local" else REAL_DESK)


def test_the_tests_default_settings_are_open_at_any_hour() -> None:
    from chalicelib.config import Settings

    assert OpeningHours.parse(Settings().opening_hours) == OpeningHours.always()


# Hostile bodies: whatever a client sends, the parsers answer the notices/hours or a named 400, never anything else.

_strings = st.text(max_size=20) | st.sampled_from(
    ["\ud800", "", "x" * 600, "javascript:alert(1)", "/fiches/", "https://example.org/", "24:00", "08:00", "mon"]
)
_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | _strings,
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(_strings, inner, max_size=3),
    max_leaves=12,
)
_notice = st.fixed_dictionaries(
    {}, optional={"enabled": _values, "text_fr": _values, "text_en": _values, "links": _values, "extra": _values}
)
_bodies = (
    st.builds(json.dumps, st.fixed_dictionaries({}, optional={"pinned": _notice, "surge": _notice, "hours": _values}))
    | st.builds(json.dumps, _values)
    | st.binary(max_size=100)
)


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(body=_bodies)
def test_any_body_gives_settings_or_a_named_error(body: str | bytes) -> None:
    for parse in (parse_notices, parse_hours):
        try:
            parsed = parse(body)
        except (InvalidFieldsError, InvalidRequestError) as refused:
            assert refused.code in ("invalid_fields", "invalid_request")
            continue
        if isinstance(parsed, DeskNotices):
            links = [link.url for notice in (parsed.pinned, parsed.surge) for link in notice.links]
            assert all(is_safe_link(url) for url in links)
