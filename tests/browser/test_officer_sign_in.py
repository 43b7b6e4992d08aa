"""The console's OpenID Connect sign-in against the local identity provider, as against Cognito on AWS:
code + PKCE, a first sign-in with a temporary password, sign-out, token renewal, a session that ends.

The renewal tests run on a stack of their own whose tokens live 65 seconds (the console renews a minute
before expiry, so about 5 seconds after signing in)."""
from __future__ import annotations

import json
import urllib.parse
from collections.abc import Iterator

import pytest
from playwright.sync_api import Page, Request, expect

from local.identity import TEMPORARY_ACCOUNT
from tests.browser.conftest import DESKTOP
from tests.browser.pages import OfficerPage, record_sockets
from tests.browser.test_accessibility import axe_violations
from tests.local_stack import LocalStack, start_local_stack

pytestmark = pytest.mark.browser

OIDC_USER = "() => Object.keys(sessionStorage).filter((k) => k.startsWith('oidc.user:'))"


def stored_user(page: Page) -> dict | None:
    """The tokens oidc-client-ts keeps in this tab's sessionStorage, if any."""
    keys = page.evaluate(OIDC_USER)
    return json.loads(page.evaluate("(k) => sessionStorage.getItem(k)", keys[0])) if keys else None


def form_of(request: Request) -> dict[str, str]:
    return dict(urllib.parse.parse_qsl(request.post_data or ""))


def test_sign_in_is_a_code_flow_with_pkce_and_the_socket_opens_with_a_ticket(contexts, local_stack) -> None:
    page = contexts.new_page(DESKTOP)
    record_sockets(page)
    seen: list[Request] = []
    page.on("request", lambda request: seen.append(request))
    OfficerPage(page, local_stack.base_url, "agent5").login()

    [authorize] = [r for r in seen if "/local-idp/oauth2/authorize" in r.url and r.method == "GET"]
    asked = dict(urllib.parse.parse_qsl(urllib.parse.urlsplit(authorize.url).query))
    assert asked["response_type"] == "code" and asked["code_challenge_method"] == "S256"
    assert len(asked["code_challenge"]) == 43 and asked["state"] and "openid" in asked["scope"].split()
    [exchange] = [r for r in seen if r.url.endswith("/local-idp/oauth2/token")]
    sent = form_of(exchange)
    assert sent["grant_type"] == "authorization_code" and 43 <= len(sent["code_verifier"]) <= 128
    assert "client_secret" not in sent

    assert "code=" not in page.url and "state=" not in page.url  # the callback is cleaned from the address bar
    [ticket_request] = [r for r in seen if r.url.endswith("/api/agent/ws-ticket")]
    assert ticket_request.headers["authorization"].startswith("Bearer ey")
    socket_urls = page.evaluate("window.__sockets.map((s) => s.url)")
    assert socket_urls and all("ticket=" in url and "token" not in url for url in socket_urls)
    assert stored_user(page)["refresh_token"]


def test_a_temporary_password_must_be_replaced_at_the_first_sign_in(contexts, local_stack) -> None:
    page = contexts.new_page(DESKTOP)
    officer = OfficerPage.__new__(OfficerPage)
    officer.page, officer.base_url, officer.username = page, local_stack.base_url, TEMPORARY_ACCOUNT.username
    page.goto(f"{local_stack.base_url}/agent.html")
    page.get_by_role("button", name="Se connecter").click()
    officer.sign_in_on_provider_page(TEMPORARY_ACCOUNT.username, "demo")

    expect(page.locator("h1")).to_have_text("Nouveau mot de passe")
    assert axe_violations(page) == []
    page.get_by_label("Nouveau mot de passe", exact=True).fill("un-long-mot-de-passe")
    page.get_by_label("Confirmez le nouveau mot de passe").fill("un-autre-mot-de-passe")
    page.get_by_role("button", name="Enregistrer et se connecter").click()
    expect(page.get_by_role("alert")).to_have_text("Les deux mots de passe ne sont pas identiques.")
    expect(page.get_by_label("Nouveau mot de passe", exact=True)).to_have_attribute("aria-invalid", "true")

    page.get_by_label("Nouveau mot de passe", exact=True).fill("un-long-mot-de-passe")
    page.get_by_label("Confirmez le nouveau mot de passe").fill("un-long-mot-de-passe")
    page.get_by_role("button", name="Enregistrer et se connecter").click()
    expect(page.locator("#agent-name")).to_have_text(TEMPORARY_ACCOUNT.display_name)
    expect(page.locator("#connection")).to_have_text("Connecté")

    # The temporary password is gone; the new one signs in directly. The console shows "Se connecter" at once,
    # then goes to the provider's sign-out and comes back: a click before that return raced the sign-out's own
    # navigation (the test's failures under load), so wait for the browser to be back on the console first.
    with page.expect_navigation(url=f"{local_stack.base_url}/agent.html"):
        page.get_by_role("button", name="Se déconnecter").click()
    expect(page.get_by_role("button", name="Se connecter")).to_be_visible()
    page.get_by_role("button", name="Se connecter").click()
    officer.sign_in_on_provider_page(TEMPORARY_ACCOUNT.username, "demo")
    expect(page.get_by_role("alert")).to_have_text("Identifiant ou mot de passe incorrect.")
    page.get_by_label("Mot de passe").fill("un-long-mot-de-passe")
    page.get_by_role("button", name="Se connecter").click()
    expect(page.locator("#connection")).to_have_text("Connecté")


def test_sign_out_forgets_the_tokens_and_ends_the_providers_session(contexts, local_stack) -> None:
    officer = OfficerPage(contexts.new_page(DESKTOP), local_stack.base_url, "agent6").login()
    page = officer.page
    refresh_token = stored_user(page)["refresh_token"]
    with page.expect_request(lambda r: "/local-idp/logout" in r.url) as logout:
        page.get_by_role("button", name="Se déconnecter").click()
    hint = dict(urllib.parse.parse_qsl(urllib.parse.urlsplit(logout.value.url).query))
    assert hint["client_id"] == "guichet-local" and hint["logout_uri"] == f"{local_stack.base_url}/agent.html"
    assert hint["id_token_hint"]
    page.wait_for_load_state()

    expect(page.get_by_role("button", name="Se connecter")).to_be_focused()
    expect(page.locator("#console-alert")).to_have_text("Vous êtes déconnecté.")
    assert page.url == f"{local_stack.base_url}/agent.html"
    assert stored_user(page) is None
    page.reload()
    expect(page.get_by_role("button", name="Se connecter")).to_be_visible()
    expect(page.locator("#console")).to_be_hidden()
    # The provider revoked the officer's refresh token.
    answer = page.request.post(
        f"{local_stack.base_url}/local-idp/oauth2/token",
        form={"grant_type": "refresh_token", "refresh_token": refresh_token, "client_id": "guichet-local"},
    )
    assert (answer.status, answer.json()) == (400, {"error": "invalid_grant"})


@pytest.fixture(scope="module")
def short_lived_stack() -> Iterator[LocalStack]:
    """A stack whose ID and access tokens live 65 s: the console renews them about 5 s after signing in."""
    stack = start_local_stack(extra_env={"GUICHET_LOCAL_TOKEN_LIFETIME_S": "65"})
    yield stack
    stack.stop()


def test_tokens_are_renewed_before_they_expire_and_the_console_stays_connected(contexts, short_lived_stack) -> None:
    officer = OfficerPage(contexts.new_page(DESKTOP), short_lived_stack.base_url, "agent7").login()
    page = officer.page
    first = stored_user(page)["id_token"]
    with page.expect_request(
        lambda r: r.url.endswith("/local-idp/oauth2/token") and form_of(r).get("grant_type") == "refresh_token",
        timeout=20_000,
    ):
        pass
    page.wait_for_function("(old) => { const k = Object.keys(sessionStorage).find((x) => x.startsWith('oidc.user:'));"
                           " return k && JSON.parse(sessionStorage.getItem(k)).id_token !== old; }", arg=first)
    expect(page.locator("#connection")).to_have_text("Connecté")
    expect(page.locator("#agent-name")).to_have_text(officer.display_name)
    # A new socket now buys its ticket with the renewed token.
    with page.expect_request(lambda r: r.url.endswith("/api/agent/ws-ticket")) as ticket:
        page.reload()
    assert ticket.value.headers["authorization"] != f"Bearer {first}"
    expect(page.locator("#connection")).to_have_text("Connecté")


def test_a_session_the_provider_ended_says_so_and_offers_to_sign_in_again(contexts, short_lived_stack) -> None:
    officer = OfficerPage(contexts.new_page(DESKTOP), short_lived_stack.base_url, "agent8").login()
    page = officer.page
    # Signing out elsewhere (another tab, another device) revokes the refresh tokens: the next renewal fails.
    id_token = stored_user(page)["id_token"]
    other = contexts.new_page(DESKTOP)
    other.goto(f"{short_lived_stack.base_url}/local-idp/logout?id_token_hint={id_token}")

    alert = page.locator("#console-alert")
    expect(alert).to_have_text(
        "Votre session a pris fin (délai dépassé ou déconnexion ailleurs). Reconnectez-vous pour reprendre.",
        timeout=20_000,
    )
    expect(page.get_by_role("button", name="Se connecter")).to_be_visible()
    expect(page.locator("#console")).to_be_hidden()
    assert stored_user(page) is None
    assert axe_violations(page) == []
