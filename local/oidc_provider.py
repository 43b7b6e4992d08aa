"""The local identity provider's OpenID Connect side: what Cognito's managed login does on AWS, on a laptop.

The console runs the same code against both: discovery document, an authorize page (the sign-in form,
and the new-password form of a first sign-in with a temporary password), a token endpoint
(`authorization_code` with PKCE S256, `refresh_token`), the JWKS, and an end-session endpoint that
takes Cognito's parameters (`client_id`, `logout_uri`) as well as OpenID's (`post_logout_redirect_uri`).

Everything lives in memory: codes (60 s, single use), refresh tokens (12 h, like the pool's client),
sign-ins waiting for a new password (10 minutes).
"""
from __future__ import annotations

import base64
import hashlib
import hmac
import html
import secrets
import time
import urllib.parse
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import jwt
from aiohttp import web

from local.identity import (
    JWKS_PATH,
    InvalidCredentialsError,
    LocalIdentityProvider,
    NewPasswordRejectedError,
)

__all__ = ["ISSUER_PATH", "LocalOidcProvider", "pkce_challenge"]

# The issuer is `<site>/local-idp`; its endpoints follow Cognito's paths under it.
ISSUER_PATH = "/local-idp"
DISCOVERY_PATH = f"{ISSUER_PATH}/.well-known/openid-configuration"
AUTHORIZE_PATH = f"{ISSUER_PATH}/oauth2/authorize"
TOKEN_PATH = f"{ISSUER_PATH}/oauth2/token"
LOGOUT_PATH = f"{ISSUER_PATH}/logout"
ISSUER_JWKS_PATH = f"{ISSUER_PATH}/.well-known/jwks.json"

CODE_LIFETIME_S = 60
REFRESH_LIFETIME_S = 12 * 3600
PENDING_LIFETIME_S = 600
SCOPES = ("openid", "profile", "email")


def pkce_challenge(verifier: str) -> str:
    """The S256 code challenge of a PKCE verifier (RFC 7636): base64url(SHA-256(verifier)), unpadded."""
    digest = hashlib.sha256(verifier.encode("ascii")).digest()
    return base64.urlsafe_b64encode(digest).rstrip(b"=").decode("ascii")


@dataclass(frozen=True)
class _AuthorizeRequest:
    """What the console asked for at the authorize endpoint (already checked)."""

    client_id: str
    redirect_uri: str
    state: str
    scope: str
    code_challenge: str
    nonce: str


@dataclass(frozen=True)
class _Grant:
    """A code or a refresh token: who signed in, for what, until when."""

    username: str
    request: _AuthorizeRequest
    auth_time: int
    expires_at: float


class _BadRequestError(Exception):
    """The authorize request cannot be answered at all (unknown client or redirect URI): no redirect."""


class LocalOidcProvider:
    """OpenID Connect endpoints in front of a LocalIdentityProvider, for one public client (the console)."""

    def __init__(
        self,
        identity: LocalIdentityProvider,
        *,
        redirect_uris: Sequence[str],
        logout_uris: Sequence[str],
        token_lifetime_s: int = 3600,
    ) -> None:
        self._identity = identity
        self.client_id = identity.audience
        self.issuer = identity.issuer
        self._redirect_uris = frozenset(redirect_uris)
        self._logout_uris = frozenset(logout_uris)
        self.token_lifetime_s = token_lifetime_s
        self._codes: dict[str, _Grant] = {}
        self._refresh: dict[str, _Grant] = {}
        self._pending: dict[str, _Grant] = {}

    # --- routes -------------------------------------------------------------------------------

    def add_routes(self, app: web.Application) -> None:
        """Discovery, JWKS, authorize (GET form, POST sign-in), token, end-session."""
        app.router.add_get(DISCOVERY_PATH, self._discovery)
        app.router.add_get(ISSUER_JWKS_PATH, self._jwks)
        app.router.add_get(AUTHORIZE_PATH, self._authorize_page)
        app.router.add_post(AUTHORIZE_PATH, self._authorize_submit)
        app.router.add_post(TOKEN_PATH, self._token)
        app.router.add_get(LOGOUT_PATH, self._logout)

    def discovery(self) -> dict[str, Any]:
        """The OpenID Provider metadata (what Cognito publishes, plus the end-session endpoint it lacks)."""
        base = self.issuer
        origin = base[: -len(ISSUER_PATH)] if base.endswith(ISSUER_PATH) else base
        return {
            "issuer": base,
            "authorization_endpoint": f"{origin}{AUTHORIZE_PATH}",
            "token_endpoint": f"{origin}{TOKEN_PATH}",
            "jwks_uri": f"{origin}{JWKS_PATH}",
            "end_session_endpoint": f"{origin}{LOGOUT_PATH}",
            "response_types_supported": ["code"],
            "grant_types_supported": ["authorization_code", "refresh_token"],
            "code_challenge_methods_supported": ["S256"],
            "subject_types_supported": ["public"],
            "id_token_signing_alg_values_supported": ["RS256"],
            "scopes_supported": list(SCOPES),
            "token_endpoint_auth_methods_supported": ["none"],
        }

    async def _discovery(self, request: web.Request) -> web.Response:
        return web.json_response(self.discovery())

    async def _jwks(self, request: web.Request) -> web.Response:
        return web.json_response(self._identity.jwks())

    async def _authorize_page(self, request: web.Request) -> web.Response:
        """The sign-in form, once the request is checked (errors go back to the client, as OAuth says)."""
        try:
            authorize = self._checked(request.query)
        except _BadRequestError as exc:
            return _page("Connexion impossible", f"<p>{html.escape(str(exc))}</p>", status=400)
        except _RedirectError as exc:
            raise web.HTTPFound(exc.location) from None
        return _sign_in_form(authorize)

    async def _authorize_submit(self, request: web.Request) -> web.Response:
        """A submitted sign-in or new-password form: back to the console with a code, or the form again."""
        form = await request.post()
        fields = {k: v for k, v in form.items() if isinstance(v, str)}
        try:
            authorize = self._checked(fields)
        except _BadRequestError as exc:
            return _page("Connexion impossible", f"<p>{html.escape(str(exc))}</p>", status=400)
        except _RedirectError as exc:
            raise web.HTTPFound(exc.location) from None
        if fields.get("step") == "new_password":
            return self._new_password(authorize, fields)
        username = fields.get("username", "")
        try:
            account = self._identity.check_password(username, fields.get("password", ""))
        except InvalidCredentialsError as exc:
            return _sign_in_form(authorize, username=username, error=exc.message, status=401)
        grant = _Grant(account.username, authorize, int(time.time()), time.time() + PENDING_LIFETIME_S)
        if self._identity.needs_new_password(account.username):
            session = secrets.token_urlsafe(24)
            self._pending[session] = grant
            return _new_password_form(authorize, session)
        return self._back_with_code(grant)

    def _new_password(self, authorize: _AuthorizeRequest, fields: Mapping[str, str]) -> web.Response:
        session = fields.get("session", "")
        grant = self._pending.get(session)
        if grant is None or grant.expires_at < time.time() or grant.request != authorize:
            self._pending.pop(session, None)
            return _sign_in_form(authorize, error="Cette étape a expiré : connectez-vous de nouveau.", status=400)
        try:
            self._identity.set_new_password(
                grant.username, fields.get("new_password", ""), fields.get("new_password_confirmation", "")
            )
        except NewPasswordRejectedError as exc:
            return _new_password_form(authorize, session, error=exc.message, status=400)
        del self._pending[session]
        return self._back_with_code(grant)

    def _back_with_code(self, grant: _Grant) -> web.Response:
        """302 to the console's redirect URI with a single-use code and the state it sent."""
        code = secrets.token_urlsafe(32)
        self._codes[code] = _Grant(grant.username, grant.request, grant.auth_time, time.time() + CODE_LIFETIME_S)
        query = urllib.parse.urlencode({"code": code, "state": grant.request.state})
        raise web.HTTPFound(f"{grant.request.redirect_uri}?{query}")

    async def _token(self, request: web.Request) -> web.Response:
        """`authorization_code` (with the PKCE verifier) or `refresh_token`; OAuth error bodies otherwise."""
        form = await request.post()
        fields = {k: v for k, v in form.items() if isinstance(v, str)}
        if fields.get("client_id") != self.client_id:
            return _oauth_error(401, "invalid_client")
        grant_type = fields.get("grant_type")
        if grant_type == "authorization_code":
            return self._exchange_code(fields)
        if grant_type == "refresh_token":
            return self._refresh_tokens(fields)
        return _oauth_error(400, "unsupported_grant_type")

    def _exchange_code(self, fields: Mapping[str, str]) -> web.Response:
        grant = self._codes.pop(fields.get("code", ""), None)  # spent whatever happens next
        if grant is None or grant.expires_at < time.time():
            return _oauth_error(400, "invalid_grant")
        if fields.get("redirect_uri") != grant.request.redirect_uri:
            return _oauth_error(400, "invalid_grant")
        verifier = fields.get("code_verifier", "")
        if not 43 <= len(verifier) <= 128 or not hmac.compare_digest(
            pkce_challenge(verifier), grant.request.code_challenge
        ):
            return _oauth_error(400, "invalid_grant")
        refresh_token = secrets.token_urlsafe(48)
        self._refresh[refresh_token] = _Grant(
            grant.username, grant.request, grant.auth_time, time.time() + REFRESH_LIFETIME_S
        )
        return self._tokens(grant, refresh_token)

    def _refresh_tokens(self, fields: Mapping[str, str]) -> web.Response:
        grant = self._refresh.get(fields.get("refresh_token", ""))
        if grant is None or grant.expires_at < time.time():
            return _oauth_error(400, "invalid_grant")
        return self._tokens(grant, None)  # like Cognito, the refresh token is not rotated

    def _tokens(self, grant: _Grant, refresh_token: str | None) -> web.Response:
        lifetime = self.token_lifetime_s
        body: dict[str, Any] = {
            "id_token": self._identity.issue_token(
                grant.username, lifetime_s=lifetime, auth_time=grant.auth_time, nonce=grant.request.nonce or None
            ),
            "access_token": self._identity.issue_access_token(grant.username, grant.request.scope, lifetime),
            "token_type": "Bearer",
            "expires_in": lifetime,
        }
        if refresh_token is not None:
            body["refresh_token"] = refresh_token
        return web.json_response(body, headers={"Cache-Control": "no-store", "Pragma": "no-cache"})

    async def _logout(self, request: web.Request) -> web.Response:
        """End the session: the user's refresh tokens stop working; back to the console if the URI is registered."""
        query = request.query
        hint = query.get("id_token_hint")
        if hint:
            self.revoke(_unverified_username(hint))
        target = query.get("logout_uri") or query.get("post_logout_redirect_uri")
        if target and target in self._logout_uris:
            state = query.get("state")
            raise web.HTTPFound(f"{target}?{urllib.parse.urlencode({'state': state})}" if state else target)
        return _page("Vous êtes déconnecté", "<p>Vous pouvez fermer cette page.</p>")

    def revoke(self, username: str | None) -> None:
        """Every refresh token of this user stops working (their consoles' sessions end at the next renewal)."""
        for token, grant in list(self._refresh.items()):
            if grant.username == username:
                del self._refresh[token]

    # --- checks -------------------------------------------------------------------------------

    def _checked(self, params: Mapping[str, str]) -> _AuthorizeRequest:
        """The authorize parameters, if this client may ask them; _BadRequestError or _RedirectError if not."""
        if params.get("client_id") != self.client_id:
            raise _BadRequestError("Application inconnue.")
        redirect_uri = params.get("redirect_uri", "")
        if redirect_uri not in self._redirect_uris:
            raise _BadRequestError("Adresse de retour non enregistrée pour cette application.")
        state = params.get("state", "")
        scope = params.get("scope", "")
        if params.get("response_type") != "code":
            raise _RedirectError(redirect_uri, "unsupported_response_type", state)
        if "openid" not in scope.split() or not set(scope.split()) <= set(SCOPES):
            raise _RedirectError(redirect_uri, "invalid_scope", state)
        challenge = params.get("code_challenge", "")
        if params.get("code_challenge_method") != "S256" or len(challenge) != 43:
            raise _RedirectError(redirect_uri, "invalid_request", state)
        return _AuthorizeRequest(self.client_id, redirect_uri, state, scope, challenge, params.get("nonce", ""))


class _RedirectError(Exception):
    """An OAuth error sent back to the client's redirect URI."""

    def __init__(self, redirect_uri: str, error: str, state: str) -> None:
        query = {"error": error, **({"state": state} if state else {})}
        self.location = f"{redirect_uri}?{urllib.parse.urlencode(query)}"
        super().__init__(error)


def _unverified_username(token: str) -> str | None:
    """Whose session an id_token_hint names (a hint: the worst a forged one does is sign someone out locally)."""
    try:
        claims = jwt.decode(token, options={"verify_signature": False})
    except jwt.PyJWTError:
        return None
    username = claims.get("cognito:username")
    return username if isinstance(username, str) else None


def _oauth_error(status: int, error: str) -> web.Response:
    return web.json_response({"error": error}, status=status, headers={"Cache-Control": "no-store"})


# --- pages ----------------------------------------------------------------------------------------

_LAYOUT = """<!doctype html>
<html lang="fr">
<head>
  <meta charset="utf-8">
  <meta name="viewport" content="width=device-width, initial-scale=1">
  <meta name="robots" content="noindex">
  <title>{title} — Guichet (fournisseur d'identité local)</title>
  <link rel="icon" href="data:,">
  <link rel="stylesheet" href="/css/guichet.css">
</head>
<body>
  <header class="site-header">
    <div class="container site-header__inner">
      <span class="brand">Guichet</span>
      <span class="brand__tagline">Connexion des agents (fournisseur d'identité local)</span>
    </div>
  </header>
  <main id="contenu" class="container">
    <h1>{title}</h1>
    {body}
  </main>
</body>
</html>
"""


def _page(title: str, body: str, status: int = 200) -> web.Response:
    page = _LAYOUT.format(title=html.escape(title), body=body)
    return web.Response(
        text=page,
        status=status,
        content_type="text/html",
        headers={"Cache-Control": "no-store", "X-Frame-Options": "DENY", "Referrer-Policy": "no-referrer"},
    )


def _hidden(authorize: _AuthorizeRequest) -> str:
    """The authorize parameters, carried through the form."""
    values = {
        "client_id": authorize.client_id,
        "redirect_uri": authorize.redirect_uri,
        "state": authorize.state,
        "scope": authorize.scope,
        "response_type": "code",
        "code_challenge": authorize.code_challenge,
        "code_challenge_method": "S256",
        "nonce": authorize.nonce,
    }
    return "\n".join(
        f'<input type="hidden" name="{name}" value="{html.escape(value)}">' for name, value in values.items()
    )


def _alert(error: str | None, field_id: str) -> tuple[str, str]:
    """The error paragraph (announced) and the attributes that tie it to the field."""
    if not error:
        return "", ""
    return (
        f'<p id="{field_id}-error" class="alert alert--error" role="alert">{html.escape(error)}</p>',
        f' aria-invalid="true" aria-describedby="{field_id}-error"',
    )


def _sign_in_form(
    authorize: _AuthorizeRequest, *, username: str = "", error: str | None = None, status: int = 200
) -> web.Response:
    alert, described = _alert(error, "password")
    body = f"""
    {alert}
    <form method="post" action="{AUTHORIZE_PATH}" class="stack" novalidate>
      {_hidden(authorize)}
      <div class="field">
        <label for="username" class="label">Identifiant</label>
        <input id="username" name="username" autocomplete="username" autocapitalize="none" spellcheck="false"
               required value="{html.escape(username)}"{"" if username else " autofocus"}>
      </div>
      <div class="field">
        <label for="password" class="label">Mot de passe</label>
        <input id="password" name="password" type="password" autocomplete="current-password" required{described}
               {"autofocus" if username else ""}>
      </div>
      <button type="submit" class="button">Se connecter</button>
    </form>
    <p class="hint">Comptes de démonstration : agent1 … agent36, superviseur, recrue (mot de passe provisoire) ;
    mot de passe : demo. Sur AWS, cette page est celle de Cognito, avec un code d'authentification (TOTP).</p>
    """
    return _page("Connexion", body, status)


def _new_password_form(
    authorize: _AuthorizeRequest, session: str, *, error: str | None = None, status: int = 200
) -> web.Response:
    alert, described = _alert(error, "new-password")
    body = f"""
    <p id="new-password-why">Votre mot de passe est provisoire. Choisissez votre mot de passe personnel
    (au moins 12 caractères) pour terminer votre première connexion.</p>
    {alert}
    <form method="post" action="{AUTHORIZE_PATH}" class="stack" novalidate>
      {_hidden(authorize)}
      <input type="hidden" name="step" value="new_password">
      <input type="hidden" name="session" value="{html.escape(session)}">
      <div class="field">
        <label for="new-password" class="label">Nouveau mot de passe</label>
        <input id="new-password" name="new_password" type="password" autocomplete="new-password" minlength="12"
               required autofocus{described or ' aria-describedby="new-password-why"'}>
      </div>
      <div class="field">
        <label for="new-password-confirmation" class="label">Confirmez le nouveau mot de passe</label>
        <input id="new-password-confirmation" name="new_password_confirmation" type="password"
               autocomplete="new-password" minlength="12" required>
      </div>
      <button type="submit" class="button">Enregistrer et se connecter</button>
    </form>
    """
    return _page("Nouveau mot de passe", body, status)

