"""The supervisor's "Piloter" panel in Chromium, on a stack of its own: a supervisor, two officers and two
citizens. Watch (read-only), join, reassign, set an officer away, change a capacity and see the next assignment
follow it, then the day's audit trail; an officer's console has no such panel."""
from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from playwright.sync_api import expect

from tests.browser.test_accessibility import axe_violations
from tests.local_stack import LocalStack, start_local_stack

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def local_stack() -> Iterator[LocalStack]:
    """This module's own stack (the browser fixtures use it instead of the session's)."""
    started = start_local_stack()
    yield started
    started.stop()


def test_a_supervisor_watches_joins_reassigns_pauses_and_changes_a_capacity(new_officer, new_citizen):
    first = new_officer("agent1")
    first.go_available()
    citizen = new_citizen()
    conv = citizen.start("demarches")
    first.open_conversation(conv)
    citizen.send("Bonjour, une question sur ma carte grise")
    first.expect_message(conv, "Bonjour, une question sur ma carte grise")
    second = new_officer("agent2")
    second.go_available()
    expect(first.page.locator("#supervisor-actions")).to_be_hidden()  # officers have no "Piloter" panel

    supervisor = new_officer("superviseur")
    page = supervisor.page
    panel = page.locator("#supervisor-actions")
    expect(panel).to_be_visible()
    expect(panel.get_by_role("heading", name="Piloter")).to_be_visible()
    expect(panel.locator("#supervisor-officers")).to_contain_text(first.display_name)
    row = panel.locator(f'#supervisor-chats [data-conversation-id="{conv}"]')
    expect(row).to_contain_text(first.display_name)

    # Observer: read-only, the history then what follows; the citizen's page shows no one else.
    row.get_by_role("button", name=re.compile("^Observer")).click()
    watch = panel.locator("#supervisor-watch")
    expect(watch).to_be_visible()
    expect(watch.locator(".msg--citizen .msg__text")).to_have_text(["Bonjour, une question sur ma carte grise"])
    expect(page.locator(f"#panel-{conv}")).to_have_count(0)
    first.send(conv, "Je regarde votre dossier")
    expect(watch.locator(".msg--agent .msg__text")).to_have_text(["Je regarde votre dossier"])
    citizen.send("Merci")
    expect(watch.locator(".msg--citizen .msg__text")).to_have_count(2)
    assert axe_violations(page, "#supervisor-actions") == []

    # Rejoindre: the conversation joins the supervisor's own; their message reaches the citizen as an officer's.
    watch.get_by_role("button", name="Rejoindre").click()
    expect(watch).to_be_hidden()
    joined = supervisor.open_conversation(conv)
    expect(joined.locator('[data-part="close-form"]')).to_be_hidden()  # closing stays with its officer
    supervisor.send(conv, "Bonjour, je complète la réponse de mon collègue")
    citizen.expect_message("Bonjour, je complète la réponse de mon collègue", author="agent")
    # The officer's console names the supervisor on it (the citizen's never does); the supervisor's shows
    # the officer's earlier answer as the officer side's, not as their own.
    first.expect_message(conv, "Bonjour, je complète la réponse de mon collègue", author="agent")
    expect(first.panel(conv).locator(".msg--agent .msg__author")).to_have_text([supervisor.display_name])
    supervisor.expect_message(conv, "Je regarde votre dossier", author="agent")
    expect(citizen.log).not_to_contain_text(supervisor.display_name)
    expect(first.page.locator("#console-alert")).to_contain_text("a rejoint la conversation")
    expect(citizen.agent_line).to_contain_text(first.display_name)

    # Réattribuer à…: the second officer gets it, the first loses it with a reason, the citizen sees the name.
    row = panel.locator(f'#supervisor-chats [data-conversation-id="{conv}"]')
    row.get_by_label("Réattribuer à…").select_option(label=second.display_name)
    row.get_by_role("button", name=re.compile("^Réattribuer")).click()
    second.open_conversation(conv)
    second.expect_message(conv, "Merci")
    expect(first.page.locator(f"#panel-{conv}")).to_have_count(0)
    expect(first.page.locator("#workspace-notice")).to_contain_text("réattribué")
    expect(citizen.agent_line).to_contain_text(second.display_name)
    expect(panel.locator("#supervisor-actions-status")).to_contain_text(f"réattribuée à {second.display_name}")

    # Mettre en pause the first officer; the second at one chat: a new citizen waits. Two: they are served.
    panel.locator('#supervisor-officers [data-agent-id="agent1"]').get_by_role("button", name=re.compile("^Mettre en pause")).click()
    first.page.wait_for_function("() => document.getElementById('status-away').checked")
    expect(first.page.locator("#console-alert")).to_contain_text("vous a mis en pause")
    officer_row = panel.locator('#supervisor-officers [data-agent-id="agent2"]')
    officer_row.get_by_label("Capacité").select_option("1")
    officer_row.get_by_role("button", name=re.compile("^Appliquer")).click()
    expect(second.page.locator("#load")).to_contain_text("1")
    expect(second.page.locator("#console-alert")).to_contain_text("capacité à 1")
    later = new_citizen()
    waiting = later.start("autre")
    expect(later.page.locator("#cw-queue")).to_be_visible()
    second.page.wait_for_timeout(1500)  # the start's dispatch has run: nobody could take it
    expect(second.page.locator(f"#tab-{waiting}")).to_have_count(0)
    expect(later.agent_line).not_to_contain_text(second.display_name)
    officer_row = panel.locator('#supervisor-officers [data-agent-id="agent2"]')
    officer_row.get_by_label("Capacité").select_option("2")
    officer_row.get_by_role("button", name=re.compile("^Appliquer")).click()
    second.open_conversation(waiting)
    expect(later.agent_line).to_contain_text(second.display_name)

    # The day's audit trail: every action, by whom, on what (no message text).
    panel.get_by_role("button", name="Actualiser le journal").click()
    audit = panel.locator("#supervisor-audit")
    for words in ("a observé", "a rejoint", "a réattribué", "a mis en pause", "a changé la capacité de"):
        expect(audit).to_contain_text(words)
    expect(audit).to_contain_text(supervisor.display_name)
    expect(audit).not_to_contain_text("carte grise")
    assert axe_violations(page, "#supervisor-actions") == []


def test_the_panel_reads_the_boards_frame_in_version_order_and_acts_on_what_it_lists(
    local_stack, contexts, new_officer, new_citizen
):
    from tests.browser.conftest import DESKTOP
    from tests.browser.pages import OfficerPage, record_sockets

    holder = new_officer("agent3")
    holder.go_available()
    citizen = new_citizen()
    conv = citizen.start("autre")
    holder.open_conversation(conv)
    citizen.send("Une question")
    holder.expect_message(conv, "Une question")

    page = contexts.new_page(DESKTOP)
    record_sockets(page)  # to hand the page a `board` frame, as the board sends them (docs/protocol.md)
    supervisor = OfficerPage(page, local_stack.base_url, "superviseur").login()
    contexts.officers.append(supervisor)
    panel = page.locator("#supervisor-actions")
    expect(panel).to_be_visible()
    row = panel.locator(f'#supervisor-chats [data-conversation-id="{conv}"]')
    expect(row).to_be_visible()  # from `supervision`, the answer to the panel's own supervise_list
    board = {
        "type": "board", "version": 10**9, "at": 1764670000,  # above the real boards the console already got
        "waiting": {"total": 0, "longest_wait_s": None, "by_topic": []},
        "officers": [{"agent_id": "agent3", "display_name": holder.display_name, "status": "available", "capacity": 3,
                      "open_chats": 1, "since_last_answer_s": 45}],
        "chats": [{"conversation_id": conv, "topic": "autre", "agent_id": "agent3", "display_name": holder.display_name,
                   "alias": "Citoyen·ne 0RT", "assigned_s": 300, "awaiting_reply_s": 20}],
    }  # fmt: skip
    page.evaluate("(frame) => window.__inject(frame)", board)
    expect(row).to_contain_text("depuis 5 min")
    expect(row).to_contain_text("attend une réponse depuis 20 s")
    older = {**board, "version": 10**9 - 1, "chats": [], "officers": []}
    page.evaluate("(frame) => window.__inject(frame)", older)  # late: shown lists stay
    expect(row).to_be_visible()
    expect(panel.locator('#supervisor-officers [data-agent-id="agent3"]')).to_contain_text("disponible · 1/3")

    row.get_by_role("button", name=re.compile("^Observer")).click()
    expect(panel.locator("#supervisor-watch .msg--citizen .msg__text")).to_have_text(["Une question"])
