"""axe-core (WCAG 2.1 A and AA rules) finds no violation on any page, in its first state and its interactive ones."""
from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Page

from sitegen.build import render_site

ROOT = Path(__file__).resolve().parents[2]
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
WCAG_21_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
PAGES = sorted({"/" + path.removesuffix("index.html") for path, _ in render_site()} | {"/agent.html", "/signalements.html"})


def axe_violations(page: Page, context: str = "document") -> list[dict[str, Any]]:
    """Run axe on the page (or a CSS selector) and return its violations, shortened for a readable failure."""
    if not AXE.exists():
        pytest.fail("axe-core is missing: `make test` installs it (npm ci)")
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        # Evaluated through the DevTools protocol, as the test's own code: a <script> tag would be an inline script,
        # which the site's Content-Security-Policy refuses (as it should).
        page.evaluate(AXE.read_text(encoding="utf-8"))
    result = page.evaluate(
        """async ([context, tags]) => {
            const target = context === "document" ? document : document.querySelector(context);
            const r = await axe.run(target, {runOnly: {type: "tag", values: tags}});
            return r.violations.map(v => ({id: v.id, impact: v.impact, nodes: v.nodes.map(n => n.target.join(" ")).slice(0, 5)}));
        }""",
        [context, WCAG_21_AA],
    )
    return result


@pytest.fixture(scope="module")
def one_page(browser):
    """One page reused across paths: axe runs are independent of what the page showed before."""
    context = browser.new_context(locale="fr-FR")
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    yield page, errors
    context.close()


@pytest.mark.browser
@pytest.mark.parametrize("path", PAGES)
def test_every_page_has_no_axe_violation(path, local_stack, one_page):
    page, errors = one_page
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(local_stack.base_url + path, wait_until="load")
    # Wait until the chat widget (on citizen pages) has started on its markup.
    page.wait_for_function("!document.querySelector('#chat-widget') || document.querySelector('#chat-widget[data-chat-widget-init]')")
    for viewport in ({"width": 390, "height": 844}, {"width": 1280, "height": 800}):
        page.set_viewport_size(viewport)
        assert axe_violations(page) == [], f"{path} at {viewport['width']} px"
    assert errors == [], f"JavaScript errors on {path}: {errors}"


@pytest.mark.browser
def test_the_open_chat_widget_has_no_axe_violation(local_stack, contexts):
    page = contexts.new_page({"width": 390, "height": 844})
    page.goto(local_stack.base_url + "/#chat")
    page.wait_for_selector("[data-topic]")
    assert axe_violations(page) == []
