"""The officer's queue: a waiting citizen appears live, "Prendre" takes that one (even while away), and it leaves the list."""
from __future__ import annotations

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser


def test_an_away_officer_sees_a_citizen_arrive_and_takes_that_conversation(new_citizen, new_officer):
    officer = new_officer("agent2")
    officer.go_away()
    citizen = new_citizen()
    conversation_id = citizen.start("demarches")

    row = officer.page.locator(f'#waiting-list [data-conversation-id="{conversation_id}"]')
    expect(row).to_be_visible()
    expect(row).to_contain_text("Démarches et attestations")
    row.get_by_role("button", name="Prendre").click()

    officer.open_conversation(conversation_id)
    expect(row).to_have_count(0)
    expect(citizen.agent_line).to_contain_text(officer.display_name)
    citizen.send("Bonjour, c'est pour une procuration.")
    officer.expect_message(conversation_id, "Bonjour, c'est pour une procuration.")
    officer.close(conversation_id, "resolved")
    expect(citizen.closed_text).to_be_visible()
