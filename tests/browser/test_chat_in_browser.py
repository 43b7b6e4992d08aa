"""A citizen and an officer chat through the real pages, the real local gateway and Chromium.

The tests share one local stack: each uses its own demo officer, waits for its own conversation,
closes it and goes away at the end, so no test takes another's citizen.
"""
from __future__ import annotations

import time

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import DESKTOP, PHONE
from tests.local_stack import ARTIFACTS

pytestmark = pytest.mark.browser

XSS = "<img src=x onerror=alert(1)>"

# Lets a test lose an outgoing "send" frame, lose an incoming ack, and keep the socket from reconnecting.
FLAKY_NETWORK = """
(() => {
  const Native = window.WebSocket;
  Object.assign(window, { __sockets: [], __blocked: false, __dropSends: 0, __dropAcks: 0 });
  window.WebSocket = class extends Native {
    constructor(url, protocols) {
      // Blocked: a same-origin address that refuses the handshake (another origin would be a CSP violation).
      super(window.__blocked ? location.origin.replace(/^http/, "ws") + "/nowhere" : url, protocols);
      window.__sockets.push(this);
      this.addEventListener("message", (event) => {
        if (window.__dropAcks > 0 && JSON.parse(event.data).type === "ack") {
          window.__dropAcks -= 1;
          event.stopImmediatePropagation();
        }
      });
    }
    send(data) {
      if (window.__dropSends > 0 && JSON.parse(data).action === "send") {
        window.__dropSends -= 1;
        return;
      }
      super.send(data);
    }
  };
})();
"""


def test_a_citizen_and_an_officer_chat_from_topic_to_close(new_citizen, new_officer):
    officer = new_officer("agent1")
    officer.go_available()
    citizen = new_citizen()

    conversation_id = citizen.start("demarches")
    officer.open_conversation(conversation_id)
    expect(citizen.agent_line).to_contain_text(officer.display_name)
    expect(citizen.log).to_contain_text(f"{officer.display_name} a rejoint la conversation — une personne, pas un robot")

    citizen.send("Bonjour, où trouver mon attestation ?")
    officer.expect_message(conversation_id, "Bonjour, où trouver mon attestation ?")
    officer.send(conversation_id, "Bonjour, je suis là pour vous aider.")
    citizen.expect_message("Bonjour, je suis là pour vous aider.")
    expect(citizen.log.locator(".msg--agent .msg__author").first).to_have_text(officer.display_name)

    officer.close(conversation_id, "resolved")
    expect(citizen.closed_text).to_contain_text("Le policier a clos la conversation")
    expect(citizen.page.get_by_label("Votre message")).to_be_hidden()
    expect(citizen.page.get_by_role("button", name="Nouvelle conversation")).to_be_visible()
    officer.go_away()


def test_a_reloaded_chat_comes_back_whole_with_what_was_sent_meanwhile(new_citizen, new_officer):
    officer = new_officer("agent2")
    officer.go_available()
    citizen = new_citizen()
    conversation_id = citizen.start("victime")
    officer.open_conversation(conversation_id)

    citizen.send("Premier message du citoyen")
    officer.expect_message(conversation_id, "Premier message du citoyen")
    officer.send(conversation_id, "Première réponse du policier")
    citizen.expect_message("Première réponse du policier")
    citizen.send("Deuxième message du citoyen")
    officer.expect_message(conversation_id, "Deuxième message du citoyen")

    # Hold the chat script of the reloaded page: the citizen stays offline while the officer writes.
    held = []
    citizen.page.route("**/components/chat-widget/chat-widget.js", lambda route: held.append(route))
    citizen.page.reload(wait_until="commit")
    expect(officer.presence(conversation_id)).to_have_text("Citoyen hors ligne")
    officer.send(conversation_id, "Réponse écrite pendant le rechargement")
    deadline = time.monotonic() + 10
    while not held and time.monotonic() < deadline:
        citizen.page.wait_for_timeout(50)
    assert held, "the reloaded page never asked for its script"
    held[0].continue_()
    citizen.page.unroute("**/components/chat-widget/chat-widget.js")

    citizen.expect_message("Réponse écrite pendant le rechargement")
    expect(citizen.log.locator("[data-message-id] .msg__text")).to_have_text(
        [
            "Premier message du citoyen",
            "Première réponse du policier",
            "Deuxième message du citoyen",
            "Réponse écrite pendant le rechargement",
        ]
    )
    assert citizen.conversation_id() == conversation_id
    expect(citizen.agent_line).to_contain_text(officer.display_name)
    expect(officer.presence(conversation_id)).to_have_text("Citoyen en ligne")

    citizen.send("Merci, c'est revenu")
    officer.expect_message(conversation_id, "Merci, c'est revenu")
    officer.close(conversation_id, "oriented")
    expect(citizen.closed_text).to_be_visible()
    officer.go_away()


def test_markup_in_a_message_is_shown_as_text_on_both_sides(new_citizen, new_officer):
    officer = new_officer("agent3")
    officer.go_available()
    citizen = new_citizen()
    dialogs: list[str] = []
    for page in (citizen.page, officer.page):
        page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    conversation_id = citizen.start("escroquerie")
    officer.open_conversation(conversation_id)

    citizen.send(XSS)
    officer.expect_message(conversation_id, XSS)
    officer.send(conversation_id, XSS)
    citizen.expect_message(XSS)

    expect(citizen.log.locator(".msg--citizen .msg__text")).to_have_text([XSS])
    assert citizen.log.locator("img").count() == 0
    assert officer.panel(conversation_id).locator("img").count() == 0
    citizen.page.wait_for_timeout(300)
    assert dialogs == []

    officer.close(conversation_id, "inappropriate")
    officer.go_away()


def test_screenshots_of_the_chat_on_a_phone_and_of_the_console(new_citizen, new_officer):
    officer = new_officer("superviseur", viewport=DESKTOP)
    officer.go_available()
    citizen = new_citizen(viewport=PHONE)
    conversation_id = citizen.start("autre")
    officer.open_conversation(conversation_id)
    citizen.send("Bonjour, j'ai une question sur une procuration.")
    officer.send(conversation_id, "Bonjour, je vous écoute : pour quelle élection ?")
    citizen.expect_message("Bonjour, je vous écoute : pour quelle élection ?")
    officer.expect_message(conversation_id, "Bonjour, j'ai une question sur une procuration.")

    ARTIFACTS.mkdir(exist_ok=True)
    chat_png, console_png = ARTIFACTS / "chat-390.png", ARTIFACTS / "agent-console.png"
    citizen.page.screenshot(path=str(chat_png), full_page=True)
    officer.page.screenshot(path=str(console_png), full_page=True)
    for png in (chat_png, console_png):
        assert png.exists() and png.stat().st_size > 0

    assert citizen.page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    officer.close(conversation_id, "resolved")
    officer.go_away()


def test_a_dropped_connection_resumes_and_resends_what_was_not_acknowledged_once(new_citizen, new_officer):
    officer = new_officer("agent1")
    officer.go_available()
    citizen = new_citizen()
    page = citizen.page
    page.add_init_script(FLAKY_NETWORK)
    page.reload()
    conversation_id = citizen.start("autre")
    officer.open_conversation(conversation_id)

    page.evaluate("window.__dropSends = 1")
    page.get_by_label("Votre message").fill("A : parti dans un tunnel")
    page.get_by_role("button", name="Envoyer", exact=True).click()
    page.evaluate("window.__dropAcks = 1")
    page.get_by_label("Votre message").fill("B : arrivé, accusé perdu")
    page.get_by_role("button", name="Envoyer", exact=True).click()
    officer.expect_message(conversation_id, "B : arrivé, accusé perdu")
    expect(citizen.log.locator(".msg--pending")).to_have_count(2)

    page.evaluate("window.__blocked = true; window.__sockets.at(-1).close()")
    expect(page.locator("#cw-connection")).to_contain_text("Connexion perdue, reconnexion…")
    expect(officer.presence(conversation_id)).to_have_text("Citoyen hors ligne")
    officer.send(conversation_id, "C : écrit pendant la coupure")

    page.evaluate("window.__blocked = false; window.dispatchEvent(new Event('online'))")
    expect(page.locator("#cw-connection")).to_have_text("Connecté")
    expect(citizen.log.locator(".msg--pending")).to_have_count(0)
    expect(citizen.log.locator("[data-message-id] .msg__text")).to_have_text(
        ["B : arrivé, accusé perdu", "C : écrit pendant la coupure", "A : parti dans un tunnel"]
    )
    officer.expect_message(conversation_id, "A : parti dans un tunnel")
    officer.expect_message(conversation_id, "B : arrivé, accusé perdu")
    expect(officer.panel(conversation_id).locator("[data-message-id]")).to_have_count(3)

    officer.close(conversation_id, "resolved")
    officer.go_away()
