"""One citizen, keyboard only: orientation to a report form, the report sent, then a chat opened and used."""
from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests.browser.pages import tab_until

pytestmark = pytest.mark.browser


def test_orientation_then_a_report_then_a_chat_with_the_keyboard_alone(local_stack, contexts):
    page = contexts.new_page({"width": 390, "height": 844})
    page.goto(local_stack.base_url + "/orientation.html?start=signale")

    # Orientation: "I report" → a drug-dealing spot → the report form outcome.
    tab_until(page, "button", "point de deal", max_presses=80)
    page.keyboard.press("Enter")
    tab_until(page, "a[href*='/signaler.html?type=point-de-deal']", max_presses=80)
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/signaler\.html\?type=point-de-deal"))

    # The report: the kind is preselected; fill the required fields, consent, send.
    expect(page.locator("#kind-point-de-deal")).to_be_checked()
    tab_until(page, "#place-commune", max_presses=80)
    page.keyboard.type("Mérignac")
    tab_until(page, "#description", max_presses=80)
    page.keyboard.type("Vente devant le hall B tous les soirs, plusieurs guetteurs.")
    tab_until(page, "#consent", max_presses=80)
    page.keyboard.press("Space")
    tab_until(page, "#report-submit", max_presses=80)
    page.keyboard.press("Enter")
    expect(page.locator("#report-reference")).to_have_text(re.compile(r"^SIG-\d{4}-[A-HJ-KM-NP-Z2-9]{6}$"))

    # The chat: open the widget, pick a topic, write, send with Enter.
    tab_until(page, "#cw-launcher", max_presses=80)
    page.keyboard.press("Enter")
    tab_until(page, "[data-topic]", max_presses=80)
    page.keyboard.press("Enter")
    expect(page.locator("#cw-queue")).to_contain_text("dans la file")
    page.keyboard.type("Bonjour, je viens de faire un signalement.")
    page.keyboard.press("Enter")
    log = page.locator('[role="log"][aria-live="polite"]')
    expect(log.locator(".msg--citizen .msg__text")).to_have_text(["Bonjour, je viens de faire un signalement."])
    expect(log.locator(".msg--pending")).to_have_count(0)
    tab_until(page, "#cw-end", max_presses=80)
    page.keyboard.press("Enter")
    expect(page.locator("#cw-end-yes")).to_be_focused()  # "Terminer" asks first
    page.keyboard.press("Enter")
    expect(page.locator("#cw-closed-text")).to_be_visible()
