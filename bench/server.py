"""`python -m bench.server`: a local stack for the benchmark, with what the bench reads from inside (bench only).

`--app guichet` is the real local stack (`local.stack`); `--app baseline` serves bench.baseline_relay
with the same LocalGateway on the same emulated DynamoDB. Both add, under /_bench/:
- `GET counts`: DynamoDB requests per operation, handler invocations per route, throttles injected;
- `POST stored` (guichet): `{"conversations": [...]}` → chat messages stored per conversation;
- `POST clone` (guichet): `{"conversation_id", "copies"}` → that conversation's items copied under new ids.
"""
from __future__ import annotations

import argparse
import json
import os
import uuid
from typing import Any

from aiohttp import web

from bench.dynamodb_calls import DynamoDBCallCounter

__all__ = ["CLONE_PATH", "COUNTS_PATH", "STORED_PATH"]

COUNTS_PATH = "/_bench/counts"
STORED_PATH = "/_bench/stored"
CLONE_PATH = "/_bench/clone"


def _backend() -> Any:
    from moto.core import DEFAULT_ACCOUNT_ID
    from moto.dynamodb.models import dynamodb_backends

    return dynamodb_backends[DEFAULT_ACCOUNT_ID][os.environ["AWS_DEFAULT_REGION"]]


def _partition(table_name: str, key: str) -> dict[Any, Any]:
    from moto.dynamodb.models.dynamo_type import DynamoType

    return _backend().tables[table_name].items.get(DynamoType({"S": key}), {})


def _stored_messages(conversation_ids: list[str]) -> dict[str, int]:
    """Chat messages (citizen and officer, not system notices) stored for each conversation."""
    from local.moto_dynamodb import _LOCK

    table = os.environ["GUICHET_MESSAGES_TABLE"]
    with _LOCK:
        return {
            cid: sum(
                1
                for item in _partition(table, cid).values()
                if str(item.attrs["sk"].value).startswith("m#")
                and item.attrs.get("author") is not None
                and item.attrs["author"].value in ("citizen", "agent")
            )
            for cid in conversation_ids
        }


def _clone(conversation_id: str, copies: int) -> None:
    """Copy a (closed) conversation's items, messages included, under new conversation ids."""
    from moto.dynamodb.models.dynamo_type import DynamoType

    from local.moto_dynamodb import _LOCK

    conversations, messages = os.environ["GUICHET_CONVERSATIONS_TABLE"], os.environ["GUICHET_MESSAGES_TABLE"]
    with _LOCK:
        tables = _backend().tables
        conversation = tables[conversations].items[DynamoType({"S": conversation_id})].to_json()["Attributes"]
        partition = [item.to_json()["Attributes"] for item in _partition(messages, conversation_id).values()]
        for _ in range(copies):
            new_id = uuid.uuid4().hex
            tables[conversations].put_item({**conversation, "conversation_id": {"S": new_id}})
            for attrs in partition:
                tables[messages].put_item({**attrs, "conversation_id": {"S": new_id}})
        for table in (tables[conversations], tables[messages]):
            table.__dict__.pop("_guichet_index_state", None)  # written around the index maps: rebuild them


def _build_baseline(host: str, port: int) -> web.Application:
    """The baseline relay behind the same gateway, on the same emulated DynamoDB and fault injection."""
    from local.stack import GATEWAY, THROTTLER, local_environment

    os.environ.update(local_environment(host, port))
    from moto import mock_aws

    from local.dynamodb_throttling import THROTTLE_ENV, DynamoDBThrottler
    from local.gateway import LocalGateway
    from local.moto_dynamodb import emulate_dynamodb
    from local.stack import ROOT

    mock = mock_aws()
    mock.start()
    emulate_dynamodb()
    throttler = DynamoDBThrottler(float(os.environ.get(THROTTLE_ENV) or 0))
    if throttler.share > 0:
        throttler.install()
    from bench import baseline_relay

    baseline_relay.create_table()
    gateway = LocalGateway(baseline_relay.app, ROOT / "static_site", domain_name=f"{host}:{port}", stage="local")
    web_app = web.Application()
    web_app[GATEWAY] = gateway
    web_app[THROTTLER] = throttler
    gateway.add_routes(web_app)

    async def stop(_: web.Application) -> None:
        await gateway.close()
        mock.stop()

    web_app.on_shutdown.append(stop)
    return web_app


def main() -> None:
    """Install the counter, build the stack, add the /_bench routes, serve."""
    parser = argparse.ArgumentParser()
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--app", choices=("guichet", "baseline"), default="guichet")
    args = parser.parse_args()
    counter = DynamoDBCallCounter()
    counter.install()
    from local.stack import GATEWAY, THROTTLER, build_local_app

    if args.app == "guichet":
        web_app = build_local_app("127.0.0.1", args.port)
    else:
        web_app = _build_baseline("127.0.0.1", args.port)

    async def counts(_: web.Request) -> web.Response:
        return web.json_response(
            {
                "dynamodb": dict(counter.snapshot()),
                "invocations": dict(web_app[GATEWAY].invocations),
                "throttle": web_app[THROTTLER].counts(),
            }
        )

    async def stored(request: web.Request) -> web.Response:
        return web.json_response(_stored_messages(json.loads(await request.read())["conversations"]))

    async def clone(request: web.Request) -> web.Response:
        body = json.loads(await request.read())
        _clone(body["conversation_id"], int(body["copies"]))
        return web.json_response({"ok": True})

    web_app.router.add_get(COUNTS_PATH, counts)
    web_app.router.add_post(STORED_PATH, stored)
    web_app.router.add_post(CLONE_PATH, clone)
    web.run_app(web_app, host="127.0.0.1", port=args.port, print=None, access_log=None)


if __name__ == "__main__":
    main()
