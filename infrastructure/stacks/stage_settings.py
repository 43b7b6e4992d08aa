"""Every deployed stage's settings, read from `infrastructure/stages/<stage>.json` (under version control).

Plain Python on purpose (no CDK import): `make deploy STAGE=prod` takes only the stage name, and
`tests/unit/test_stage_settings.py` checks the files without installing the CDK. Nothing a deploy needs
comes from the command line, so a deploy can never silently undo a setting.
"""
from __future__ import annotations

import json
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

__all__ = [
    "STAGES",
    "STAGES_DIR",
    "AlarmThresholds",
    "StageSettings",
    "Throttle",
    "load_stage",
]

STAGES_DIR = Path(__file__).resolve().parent.parent / "stages"
STAGES = ("dev", "prod")
# CloudWatch Logs accepts only these retention periods (days).
LOG_RETENTIONS = (1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922)
# AWS keeps this many executions of the account's quota unreserved.
UNRESERVED_MINIMUM = 100
FUNCTION_KEYS = ("api_handler", "websocket_connect", "websocket_message", "websocket_disconnect", "queue_broadcast")
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


class StageSettingsError(ValueError):
    """A stage file is missing a setting or holds a wrong one."""


@dataclass(frozen=True)
class Throttle:
    """An API Gateway stage throttle: steady requests (or websocket messages) per second, and burst."""

    rate_per_s: float
    burst: int


@dataclass(frozen=True)
class AlarmThresholds:
    """Per-stage alarm thresholds (each alarm looks at 5-minute periods; see docs/operations.md, Alarms)."""

    internal_error_frames: int  # `internal_error` frames sent to clients in 5 minutes
    rest_5xx: int  # REST API answers 5xx in 5 minutes
    longest_wait_s: int  # the longest current wait in the queue
    waiting: int  # citizens waiting at once
    dynamodb_throttles: int  # throttled DynamoDB calls seen by the code in 5 minutes
    function_errors: int  # unhandled errors of one function in 5 minutes


@dataclass(frozen=True)
class StageSettings:
    """One stage, as its file says."""

    stage: str
    region: str
    alarm_email: str
    retain_data: bool  # prod: tables, user pool and bucket kept on delete, deletion protection on tables
    log_retention_days: int
    alarms: AlarmThresholds
    rest_throttle: Throttle
    websocket_throttle: Throttle
    waf_requests_per_ip_per_5_min: int
    threat_protection: bool  # Cognito threat protection (advanced security), enforced
    reserved_concurrency: Mapping[str, int] = field(default_factory=dict)

    @property
    def stack_name(self) -> str:
        return f"guichet-{self.stage}"

    @property
    def edge_stack_name(self) -> str:
        """The us-east-1 stack holding the CloudFront web ACL (WAF's CLOUDFRONT scope lives only there)."""
        return f"guichet-{self.stage}-edge"

    def unreserved_left(self, account_quota: int) -> int:
        """Executions left unreserved in an account with this concurrency quota if the reservations are applied."""
        return account_quota - sum(self.reserved_concurrency.values())

    def check_quota(self, account_quota: int) -> None:
        """Refuse reservations that would leave AWS fewer than 100 unreserved executions (the deploy would fail)."""
        if self.reserved_concurrency and self.unreserved_left(account_quota) < UNRESERVED_MINIMUM:
            raise StageSettingsError(
                f"{self.stage}: reserving {sum(self.reserved_concurrency.values())} executions leaves "
                f"{self.unreserved_left(account_quota)} of the account's {account_quota} unreserved "
                f"(AWS requires {UNRESERVED_MINIMUM}): raise the quota in Service Quotas first"
            )


def load_stage(stage: str, stages_dir: Path = STAGES_DIR) -> StageSettings:
    """Read and check `stages/<stage>.json`."""
    if stage not in STAGES:
        raise StageSettingsError(f"unknown stage {stage!r}: expected one of {', '.join(STAGES)}")
    raw = json.loads((stages_dir / f"{stage}.json").read_text(encoding="utf-8"))
    return parse_stage(raw, stage)


def parse_stage(raw: Mapping[str, Any], stage: str) -> StageSettings:
    """Build and check the settings of `stage` from its file's JSON."""
    try:
        settings = StageSettings(
            stage=raw["stage"],
            region=raw["region"],
            alarm_email=raw["alarm_email"],
            retain_data=bool(raw["retain_data"]),
            log_retention_days=int(raw["log_retention_days"]),
            alarms=AlarmThresholds(**raw["alarms"]),
            rest_throttle=Throttle(**raw["throttles"]["rest"]),
            websocket_throttle=Throttle(**raw["throttles"]["websocket"]),
            waf_requests_per_ip_per_5_min=int(raw["waf"]["requests_per_ip_per_5_min"]),
            threat_protection=bool(raw["cognito"]["threat_protection"]),
            reserved_concurrency={k: int(v) for k, v in raw.get("reserved_concurrency", {}).items()},
        )
    except (KeyError, TypeError) as exc:
        raise StageSettingsError(f"stages/{stage}.json: missing or unexpected setting ({exc})") from exc
    problems = []
    if settings.stage != stage:
        problems.append(f"names stage {settings.stage!r}")
    if not _EMAIL.match(settings.alarm_email):
        problems.append("alarm_email is not an e-mail address")
    if settings.log_retention_days not in LOG_RETENTIONS:
        problems.append(f"log_retention_days must be one of CloudWatch's {LOG_RETENTIONS}")
    if not 10 <= settings.waf_requests_per_ip_per_5_min <= 2_000_000_000:
        problems.append("the WAF rate limit must be between 10 and 2,000,000,000 per 5 minutes")
    for name, throttle in (("rest", settings.rest_throttle), ("websocket", settings.websocket_throttle)):
        if throttle.rate_per_s <= 0 or throttle.burst <= 0:
            problems.append(f"the {name} throttle must be positive")
    unknown = set(settings.reserved_concurrency) - set(FUNCTION_KEYS)
    if unknown:
        problems.append(f"reserved_concurrency names unknown functions {sorted(unknown)}")
    if problems:
        raise StageSettingsError(f"stages/{stage}.json: " + "; ".join(problems))
    return settings
