#!/usr/bin/env python3
"""Before a deploy: if the stage file reserves Lambda concurrency, check the account's quota can afford it.

`python check_quota.py <stage>`; run by `make deploy`. Without reservations (the default) it asks AWS nothing.
"""
from __future__ import annotations

import sys

from stacks.stage_settings import StageSettingsError, load_stage


def main(stage: str) -> int:
    settings = load_stage(stage)
    if not settings.reserved_concurrency:
        print(f"{stage}: no reserved concurrency asked; no quota to check")
        return 0
    import boto3  # only when reservations are asked for

    quota = boto3.client("lambda", region_name=settings.region).get_account_settings()["AccountLimit"][
        "ConcurrentExecutions"
    ]
    try:
        settings.check_quota(quota)
    except StageSettingsError as exc:
        print(exc, file=sys.stderr)
        return 1
    print(f"{stage}: {sum(settings.reserved_concurrency.values())} reserved of the account's {quota}: fine")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1] if len(sys.argv) > 1 else "dev"))
