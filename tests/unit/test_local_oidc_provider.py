"""The local identity provider's OpenID Connect endpoints, as the console (and Cognito's rules) expect them."""
from __future__ import annotations

import asyncio
import secrets
import urllib.parse
from collections.abc import Awaitable, Callable
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import jwt
from aiohttp import web
from aiohttp.test_utils import TestClient, TestServer

from local.identity import LocalIdentityProvider
from local.oidc_provider import LocalOidcProvider, pkce_challenge

ISSUER = "http://127.0.0.1:8000/local-idp"
CLIENT = "guichet-local"
CONSOLE = "http://127.0.0.1:8000/agent.html"


def run(scenario: Callable[[TestClient], Awaitable[Any]]) -> Any:
    """Run a scenario against a fresh provider on a test server."""

    async def main() -> Any:
        app = web.Application()
        provider = LocalOidcProvider(
            LocalIdentityProvider(ISSUER, CLIENT), redirect_uris=[CONSOLE], logout_uris=[CONSOLE], token_lifetime_s=300
        )
        provider.add_routes(app)
        async with TestClient(TestServer(app)) as client:
            return await scenario(client)

    # On a thread of its own: when the whole suite runs, the browser tests' Playwright keeps a loop running here.
    with ThreadPoolExecutor(max_workers=1) as thread:
        return thread.submit(asyncio.run, main()).result()


def authorize_params(verifier: str, **extra: str) -> dict[str, str]:
    return {
        "client_id": CLIENT,
        "redirect_uri": CONSOLE,
        "response_type": "code",
        "scope": "openid profile email",
        "state": "st4te",
        "code_challenge": pkce_challenge(verifier),
        "code_challenge_method": "S256",
        **extra,
    }


async def sign_in(client: TestClient, verifier: str, username: str = "agent1", password: str = "demo") -> Any:
    return await client.post(
        "/local-idp/oauth2/authorize",
        data={**authorize_params(verifier), "username": username, "password": password},
        allow_redirects=False,
    )


def code_of(response: Any) -> str:
    location = urllib.parse.urlsplit(response.headers["Location"])
    assert f"{location.scheme}://{location.netloc}{location.path}" == CONSOLE
    query = dict(urllib.parse.parse_qsl(location.query))
    assert query["state"] == "st4te"
    return query["code"]


async def exchange(client: TestClient, code: str, verifier: str) -> Any:
    return await client.post(
        "/local-idp/oauth2/token",
        data={"grant_type": "authorization_code", "code": code, "code_verifier": verifier,
              "redirect_uri": CONSOLE, "client_id": CLIENT},
    )  # fmt: skip


def test_discovery_names_the_endpoints_and_only_the_code_flow_with_s256() -> None:
    async def scenario(client: TestClient) -> dict[str, Any]:
        return await (await client.get("/local-idp/.well-known/openid-configuration")).json()

    document = run(scenario)
    assert document["issuer"] == ISSUER
    assert document["token_endpoint"] == "http://127.0.0.1:8000/local-idp/oauth2/token"
    assert document["jwks_uri"] == "http://127.0.0.1:8000/.well-known/jwks.json"
    assert document["response_types_supported"] == ["code"]
    assert document["code_challenge_methods_supported"] == ["S256"]


def test_the_sign_in_page_is_french_and_labelled() -> None:
    async def scenario(client: TestClient) -> str:
        return await (await client.get("/local-idp/oauth2/authorize", params=authorize_params("v" * 43))).text()

    page = run(scenario)
    assert '<html lang="fr">' in page and '<label for="username"' in page and '<label for="password"' in page


def test_a_code_with_its_verifier_gets_tokens_once_and_a_refresh_renews_them() -> None:
    verifier = secrets.token_urlsafe(48)

    async def scenario(client: TestClient) -> tuple[Any, ...]:
        code = code_of(await sign_in(client, verifier))
        first = await exchange(client, code, verifier)
        again = await exchange(client, code, verifier)
        tokens = await first.json()
        renewed = await client.post(
            "/local-idp/oauth2/token",
            data={"grant_type": "refresh_token", "refresh_token": tokens["refresh_token"], "client_id": CLIENT},
        )
        return first.status, tokens, again.status, renewed.status, await renewed.json()

    status, tokens, again, renewed_status, renewed = run(scenario)
    assert status == 200 and again == 400
    claims = jwt.decode(tokens["id_token"], options={"verify_signature": False})
    assert (claims["aud"], claims["token_use"], claims["cognito:username"]) == (CLIENT, "id", "agent1")
    assert renewed_status == 200 and "refresh_token" not in renewed
    assert jwt.decode(renewed["id_token"], options={"verify_signature": False})["auth_time"] == claims["auth_time"]


def test_a_wrong_verifier_spends_the_code_and_gets_nothing() -> None:
    verifier = secrets.token_urlsafe(48)

    async def scenario(client: TestClient) -> tuple[int, int]:
        code = code_of(await sign_in(client, verifier))
        wrong = await exchange(client, code, secrets.token_urlsafe(48))
        right_too_late = await exchange(client, code, verifier)
        return wrong.status, right_too_late.status

    assert run(scenario) == (400, 400)


def test_an_unregistered_redirect_uri_is_never_redirected_to() -> None:
    async def scenario(client: TestClient) -> Any:
        params = authorize_params("v" * 43, redirect_uri="https://evil.example/agent.html")
        return await client.get("/local-idp/oauth2/authorize", params=params, allow_redirects=False)

    response = run(scenario)
    assert response.status == 400 and "Location" not in response.headers


def test_no_pkce_goes_back_to_the_console_with_an_error() -> None:
    async def scenario(client: TestClient) -> Any:
        params = {**authorize_params("v" * 43), "code_challenge_method": "plain"}
        return await client.get("/local-idp/oauth2/authorize", params=params, allow_redirects=False)

    response = run(scenario)
    assert response.status == 302 and "error=invalid_request" in response.headers["Location"]


def test_a_temporary_password_asks_for_a_new_one_before_any_code() -> None:
    verifier = secrets.token_urlsafe(48)

    async def scenario(client: TestClient) -> tuple[int, str, int]:
        first = await sign_in(client, verifier, username="recrue")
        page = await first.text()
        session = page.split('name="session" value="')[1].split('"')[0]
        done = await client.post(
            "/local-idp/oauth2/authorize",
            data={**authorize_params(verifier), "step": "new_password", "session": session,
                  "new_password": "un-long-mot-de-passe", "new_password_confirmation": "un-long-mot-de-passe"},
            allow_redirects=False,
        )  # fmt: skip
        return first.status, page, done.status

    status, page, done = run(scenario)
    assert status == 200 and "Nouveau mot de passe" in page and "Location" not in page
    assert done == 302


def test_sign_out_revokes_the_refresh_tokens_and_returns_to_the_console() -> None:
    verifier = secrets.token_urlsafe(48)

    async def scenario(client: TestClient) -> tuple[int, str, int]:
        tokens = await (await exchange(client, code_of(await sign_in(client, verifier)), verifier)).json()
        out = await client.get(
            "/local-idp/logout",
            params={"client_id": CLIENT, "logout_uri": CONSOLE, "id_token_hint": tokens["id_token"]},
            allow_redirects=False,
        )
        renewed = await client.post(
            "/local-idp/oauth2/token",
            data={"grant_type": "refresh_token", "refresh_token": tokens["refresh_token"], "client_id": CLIENT},
        )
        return out.status, out.headers["Location"], renewed.status

    assert run(scenario) == (302, CONSOLE, 400)
