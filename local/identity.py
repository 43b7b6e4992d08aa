"""A laptop stand-in for Cognito: demo officers sign in and get RS256 ID tokens checked against a JWKS.

The console signs in through the OpenID Connect endpoints of `local/oidc_provider.py` (code + PKCE), as
it does against Cognito's managed login on AWS. `POST /api/auth/login` is **local only** (never deployed):
scripts, benchmarks and tests get an ID token there without a browser.
"""
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
    "TEMPORARY_ACCOUNT",
    "DemoAccount",
    "InvalidCredentialsError",
    "LocalIdentityProvider",
    "NewPasswordRejectedError",
    "PasswordChangeRequiredError",
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
    # Like a Cognito account an administrator just created: the first sign-in must choose a new password.
    temporary: bool = False


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

# A new recruit whose account was just created: `demo` is a temporary password (first sign-in changes it).
TEMPORARY_ACCOUNT = DemoAccount(
    "recrue", DEMO_PASSWORD, "Gardien de la paix stagiaire Noé S.", frozenset({"agents"}), temporary=True
)
# New passwords follow the Cognito pool's policy (infrastructure/: at least 12 characters).
MIN_PASSWORD_LENGTH = 12


class InvalidCredentialsError(Exception):
    """The username or the password is wrong."""

    code = "invalid_credentials"
    message = "Identifiant ou mot de passe incorrect."

    def __init__(self) -> None:
        super().__init__(self.message)


class PasswordChangeRequiredError(Exception):
    """The password is right but temporary: a new one must be chosen first (Cognito's NEW_PASSWORD_REQUIRED)."""

    code = "password_change_required"
    message = "Mot de passe provisoire : choisissez un nouveau mot de passe sur la page de connexion."

    def __init__(self) -> None:
        super().__init__(self.message)


class NewPasswordRejectedError(Exception):
    """The new password does not follow the policy, or its confirmation differs."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class LocalIdentityProvider:
    """Issues Cognito-shaped ID tokens for the demo accounts and publishes the key that verifies them."""

    def __init__(
        self,
        issuer: str,
        audience: str,
        token_lifetime_s: int = 8 * 3600,
        accounts: Mapping[str, DemoAccount] | None = None,
    ) -> None:
        self.issuer = issuer
        self.audience = audience
        self.token_lifetime_s = token_lifetime_s
        if accounts is None:
            accounts = {**DEMO_ACCOUNTS, TEMPORARY_ACCOUNT.username: TEMPORARY_ACCOUNT}
        self._accounts = accounts
        # Passwords change (a temporary one is replaced at first sign-in); the accounts themselves do not.
        self._passwords = {name: account.password for name, account in self._accounts.items()}
        self._temporary = {name for name, account in self._accounts.items() if account.temporary}
        self._private_key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
        self.kid = secrets.token_urlsafe(12)

    def login(self, username: str, password: str) -> str:
        """An ID token for these credentials (InvalidCredentialsError, PasswordChangeRequiredError if temporary)."""
        account = self.check_password(username, password)
        if self.needs_new_password(account.username):
            raise PasswordChangeRequiredError()
        return self.issue_token(account.username)

    def check_password(self, username: str, password: str) -> DemoAccount:
        """The account these credentials open (temporary or not); InvalidCredentialsError if they are wrong."""
        account = self._accounts.get(username)
        expected = self._passwords[username] if account is not None else secrets.token_urlsafe(16)
        # Compare even for an unknown username, so both failures take the same time.
        password_ok = hmac.compare_digest(_utf8(password), _utf8(expected))
        if account is None or not password_ok:
            raise InvalidCredentialsError()
        return account

    def needs_new_password(self, username: str) -> bool:
        """Whether this account still has its temporary password."""
        return username in self._temporary

    def set_new_password(self, username: str, new_password: str, confirmation: str) -> None:
        """Replace a temporary password; NewPasswordRejectedError (in French) when the new one is refused."""
        if new_password != confirmation:
            raise NewPasswordRejectedError("Les deux mots de passe ne sont pas identiques.")
        if len(new_password) < MIN_PASSWORD_LENGTH:
            raise NewPasswordRejectedError(f"Le mot de passe doit compter au moins {MIN_PASSWORD_LENGTH} caractères.")
        if hmac.compare_digest(_utf8(new_password), _utf8(self._passwords[username])):
            raise NewPasswordRejectedError("Choisissez un mot de passe différent du mot de passe provisoire.")
        self._passwords[username] = new_password
        self._temporary.discard(username)

    def display_name(self, username: str) -> str:
        """The name this account's tokens carry."""
        return self._accounts[username].display_name

    def sub(self, username: str) -> str:
        """This account's stable subject."""
        return str(uuid.uuid5(_SUB_NAMESPACE, username))

    def issue_token(
        self,
        username: str,
        *,
        lifetime_s: int | None = None,
        groups: Iterable[str] | None = None,
        auth_time: int | None = None,
        nonce: str | None = None,
    ) -> str:
        """An ID token for a known account, without a password (tests: negative lifetime, other groups)."""
        account = self._accounts[username]
        now = int(time.time())
        lifetime = self.token_lifetime_s if lifetime_s is None else lifetime_s
        claims: dict[str, Any] = {
            "iss": self.issuer,
            "aud": self.audience,
            "sub": self.sub(account.username),
            "cognito:username": account.username,
            "name": account.display_name,
            "cognito:groups": sorted(account.groups if groups is None else groups),
            "token_use": "id",
            "auth_time": now if auth_time is None else auth_time,
            "iat": now,
            "exp": now + lifetime,
        }
        if nonce:
            claims["nonce"] = nonce
        return self.sign(claims)

    def issue_access_token(self, username: str, scope: str, lifetime_s: int) -> str:
        """A Cognito-shaped access token (`token_use: access`, the app client in `client_id`)."""
        account = self._accounts[username]
        now = int(time.time())
        return self.sign(
            {
                "iss": self.issuer,
                "sub": self.sub(account.username),
                "client_id": self.audience,
                "username": account.username,
                "cognito:groups": sorted(account.groups),
                "token_use": "access",
                "scope": scope,
                "auth_time": now,
                "iat": now,
                "exp": now + lifetime_s,
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
        except PasswordChangeRequiredError as exc:
            return _error(403, exc.code, exc.message)
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
