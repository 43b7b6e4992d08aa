"""Page objects: what a citizen and an officer do on the pages, in the words the pages use."""
from __future__ import annotations

import json
import re

from playwright.sync_api import Locator, Page, expect

from local.identity import DEMO_ACCOUNTS, DEMO_PASSWORD

CITIZEN_STORE_KEY = "guichet.citizen.chat"


def exactly(text: str) -> re.Pattern[str]:
    """A pattern matching this whole text and nothing more."""
    return re.compile(r"^\s*" + re.escape(text) + r"\s*$")


class CitizenPage:
    def __init__(self, page: Page, base_url: str) -> None:
        self.page = page
        self.base_url = base_url

    def open(self) -> "CitizenPage":
        """Open chat.html and wait for the topics."""
        self.page.goto(f"{self.base_url}/chat.html")
        expect(self.page.locator("[data-topic]").first).to_be_visible()
        return self

    @property
    def log(self) -> Locator:
        return self.page.locator("#log")

    def start(self, topic: str) -> str:
        """Pick a topic; return the id of the conversation the server opened."""
        self.page.locator(f'[data-topic="{topic}"]').click()
        expect(self.page.locator("#queue-status, #agent-line").first).to_be_visible()
        return self.conversation_id()

    def conversation_id(self) -> str:
        """The conversation this tab keeps in sessionStorage (waits until there is one)."""
        self.page.wait_for_function(f"() => sessionStorage.getItem({json.dumps(CITIZEN_STORE_KEY)})")
        return json.loads(self.page.evaluate(f"sessionStorage.getItem({json.dumps(CITIZEN_STORE_KEY)})"))[
            "conversation_id"
        ]

    def send(self, text: str) -> None:
        """Write a message and send it, then wait until the server acknowledged it."""
        self.page.get_by_label("Votre message").fill(text)
        self.page.get_by_role("button", name="Envoyer").click()
        expect(self.log.locator(".msg--pending")).to_have_count(0)

    def expect_message(self, text: str, author: str = "agent") -> None:
        expect(self.log.locator(f".msg--{author} .msg__text").filter(has_text=exactly(text))).to_have_count(1)

    def texts(self) -> list[str]:
        return self.log.locator("[data-message-id] .msg__text").all_inner_texts()

    def end(self) -> None:
        self.page.get_by_role("button", name="Terminer").click()
        expect(self.page.locator("#closed-text")).to_be_visible()


class OfficerPage:
    def __init__(self, page: Page, base_url: str, username: str) -> None:
        self.page = page
        self.base_url = base_url
        self.username = username
        self.display_name = DEMO_ACCOUNTS[username].display_name

    def login(self) -> "OfficerPage":
        """Sign in on agent.html and wait for the console's first sync."""
        self.page.goto(f"{self.base_url}/agent.html")
        self.page.get_by_label("Identifiant").fill(self.username)
        self.page.get_by_label("Mot de passe").fill(DEMO_PASSWORD)
        self.page.get_by_role("button", name="Se connecter").click()
        expect(self.page.locator("#agent-name")).to_have_text(self.display_name)
        expect(self.page.locator("#connection")).to_have_text("Connecté")
        return self

    def go_available(self) -> None:
        self.page.get_by_label("Disponible").check()
        expect(self.page.locator("#load")).to_be_visible()
        self.page.wait_for_function("() => document.getElementById('status-available').checked")

    def go_away(self) -> None:
        self.page.get_by_label("Absent").check()

    def leave(self) -> None:
        """Best effort at the end of a test: away, so no later test's citizen lands here."""
        try:
            if not self.page.is_closed() and self.page.locator("#status-away").is_visible():
                self.go_away()
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
