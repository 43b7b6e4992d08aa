"""The supervisors' board in Chromium, on a stack of its own: a supervisor, two officers and several citizens. The board's
figures move as chats start, wait, are answered, closed and abandoned; today's charts and table render; officers and
citizens never see it nor receive a `board` frame."""
from __future__ import annotations

from collections.abc import Iterator

import pytest
from playwright.sync_api import Page, expect

from tests.browser.test_accessibility import axe_violations
from tests.local_stack import LocalStack, start_local_stack

pytestmark = pytest.mark.browser

# Every frame type a page receives, kept in window.__received (set before the page's own scripts run).
RECEIVED = """
(() => {
  const Native = window.WebSocket;
  window.__received = [];
  window.WebSocket = class extends Native {
    constructor(url, protocols) {
      super(url, protocols);
      this.addEventListener("message", (event) => {
        try { window.__received.push(JSON.parse(event.data).type); } catch (ignored) { /* not JSON */ }
      });
    }
  };
})();
"""


@pytest.fixture(scope="module")
def local_stack() -> Iterator[LocalStack]:
    """This module's own stack, so the board's counts start from an empty desk."""
    started = start_local_stack()
    yield started
    started.stop()


def received(page: Page) -> list[str]:
    return page.evaluate("() => window.__received")


def officer_line(page: Page, agent_id: str):
    return page.locator(f'#board-officers tr[data-agent-id="{agent_id}"]')


def test_the_board_moves_as_chats_start_wait_are_answered_and_close_and_shows_today(new_officer, new_citizen):
    supervisor = new_officer("superviseur")
    page = supervisor.page
    expect(page.locator("#view-switch")).to_be_visible()
    page.get_by_role("button", name="Tableau de bord").click()
    expect(page.locator("#supervisor-board")).to_be_visible()
    expect(page.locator("#console")).to_be_hidden()
    expect(page.locator("#board-waiting")).to_have_text("0")

    martin, lea = new_officer("agent30"), new_officer("agent31")
    for officer in (martin, lea):
        officer.page.add_init_script(RECEIVED)
        officer.page.reload()
        expect(officer.page.locator("#connection")).to_have_text("Connecté")
    expect(officer_line(page, "agent30")).to_contain_text("Absent")

    # Three citizens wait: the board counts them, by topic.
    citizens = []
    for _ in range(3):
        citizen = new_citizen()
        citizen.page.add_init_script(RECEIVED)
        citizen.page.reload()
        citizens.append(citizen)
    ids = [citizen.start("victime") for citizen in citizens]
    expect(page.locator("#board-waiting")).to_have_text("3")
    expect(page.locator("#board-topics")).to_contain_text("Je suis victime")
    expect(page.locator("#board-summary")).to_contain_text("3 citoyens attendent")

    # An officer goes available: the three are theirs, nobody waits, the officer is busy (3 of 3).
    martin.go_available()
    expect(page.locator("#board-waiting")).to_have_text("0")
    expect(officer_line(page, "agent30")).to_contain_text("3 / 3")
    expect(officer_line(page, "agent30")).to_contain_text("Occupé")
    expect(page.locator("#board-chat-lines tr")).to_have_count(3)
    expect(page.locator(f'#board-chat-lines tr[data-conversation-id="{ids[0]}"]')).to_contain_text(martin.display_name)

    # A fourth citizen waits; the second officer takes them.
    fourth = new_citizen()
    fourth_id = fourth.start("autre")
    expect(page.locator("#board-waiting")).to_have_text("1")
    lea.go_available()
    expect(page.locator("#board-waiting")).to_have_text("0")
    expect(officer_line(page, "agent31")).to_contain_text("1 / 3")

    # Answered, then closed: the officer's open chats go down; a citizen who ends leaves the board too.
    martin.open_conversation(ids[0])
    martin.send(ids[0], "Bonjour, je vous écoute.")
    martin.close(ids[0], "resolved")
    expect(officer_line(page, "agent30")).to_contain_text("2 / 3")
    fourth.end()
    expect(officer_line(page, "agent31")).to_contain_text("0 / 3")
    expect(page.locator("#board-chat-lines tr")).to_have_count(2)

    # A survey with a comment: today's figures (read again with "Actualiser") list it, as text.
    citizens[0].answer_survey(found_easily=True, understood=True, rating=5, comment="<b>Merci</b> & bravo")
    page.get_by_role("button", name="Actualiser").click()
    expect(page.locator("#board-comments")).to_contain_text("<b>Merci</b> & bravo")
    expect(page.locator("#board-comments b")).to_have_count(0)

    # Today hour by hour: two charts drawn by Chart.js, and the same figures in a table.
    for canvas in ("board-chart-counts", "board-chart-waits"):
        page.wait_for_function(f"() => window.Chart && window.Chart.getChart(document.getElementById('{canvas}'))")
    expect(page.locator("#board-hours-table caption")).to_have_text("Aujourd'hui heure par heure")
    expect(page.locator("#board-hours-head th[scope=col]")).to_have_count(11)
    expect(page.locator("#board-hours tr").first.locator("th[scope=row]")).to_have_count(1)
    expect(page.locator("#board-hours-total")).to_contain_text("Total du jour")
    expect(page.locator("#board-staffing tr")).to_have_count(3)
    expect(page.locator("#board-target")).to_contain_text("80 %")
    assert axe_violations(page, "#supervisor-board") == []

    # Officers and citizens never see the board, nor receive a single board frame.
    for officer in (martin, lea):
        expect(officer.page.locator("#view-switch")).to_be_hidden()
        expect(officer.page.locator("#supervisor-board")).to_be_hidden()
        assert "waiting" in received(officer.page) and "board" not in received(officer.page)
    for citizen in citizens:
        assert "queued" in received(citizen.page) and "board" not in received(citizen.page)
    assert fourth_id
