"""Verify agents' Cognito JWTs (RS256) against the user pool's JWKS."""
from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import jwt

from chalicelib.config import Settings
from chalicelib.domain.agent import AgentIdentity
from chalicelib.errors import InvalidTokenError
from chalicelib.ports import TokenVerifier

__all__ = ["AGENT_GROUPS", "GROUPS_CLAIM", "JwksTokenVerifier"]

ALGORITHM = "RS256"
GROUPS_CLAIM = "cognito:groups"
AGENT_GROUPS = frozenset({"agents", "supervisors"})
REQUIRED_CLAIMS = ["exp", "iat", "iss", "sub"]

# Everything a malformed token, a bad key or a failing JWKS endpoint can raise from PyJWT and urllib:
# PyJWT's own errors, JSON/base64 decoding (ValueError), odd claim types (TypeError), sockets (OSError).
_VERIFICATION_FAILURES = (jwt.PyJWTError, ValueError, TypeError, OSError)


class JwksTokenVerifier(TokenVerifier):
    """A TokenVerifier that checks RS256 signatures with keys fetched (and cached) from a JWKS URL."""

    def __init__(
        self,
        jwks_url: str,
        issuer: str,
        audience: str,
        leeway_s: int = 30,
        *,
        fetch_timeout_s: float = 5.0,
    ) -> None:
        self._jwks_url = jwks_url
        self._issuer = issuer
        self._audience = audience
        self._leeway_s = leeway_s
        self._fetch_timeout_s = fetch_timeout_s
        self._jwks_client: jwt.PyJWKClient | None = None

    @classmethod
    def from_settings(cls, settings: Settings) -> JwksTokenVerifier:
        """A verifier for the stage's user pool (JWKS URL, issuer, app client id)."""
        return cls(settings.jwks_url, settings.jwt_issuer, settings.jwt_audience)

    def verify(self, token: str) -> AgentIdentity:
        """The agent behind a token; InvalidTokenError for anything short of a valid agent's token."""
        if not self._issuer or not self._audience:
            raise InvalidTokenError("Agent tokens cannot be verified: issuer or audience not configured.")
        if not isinstance(token, str) or not token:
            raise InvalidTokenError()
        try:
            claims = self._decode(token)
        except _VERIFICATION_FAILURES as exc:
            raise InvalidTokenError() from exc
        self._check_audience(claims)
        return _identity_from(claims)

    def _decode(self, token: str) -> dict[str, Any]:
        """The token's claims once its header, signature, lifetime and issuer check out."""
        header = jwt.get_unverified_header(token)
        if header.get("alg") != ALGORITHM:
            raise jwt.InvalidAlgorithmError(f"Only {ALGORITHM} is accepted.")
        kid = header.get("kid")
        if not isinstance(kid, str) or not kid:
            raise jwt.InvalidTokenError("The token header has no key id.")
        signing_key = self._client().get_signing_key(kid)
        return jwt.decode(
            token,
            signing_key.key,
            algorithms=[ALGORITHM],
            issuer=self._issuer,
            leeway=self._leeway_s,
            options={"require": REQUIRED_CLAIMS, "verify_aud": False},
        )

    def _client(self) -> jwt.PyJWKClient:
        """The JWKS client, built on first use so a cold start does not fetch keys it may never need."""
        if self._jwks_client is None:
            self._jwks_client = jwt.PyJWKClient(
                self._jwks_url,
                cache_keys=True,
                cache_jwk_set=True,
                lifespan=3600,
                timeout=self._fetch_timeout_s,
            )
        return self._jwks_client

    def _check_audience(self, claims: Mapping[str, Any]) -> None:
        """ID tokens name the app client in `aud`; Cognito access tokens name it in `client_id`."""
        audience = claims.get("aud")
        audiences = [audience] if isinstance(audience, str) else audience if isinstance(audience, list) else []
        if self._audience in audiences:
            return
        if claims.get("token_use") == "access" and claims.get("client_id") == self._audience:
            return
        raise InvalidTokenError()


def _identity_from(claims: Mapping[str, Any]) -> AgentIdentity:
    """The agent a verified token names; InvalidTokenError unless it is in an agents' group."""
    raw_groups = claims.get(GROUPS_CLAIM)
    groups = frozenset(g for g in raw_groups if isinstance(g, str)) if isinstance(raw_groups, list) else frozenset()
    if not groups & AGENT_GROUPS:
        raise InvalidTokenError("This account is not an agent's.")
    agent_id = _first_text(claims, "cognito:username", "username", "sub")
    if agent_id is None:
        raise InvalidTokenError()
    display_name = _first_text(claims, "name") or agent_id
    return AgentIdentity(agent_id=agent_id, display_name=display_name, groups=groups)


def _first_text(claims: Mapping[str, Any], *names: str) -> str | None:
    """The first of these claims that holds a non-empty string."""
    for name in names:
        value = claims.get(name)
        if isinstance(value, str) and value:
            return value
    return None
