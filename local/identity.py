"""A laptop stand-in for Cognito: demo officers log in and get RS256 ID tokens checked against a JWKS."""
from __future__ import annotations

import hmac
import json
import secrets
import time
import uuid
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from types import MappingProxyType
from typing import Any

import jwt
from aiohttp import web
from cryptography.hazmat.primitives.asymmetric import rsa
from jwt.algorithms import RSAAlgorithm

__all__ = [
    "DEMO_ACCOUNTS",
    "DEMO_OFFICER_NAMES",
    "DEMO_PASSWORD",
    "JWKS_PATH",
    "LOGIN_PATH",
    "DemoAccount",
    "InvalidCredentialsError",
    "LocalIdentityProvider",
]

LOGIN_PATH = "/api/auth/login"
JWKS_PATH = "/.well-known/jwks.json"
DEMO_PASSWORD = "demo"
ALGORITHM = "RS256"

# Deterministic `sub` per username, so a demo agent keeps the same subject across restarts.
_SUB_NAMESPACE = uuid.UUID("6f1d2a1e-6c7b-4b8e-9a35-2f0c1d9e4b70")


@dataclass(frozen=True)
class DemoAccount:
    """A demo officer: credentials, the name agents and citizens see, and Cognito groups."""

    username: str
    password: str
    display_name: str
    groups: frozenset[str]


def _accounts(*accounts: DemoAccount) -> Mapping[str, DemoAccount]:
    """A read-only username → account mapping."""
    return MappingProxyType({account.username: account for account in accounts})


# The real desk has 36 officers. The name citizens see is the officer's own display name: rank as the
# officer writes it (feminine ranks for women), first name, initial.
DEMO_OFFICER_NAMES = (
    "Gardienne de la paix Léa B.",
    "Brigadier Karim D.",
    "Gardienne de la paix Inès M.",
    "Gardien de la paix Thomas L.",
    "Brigadière Sophie R.",
    "Gardien de la paix Mehdi A.",
    "Brigadier-chef Julien P.",
    "Gardienne de la paix Camille F.",
    "Gardien de la paix Antoine G.",
    "Brigadière-cheffe Nadia K.",
    "Gardien de la paix Hugo V.",
    "Gardienne de la paix Chloé T.",
    "Major Philippe C.",
    "Gardienne de la paix Sarah N.",
    "Brigadier Yannick E.",
    "Gardienne de la paix Manon J.",
    "Gardien de la paix Lucas H.",
    "Brigadière Fatou S.",
    "Gardien de la paix Nicolas W.",
    "Gardienne de la paix Emma Z.",
    "Brigadier Samir O.",
    "Gardienne de la paix Julie Q.",
    "Lieutenante Claire M.",
    "Gardien de la paix Romain B.",
    "Gardienne de la paix Aïcha D.",
    "Brigadier-chef Olivier R.",
    "Gardienne de la paix Laura P.",
    "Gardien de la paix Maxime T.",
    "Brigadière Élodie L.",
    "Gardien de la paix Kevin A.",
    "Gardienne de la paix Marion C.",
    "Lieutenant Vincent G.",
    "Gardien de la paix Jérôme F.",
    "Gardienne de la paix Pauline V.",
    "Brigadier Rachid N.",
    "Gardienne de la paix Anaïs E.",
)

DEMO_ACCOUNTS: Mapping[str, DemoAccount] = _accounts(
    *(
        DemoAccount(f"agent{n}", DEMO_PASSWORD, name, frozenset({"agents"}))
        for n, name in enumerate(DEMO_OFFICER_NAMES, start=1)
    ),
    DemoAccount("superviseur", DEMO_PASSWORD, "Capitaine Hélène R.", frozenset({"supervisors", "agents"})),
)


class InvalidCredentialsError(Exception):
    """The username or the password is wrong."""

    code = "invalid_credentials"
    message = "Identifiant ou mot de passe incorrect."

    def __init__(self) -> None:
        super().__init__(self.message)


class LocalIdentityProvider:
    """Issues Cognito-shaped ID tokens for the demo accounts and publishes the key that verifies them."""

    def __init__(
        self,
        issuer: str,
        audience: str,
        token_lifetime_s: int = 8 * 3600,
        accounts: Mapping[str, DemoAccount] = DEMO_ACCOUNTS,
    ) -> None:
        self.issuer = issuer
        self.audience = audience
        self.token_lifetime_s = token_lifetime_s
        self._accounts = accounts
        self._private_key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
        self.kid = secrets.token_urlsafe(12)

    def login(self, username: str, password: str) -> str:
        """An ID token for these credentials; InvalidCredentialsError if they are wrong."""
        account = self._accounts.get(username)
        expected = account.password if account is not None else secrets.token_urlsafe(16)
        # Compare even for an unknown username, so both failures take the same time.
        password_ok = hmac.compare_digest(_utf8(password), _utf8(expected))
        if account is None or not password_ok:
            raise InvalidCredentialsError()
        return self.issue_token(account.username)

    def issue_token(
        self, username: str, *, lifetime_s: int | None = None, groups: Iterable[str] | None = None
    ) -> str:
        """An ID token for a known account, without a password (tests: negative lifetime, other groups)."""
        account = self._accounts[username]
        now = int(time.time())
        lifetime = self.token_lifetime_s if lifetime_s is None else lifetime_s
        return self.sign(
            {
                "iss": self.issuer,
                "aud": self.audience,
                "sub": str(uuid.uuid5(_SUB_NAMESPACE, account.username)),
                "cognito:username": account.username,
                "name": account.display_name,
                "cognito:groups": sorted(account.groups if groups is None else groups),
                "token_use": "id",
                "auth_time": now,
                "iat": now,
                "exp": now + lifetime,
            }
        )

    def sign(self, claims: Mapping[str, Any], *, kid: str | None = None) -> str:
        """These exact claims, signed RS256 with this provider's key (tests use it to forge odd tokens)."""
        return jwt.encode(dict(claims), self._private_key, algorithm=ALGORITHM, headers={"kid": kid or self.kid})

    def jwks(self) -> dict[str, list[dict[str, str]]]:
        """The public JSON Web Key Set that verifies this provider's tokens."""
        public = RSAAlgorithm.to_jwk(self._private_key.public_key(), as_dict=True)
        key = {"kty": "RSA", "kid": self.kid, "use": "sig", "alg": ALGORITHM, "n": public["n"], "e": public["e"]}
        return {"keys": [key]}

    def add_routes(self, app: web.Application) -> None:
        """Serve POST /api/auth/login and GET /.well-known/jwks.json on this app."""
        app.router.add_post(LOGIN_PATH, self._login_route)
        app.router.add_get(JWKS_PATH, self._jwks_route)

    async def _login_route(self, request: web.Request) -> web.Response:
        """{"username", "password"} → {"token", "expires_in"}, or a 400/401 error body."""
        try:
            body = json.loads(await request.text())
        except ValueError:
            return _error(400, "invalid_request", "Le corps de la requête doit être du JSON.")
        if not isinstance(body, dict):
            return _error(400, "invalid_request", "Le corps de la requête doit être un objet JSON.")
        username, password = body.get("username"), body.get("password")
        if not isinstance(username, str) or not isinstance(password, str):
            return _error(400, "invalid_request", "Les champs 'username' et 'password' sont requis (texte).")
        try:
            token = self.login(username, password)
        except InvalidCredentialsError as exc:
            return _error(401, exc.code, exc.message)
        return web.json_response(
            {"token": token, "expires_in": self.token_lifetime_s}, headers={"Cache-Control": "no-store"}
        )

    async def _jwks_route(self, request: web.Request) -> web.Response:
        """The public JWKS."""
        return web.json_response(self.jwks())


def _utf8(text: str) -> bytes:
    """UTF-8 bytes, lone surrogates (valid in JSON strings) included."""
    return text.encode("utf-8", "surrogatepass")


def _error(status: int, code: str, message: str) -> web.Response:
    """A JSON error body with a stable code."""
    return web.json_response({"code": code, "message": message}, status=status)
