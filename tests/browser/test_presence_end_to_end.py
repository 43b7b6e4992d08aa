"""Presence through the real server: the citizen told when the officer's console drops and returns, and one
console per officer (the newer tab replaces the older, which does not take it back by itself)."""
from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import DESKTOP
from tests.browser.pages import OfficerPage

pytestmark = pytest.mark.browser


def test_the_citizen_is_told_when_the_officers_console_drops_and_comes_back(new_citizen, new_officer):
    officer = new_officer("agent2")
    officer.go_available()
    citizen = new_citizen()
    conversation_id = citizen.start("demarches")
    officer.open_conversation(conversation_id)
    presence = citizen.page.locator("#cw-agent-presence")

    officer.page.goto("about:blank")  # the console's socket goes
    expect(presence).to_have_text(f"{officer.display_name} a perdu la connexion ; votre conversation est conservée.")
    officer.page.goto(f"{officer.base_url}/agent.html")  # back, from the token the tab kept
    expect(officer.page.locator("#connection")).to_have_text("Connecté")
    expect(presence).to_have_text(f"{officer.display_name} est de retour.")

    officer.open_conversation(conversation_id)
    officer.close(conversation_id, "resolved")
    expect(citizen.closed_text).to_be_visible()


def test_a_second_console_of_the_same_officer_replaces_the_first_without_ping_pong(local_stack, contexts):
    first = OfficerPage(contexts.new_page(DESKTOP), local_stack.base_url, "agent3").login()
    contexts.officers.append(first)
    second = OfficerPage(contexts.new_page(DESKTOP), local_stack.base_url, "agent3").login()
    contexts.officers.append(second)

    expect(first.page.locator("#replaced")).to_be_visible()
    expect(first.page.locator("#connection")).to_have_text("Console ouverte dans un autre onglet")
    first.page.wait_for_timeout(2_000)  # neither takes it back by itself
    expect(second.page.locator("#connection")).to_have_text("Connecté")
    expect(second.page.locator("#replaced")).to_be_hidden()
    expect(first.page.locator("#replaced")).to_be_visible()

    first.page.get_by_role("button", name="Utiliser ici").click()
    expect(first.page.locator("#connection")).to_have_text("Connecté")
    expect(second.page.locator("#replaced")).to_be_visible()
