"""Page objects: what a citizen and an officer do on the pages, in the words the pages use."""
from __future__ import annotations

import json
import re

from playwright.sync_api import Locator, Page, expect

from local.identity import DEMO_ACCOUNTS, DEMO_PASSWORD

CITIZEN_STORE_KEY = "guichet.chat.conversation"
PANEL_STORE_KEY = "guichet.chat.panel"

# The widget's words the tests look for, per page language.
WIDGET_WORDS = {
    "fr": {
        "launcher": "Parler à un policier",
        "message": "Votre message",
        "send": "Envoyer",
        "end": "Terminer",
        "end_yes": "Oui, terminer",
        "end_no": "Non, continuer",
        "minimise": "Réduire la discussion",
        "new_chat": "Nouvelle conversation",
        "survey_send": "Envoyer mon avis",
        "survey_thanks": "Merci ! Votre avis a bien été enregistré.",
        "yes": "Oui",
        "no": "Non",
    },
    "en": {
        "launcher": "Talk to an officer",
        "message": "Your message",
        "send": "Send",
        "end": "End",
        "end_yes": "Yes, end it",
        "end_no": "No, go on",
        "minimise": "Minimise the chat",
        "new_chat": "New conversation",
        "survey_send": "Send my opinion",
        "survey_thanks": "Thank you! Your opinion has been recorded.",
        "yes": "Yes",
        "no": "No",
    },
}


def tab_until(page: Page, selector: str, text: str = "", max_presses: int = 40) -> None:
    """Press Tab until the focused element matches the selector (and holds the text); fail if it never does."""
    for _ in range(max_presses):
        page.keyboard.press("Tab")
        reached = page.evaluate(
            """([s, t]) => { const e = document.activeElement;
                 return !!e && e.matches(s) && e.textContent.includes(t); }""",
            [selector, text],
        )
        if reached:
            return
    raise AssertionError(f"Tab never reached {selector} {text!r}")


def exactly(text: str) -> re.Pattern[str]:
    """A pattern matching this whole text and nothing more."""
    return re.compile(r"^\s*" + re.escape(text) + r"\s*$")


class CitizenPage:
    """A citizen using the chat widget: on /chat.html (open in the page) or on any page (launcher)."""

    def __init__(self, page: Page, base_url: str, lang: str = "fr") -> None:
        self.page = page
        self.base_url = base_url
        self.lang = lang
        self.words = WIDGET_WORDS[lang]

    def open(self, path: str | None = None) -> CitizenPage:
        """Open the chat page (the widget open in the page) and wait for the topics."""
        self.page.goto(f"{self.base_url}{path or ('/chat.html' if self.lang == 'fr' else '/en/chat.html')}")
        expect(self.page.locator("[data-topic]").first).to_be_visible()
        return self

    def visit(self, path: str) -> CitizenPage:
        """Open any citizen page (the widget is there, collapsed or open as the citizen left it)."""
        self.page.goto(f"{self.base_url}{path}")
        expect(self.page.locator("#chat-widget[data-chat-widget-init]")).to_be_attached()
        return self

    @property
    def panel(self) -> Locator:
        return self.page.locator("#cw-panel")

    @property
    def launcher(self) -> Locator:
        return self.page.locator("#cw-launcher")

    def open_widget(self) -> None:
        """Press the launcher button and wait for the panel."""
        self.launcher.click()
        expect(self.panel).to_be_visible()

    def minimise(self) -> None:
        self.panel.get_by_role("button", name=self.words["minimise"]).click()
        expect(self.panel).to_be_hidden()

    @property
    def log(self) -> Locator:
        return self.page.locator("#cw-log")

    @property
    def agent_line(self) -> Locator:
        return self.page.locator("#cw-agent")

    @property
    def closed_text(self) -> Locator:
        return self.page.locator("#cw-closed-text")

    def start(self, topic: str) -> str:
        """Pick a topic; return the id of the conversation the server opened."""
        self.page.locator(f'[data-topic="{topic}"]').click()
        expect(self.page.locator("#cw-chat")).to_be_visible()
        return self.conversation_id()

    def stored(self) -> dict | None:
        """The conversation this tab keeps in sessionStorage, if any."""
        raw = self.page.evaluate(f"sessionStorage.getItem({json.dumps(CITIZEN_STORE_KEY)})")
        return json.loads(raw) if raw else None

    def guichet_keys(self) -> list[str]:
        """Every storage key of this origin that starts with "guichet" (session and local)."""
        return self.page.evaluate(
            "() => [...Object.keys(sessionStorage), ...Object.keys(localStorage)].filter((k) => k.startsWith('guichet'))"
        )

    def conversation_id(self) -> str:
        """The conversation this tab keeps in sessionStorage (waits until there is one)."""
        self.page.wait_for_function(f"() => sessionStorage.getItem({json.dumps(CITIZEN_STORE_KEY)})")
        return self.stored()["conversation_id"]

    def send(self, text: str) -> None:
        """Write a message and send it, then wait until the server acknowledged it."""
        self.page.get_by_label(self.words["message"]).fill(text)
        self.panel.get_by_role("button", name=self.words["send"], exact=True).click()
        expect(self.log.locator(".msg--pending")).to_have_count(0)

    def expect_message(self, text: str, author: str = "agent") -> None:
        expect(self.log.locator(f".msg--{author} .msg__text").filter(has_text=exactly(text))).to_have_count(1)

    def texts(self) -> list[str]:
        return self.log.locator("[data-message-id] .msg__text").all_inner_texts()

    def end(self) -> None:
        """Press "Terminer", confirm, and wait for the server's close."""
        self.panel.get_by_role("button", name=self.words["end"], exact=True).click()
        self.panel.get_by_role("button", name=self.words["end_yes"], exact=True).click()
        expect(self.closed_text).to_be_visible()

    def answer_survey(self, found_easily: bool, understood: bool, rating: int, comment: str = "") -> None:
        """Fill the end-of-chat survey and send it; wait for the thanks (the server's survey_saved)."""
        survey = self.page.locator("#cw-survey")
        yes, no = self.words["yes"], self.words["no"]
        survey.locator("fieldset").nth(0).get_by_label(yes if found_easily else no, exact=True).check()
        survey.locator("fieldset").nth(1).get_by_label(yes if understood else no, exact=True).check()
        survey.locator(f'input[name="cw-rating"][value="{rating}"]').check()
        if comment:
            survey.locator("textarea").fill(comment)
        survey.get_by_role("button", name=self.words["survey_send"]).click()
        expect(self.page.locator("#cw-survey-thanks")).to_have_text(self.words["survey_thanks"])


class OfficerPage:
    def __init__(self, page: Page, base_url: str, username: str) -> None:
        self.page = page
        self.base_url = base_url
        self.username = username
        self.display_name = DEMO_ACCOUNTS[username].display_name

    def login(self) -> OfficerPage:
        """Sign in from agent.html through the identity provider's page, and wait for the console's first sync."""
        self.page.goto(f"{self.base_url}/agent.html")
        self.page.get_by_role("button", name="Se connecter").click()
        self.sign_in_on_provider_page(self.username, DEMO_PASSWORD)
        expect(self.page.locator("#agent-name")).to_have_text(self.display_name)
        expect(self.page.locator("#connection")).to_have_text("Connecté")
        return self

    def sign_in_on_provider_page(self, username: str, password: str) -> None:
        """The identity provider's sign-in form (the local one; Cognito's managed login on AWS)."""
        expect(self.page.locator("h1")).to_have_text("Connexion")
        self.page.get_by_label("Identifiant").fill(username)
        self.page.get_by_label("Mot de passe").fill(password)
        self.page.get_by_role("button", name="Se connecter").click()

    def go_available(self) -> None:
        # click, not check: the console's first sync may re-render the radios just after the click; the
        # console then re-applies the chosen status, so wait for it rather than for the click's own effect.
        self.page.get_by_label("Disponible").click()
        expect(self.page.locator("#load")).to_be_visible()
        self.page.wait_for_function("() => document.getElementById('status-available').checked")

    def go_away(self) -> None:
        self.page.get_by_label("Absent").click()
        self.page.wait_for_function("() => document.getElementById('status-away').checked")

    def leave(self) -> None:
        """Best effort at the end of a test: away, so no later test's citizen lands here."""
        try:
            if not self.page.is_closed() and self.page.locator("#status-away").is_visible():
                # A modal dialog the test left open (today's history, a transfer) would hold the click on
                # "Absent" for Playwright's whole 30 s action timeout, silently: close any first.
                self.page.evaluate("() => document.querySelectorAll('dialog[open]').forEach((d) => d.close())")
                self.page.get_by_label("Absent").click(timeout=5_000)
                self.page.wait_for_function("() => document.getElementById('status-away').checked", timeout=5_000)
                self.page.wait_for_timeout(200)
        except Exception:  # noqa: BLE001 - cleanup must not hide the test's own failure
            pass

    def panel(self, conversation_id: str) -> Locator:
        return self.page.locator(f"#panel-{conversation_id}")

    def open_conversation(self, conversation_id: str) -> Locator:
        """Wait for this conversation's tab, select it, and return its panel."""
        tab = self.page.locator(f"#tab-{conversation_id}")
        expect(tab).to_be_visible()
        tab.click()
        panel = self.panel(conversation_id)
        expect(panel).to_be_visible()
        return panel

    def presence(self, conversation_id: str) -> Locator:
        return self.panel(conversation_id).locator(".presence")

    def send(self, conversation_id: str, text: str, wait_ack: bool = True) -> None:
        panel = self.panel(conversation_id)
        panel.get_by_label("Votre réponse").fill(text)
        panel.get_by_role("button", name="Envoyer").click()
        if wait_ack:
            expect(panel.locator(".msg--pending")).to_have_count(0)

    def expect_message(self, conversation_id: str, text: str, author: str = "citizen") -> None:
        messages = self.panel(conversation_id).locator(f".msg--{author} .msg__text")
        expect(messages.filter(has_text=exactly(text))).to_have_count(1)

    def close(self, conversation_id: str, outcome: str) -> None:
        panel = self.panel(conversation_id)
        panel.get_by_label("Issue de la conversation").select_option(outcome)
        panel.get_by_role("button", name="Clore la conversation").click()
        expect(panel.locator(".presence")).to_have_text("Conversation close")


# Keeps every websocket the page opens and every frame it sends; lets a test hand the page a server frame,
# drop incoming frames of some types, and keep the page from reconnecting.
SOCKET_RECORDER = """
(() => {
  const Native = window.WebSocket;
  Object.assign(window, { __sockets: [], __sent: [], __blocked: false, __dropTypes: [] });
  window.WebSocket = class extends Native {
    constructor(url, protocols) {
      // Blocked: a same-origin address that refuses the handshake (another origin would be a CSP violation).
      super(window.__blocked ? location.origin.replace(/^http/, "ws") + "/nowhere" : url, protocols);
      window.__sockets.push(this);
      this.addEventListener("message", (event) => {
        let type = null;
        try { type = JSON.parse(event.data).type; } catch (ignored) { return; }
        if (window.__dropTypes.includes(type)) event.stopImmediatePropagation();
      });
    }
    send(data) {
      try { window.__sent.push(JSON.parse(data)); } catch (ignored) { /* not JSON */ }
      super.send(data);
    }
  };
  // A server frame, as if it arrived on the page's current socket.
  window.__inject = (frame) =>
    window.__sockets.at(-1).dispatchEvent(new MessageEvent("message", { data: JSON.stringify(frame) }));
})();
"""


def record_sockets(page: Page) -> None:
    """From the next load on, the page's websockets are recorded (see SOCKET_RECORDER)."""
    page.add_init_script(SOCKET_RECORDER)


def sent_frames(page: Page, action: str) -> list[dict]:
    """The frames with this action the page sent so far."""
    return page.evaluate("(a) => window.__sent.filter((f) => f.action === a)", action)
