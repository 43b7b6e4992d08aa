"""One console per officer: the older tab, told its session was replaced, says so, stays disconnected,
and "Utiliser ici" takes the console back."""
from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.browser.pages import record_sockets
from tests.browser.test_accessibility import axe_violations

pytestmark = pytest.mark.browser


def test_a_replaced_console_says_so_does_not_reconnect_by_itself_and_can_be_used_here_again(new_officer):
    officer = new_officer("agent3")
    page = officer.page
    record_sockets(page)
    page.reload()  # the console comes back from its stored token, now with its sockets recorded
    expect(page.locator("#connection")).to_have_text("Connecté")
    sockets = page.evaluate("window.__sockets.length")

    page.evaluate("window.__inject({ type: 'session_replaced' })")
    notice = page.locator("#replaced")
    expect(notice).to_be_visible()
    expect(notice).to_have_attribute("role", "alert")
    expect(notice.get_by_role("heading")).to_have_text("Console ouverte dans un autre onglet")
    use_here = page.get_by_role("button", name="Utiliser ici")
    expect(use_here).to_be_focused()
    expect(page.locator("#connection")).to_have_text("Console ouverte dans un autre onglet")
    assert axe_violations(page) == []

    # The server closes the old socket: this tab must not take the console back by itself.
    page.wait_for_timeout(2_500)
    assert page.evaluate("window.__sockets.length") == sockets
    assert page.evaluate("window.__sockets.at(-1).readyState") >= 2  # closing or closed

    use_here.click()
    expect(page.locator("#connection")).to_have_text("Connecté")
    expect(notice).to_be_hidden()
    assert page.evaluate("window.__sockets.length") == sockets + 1
    officer.go_available()
    officer.go_away()
