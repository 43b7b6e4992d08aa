#!/usr/bin/env python3
"""CDK entry point: `cdk synth -c stage=dev|prod [-c surge=true] [-c alarm_email=...]`."""
from __future__ import annotations

import os
import sys
from pathlib import Path

import aws_cdk as cdk

REPO_ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO_ROOT))  # chalicelib.config: the one list of environment names

from stacks.guichet_stack import GuichetStack, StageOptions  # noqa: E402

STAGES = ("dev", "prod")
DEFAULT_REGION = "eu-west-3"


def _flag(value: object) -> bool:
    """Context values arrive as strings from `-c key=value`, as JSON values from cdk.json."""
    return str(value).lower() in ("1", "true", "yes", "on")


def options_from_context(app: cdk.App) -> StageOptions:
    """Read the stage options from the CDK context."""
    stage = str(app.node.try_get_context("stage") or "dev")
    if stage not in STAGES:
        raise SystemExit(f"unknown stage {stage!r}: expected one of {', '.join(STAGES)}")
    source_dir = app.node.try_get_context("source_dir")
    return StageOptions(
        stage=stage,
        surge=_flag(app.node.try_get_context("surge")),
        alarm_email=app.node.try_get_context("alarm_email") or None,
        source_dir=Path(source_dir).resolve() if source_dir else REPO_ROOT,
    )


def main() -> None:
    region = os.environ.get("CDK_DEFAULT_REGION") or os.environ.get(
        "AWS_DEFAULT_REGION", DEFAULT_REGION
    )
    os.environ.setdefault("AWS_DEFAULT_REGION", region)  # `chalice package` needs one
    app = cdk.App()
    env = cdk.Environment(account=os.environ.get("CDK_DEFAULT_ACCOUNT"), region=region)
    GuichetStack(app, options_from_context(app), env=env)
    app.synth()


if __name__ == "__main__":
    main()
