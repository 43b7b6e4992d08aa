"""JwksTokenVerifier against the local identity provider's JWKS served over real HTTP on 127.0.0.1."""
from __future__ import annotations

import base64
import hashlib
import hmac
import json
import logging
import socket
import threading
import time
from collections.abc import Callable, Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import jwt
import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa

from chalicelib.config import Settings
from chalicelib.domain.agent import AgentIdentity
from chalicelib.errors import InvalidTokenError
from local.cognito_authorizer import JwksTokenVerifier
from local.identity import LocalIdentityProvider

ISSUER = "http://127.0.0.1/local-idp"
AUDIENCE = "guichet-local-client"


class JwksServer:
    """A JWKS endpoint on 127.0.0.1 that counts its fetches; its body can be swapped per test."""

    def __init__(self, body: Callable[[], bytes]) -> None:
        self.body = body
        self.fetches = 0
        server = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                server.fetches += 1
                payload = server.body()
                self.send_response(200)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(payload)))
                self.end_headers()
                self.wfile.write(payload)

            def log_message(self, format: str, *args: Any) -> None:
                """Keep test output quiet."""

        self._httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self._httpd.server_address[1]}/.well-known/jwks.json"
        self._thread = threading.Thread(target=self._httpd.serve_forever, args=(0.05,), daemon=True)
        self._thread.start()

    def close(self) -> None:
        self._httpd.shutdown()
        self._httpd.server_close()
        self._thread.join(timeout=5)


@pytest.fixture(scope="module")
def provider() -> LocalIdentityProvider:
    return LocalIdentityProvider(ISSUER, AUDIENCE)


@pytest.fixture(scope="module")
def shared_jwks_server() -> Iterator[JwksServer]:
    server = JwksServer(lambda: b"")
    yield server
    server.close()


@pytest.fixture
def jwks_server(provider: LocalIdentityProvider, shared_jwks_server: JwksServer) -> JwksServer:
    """The JWKS server, serving the provider's keys and with its fetch count reset."""
    shared_jwks_server.body = lambda: json.dumps(provider.jwks()).encode()
    shared_jwks_server.fetches = 0
    return shared_jwks_server


@pytest.fixture
def verifier(jwks_server: JwksServer) -> JwksTokenVerifier:
    return JwksTokenVerifier(jwks_server.url, ISSUER, AUDIENCE)


def claims_of(token: str) -> dict[str, Any]:
    """A token's claims, unverified, to re-sign them altered."""
    return jwt.decode(token, options={"verify_signature": False})


def b64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def forge(header: dict[str, Any], claims: dict[str, Any], sign: Callable[[bytes], bytes]) -> str:
    """A compact JWS built by hand, for algorithms PyJWT refuses to produce (none, HS256 with a PEM key)."""
    signing_input = f"{b64url(json.dumps(header).encode())}.{b64url(json.dumps(claims).encode())}"
    return f"{signing_input}.{b64url(sign(signing_input.encode()))}"


def public_pem(provider: LocalIdentityProvider) -> bytes:
    """The provider's public key as PEM, as an attacker would read it from the JWKS."""
    key = jwt.PyJWK.from_dict(provider.jwks()["keys"][0]).key
    return key.public_bytes(serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo)


def fresh_claims(provider: LocalIdentityProvider, **changes: Any) -> dict[str, Any]:
    """agent1's valid claims, with some changed (a None value removes the claim)."""
    claims = claims_of(provider.login("agent1", "demo"))
    claims.update(changes)
    return {name: value for name, value in claims.items() if value is not None}


def unused_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


# --- accepted -----------------------------------------------------------------------------------


def test_a_demo_agents_token_gives_their_identity(provider: LocalIdentityProvider, verifier: JwksTokenVerifier) -> None:
    identity = verifier.verify(provider.login("agent1", "demo"))

    assert identity == AgentIdentity("agent1", "Gardienne de la paix Léa B.", frozenset({"agents"}))
    assert not identity.is_supervisor


def test_the_supervisor_is_recognised(provider: LocalIdentityProvider, verifier: JwksTokenVerifier) -> None:
    identity = verifier.verify(provider.login("superviseur", "demo"))

    assert identity.agent_id == "superviseur"
    assert identity.display_name == "Capitaine Hélène R."
    assert identity.groups == frozenset({"agents", "supervisors"})
    assert identity.is_supervisor


def test_a_supervisor_only_token_is_accepted(provider: LocalIdentityProvider, verifier: JwksTokenVerifier) -> None:
    identity = verifier.verify(provider.issue_token("superviseur", groups=["supervisors"]))

    assert identity.groups == frozenset({"supervisors"})


def test_a_cognito_access_token_is_accepted_by_its_client_id(
    provider: LocalIdentityProvider, verifier: JwksTokenVerifier
) -> None:
    token = provider.sign(fresh_claims(provider, aud=None, token_use="access", client_id=AUDIENCE, name=None))

    identity = verifier.verify(token)

    assert identity.agent_id == "agent1"
    assert identity.display_name == "agent1"  # access tokens carry no name


def test_the_agent_id_falls_back_to_username_then_sub(
    provider: LocalIdentityProvider, verifier: JwksTokenVerifier
) -> None:
    by_username = provider.sign(fresh_claims(provider, **{"cognito:username": None, "username": "agent-u"}))
    by_sub = provider.sign(fresh_claims(provider, **{"cognito:username": None, "sub": "sub-123", "name": ""}))

    assert verifier.verify(by_username).agent_id == "agent-u"
    assert verifier.verify(by_sub) == AgentIdentity("sub-123", "sub-123", frozenset({"agents"}))


def test_a_token_expired_within_the_leeway_is_accepted(
    provider: LocalIdentityProvider, verifier: JwksTokenVerifier
) -> None:
    assert verifier.verify(provider.issue_token("agent2", lifetime_s=-5)).agent_id == "agent2"


def test_the_jwks_is_fetched_once_and_cached(
    provider: LocalIdentityProvider, verifier: JwksTokenVerifier, jwks_server: JwksServer
) -> None:
    assert jwks_server.fetches == 0  # built lazily: nothing fetched before the first token
    for username in ("agent1", "agent2", "agent3", "superviseur"):
        verifier.verify(provider.login(username, "demo"))

    assert jwks_server.fetches == 1


def test_from_settings_reads_the_user_pool_settings(provider: LocalIdentityProvider, jwks_server: JwksServer) -> None:
    settings = Settings(jwks_url=jwks_server.url, jwt_issuer=ISSUER, jwt_audience=AUDIENCE)

    assert JwksTokenVerifier.from_settings(settings).verify(provider.login("agent3", "demo")).agent_id == "agent3"


# --- rejected -----------------------------------------------------------------------------------

OTHER_KEY = rsa.generate_private_key(public_exponent=65537, key_size=2048)

REJECTED: dict[str, Callable[[LocalIdentityProvider], str]] = {
    "expired": lambda p: p.issue_token("agent1", lifetime_s=-3600),
    "another key with the same kid": lambda p: jwt.encode(
        fresh_claims(p), OTHER_KEY, algorithm="RS256", headers={"kid": p.kid}
    ),
    "unknown kid": lambda p: p.sign(fresh_claims(p), kid="not-a-known-kid"),
    "no kid": lambda p: jwt.encode(fresh_claims(p), OTHER_KEY, algorithm="RS256"),
    "wrong issuer": lambda p: p.sign(fresh_claims(p, iss="https://cognito-idp.eu-west-3.amazonaws.com/other")),
    "wrong audience": lambda p: p.sign(fresh_claims(p, aud="another-client")),
    "no audience": lambda p: p.sign(fresh_claims(p, aud=None)),
    "access token for another client": lambda p: p.sign(
        fresh_claims(p, aud=None, token_use="access", client_id="another-client")
    ),
    "id token naming the client only in client_id": lambda p: p.sign(fresh_claims(p, aud=None, client_id=AUDIENCE)),
    "no group": lambda p: p.issue_token("agent1", groups=[]),
    "another group": lambda p: p.issue_token("agent1", groups=["citizens"]),
    "groups not a list": lambda p: p.sign(fresh_claims(p, **{"cognito:groups": "agents"})),
    "no exp": lambda p: p.sign(fresh_claims(p, exp=None)),
    "no iat": lambda p: p.sign(fresh_claims(p, iat=None)),
    "no iss": lambda p: p.sign(fresh_claims(p, iss=None)),
    "no sub": lambda p: p.sign(fresh_claims(p, sub=None)),
    "issued in the future": lambda p: p.sign(fresh_claims(p, iat=int(time.time()) + 3600)),
    "alg none": lambda p: forge({"alg": "none", "typ": "JWT", "kid": p.kid}, fresh_claims(p), lambda _: b""),
    "HS256 with the public key as secret": lambda p: forge(
        {"alg": "HS256", "typ": "JWT", "kid": p.kid},
        fresh_claims(p),
        lambda data: hmac.new(public_pem(p), data, hashlib.sha256).digest(),
    ),
    "tampered payload": lambda p: ".".join(
        [
            (parts := p.login("agent1", "demo").split("."))[0],
            b64url(json.dumps(fresh_claims(p, **{"cognito:groups": ["supervisors"]})).encode()),
            parts[2],
        ]
    ),
    "random garbage": lambda p: "this is not a token at all",
    "three garbage segments": lambda p: "a.b.c",
    "binary-looking garbage": lambda p: "\x00\xff.\u00e9\u00e9.%%%",
    "empty string": lambda p: "",
}


# Why PyJWT refused each token (None: the verifier's own audience / group / emptiness checks did),
# so a case cannot pass by failing for an unrelated reason.
REJECTED_BECAUSE: dict[str, type[Exception] | None] = {
    "expired": jwt.ExpiredSignatureError,
    "another key with the same kid": jwt.InvalidSignatureError,
    "unknown kid": jwt.PyJWKClientError,
    "no kid": jwt.InvalidTokenError,
    "wrong issuer": jwt.InvalidIssuerError,
    "no exp": jwt.MissingRequiredClaimError,
    "no iat": jwt.MissingRequiredClaimError,
    "no iss": jwt.MissingRequiredClaimError,
    "no sub": jwt.MissingRequiredClaimError,
    "issued in the future": jwt.ImmatureSignatureError,
    "alg none": jwt.InvalidAlgorithmError,
    "HS256 with the public key as secret": jwt.InvalidAlgorithmError,
    "tampered payload": jwt.InvalidSignatureError,
    "random garbage": jwt.DecodeError,
    "three garbage segments": jwt.DecodeError,
    "binary-looking garbage": jwt.DecodeError,
}


@pytest.mark.parametrize("case", list(REJECTED))
def test_a_bad_token_is_rejected_as_invalid(
    case: str, provider: LocalIdentityProvider, verifier: JwksTokenVerifier
) -> None:
    token = REJECTED[case](provider)

    with pytest.raises(InvalidTokenError) as caught:
        verifier.verify(token)

    expected_cause = REJECTED_BECAUSE.get(case)
    if expected_cause is None:
        assert caught.value.__cause__ is None
    else:
        assert isinstance(caught.value.__cause__, expected_cause)
    assert type(caught.value) is InvalidTokenError


def test_an_unreachable_jwks_url_rejects_the_token(provider: LocalIdentityProvider) -> None:
    verifier = JwksTokenVerifier(f"http://127.0.0.1:{unused_port()}/jwks.json", ISSUER, AUDIENCE)

    with pytest.raises(InvalidTokenError) as caught:
        verifier.verify(provider.login("agent1", "demo"))

    assert isinstance(caught.value.__cause__, jwt.PyJWKClientConnectionError)


@pytest.mark.parametrize("body", [b"<html>oops</html>", b"[]", b'{"keys": []}', b'{"keys": "nope"}'])
def test_a_broken_jwks_response_rejects_the_token(
    body: bytes, provider: LocalIdentityProvider, verifier: JwksTokenVerifier, jwks_server: JwksServer
) -> None:
    jwks_server.body = lambda: body

    with pytest.raises(InvalidTokenError):
        verifier.verify(provider.login("agent1", "demo"))


@pytest.mark.parametrize("url", ["", "file:///etc/passwd", "not a url"])
def test_a_misconfigured_jwks_url_rejects_the_token(url: str, provider: LocalIdentityProvider) -> None:
    with pytest.raises(InvalidTokenError):
        JwksTokenVerifier(url, ISSUER, AUDIENCE).verify(provider.login("agent1", "demo"))


@pytest.mark.parametrize(("issuer", "audience"), [("", AUDIENCE), (ISSUER, "")])
def test_an_unconfigured_issuer_or_audience_rejects_every_token(
    issuer: str, audience: str, provider: LocalIdentityProvider, jwks_server: JwksServer
) -> None:
    with pytest.raises(InvalidTokenError):
        JwksTokenVerifier(jwks_server.url, issuer, audience).verify(provider.login("agent1", "demo"))


def test_a_rejection_does_not_reveal_or_log_the_token(
    provider: LocalIdentityProvider, verifier: JwksTokenVerifier, caplog: pytest.LogCaptureFixture
) -> None:
    token = provider.issue_token("agent1", lifetime_s=-3600)
    caplog.set_level(logging.DEBUG)

    with pytest.raises(InvalidTokenError) as caught:
        verifier.verify(token)

    assert token not in str(caught.value)
    assert all(token not in record.getMessage() for record in caplog.records)
    assert isinstance(caught.value.__cause__, jwt.ExpiredSignatureError)
