"""`python -m bench`: print Guichet's speed and DynamoDB cost figures on the local stack."""
from __future__ import annotations

import argparse
import os

from bench.chat_load import LoadPlan, report, run_chat_load


def main() -> None:
    """Parse the plan, run it, print the figures."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--conversations", type=int, default=int(os.environ.get("BENCH_CONVERSATIONS", "300")))
    parser.add_argument("--agents", type=int, default=10)
    parser.add_argument("--messages", type=int, default=4, help="messages per side per conversation")
    parser.add_argument("--concurrency", type=int, default=30, help="citizens chatting at the same time")
    parser.add_argument("--port", type=int, default=int(os.environ.get("BENCH_PORT", "8089")))
    args = parser.parse_args()
    plan = LoadPlan(args.conversations, args.agents, args.messages, args.concurrency, args.port)
    print(report(run_chat_load(plan)), flush=True)


if __name__ == "__main__":
    main()
