"""`python -m bench.server`: the local stack, with DynamoDB requests counted and readable over HTTP (bench only)."""
from __future__ import annotations

import argparse

from aiohttp import web

from bench.dynamodb_calls import DynamoDBCallCounter

COUNTS_PATH = "/_bench/dynamodb-calls"


def main() -> None:
    """Install the counter, build the local stack, add the counts route, serve."""
    parser = argparse.ArgumentParser()
    parser.add_argument("--port", type=int, required=True)
    args = parser.parse_args()
    counter = DynamoDBCallCounter()
    counter.install()
    from local.stack import build_local_app

    web_app = build_local_app("127.0.0.1", args.port)

    async def counts(_: web.Request) -> web.Response:
        return web.json_response(dict(counter.snapshot()))

    web_app.router.add_get(COUNTS_PATH, counts)
    web.run_app(web_app, host="127.0.0.1", port=args.port, print=None, access_log=None)


if __name__ == "__main__":
    main()
