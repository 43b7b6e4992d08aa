"""Every stage's settings file is complete and sane, and a reservation is refused if the account cannot afford it."""
from __future__ import annotations

import json

import pytest

from infrastructure.stacks.stage_settings import STAGES, STAGES_DIR, StageSettingsError, load_stage, parse_stage


def raw(stage: str) -> dict:
    return json.loads((STAGES_DIR / f"{stage}.json").read_text(encoding="utf-8"))


@pytest.mark.parametrize("stage", STAGES)
def test_every_stage_file_loads_with_its_alarm_address_and_thresholds(stage):
    settings = load_stage(stage)
    assert settings.stage == stage and "@" in settings.alarm_email
    assert settings.alarms.internal_error_frames >= 1 and settings.alarms.longest_wait_s > 60
    assert settings.rest_throttle.burst >= settings.rest_throttle.rate_per_s


def test_prod_keeps_its_data_and_protects_officers_more_than_dev():
    prod, dev = load_stage("prod"), load_stage("dev")
    assert prod.retain_data and not dev.retain_data
    assert prod.threat_protection
    assert prod.log_retention_days >= dev.log_retention_days
    assert prod.alarms.internal_error_frames <= dev.alarms.internal_error_frames


def test_no_stage_reserves_lambda_concurrency_today():
    # The limit in a surge is officers, not Lambda (docs/operations.md, Surges): nothing measured asks for one.
    assert all(load_stage(stage).reserved_concurrency == {} for stage in STAGES)


def test_a_file_naming_another_stage_or_a_bad_setting_is_refused():
    with pytest.raises(StageSettingsError, match="names stage"):
        parse_stage(raw("dev"), "prod")
    broken = raw("prod") | {"log_retention_days": 31}
    with pytest.raises(StageSettingsError, match="log_retention_days"):
        parse_stage(broken, "prod")
    missing = {k: v for k, v in raw("prod").items() if k != "alarms"}
    with pytest.raises(StageSettingsError, match="missing"):
        parse_stage(missing, "prod")
    with pytest.raises(StageSettingsError, match="unknown stage"):
        load_stage("staging")


def test_reservations_that_leave_fewer_than_100_unreserved_are_refused_before_the_deploy():
    settings = parse_stage(raw("prod") | {"reserved_concurrency": {"websocket_message": 400, "websocket_connect": 150}}, "prod")
    settings.check_quota(1000)  # 450 left
    with pytest.raises(StageSettingsError, match="raise the quota"):
        settings.check_quota(600)  # 50 left
    with pytest.raises(StageSettingsError, match="unknown functions"):
        parse_stage(raw("prod") | {"reserved_concurrency": {"surge": 10}}, "prod")


def test_every_accepted_template_finding_says_why():
    suppressions = json.loads((STAGES_DIR.parent / "checks" / "suppressions.json").read_text(encoding="utf-8"))
    rules = suppressions["cfn-lint"] + suppressions["checkov"]
    assert len(rules) >= 10
    for rule in rules:
        assert rule["id"] and len(rule["reason"]) >= 40, rule
    ids = [(tool, r["id"]) for tool in ("cfn-lint", "checkov") for r in suppressions[tool]]
    assert len(ids) == len(set(ids))  # one entry per check: its reason in one place
