"""The whole product on a laptop: moto's DynamoDB, the local identity provider, the gateway, the site."""
from __future__ import annotations

import importlib
import json
import os
import secrets
import sys
from collections.abc import Mapping
from pathlib import Path

from aiohttp import web

from local.collector_pauses import keep_collector_pauses_short
from local.dynamodb_throttling import THROTTLE_ENV, DynamoDBThrottler
from local.gateway import LocalGateway
from local.oidc_provider import ISSUER_PATH
from tools.build_version import UNKNOWN_VERSION, build_version

__all__ = ["GATEWAY", "ROOT", "THROTTLER", "build_local_app", "local_environment"]

ROOT = Path(__file__).resolve().parent.parent
STAGE = "local"
AUDIENCE = "guichet-local"
# The ID and access tokens' lifetime from the local sign-in page (Cognito's app client: 1 hour);
# a test shortens it to see the console renew them.
TOKEN_LIFETIME_ENV = "GUICHET_LOCAL_TOKEN_LIFETIME_S"
CONSOLE_PATH = "/agent.html"
# The officers' pages the identity provider may send back to (infrastructure/stacks/console_config.py's).
INBOX_PATH = "/signalements.html"
OFFICER_PAGES = (CONSOLE_PATH, INBOX_PATH)

# What the benchmark reads from a running stack: invocations per route, throttles injected.
GATEWAY = web.AppKey("gateway", LocalGateway)
THROTTLER = web.AppKey("dynamodb_throttler", DynamoDBThrottler)


# The local stage's salt secret (created in moto's Secrets Manager at start, a fresh random value each run).
LOCAL_SALT_SECRET = "guichet-local-rate-limit-salt"

# Delays a test stack may set from its own environment, over the stage's values.
TIMING_OVERRIDES = ("GUICHET_TRANSFER_OFFER_S", "GUICHET_REPLY_TIMEOUT_S", "GUICHET_REPLY_REMINDER_S")


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
        "GUICHET_JWT_ISSUER": f"{base}{ISSUER_PATH}",
        "GUICHET_JWT_AUDIENCE": AUDIENCE,
        # Lambda's Invoke API (the queue broadcaster's asynchronous invocations) is served by the gateway too.
        "GUICHET_LAMBDA_ENDPOINT": base,
        # Metrics go to stdout as CloudWatch EMF: quiet on a laptop (the handler tests read them).
        "POWERTOOLS_METRICS_DISABLED": "true",
        "POWERTOOLS_LOG_LEVEL": os.environ.get("POWERTOOLS_LOG_LEVEL", stage["POWERTOOLS_LOG_LEVEL"]),
        # The build, as the deploy passes it: /api/health and config.js show it.
        "GUICHET_VERSION": build_version(),
        # The salt is read from Secrets Manager (moto's here), as on AWS: build_local_app creates the secret.
        "GUICHET_SALT_SECRET": LOCAL_SALT_SECRET,
        # Tests and demos may shorten the transfer and reply delays (e.g. a re-queue after a few seconds).
        **{name: os.environ[name] for name in TIMING_OVERRIDES if name in os.environ},
    }


def site_config(host: str, port: int, version: str = UNKNOWN_VERSION) -> dict[str, object]:
    """What the local `config.js` gives the pages: the same keys as the deployed one (infrastructure/)."""
    base = f"http://{host}:{port}"
    return {
        "apiBase": "/api",
        "wsUrl": None,
        "version": version,
        "auth": {
            "authority": f"{base}{ISSUER_PATH}",
            "clientId": AUDIENCE,
            "redirectUri": f"{base}{CONSOLE_PATH}",
            "postLogoutRedirectUri": f"{base}{CONSOLE_PATH}",
            "inboxRedirectUri": f"{base}{INBOX_PATH}",
            "scope": "openid profile email",
        },
    }


def create_salt_secret() -> None:
    """The stage's salt in Secrets Manager, as the stack creates it (a random value, never in the environment)."""
    import boto3

    boto3.client("secretsmanager").create_secret(
        Name=LOCAL_SALT_SECRET,
        Description="Salt of the rate limits' source hashes and of the report secrets (local stage)",
        SecretString=secrets.token_urlsafe(36),
    )


def config_script(values: Mapping[str, object]) -> str:
    """`config.js` as the deployed site has it: `window.GUICHET_CONFIG = {...}`."""
    return f"window.GUICHET_CONFIG = {json.dumps(dict(values), indent=2)};\n"


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

    create_salt_secret()

    from chalicelib.config import Settings
    from local.cognito_authorizer import JwksTokenVerifier
    from local.dynamodb_tables import create_tables
    from local.identity import LocalIdentityProvider
    from local.lambda_api import LocalLambdaService
    from local.oidc_provider import LocalOidcProvider
    from local.seed import seed_demo_data

    sys.path.insert(0, str(ROOT))
    chalice_module = importlib.import_module("app")
    settings = Settings.from_env()
    create_tables(settings)
    seed_demo_data(settings)

    identity = LocalIdentityProvider(issuer=settings.jwt_issuer, audience=settings.jwt_audience)
    pages = [f"http://{host}:{port}{path}" for path in OFFICER_PAGES]
    oidc = LocalOidcProvider(
        identity,
        redirect_uris=pages,
        logout_uris=pages,
        token_lifetime_s=int(os.environ.get(TOKEN_LIFETIME_ENV) or 3600),
    )
    verifier = JwksTokenVerifier(settings.jwks_url, settings.jwt_issuer, settings.jwt_audience, leeway_s=0)
    gateway = LocalGateway(
        chalice_module.app,
        ROOT / "static_site",
        domain_name=f"{host}:{port}",
        stage=STAGE,
        token_verifier=verifier,
    )
    web_app = web.Application(client_max_size=1024 * 1024)
    web_app[GATEWAY] = gateway
    web_app[THROTTLER] = throttler
    lambdas = LocalLambdaService(chalice_module.app, STAGE)
    identity.add_routes(web_app)  # before the gateway's /api catch-all
    oidc.add_routes(web_app)
    config = config_script(site_config(host, port, settings.version))

    async def serve_config(_: web.Request) -> web.Response:
        return web.Response(text=config, content_type="application/javascript", headers={"Cache-Control": "no-store"})

    # Before the static files: static_site/config.js (no sign-in settings) is only the fallback.
    web_app.router.add_get("/config.js", serve_config)
    lambdas.add_routes(web_app)
    gateway.add_routes(web_app)

    async def stop(_: web.Application) -> None:
        await gateway.close()
        await lambdas.close()
        mock.stop()

    web_app.on_shutdown.append(stop)
    keep_collector_pauses_short()  # last: the seeded tables are frozen with the rest
    return web_app
