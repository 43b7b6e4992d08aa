"""What the citizen is told while chatting: the officer typing, the link down and back, the officer's own
connection, the queue (stale frames dropped, "an officer will answer" when a slot is free), and "Terminer"
that asks first.

Frames the server does not send yet (agent_presence, versioned queue frames) are handed to the page's own
socket (tests.browser.pages.SOCKET_RECORDER), so the widget's code handles them as it would the server's.
"""
from __future__ import annotations

import time

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import DESKTOP, PHONE
from tests.browser.pages import CitizenPage, record_sockets, sent_frames
from tests.browser.test_accessibility import axe_violations
from tests.browser.test_chat_widget import every_officer_away

pytestmark = pytest.mark.browser

# Far above any version the server could have sent before, so the injected frames are the newest.
V = 9_007_199_254_740_000


def recorded_citizen(contexts, local_stack, path: str = "/chat.html", viewport=PHONE) -> CitizenPage:
    page = contexts.new_page(viewport)
    record_sockets(page)
    citizen = CitizenPage(page, local_stack.base_url)
    return citizen.open(path) if path.endswith("chat.html") else citizen.visit(path)


def inject(citizen: CitizenPage, frame: dict) -> None:
    citizen.page.evaluate("(frame) => window.__inject(frame)", frame)


def test_the_officer_typing_is_said_once_and_goes_after_six_seconds_or_with_their_message(
    local_stack, contexts, new_officer
):
    officer = new_officer("agent1")
    officer.go_available()
    citizen = recorded_citizen(contexts, local_stack)
    page = citizen.page
    conversation_id = citizen.start("demarches")
    officer.open_conversation(conversation_id)

    typing = page.locator("#cw-typing")
    expect(typing).to_have_attribute("aria-live", "polite")
    page.evaluate(
        """() => { window.__typingChanges = 0;
             new MutationObserver((records) => { window.__typingChanges += records.length; })
               .observe(document.getElementById('cw-typing'), { childList: true, characterData: true, subtree: true }); }"""
    )
    reply = officer.panel(conversation_id).get_by_label("Votre réponse")
    reply.press_sequentially("Je regarde")
    expect(typing).to_have_text(f"{officer.display_name} écrit…")
    shown_at = time.monotonic()
    for _ in range(3):  # the officer goes on typing: the line is not rewritten (nor said again)
        inject(citizen, {"type": "typing", "conversation_id": conversation_id, "author": "agent"})
    inject(citizen, {"type": "typing", "conversation_id": "someone-else", "author": "agent"})
    assert page.evaluate("window.__typingChanges") == 1

    expect(typing).to_have_text("", timeout=12_000)  # nothing more from the officer: it goes by itself
    assert time.monotonic() - shown_at >= 4.5

    reply.fill("")
    reply.press_sequentially("Voici")
    expect(typing).to_have_text(f"{officer.display_name} écrit…")
    officer.send(conversation_id, "Voici la réponse.")
    citizen.expect_message("Voici la réponse.")
    expect(typing).to_have_text("", timeout=1_000)  # cleared by the message itself

    # The citizen's send and typing frames name their conversation.
    box = page.get_by_label("Votre message")
    box.press_sequentially("Merci")
    citizen.send("Merci beaucoup")
    for action in ("send", "typing"):
        frames = sent_frames(page, action)
        assert frames and all(f.get("conversation_id") == conversation_id for f in frames), (action, frames)

    officer.close(conversation_id, "resolved")
    officer.go_away()


def test_the_citizen_sees_the_link_go_and_come_back_and_the_officer_drop_and_return(local_stack, contexts, new_officer):
    officer = new_officer("agent2")
    officer.go_available()
    citizen = recorded_citizen(contexts, local_stack, "/index.html")  # the floating panel, full screen on a phone
    page = citizen.page
    citizen.open_widget()
    conversation_id = citizen.start("autre")
    officer.open_conversation(conversation_id)
    expect(citizen.agent_line).to_contain_text(officer.display_name)
    expect(officer.presence(conversation_id)).to_have_text("Citoyen en ligne")

    # The socket dies and cannot come back: said at once, beside the message box, in sight.
    link = page.locator("#cw-connection")
    page.evaluate("window.__blocked = true; window.__sockets.at(-1).close()")
    expect(link).to_contain_text("Connexion perdue, reconnexion…")
    expect(link).to_contain_text("Vos messages partiront dès le retour de la connexion.")
    expect(link).to_have_attribute("role", "status")
    expect(link).to_be_in_viewport()
    expect(officer.presence(conversation_id)).to_have_text("Citoyen hors ligne")

    page.evaluate("window.__blocked = false; window.dispatchEvent(new Event('online'))")
    expect(link).to_have_text("Connecté")
    expect(officer.presence(conversation_id)).to_have_text("Citoyen en ligne")
    expect(link).to_be_hidden(timeout=10_000)  # then the line empties

    # A cut the socket does not notice (no close, pongs lost): the browser going offline finds it in seconds.
    page.evaluate("window.__dropTypes = ['pong']; window.__blocked = true; window.dispatchEvent(new Event('offline'))")
    expect(link).to_contain_text("Connexion perdue, reconnexion…", timeout=9_000)
    page.evaluate("window.__dropTypes = []; window.__blocked = false; window.dispatchEvent(new Event('online'))")
    expect(link).to_have_text("Connecté")

    # The officer's console drops, then comes back (the server's agent_presence).
    presence = page.locator("#cw-agent-presence")
    expect(presence).to_have_attribute("role", "status")
    inject(citizen, {"type": "agent_presence", "conversation_id": "someone-else", "online": False})
    expect(presence).to_be_hidden()
    inject(citizen, {"type": "typing", "conversation_id": conversation_id, "author": "agent"})
    inject(citizen, {"type": "agent_presence", "conversation_id": conversation_id, "online": False})
    expect(presence).to_have_text(f"{officer.display_name} a perdu la connexion ; votre conversation est conservée.")
    expect(presence).to_be_in_viewport()
    expect(page.locator("#cw-typing")).to_have_text("")
    assert axe_violations(page, "#cw-panel") == []
    inject(citizen, {"type": "agent_presence", "conversation_id": conversation_id, "online": True})
    expect(presence).to_have_text(f"{officer.display_name} est de retour.")
    expect(presence).to_be_hidden(timeout=10_000)

    citizen.end()
    officer.go_away()


def test_stale_queue_frames_are_dropped_and_a_free_slot_says_an_officer_will_answer(local_stack, contexts):
    every_officer_away(local_stack)
    citizen = recorded_citizen(contexts, local_stack)
    page = citizen.page
    conversation_id = citizen.start("autre")
    queue = page.locator("#cw-queue")
    expect(queue).to_contain_text("Vous êtes n° ")

    def queue_frame(position, wait, version):
        return {"type": "queue", "conversation_id": conversation_id, "position": position,
                "estimated_wait_s": wait, "version": version}

    inject(citizen, queue_frame(3, 240, V + 5))
    expect(queue).to_have_text("Vous êtes n° 3 dans la file — attente estimée : environ 4 min")
    inject(citizen, queue_frame(1, 0, V + 7))
    expect(queue).to_have_text("Vous êtes n° 1 dans la file — un policier va vous répondre.")
    inject(citizen, queue_frame(2, 120, V + 6))  # overtaken by the frame after it: dropped
    page.wait_for_timeout(200)
    expect(queue).to_have_text("Vous êtes n° 1 dans la file — un policier va vous répondre.")
    inject(citizen, queue_frame(1, None, V + 7))
    expect(queue).to_have_text("Vous êtes n° 1 dans la file — aucun policier n'est disponible pour le moment.")
    expect(page.locator("#cw-offline-queue")).to_be_visible()

    # A resume that brings an older queue state keeps the newer one.
    inject(citizen, {"type": "resumed", "conversation_id": conversation_id, "status": "waiting", "topic": "autre",
                     "position": 4, "estimated_wait_s": 600, "version": V + 1})
    page.wait_for_timeout(200)
    expect(queue).to_contain_text("Vous êtes n° 1 dans la file")

    citizen.end()


def test_terminer_asks_first_escape_or_no_keeps_the_chat_and_yes_ends_it(local_stack, contexts):
    citizen = recorded_citizen(contexts, local_stack, "/index.html", viewport=DESKTOP)
    page = citizen.page
    citizen.open_widget()
    citizen.start("demarches")
    end_button = citizen.panel.get_by_role("button", name="Terminer", exact=True)

    end_button.click()
    confirm = page.get_by_role("group", name="Terminer la conversation ? Vous ne pourrez plus écrire au policier ici.")
    expect(confirm).to_be_visible()
    expect(page.get_by_role("button", name="Oui, terminer")).to_be_focused()
    expect(end_button).to_be_hidden()
    page.wait_for_timeout(300)
    assert sent_frames(page, "end") == []
    expect(citizen.closed_text).to_be_hidden()
    assert axe_violations(page, "#cw-panel") == []

    page.keyboard.press("Escape")  # cancels the question; the panel stays open
    expect(confirm).to_be_hidden()
    expect(citizen.panel).to_be_visible()
    expect(end_button).to_be_focused()

    page.keyboard.press("Enter")
    expect(confirm).to_be_visible()
    page.get_by_role("button", name="Non, continuer").click()
    expect(confirm).to_be_hidden()
    expect(end_button).to_be_focused()
    citizen.send("Je suis toujours là")
    assert sent_frames(page, "end") == []

    end_button.click()
    page.get_by_role("button", name="Oui, terminer").click()
    expect(citizen.closed_text).to_contain_text("Vous avez terminé la conversation.")
    assert len(sent_frames(page, "end")) == 1
