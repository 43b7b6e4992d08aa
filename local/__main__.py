"""`python -m local`: run Guichet on this machine, no AWS account needed."""
from __future__ import annotations

import argparse
import os

from aiohttp import web

from local.identity import DEMO_OFFICER_NAMES, DEMO_PASSWORD, TEMPORARY_ACCOUNT
from local.reports_seed import SEEDED_REPORTS, seeded_secret
from local.stack import build_local_app


def main() -> None:
    """Parse HOST/PORT, build the local stack, print where everything is, and serve."""
    parser = argparse.ArgumentParser(description="Run Guichet locally (DynamoDB emulated by moto, in memory).")
    parser.add_argument("--host", default=os.environ.get("HOST", "127.0.0.1"))
    parser.add_argument("--port", type=int, default=int(os.environ.get("PORT", "8000")))
    args = parser.parse_args()
    web_app = build_local_app(args.host, args.port)
    base = f"http://{args.host}:{args.port}"
    logins = f"agent1 … agent{len(DEMO_OFFICER_NAMES)}, superviseur"
    demo_report = next(seeded for seeded in SEEDED_REPORTS if seeded.unit_id)
    demo_secret = seeded_secret(demo_report)
    print(
        "\n".join(
            [
                "Guichet is running locally (data lives in memory and is gone when you stop).",
                f"  Citizen site     {base}/",
                f"  Citizen chat     {base}/chat.html",
                f"  Agent console    {base}/agent.html",
                f"  Reports inbox    {base}/signalements.html",
                f"  Report status    {base}/suivi-signalement.html ({demo_report.reference} + {demo_secret})",
                f"  REST API         {base}/api/topics",
                f"  Websocket        ws://{args.host}:{args.port}/ws",
                f"  Demo logins      {logins} (password: {DEMO_PASSWORD}; local only)",
                f"                   {TEMPORARY_ACCOUNT.username} (temporary password {DEMO_PASSWORD}: choose one)",
                f"  Sign-in (OIDC)   {base}/local-idp/.well-known/openid-configuration",
                "Press Ctrl+C to stop.",
            ]
        ),
        flush=True,
    )
    web.run_app(web_app, host=args.host, port=args.port, print=None, access_log=None)


if __name__ == "__main__":
    main()
