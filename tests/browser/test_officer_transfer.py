"""Transfers, re-queue, context and today's history in Chromium, on a stack of its own with short delays
(offers live 30 s; a citizen waits 14 s for an answer, with a reminder at 5 s): two officers and a citizen."""
from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from playwright.sync_api import expect

from tests.browser.test_accessibility import axe_violations
from tests.local_stack import LocalStack, start_local_stack

pytestmark = pytest.mark.browser

SHORT = {"GUICHET_TRANSFER_OFFER_S": "30", "GUICHET_REPLY_TIMEOUT_S": "14", "GUICHET_REPLY_REMINDER_S": "5"}


@pytest.fixture(scope="module")
def local_stack() -> Iterator[LocalStack]:
    """This module's own stack (the browser fixtures use it instead of the session's)."""
    started = start_local_stack(extra_env=SHORT)
    yield started
    started.stop()


def offer_transfer(page, panel, colleague_name: str, note: str = "") -> None:
    panel.get_by_role("button", name="Transférer").click()
    dialog = page.locator("#transfer-dialog")
    expect(dialog).to_be_visible()
    dialog.get_by_label(re.compile(re.escape(colleague_name))).check()
    if note:
        dialog.get_by_label(re.compile("^Note pour")).fill(note)
    dialog.get_by_role("button", name="Proposer le transfert").click()
    expect(dialog).to_be_hidden()


def test_a_transfer_declined_then_accepted_carries_the_history_and_the_day_is_searchable(new_officer, new_citizen):
    holder = new_officer("agent1")  # online, away: the citizen waits in the queue
    citizen = new_citizen()
    conversation_id = citizen.start("demarches")
    citizen.send("Bonjour, question sur ma carte grise")  # written before any officer joined
    holder.go_available()
    panel = holder.open_conversation(conversation_id)
    expect(panel.locator(".log-arrival").first).to_have_text("Avant votre arrivée")
    expect(panel.locator(".chat-panel__context")).to_contain_text("A attendu")
    holder.send(conversation_id, "Bonjour, je regarde cela")
    panel.get_by_label("Ajouter une note interne").fill("Dossier ANTS en cours")
    panel.get_by_role("button", name="Ajouter la note").click()
    expect(panel.locator(".notes__list")).to_contain_text("Dossier ANTS en cours")

    colleague = new_officer("agent2")
    colleague.go_available()

    # The dialog lists the colleague, is axe clean; the offer is declined: the holder keeps it and is told.
    panel.get_by_role("button", name="Transférer").click()
    dialog = holder.page.locator("#transfer-dialog")
    expect(dialog.get_by_label(re.compile(re.escape(colleague.display_name)))).to_be_visible()
    assert axe_violations(holder.page, "#transfer-dialog") == []
    dialog.get_by_role("button", name="Annuler").click()
    expect(dialog).to_be_hidden()
    offer_transfer(holder.page, panel, colleague.display_name, note="<b>Besoin</b> d'un avis")
    expect(panel.locator(".transfer-state")).to_contain_text("en attente de sa réponse")

    offer = colleague.page.locator(".transfer-offer")
    expect(offer).to_be_visible()
    expect(offer).to_contain_text(holder.display_name)
    expect(offer).to_contain_text("Note : <b>Besoin</b> d'un avis")  # shown as text
    expect(offer.locator(".transfer-offer__countdown")).to_contain_text("Expire dans")
    assert axe_violations(colleague.page, "#transfer-offers") == []
    offer.get_by_role("button", name="Refuser").click()
    expect(panel.locator(".transfer-state")).to_contain_text("a refusé le transfert")
    expect(panel).to_be_visible()
    expect(colleague.page.locator(f"#panel-{conversation_id}")).to_have_count(0)

    # Offered again and accepted from the keyboard: the colleague has the whole history and the notes.
    offer_transfer(holder.page, panel, colleague.display_name)
    accept = colleague.page.locator(".transfer-offer").get_by_role("button", name="Accepter")
    expect(accept).to_be_enabled()
    accept.focus()
    colleague.page.keyboard.press("Enter")
    taken = colleague.open_conversation(conversation_id)
    colleague.expect_message(conversation_id, "Bonjour, question sur ma carte grise")
    colleague.expect_message(conversation_id, "Bonjour, je regarde cela", author="self")
    expect(taken.locator(".notes__list")).to_contain_text("Dossier ANTS en cours")
    expect(taken.locator(".chat-panel__context")).to_contain_text(f"transférée par {holder.display_name}")
    expect(holder.page.locator(f"#panel-{conversation_id}")).to_have_count(0)
    expect(holder.page.locator("#workspace-notice")).to_contain_text(f"transférée à {colleague.display_name}")
    expect(citizen.agent_line).to_contain_text(colleague.display_name)

    colleague.send(conversation_id, "Je prends la suite")
    citizen.expect_message("Je prends la suite")
    colleague.close(conversation_id, "resolved")

    # Today's history: searched, one conversation read (messages and notes), axe clean.
    colleague.page.get_by_role("button", name="Mes conversations du jour").click()
    history = colleague.page.locator("#history-dialog")
    expect(history).to_be_visible()
    expect(history.locator("#history-list li")).to_have_count(1)
    history.get_by_label(re.compile("^Rechercher")).fill("introuvablezz")
    expect(history.locator("#history-status")).to_have_text("Aucune conversation close aujourd'hui ne correspond.")
    history.get_by_label(re.compile("^Rechercher")).fill("carte grise")
    expect(history.locator("#history-list li")).to_have_count(1)
    assert axe_violations(colleague.page, "#history-dialog") == []
    history.locator("#history-list button").click()
    expect(history.locator("#history-log")).to_contain_text("Bonjour, question sur ma carte grise")
    expect(history.locator("#history-log")).to_contain_text("Je prends la suite")
    expect(history.locator("#history-notes")).to_contain_text("Dossier ANTS en cours")
    expect(history.locator("#history-view-title")).to_be_focused()
    assert axe_violations(colleague.page, "#history-dialog") == []
    history.get_by_role("button", name="Retour à la liste").click()
    expect(history.locator("#history-list button")).to_be_focused()


def test_an_unanswered_citizen_is_requeued_after_a_reminder(new_officer, new_citizen):
    officer = new_officer("agent3")
    officer.go_available()
    citizen = new_citizen()
    conversation_id = citizen.start("demarches")
    panel = officer.open_conversation(conversation_id)
    citizen.send("Il y a quelqu'un ?")
    reminder = panel.locator(".reminder")
    expect(reminder).to_contain_text("Le citoyen attend votre réponse : sans réponse, la conversation retournera dans la file dans", timeout=12_000)
    assert axe_violations(officer.page, f"#panel-{conversation_id}") == []
    expect(officer.page.locator(f"#panel-{conversation_id}")).to_have_count(0, timeout=20_000)
    expect(officer.page.locator("#workspace-notice")).to_contain_text("retournée dans la file d'attente")
    expect(citizen.log).to_contain_text("un autre policier va prendre le relais")
    expect(citizen.agent_line).to_be_hidden()
