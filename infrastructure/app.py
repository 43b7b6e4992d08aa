#!/usr/bin/env python3
"""CDK entry point: `make synth STAGE=dev|prod` / `make deploy STAGE=prod` (or `cdk ... -c stage=prod`).

The stage name is the only input: everything else is in `stages/<stage>.json`, under version control.
Two stacks per stage: `guichet-<stage>` (the application, in the stage's region) and `guichet-<stage>-edge`
(the CloudFront web ACL, in us-east-1).
"""
from __future__ import annotations

import os
import sys
from pathlib import Path

import aws_cdk as cdk

REPO_ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO_ROOT))  # chalicelib.config: the one list of environment names

from stacks.edge import EDGE_REGION, EdgeStack  # noqa: E402
from stacks.guichet_stack import GuichetStack  # noqa: E402
from stacks.stage_settings import StageSettingsError, load_stage  # noqa: E402


def main() -> None:
    app = cdk.App()
    stage = str(app.node.try_get_context("stage") or "dev")
    try:
        settings = load_stage(stage)
    except StageSettingsError as exc:
        raise SystemExit(str(exc)) from exc
    os.environ.setdefault("AWS_DEFAULT_REGION", settings.region)  # `chalice package` needs one
    account = os.environ.get("CDK_DEFAULT_ACCOUNT")
    source_dir = app.node.try_get_context("source_dir")
    edge = EdgeStack(
        app, settings, env=cdk.Environment(account=account, region=EDGE_REGION), cross_region_references=True
    )
    GuichetStack(
        app,
        settings,
        edge=edge,
        source_dir=Path(source_dir).resolve() if source_dir else REPO_ROOT,
        env=cdk.Environment(account=account, region=settings.region),
        cross_region_references=True,
    )
    app.synth()


if __name__ == "__main__":
    main()
