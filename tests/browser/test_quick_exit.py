"""The quick exit ends the chat (without waiting long for the server), leaves, and Back does not bring
Guichet back; the pages say what it cannot erase."""
from __future__ import annotations

import time

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import PHONE
from tests.browser.pages import CitizenPage, record_sockets

pytestmark = pytest.mark.browser

EXIT_STUB = "<!doctype html><html lang='fr'><title>Météo</title><h1>Météo</h1></html>"


def test_quick_exit_ends_the_chat_leaves_within_a_moment_and_back_does_not_show_guichet(
    local_stack, contexts, new_officer
):
    officer = new_officer("agent1")
    officer.go_available()
    page = contexts.new_page(PHONE)
    record_sockets(page)
    page.route(
        "https://meteofrance.com/**",
        lambda route: route.fulfill(status=200, content_type="text/html; charset=utf-8", body=EXIT_STUB),
    )
    citizen = CitizenPage(page, local_stack.base_url).visit("/fiches/violences-conjugales.html")

    # What it cannot erase is said on the page, and tied to the button.
    note = page.locator("#quick-exit-note")
    expect(note).to_contain_text("ne peut pas effacer l'historique du navigateur")
    expect(page.locator("header [data-quick-exit]")).to_have_attribute("aria-describedby", "quick-exit-note")

    citizen.visit("/index.html")
    citizen.open_widget()
    expect(page.locator("#cw-exit-limits")).to_contain_text("ne peut pas effacer l'historique du navigateur")
    conversation_id = citizen.start("violences")
    officer.open_conversation(conversation_id)
    citizen.send("Il arrive")

    page.evaluate("window.__dropTypes = ['closed']")  # the server's answer never reaches the page
    started = time.monotonic()
    citizen.panel.get_by_role("button", name="Quitter rapidement").click()
    page.wait_for_url("https://meteofrance.com/**")
    assert time.monotonic() - started < 2.5  # it waited a moment for the close, not for ever
    expect(officer.panel(conversation_id)).to_contain_text("Conversation close par le citoyen.")

    # Back: the Guichet page before it leaves again at once (and that entry becomes the neutral site too).
    page.go_back()
    page.wait_for_url("https://meteofrance.com/**")
    expect(page.locator("h1")).to_have_text("Météo")

    # Opening Guichet anew is not bounced, and nothing of the chat is left.
    citizen.visit("/index.html")
    assert citizen.guichet_keys() == []
    expect(citizen.panel).to_be_hidden()
    officer.go_away()
