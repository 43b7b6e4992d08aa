"""The chat widget on every citizen page: open it anywhere, chat, keep the conversation from page to page,
answer the survey, leave with the quick exit, see the alternatives when no officer answers, in English too.

The tests share one local stack with the other browser tests: each uses its own demo officer, closes or ends
its own conversation, and leaves every officer away.
"""
from __future__ import annotations

import json
import time
import urllib.request

import pytest
from playwright.sync_api import Page, expect
from websockets.sync.client import connect

from local.identity import DEMO_ACCOUNTS, DEMO_PASSWORD
from local.officer_login import ticket_url
from tests.browser.conftest import DESKTOP, PHONE
from tests.browser.pages import PANEL_STORE_KEY, CitizenPage
from tests.local_stack import ARTIFACTS

pytestmark = pytest.mark.browser

EXIT_STUB = "<!doctype html><html lang='fr'><title>Météo</title><h1>Météo</h1></html>"
SHEET = "/fiches/pre-plainte-en-ligne.html"


def citizen_on(contexts, local_stack, path: str, viewport=PHONE, lang: str = "fr") -> CitizenPage:
    return CitizenPage(contexts.new_page(viewport), local_stack.base_url, lang).visit(path)


def availability(base_url: str) -> dict:
    with urllib.request.urlopen(f"{base_url}/api/availability", timeout=5) as answer:
        return json.loads(answer.read())


def every_officer_away(local_stack) -> None:
    """Sign each demo officer in over a websocket, set them away and leave: nobody answers any more."""
    for username in DEMO_ACCOUNTS:
        request = urllib.request.Request(
            f"{local_stack.base_url}/api/auth/login",
            data=json.dumps({"username": username, "password": DEMO_PASSWORD}).encode(),
            headers={"Content-Type": "application/json"},
        )
        with urllib.request.urlopen(request, timeout=5) as answer:
            token = json.loads(answer.read())["token"]
        with connect(ticket_url(local_stack.ws_url, token), open_timeout=5) as ws:
            ws.send(json.dumps({"action": "set_status", "status": "away"}))
            deadline = time.monotonic() + 5
            while time.monotonic() < deadline:
                if json.loads(ws.recv(timeout=5)).get("type") == "status":
                    break
    deadline = time.monotonic() + 10
    while availability(local_stack.base_url)["answering"]:
        assert time.monotonic() < deadline, "an officer is still available"
        time.sleep(0.1)


def hold_widget_script(page: Page) -> list:
    """Hold the widget's script on the next page: the citizen is between two pages until it is released."""
    held: list = []
    page.route("**/components/chat-widget/chat-widget.js", lambda route: held.append(route))
    return held


def release(page: Page, held: list) -> None:
    deadline = time.monotonic() + 10
    while not held and time.monotonic() < deadline:
        page.wait_for_timeout(50)
    assert held, "the next page never asked for the widget's script"
    held[0].continue_()
    page.unroute("**/components/chat-widget/chat-widget.js")


def test_the_widget_on_the_home_page_chats_follows_the_citizen_to_a_sheet_and_ends_with_the_survey(
    local_stack, contexts, new_officer
):
    officer = new_officer("agent2")
    officer.go_available()
    citizen = citizen_on(contexts, local_stack, "/", viewport=DESKTOP)
    page = citizen.page

    expect(citizen.panel).to_be_hidden()
    expect(citizen.launcher).to_have_text("Parler à un policier")
    expect(citizen.launcher).to_have_attribute("aria-expanded", "false")
    citizen.open_widget()
    expect(citizen.panel).to_have_attribute("aria-labelledby", "cw-title")
    expect(page.locator("#cw-title")).to_be_focused()
    expect(citizen.panel.locator(".cw-emergency")).to_contain_text("Ce chat ne traite pas les urgences.")

    conversation_id = citizen.start("demarches")
    officer.open_conversation(conversation_id)
    joined = f"{officer.display_name} a rejoint la conversation — une personne, pas un robot"
    expect(citizen.log.locator(".msg--system")).to_have_text([joined])
    expect(citizen.agent_line).to_contain_text(officer.display_name)

    citizen.send("Bonjour, je dois porter plainte ?")
    officer.expect_message(conversation_id, "Bonjour, je dois porter plainte ?")
    officer.panel(conversation_id).get_by_label("Votre réponse").fill("Lisez")
    expect(page.locator("#cw-typing")).to_have_text(f"{officer.display_name} écrit…")
    officer.send(conversation_id, "Lisez la fiche sur la pré-plainte en ligne.")
    citizen.expect_message("Lisez la fiche sur la pré-plainte en ligne.")

    # The citizen opens a sheet; the officer writes while the next page is still loading.
    held = hold_widget_script(page)
    page.goto(f"{local_stack.base_url}{SHEET}", wait_until="commit")
    expect(officer.presence(conversation_id)).to_have_text("Citoyen hors ligne")
    officer.send(conversation_id, "Écrit pendant que vous changiez de page")
    release(page, held)

    expect(citizen.panel).to_be_visible()  # open it was, open it stays
    expect(citizen.log.locator("[data-message-id] .msg__text")).to_have_text(
        [
            "Bonjour, je dois porter plainte ?",
            "Lisez la fiche sur la pré-plainte en ligne.",
            "Écrit pendant que vous changiez de page",
        ]
    )
    assert citizen.conversation_id() == conversation_id
    expect(citizen.agent_line).to_contain_text(officer.display_name)
    expect(officer.presence(conversation_id)).to_have_text("Citoyen en ligne")
    expect(citizen.log).to_have_attribute("aria-live", "polite")  # quiet during the replay only

    officer.close(conversation_id, "oriented")
    expect(citizen.closed_text).to_contain_text("Le policier a clos la conversation.")
    expect(page.get_by_label("Votre message")).to_be_hidden()
    survey = page.locator("#cw-survey")
    expect(survey).to_contain_text("Nous avez-vous trouvés facilement ?")
    expect(survey).to_contain_text("Avez-vous compris la réponse ?")
    expect(survey.locator('input[name="cw-rating"]')).to_have_count(5)

    survey.get_by_role("button", name="Envoyer mon avis").click()
    expect(page.locator("#cw-survey-alert")).to_contain_text("Répondez aux trois questions")
    citizen.answer_survey(found_easily=True, understood=True, rating=5, comment="Rapide et clair <b>merci</b>")
    expect(survey).to_be_hidden()
    assert citizen.stored()["survey_done"] is True

    # The answer stays readable from page to page, without the survey, until a new conversation.
    citizen.visit("/index.html")
    expect(citizen.log.locator("[data-message-id]")).to_have_count(3)
    expect(citizen.closed_text).to_be_visible()
    expect(survey).to_be_hidden()
    page.get_by_role("button", name="Nouvelle conversation").click()
    expect(page.locator("[data-topic]").first).to_be_focused()
    expect(citizen.log.locator(".msg")).to_have_count(0)
    assert citizen.stored() is None
    officer.go_away()


def test_the_panel_opens_from_the_launcher_a_link_or_chat_hash_and_collapses_with_escape(local_stack, contexts):
    citizen = citizen_on(contexts, local_stack, "/", viewport=DESKTOP)
    page = citizen.page

    # Keyboard: the launcher opens the panel, Escape collapses it and gives focus back.
    citizen.launcher.focus()
    page.keyboard.press("Enter")
    expect(citizen.panel).to_be_visible()
    expect(page.locator("#cw-title")).to_be_focused()
    page.keyboard.press("Escape")
    expect(citizen.panel).to_be_hidden()
    expect(citizen.launcher).to_be_focused()
    expect(citizen.launcher).to_have_attribute("aria-expanded", "false")

    # A data-open-chat link opens it in place, and gets focus back on collapse.
    opener = page.locator("main [data-open-chat]").first
    opener.click()
    expect(citizen.panel).to_be_visible()
    assert page.url.rstrip("/") == local_stack.base_url  # not sent to chat.html
    citizen.minimise()
    expect(opener).to_be_focused()

    # #chat=<topic> opens it with the topic preselected; the open state follows to the next page.
    citizen.visit("/index.html#chat=escroquerie")
    expect(citizen.panel).to_be_visible()
    suggested = page.locator('[data-topic="escroquerie"]')
    expect(suggested).to_be_focused()
    expect(suggested).to_contain_text("Sujet proposé")
    citizen.visit("/index.html")
    expect(citizen.panel).to_be_visible()
    assert page.evaluate(f"sessionStorage.getItem('{PANEL_STORE_KEY}')") == "open"
    citizen.minimise()
    citizen.visit("/index.html")
    expect(citizen.panel).to_be_hidden()
    assert citizen.stored() is None  # nothing was started


def test_quick_exit_closes_the_chat_wipes_guichet_storage_and_leaves(local_stack, contexts, new_officer):
    officer = new_officer("agent3")
    officer.go_available()
    citizen = citizen_on(contexts, local_stack, "/", viewport=PHONE)
    page = citizen.page
    exits: list[str] = []
    page.route(
        "https://meteofrance.com/**",
        lambda route: (exits.append(route.request.url), route.fulfill(status=200, content_type="text/html", body=EXIT_STUB)),
    )
    citizen.open_widget()
    conversation_id = citizen.start("violences")
    officer.open_conversation(conversation_id)
    box = page.get_by_label("Votre message")
    box.press_sequentially("Je ne suis pas seule,")
    box.press("Shift+Enter")  # a new line, not a send
    box.press_sequentially("je dois partir")
    box.press("Enter")
    expect(citizen.log.locator(".msg--pending")).to_have_count(0)
    sent = citizen.log.locator(".msg--citizen .msg__text").first.evaluate("(p) => p.textContent")
    assert sent == "Je ne suis pas seule,\nje dois partir"
    assert set(citizen.guichet_keys()) >= {"guichet.chat.conversation", "guichet.chat.panel"}

    # On a phone the panel covers the header: it has its own quick-exit button. It ends the chat first.
    citizen.panel.get_by_role("button", name="Quitter rapidement").click()
    page.wait_for_url("https://meteofrance.com/**")
    assert exits
    expect(officer.presence(conversation_id)).to_have_text("Citoyen parti")
    expect(officer.panel(conversation_id)).to_contain_text("Conversation close par le citoyen.")

    # Back on the site in the same tab: nothing was kept, no conversation comes back.
    citizen.visit("/index.html")
    assert citizen.guichet_keys() == []
    expect(citizen.panel).to_be_hidden()
    expect(citizen.launcher).to_have_text("Parler à un policier")
    citizen.open_widget()
    expect(page.locator("[data-topic]").first).to_be_visible()
    expect(citizen.log.locator(".msg")).to_have_count(0)

    officer.go_away()


def test_with_no_officer_available_the_widget_shows_the_alternatives_and_still_offers_the_queue(
    local_stack, contexts
):
    every_officer_away(local_stack)
    citizen = citizen_on(contexts, local_stack, "/", viewport=PHONE)
    page = citizen.page
    citizen.open_widget()

    offline = page.locator("#cw-offline-topics")
    expect(offline).to_be_visible()
    expect(offline).to_contain_text("Aucun policier n'est disponible pour le moment")
    hrefs = offline.locator("a").evaluate_all("(links) => links.map((a) => a.getAttribute('href'))")
    assert {"tel:17", "tel:112", "sms:114", "/fiches/pre-plainte-en-ligne.html", "/signaler.html", "/unites.html", "/fiches/"} <= set(hrefs)

    # Waiting anyway: the queue says nobody answers now, with the same alternatives.
    citizen.start("autre")
    expect(page.locator("#cw-queue")).to_contain_text("Vous êtes n° ")
    expect(page.locator("#cw-queue")).to_contain_text("aucun policier n'est disponible pour le moment")
    expect(page.locator("#cw-offline-queue")).to_be_visible()
    expect(page.locator("#cw-offline-queue").get_by_role("link", name="signaler un fait")).to_be_visible()

    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "chat-widget-offline-390.png"))
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    box = citizen.panel.bounding_box()
    assert box and box["width"] == PHONE["width"]  # full width on a phone

    citizen.end()
    expect(citizen.closed_text).to_contain_text("Vous avez terminé la conversation.")
    expect(page.locator("#cw-survey")).to_be_visible()


def test_the_english_widget_speaks_english_and_starts_english_conversations(local_stack, contexts, new_officer):
    officer = new_officer("agent1")
    officer.go_available()
    citizen = citizen_on(contexts, local_stack, "/en/index.html", viewport=PHONE, lang="en")
    page = citizen.page

    expect(citizen.launcher).to_have_text("Talk to an officer")
    size = citizen.launcher.bounding_box()
    assert size and size["height"] >= 44 and size["width"] >= 44
    citizen.open_widget()
    expect(citizen.panel).to_contain_text("What would you like to talk about?")
    expect(citizen.panel.locator(".cw-emergency")).to_contain_text(
        "Emergency: call 17 or 112 — by text message: 114 (deaf, hard of hearing)"
    )
    expect(citizen.panel).to_contain_text("This chat does not handle emergencies.")
    expect(citizen.panel).to_contain_text("kept for 90 days at most")
    expect(page.locator('[data-topic="demarches"]')).to_have_text("Procedures and certificates")

    conversation_id = citizen.start("demarches")
    panel = officer.open_conversation(conversation_id)
    expect(panel).to_contain_text("langue : en")
    expect(citizen.log).to_contain_text(f"{officer.display_name} joined the conversation — a person, not a robot")
    citizen.send("Hello, I lost my passport")
    officer.expect_message(conversation_id, "Hello, I lost my passport")
    officer.send(conversation_id, "Hello, which city are you in?")
    citizen.expect_message("Hello, which city are you in?")

    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "chat-widget-en-390.png"))
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]

    # Collapsed, the launcher tells of a new message.
    citizen.minimise()
    officer.send(conversation_id, "Are you still there?")
    expect(citizen.launcher).to_contain_text("1 new message")

    officer.close(conversation_id, "resolved")
    citizen.open_widget()
    expect(citizen.closed_text).to_contain_text("The officer closed the conversation.")
    expect(page.locator("#cw-survey")).to_contain_text("Did you find us easily?")
    citizen.answer_survey(found_easily=False, understood=True, rating=3)
    officer.go_away()
