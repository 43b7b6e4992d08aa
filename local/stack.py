"""The whole product on a laptop: moto's DynamoDB, the local identity provider, the gateway, the site."""
from __future__ import annotations

import importlib
import json
import os
import sys
from collections.abc import Mapping
from pathlib import Path

from aiohttp import web

from local.dynamodb_throttling import THROTTLE_ENV, DynamoDBThrottler
from local.gateway import LocalGateway

__all__ = ["GATEWAY", "ROOT", "THROTTLER", "build_local_app", "local_environment"]

ROOT = Path(__file__).resolve().parent.parent
STAGE = "local"
AUDIENCE = "guichet-local"

# What the benchmark reads from a running stack: invocations per route, throttles injected.
GATEWAY = web.AppKey("gateway", LocalGateway)
THROTTLER = web.AppKey("dynamodb_throttler", DynamoDBThrottler)


def chalice_stage_environment(stage: str = STAGE) -> dict[str, str]:
    """The environment `.chalice/config.json` gives a stage: its global values, then the stage's own."""
    config = json.loads((ROOT / ".chalice" / "config.json").read_text(encoding="utf-8"))
    return {**config.get("environment_variables", {}), **config["stages"][stage].get("environment_variables", {})}


def local_environment(host: str, port: int) -> dict[str, str]:
    """The environment the Lambda code sees locally: the `local` stage's, fake credentials, the local IdP."""
    base = f"http://{host}:{port}"
    stage = chalice_stage_environment()
    return {
        **stage,
        "AWS_ACCESS_KEY_ID": "testing",
        "AWS_SECRET_ACCESS_KEY": "testing",
        "AWS_SESSION_TOKEN": "testing",
        "AWS_DEFAULT_REGION": "eu-west-3",
        "AWS_REGION": "eu-west-3",
        "GUICHET_JWKS_URL": f"{base}/.well-known/jwks.json",
        "GUICHET_JWT_ISSUER": f"{base}/local-idp",
        "GUICHET_JWT_AUDIENCE": AUDIENCE,
        # Lambda's Invoke API (the queue broadcaster's asynchronous invocations) is served by the gateway too.
        "GUICHET_LAMBDA_ENDPOINT": base,
        # Metrics go to stdout as CloudWatch EMF: quiet on a laptop (the handler tests read them).
        "POWERTOOLS_METRICS_DISABLED": "true",
        "POWERTOOLS_LOG_LEVEL": os.environ.get("POWERTOOLS_LOG_LEVEL", stage["POWERTOOLS_LOG_LEVEL"]),
    }


def build_local_app(host: str, port: int, overrides: Mapping[str, str] | None = None) -> web.Application:
    """Start moto, import the Chalice app under it, create and seed the tables, and route everything."""
    os.environ.update(local_environment(host, port))
    os.environ.update(overrides or {})
    from moto import mock_aws

    from local.moto_dynamodb import emulate_dynamodb

    mock = mock_aws()
    mock.start()
    emulate_dynamodb()
    throttler = DynamoDBThrottler(float(os.environ.get(THROTTLE_ENV) or 0))
    if throttler.share > 0:
        throttler.install()  # before the app makes its DynamoDB clients

    from chalicelib.config import Settings
    from local.dynamodb_tables import create_tables
    from local.identity import LocalIdentityProvider
    from local.lambda_api import LocalLambdaService
    from local.seed import seed_demo_data

    sys.path.insert(0, str(ROOT))
    chalice_module = importlib.import_module("app")
    settings = Settings.from_env()
    create_tables(settings)
    seed_demo_data(settings)

    identity = LocalIdentityProvider(issuer=settings.jwt_issuer, audience=settings.jwt_audience)
    gateway = LocalGateway(chalice_module.app, ROOT / "static_site", domain_name=f"{host}:{port}", stage=STAGE)
    web_app = web.Application(client_max_size=1024 * 1024)
    web_app[GATEWAY] = gateway
    web_app[THROTTLER] = throttler
    lambdas = LocalLambdaService(chalice_module.app, STAGE)
    identity.add_routes(web_app)  # before the gateway's /api catch-all
    lambdas.add_routes(web_app)
    gateway.add_routes(web_app)

    async def stop(_: web.Application) -> None:
        await gateway.close()
        await lambdas.close()
        mock.stop()

    web_app.on_shutdown.append(stop)
    return web_app
