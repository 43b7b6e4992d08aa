"""The laptop identity provider: demo logins, token claims, JWKS, and its two HTTP routes."""
from __future__ import annotations

import asyncio
import json
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from typing import Any

import jwt
import pytest
from aiohttp import web

from local.identity import DEMO_ACCOUNTS, InvalidCredentialsError, LocalIdentityProvider

ISSUER = "http://127.0.0.1/local-idp"
AUDIENCE = "guichet-local-client"


@pytest.fixture(scope="module")
def provider() -> LocalIdentityProvider:
    return LocalIdentityProvider(ISSUER, AUDIENCE)


def decode(provider: LocalIdentityProvider, token: str) -> dict[str, Any]:
    """Verify a token with the provider's published JWKS, as a relying party would."""
    key = jwt.PyJWKSet.from_dict(provider.jwks())[jwt.get_unverified_header(token)["kid"]]
    return jwt.decode(token, key.key, algorithms=["RS256"], audience=AUDIENCE, issuer=ISSUER)


# --- the provider object ------------------------------------------------------------------------


def test_demo_accounts_are_the_desks_36_officers_and_a_supervisor() -> None:
    assert set(DEMO_ACCOUNTS) == {f"agent{n}" for n in range(1, 37)} | {"superviseur"}
    for name in (f"agent{n}" for n in range(1, 37)):
        assert DEMO_ACCOUNTS[name].groups == frozenset({"agents"})
    assert DEMO_ACCOUNTS["superviseur"].groups == frozenset({"supervisors", "agents"})
    assert DEMO_ACCOUNTS["agent1"].display_name == "Gardienne de la paix Léa B."
    assert DEMO_ACCOUNTS["superviseur"].display_name == "Capitaine Hélène R."
    assert all(account.password == "demo" for account in DEMO_ACCOUNTS.values())
    assert len({account.display_name for account in DEMO_ACCOUNTS.values()}) == len(DEMO_ACCOUNTS)


def test_login_returns_a_verifiable_cognito_shaped_id_token(provider: LocalIdentityProvider) -> None:
    before = int(time.time())
    token = provider.login("agent2", "demo")

    header = jwt.get_unverified_header(token)
    claims = decode(provider, token)

    assert header["alg"] == "RS256"
    assert header["kid"] == provider.kid
    assert claims["iss"] == ISSUER
    assert claims["aud"] == AUDIENCE
    assert claims["cognito:username"] == "agent2"
    assert claims["name"] == "Brigadier Karim D."
    assert claims["cognito:groups"] == ["agents"]
    assert claims["token_use"] == "id"
    assert claims["sub"]
    assert before <= claims["iat"] <= int(time.time())
    assert claims["exp"] == claims["iat"] + 8 * 3600


def test_the_supervisor_token_carries_both_groups(provider: LocalIdentityProvider) -> None:
    claims = decode(provider, provider.login("superviseur", "demo"))

    assert sorted(claims["cognito:groups"]) == ["agents", "supervisors"]


def test_an_account_keeps_the_same_subject_across_logins(provider: LocalIdentityProvider) -> None:
    first = decode(provider, provider.login("agent1", "demo"))["sub"]
    second = decode(provider, provider.login("agent1", "demo"))["sub"]
    other = decode(provider, provider.login("agent3", "demo"))["sub"]

    assert first == second
    assert first != other


@pytest.mark.parametrize(
    ("username", "password"),
    [("agent1", "wrong"), ("agent1", ""), ("agent1", "DEMO"), ("nobody", "demo"), ("", ""), ("agent1", "démo\ud800")],
)
def test_login_with_wrong_credentials_is_refused(provider: LocalIdentityProvider, username: str, password: str) -> None:
    with pytest.raises(InvalidCredentialsError):
        provider.login(username, password)


def test_issue_token_can_mint_expired_and_groupless_tokens(provider: LocalIdentityProvider) -> None:
    expired = provider.issue_token("agent1", lifetime_s=-60)
    groupless = provider.issue_token("agent1", groups=[])

    with pytest.raises(jwt.ExpiredSignatureError):
        decode(provider, expired)
    assert decode(provider, groupless)["cognito:groups"] == []


def test_issue_token_rejects_an_unknown_account(provider: LocalIdentityProvider) -> None:
    with pytest.raises(KeyError):
        provider.issue_token("nobody")


def test_a_token_from_another_provider_does_not_verify_with_this_jwks(provider: LocalIdentityProvider) -> None:
    other = LocalIdentityProvider(ISSUER, AUDIENCE)
    claims = jwt.decode(other.login("agent1", "demo"), options={"verify_signature": False})
    forged = other.sign(claims, kid=provider.kid)

    assert other.kid != provider.kid
    with pytest.raises(jwt.InvalidSignatureError):
        decode(provider, forged)


def test_jwks_publishes_only_the_public_rsa_key(provider: LocalIdentityProvider) -> None:
    jwks = provider.jwks()

    assert list(jwks) == ["keys"]
    [key] = jwks["keys"]
    assert set(key) == {"kty", "kid", "use", "alg", "n", "e"}
    assert key["kty"] == "RSA"
    assert key["kid"] == provider.kid
    assert key["use"] == "sig"
    assert key["alg"] == "RS256"
    assert key["e"] == "AQAB"
    assert len(jwt.utils.base64url_decode(key["n"])) == 256  # 2048-bit modulus
    json.dumps(jwks)  # serialisable as is


# --- the HTTP routes, on a real aiohttp server ----------------------------------------------------


@pytest.fixture(scope="module")
def base_url(provider: LocalIdentityProvider) -> Iterator[str]:
    """The provider's routes served by aiohttp on 127.0.0.1, on a loop in a background thread."""
    loop = asyncio.new_event_loop()
    thread = threading.Thread(target=loop.run_forever, daemon=True)
    thread.start()
    app = web.Application()
    provider.add_routes(app)
    runner = web.AppRunner(app, access_log=None)

    async def start() -> int:
        await runner.setup()
        site = web.TCPSite(runner, "127.0.0.1", 0)
        await site.start()
        return runner.addresses[0][1]

    port = asyncio.run_coroutine_threadsafe(start(), loop).result(timeout=5)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        asyncio.run_coroutine_threadsafe(runner.cleanup(), loop).result(timeout=5)
        loop.call_soon_threadsafe(loop.stop)
        thread.join(timeout=5)
        loop.close()


def call(url: str, body: bytes | None = None) -> tuple[int, dict[str, str], Any]:
    """(status, headers, JSON body) of a GET, or of a POST when there is a body."""
    request = urllib.request.Request(url, data=body, headers={"Content-Type": "application/json"} if body else {})
    try:
        with urllib.request.urlopen(request, timeout=5) as response:
            return response.status, dict(response.headers), json.load(response)
    except urllib.error.HTTPError as error:
        with error:
            return error.code, dict(error.headers), json.load(error)


def post_login(base_url: str, body: bytes) -> tuple[int, dict[str, str], Any]:
    return call(base_url + "/api/auth/login", body)


def test_the_login_route_returns_a_token(base_url: str, provider: LocalIdentityProvider) -> None:
    status, headers, body = post_login(base_url, json.dumps({"username": "agent3", "password": "demo"}).encode())

    assert status == 200
    assert body["expires_in"] == 8 * 3600
    assert headers["Cache-Control"] == "no-store"
    claims = decode(provider, body["token"])
    assert claims["cognito:username"] == "agent3"
    assert claims["name"] == "Gardienne de la paix Inès M."


def test_the_login_route_answers_401_to_wrong_credentials(base_url: str) -> None:
    status, _, body = post_login(base_url, json.dumps({"username": "agent1", "password": "nope"}).encode())

    assert status == 401
    assert body == {"code": "invalid_credentials", "message": "Identifiant ou mot de passe incorrect."}


@pytest.mark.parametrize(
    "raw",
    [
        b"{not json",
        b"\xff\xfe",
        b"[]",
        b'"agent1"',
        b"null",
        b"{}",
        b'{"username": "agent1"}',
        b'{"password": "demo"}',
        b'{"username": 1, "password": "demo"}',
        b'{"username": "agent1", "password": null}',
        b'{"username": ["agent1"], "password": ["demo"]}',
    ],
)
def test_the_login_route_answers_400_to_a_malformed_request(base_url: str, raw: bytes) -> None:
    status, _, body = post_login(base_url, raw)

    assert status == 400
    assert body["code"] == "invalid_request"
    assert isinstance(body["message"], str) and body["message"]


def test_the_jwks_route_serves_the_public_keys(base_url: str, provider: LocalIdentityProvider) -> None:
    status, _, body = call(base_url + "/.well-known/jwks.json")

    assert status == 200
    assert body == provider.jwks()
