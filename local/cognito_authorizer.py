"""What API Gateway's Cognito authorizer checks, on a laptop: an RS256 ID token against the issuer's JWKS.

On AWS, API Gateway verifies the `Authorization: Bearer <ID token>` of the officers' REST routes
(signature, issuer, expiry) before the function runs and hands it the claims in
`requestContext.authorizer.claims`; the code then checks the groups. The local gateway runs this
verifier in its place (`local/gateway.py`), so the same routes and the same group checks run locally.
Laptop only: nothing in `chalicelib/` verifies tokens itself.
"""
from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import jwt

from chalicelib.config import Settings
from chalicelib.domain.agent import AgentIdentity
from chalicelib.domain.officer_claims import AGENT_GROUPS, GROUPS_CLAIM, identity_from_claims
from chalicelib.errors import InvalidTokenError, OfficerOnlyError

__all__ = ["AGENT_GROUPS", "GROUPS_CLAIM", "JwksTokenVerifier"]

ALGORITHM = "RS256"
REQUIRED_CLAIMS = ["exp", "iat", "iss", "sub"]

# Everything a malformed token, a bad key or a failing JWKS endpoint can raise from PyJWT and urllib:
# PyJWT's own errors, JSON/base64 decoding (ValueError), odd claim types (TypeError), sockets (OSError).
_VERIFICATION_FAILURES = (jwt.PyJWTError, ValueError, TypeError, OSError)


class JwksTokenVerifier:
    """Checks RS256 signatures with keys fetched (and cached) from a JWKS URL, as Cognito's authorizer does."""

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

    def claims(self, token: str) -> dict[str, Any]:
        """The claims of a valid token of this issuer and app client; InvalidTokenError for anything else."""
        if not self._issuer or not self._audience:
            raise InvalidTokenError("Agent tokens cannot be verified: issuer or audience not configured.")
        if not isinstance(token, str) or not token:
            raise InvalidTokenError()
        try:
            claims = self._decode(token)
        except _VERIFICATION_FAILURES as exc:
            raise InvalidTokenError() from exc
        self._check_audience(claims)
        return claims

    def verify(self, token: str) -> AgentIdentity:
        """The officer behind a token; InvalidTokenError for anything short of a valid officer's token."""
        claims = self.claims(token)
        if not isinstance(claims.get(GROUPS_CLAIM), list):  # in a token, groups are a JSON list
            raise InvalidTokenError("This account is not an agent's.")
        try:
            return identity_from_claims(claims)
        except OfficerOnlyError:
            raise InvalidTokenError("This account is not an agent's.") from None

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
