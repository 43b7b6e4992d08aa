"""One citizen, keyboard only: orientation to a report form, the report sent, then a chat opened and used."""
from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

pytestmark = pytest.mark.browser


def tab_to(page: Page, selector: str, text: str = "", max_presses: int = 80) -> None:
    """Press Tab until the focused element matches the selector (and holds the text); fail if it never does."""
    for _ in range(max_presses):
        page.keyboard.press("Tab")
        reached = page.evaluate(
            """([s, t]) => { const e = document.activeElement;
                 return !!e && e.matches(s) && e.textContent.includes(t); }""",
            [selector, text],
        )
        if reached:
            return
    raise AssertionError(f"Tab never reached {selector} {text!r}")


def test_orientation_then_a_report_then_a_chat_with_the_keyboard_alone(local_stack, contexts):
    page = contexts.new_page({"width": 390, "height": 844})
    page.goto(local_stack.base_url + "/orientation.html?start=signale")

    # Orientation: "I report" → a drug-dealing spot → the report form outcome.
    tab_to(page, "button", "point de deal")
    page.keyboard.press("Enter")
    tab_to(page, "a[href*='/signaler.html?type=point-de-deal']")
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/signaler\.html\?type=point-de-deal"))

    # The report: the kind is preselected; fill the required fields, consent, send.
    expect(page.locator("#kind-point-de-deal")).to_be_checked()
    tab_to(page, "#place-commune")
    page.keyboard.type("Mérignac")
    tab_to(page, "#description")
    page.keyboard.type("Vente devant le hall B tous les soirs, plusieurs guetteurs.")
    tab_to(page, "#consent")
    page.keyboard.press("Space")
    tab_to(page, "#report-submit")
    page.keyboard.press("Enter")
    expect(page.locator("#report-reference")).to_have_text(re.compile(r"^SIG-\d{4}-[A-HJ-KM-NP-Z2-9]{6}$"))

    # The chat: open the widget, pick a topic, write, send with Enter.
    tab_to(page, "#cw-launcher")
    page.keyboard.press("Enter")
    tab_to(page, "[data-topic]")
    page.keyboard.press("Enter")
    expect(page.locator("#cw-queue")).to_contain_text("dans la file")
    page.keyboard.type("Bonjour, je viens de faire un signalement.")
    page.keyboard.press("Enter")
    log = page.locator('[role="log"][aria-live="polite"]')
    expect(log.locator(".msg--citizen .msg__text")).to_have_text(["Bonjour, je viens de faire un signalement."])
    expect(log.locator(".msg--pending")).to_have_count(0)
    tab_to(page, "#cw-end")
    page.keyboard.press("Enter")
    expect(page.locator("#cw-closed-text")).to_be_visible()
