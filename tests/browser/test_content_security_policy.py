"""Every citizen page and the officers' console run under the Content-Security-Policy CloudFront sends.

The local gateway serves the site with the headers of `infrastructure/stacks/security_headers.py`, the module
CloudFront's response headers policy is built from; Chromium reports any violation as a
`securitypolicyviolation` event and a console message, both collected here.
"""
from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from infrastructure.stacks.security_headers import content_security_policy

pytestmark = pytest.mark.browser

SITE = Path(__file__).resolve().parents[2] / "static_site"
CITIZEN_PAGES = sorted(
    "/" + str(path.relative_to(SITE))
    for path in SITE.rglob("*.html")
    if path.name != "agent.html" and "vendor" not in path.parts and "components" not in path.parts
)
TABS = 6  # citizen pages loading at once
LISTEN = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", (e) => {
  window.__cspViolations.push(`${e.violatedDirective} blocked ${e.blockedURI || "inline"} at ${e.sourceFile}:${e.lineNumber}`);
});
"""


def watch(page: Page) -> list[str]:
    """Collect this page's CSP violations: the DOM events (read back by `violations`) and console reports."""
    reported: list[str] = []
    page.add_init_script(LISTEN)
    page.on("console", lambda msg: reported.append(msg.text) if "Content Security Policy" in msg.text else None)
    return reported


def violations(page: Page, reported: list[str]) -> list[str]:
    return [*page.evaluate("window.__cspViolations || []"), *reported]


def test_the_site_has_citizen_pages_to_check():
    assert len(CITIZEN_PAGES) >= 30
    assert {"/index.html", "/chat.html", "/signaler.html", "/unites.html", "/en/chat.html"} <= set(CITIZEN_PAGES)


def test_every_citizen_page_loads_under_the_policy_without_a_violation(local_stack, contexts):
    # A few tabs load their pages side by side: each still waits for its network to go idle (no request for
    # 500 ms) before its violations are read, but those waits overlap instead of adding up (26 s one by one).
    tabs = []
    for _ in range(TABS):
        page = contexts.new_page({"width": 1280, "height": 800})
        tabs.append((page, watch(page)))
    found: dict[str, list[str]] = {}
    for first in range(0, len(CITIZEN_PAGES), TABS):
        batch = list(zip(CITIZEN_PAGES[first : first + TABS], tabs, strict=False))
        for path, (page, _) in batch:
            response = page.goto(f"{local_stack.base_url}{path}")
            assert response is not None and response.ok, path
            assert response.headers["content-security-policy"] == content_security_policy(), path
        for path, (page, reported) in batch:
            page.wait_for_load_state("networkidle")
            if problems := violations(page, reported):
                found[path] = problems
            reported.clear()
    assert found == {}


def test_a_chat_and_the_console_serving_it_run_without_a_violation(new_citizen, new_officer):
    citizen = new_citizen()
    citizen_reported = watch(citizen.page)
    citizen.page.reload()  # the listener is installed for the next load
    citizen.page.locator("[data-topic]").first.click()
    expect(citizen.page.locator("#cw-queue")).to_be_visible()

    officer = new_officer("agent1")
    officer_reported = watch(officer.page)
    officer.page.reload()
    expect(officer.page.locator("#connection")).to_have_text("Connecté")
    officer.go_available()
    expect(officer.page.locator("[id^=panel-]").first).to_be_visible()
    citizen.page.get_by_label("Votre message").fill("Bonjour")
    citizen.page.get_by_role("button", name="Envoyer", exact=True).click()
    expect(officer.page.locator("[id^=panel-]").first).to_contain_text("Bonjour")

    assert violations(citizen.page, citizen_reported) == []
    assert violations(officer.page, officer_reported) == []


def test_the_supervisors_console_runs_without_a_violation(new_officer):
    supervisor = new_officer("superviseur")  # the console with the supervisor's board and desk editor
    reported = watch(supervisor.page)
    supervisor.page.reload()
    expect(supervisor.page.locator("#connection")).to_have_text("Connecté")
    supervisor.page.wait_for_load_state("networkidle")
    assert violations(supervisor.page, reported) == []
