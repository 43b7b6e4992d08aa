"""Keyboard use, live regions and the emergency numbers on the citizen pages."""
from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.browser.pages import tab_until

pytestmark = pytest.mark.browser

EMERGENCY = "Urgence : appelez le 17 ou le 112 — par SMS : 114 (sourds, malentendants)"


def test_a_citizen_chats_with_the_keyboard_alone_and_messages_land_in_the_live_log(new_citizen):
    citizen = new_citizen()
    page = citizen.page

    tab_until(page, "[data-topic]")
    page.keyboard.press("Enter")
    message_box = page.get_by_label("Votre message")
    expect(message_box).to_be_focused()
    expect(page.locator("#cw-queue")).to_contain_text("dans la file")

    page.keyboard.type("Écrit au clavier, envoyé avec Entrée")
    page.keyboard.press("Enter")
    expect(message_box).to_be_focused()
    expect(message_box).to_have_value("")
    page.keyboard.type("Écrit au clavier, envoyé avec le bouton")
    page.keyboard.press("Tab")
    expect(page.get_by_role("button", name="Envoyer", exact=True)).to_be_focused()
    page.keyboard.press("Enter")

    live_log = page.locator('[role="log"][aria-live="polite"]')
    expect(live_log).to_have_count(1)
    expect(live_log.locator(".msg--citizen .msg__text")).to_have_text(
        ["Écrit au clavier, envoyé avec Entrée", "Écrit au clavier, envoyé avec le bouton"]
    )
    expect(live_log.locator(".msg--pending")).to_have_count(0)

    tab_until(page, "#cw-end")
    page.keyboard.press("Enter")
    expect(page.locator("#cw-end-yes")).to_be_focused()  # "Terminer" asks first
    page.keyboard.press("Enter")
    expect(page.locator("#cw-closed-text")).to_contain_text("Vous avez terminé la conversation")
    expect(live_log).to_contain_text("Conversation terminée")


def test_the_emergency_numbers_are_on_the_home_page_the_chat_page_and_inside_the_chat(
    local_stack, new_citizen, contexts
):
    home = contexts.new_page({"width": 390, "height": 844})
    home.goto(f"{local_stack.base_url}/index.html")
    band = home.locator(".emergency")
    expect(band).to_be_visible()
    expect(band).to_contain_text(EMERGENCY)
    expect(band).to_contain_text("Ce chat ne traite pas les urgences.")

    citizen = new_citizen()
    page = citizen.page
    expect(page.locator(".emergency")).to_contain_text(EMERGENCY)
    for number in ("17", "112", "114"):
        expect(page.locator(".emergency").get_by_role("link", name=number, exact=True)).to_be_visible()

    citizen.start("signalement")
    inside = page.locator("#cw-panel .cw-emergency")
    expect(inside).to_be_visible()
    expect(inside).to_contain_text(EMERGENCY)
    expect(inside).to_contain_text("Ce chat ne traite pas les urgences.")
    expect(page.locator("#cw-panel")).to_contain_text("90 jours")
    citizen.end()
