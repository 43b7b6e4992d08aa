"""The officer's workspace for a shift: every chat visible at once on a wide screen, labels that tell chats
apart, attention (sound, title counter, desktop notifications on a hidden tab: once each), closed chats that
leave by themselves, a focus nobody steals, keyboard switching, and citizens' hostile strings shown inert."""
from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from tests.browser.pages import OfficerPage, record_sockets
from tests.browser.test_accessibility import axe_violations
from tests.local_stack import ARTIFACTS

pytestmark = pytest.mark.browser

WIDE = {"width": 1920, "height": 1080}
LAPTOP = {"width": 1366, "height": 768}
TITLE = "Console agent — Guichet"
ALIAS = re.compile(r"^Citoyen·ne [0-9A-HJKMNP-TV-Z]{3,}$")
LINGER_S = 8  # conversations.js CLOSED_LINGER_MS

# A page whose tab the test hides and shows, whose desktop notifications and chimes are recorded.
ATTENTION_STUBS = """
(() => {
  window.__hidden = false;
  window.__notifications = [];
  window.__chimes = 0;
  Object.defineProperty(Document.prototype, "visibilityState", { get: () => (window.__hidden ? "hidden" : "visible") });
  Object.defineProperty(Document.prototype, "hidden", { get: () => window.__hidden });
  window.__setHidden = (hidden) => { window.__hidden = hidden; document.dispatchEvent(new Event("visibilitychange")); };
  class FakeNotification {
    constructor(title, options) {
      this.title = title; this.options = options || {};
      window.__notifications.push({ title, body: this.options.body, tag: this.options.tag });
    }
    close() {}
  }
  FakeNotification.permission = "default";
  FakeNotification.requestPermission = () => { FakeNotification.permission = "granted"; return Promise.resolve("granted"); };
  window.Notification = FakeNotification;
  const node = () => ({ connect() {}, gain: { setValueAtTime() {}, exponentialRampToValueAtTime() {} },
    frequency: { setValueAtTime() {} }, start() { window.__chimes += 1; }, stop() {} });
  window.AudioContext = class { constructor() { this.state = "running"; this.currentTime = 0; this.destination = {}; }
    resume() { return Promise.resolve(); } createGain() { return node(); } createOscillator() { return node(); } };
})();
"""

HOSTILE = [
    "<script>window.__pwned = 1</script>",
    '<img src=x onerror="window.__pwned = 2">',
    '<a href="javascript:window.__pwned=3">cliquez ici</a>',
    "javascript:window.__pwned=4",
    '" onmouseover="window.__pwned=5" x="',
    "Bonjour \u202egnp.exe\u202c fin de ligne",
    "W" * 4000,
]


def panel_of(officer: OfficerPage, conversation_id: str):
    return officer.page.locator(f"#panel-{conversation_id}")


def switch_of(officer: OfficerPage, conversation_id: str):
    return officer.page.locator(f"#tab-{conversation_id}")


def alias_of(officer: OfficerPage, conversation_id: str) -> str:
    return panel_of(officer, conversation_id).locator(".chat-panel__title [data-part=alias]").inner_text().strip()


def wait_assigned(officer: OfficerPage, conversation_id: str) -> None:
    expect(switch_of(officer, conversation_id)).to_be_visible()


def close_all(officer: OfficerPage, conversation_ids: list[str]) -> None:
    for conversation_id in conversation_ids:
        panel = panel_of(officer, conversation_id)
        if panel.count() and panel.locator("form.close-form").is_visible():
            switch_of(officer, conversation_id).click()
            officer.close(conversation_id, "resolved")
    officer.go_away()


def test_three_chats_side_by_side_labelled_apart_and_a_closed_one_leaves_without_taking_the_focus(
    new_citizen, new_officer
):
    officer = new_officer("agent4", viewport=WIDE)
    page = officer.page
    officer.go_available()
    away_colleague = new_officer("agent5")  # a second officer, away: every chat goes to the first
    away_colleague.go_away()

    first = new_citizen()
    c1 = first.start("demarches")
    wait_assigned(officer, c1)
    reply = panel_of(officer, c1).get_by_label("Votre réponse")
    reply.click()
    reply.press_sequentially("Bonjour, pour votre attest")

    second, third = new_citizen(), new_citizen()
    c2 = second.start("escroquerie")
    c3 = third.start("escroquerie")
    for conversation_id in (c2, c3):
        wait_assigned(officer, conversation_id)

    # Nothing stole the focus or the text being typed.
    expect(reply).to_be_focused()
    expect(reply).to_have_value("Bonjour, pour votre attest")
    expect(switch_of(officer, c1)).to_have_attribute("aria-current", "true")

    # All three side by side, whole, in a 1,920 px window: no narrow column.
    boxes = [panel_of(officer, cid).bounding_box() for cid in (c1, c2, c3)]
    for box in boxes:
        assert box is not None and box["width"] >= 450, boxes
        assert box["x"] + box["width"] <= WIDE["width"]
    assert boxes[0]["x"] < boxes[1]["x"] < boxes[2]["x"]
    assert abs(boxes[0]["y"] - boxes[2]["y"]) < 2
    for cid in (c1, c2, c3):
        expect(panel_of(officer, cid).get_by_label("Votre réponse")).to_be_in_viewport()
    assert page.evaluate("document.documentElement.scrollWidth") <= WIDE["width"]

    # Labels: three different aliases, the topic, the wait, the presence; numbered for Alt+1…3.
    aliases = [alias_of(officer, cid) for cid in (c1, c2, c3)]
    assert len(set(aliases)) == 3 and all(ALIAS.match(alias) for alias in aliases), aliases
    for number, cid, topic in ((1, c1, "Démarches"), (2, c2, "Escroquerie"), (3, c3, "Escroquerie")):
        switch = switch_of(officer, cid)
        expect(switch).to_contain_text(aliases[number - 1])
        expect(switch).to_contain_text(topic)
        expect(switch).to_have_attribute("aria-keyshortcuts", f"Alt+{number}")
        expect(switch.locator(".switch__key")).to_have_text(str(number))
        expect(panel_of(officer, cid).locator("[data-part=wait]")).to_have_text("depuis moins d'1 min")
        expect(officer.presence(cid)).to_have_text("Citoyen en ligne")
    expect(page.locator(".workspace__panels")).to_have_attribute("data-count", "3")

    # Live presence: one citizen's connection drops, another leaves.
    second.page.goto("about:blank")
    expect(officer.presence(c2)).to_have_text("Citoyen hors ligne")
    expect(switch_of(officer, c2)).to_contain_text("Citoyen hors ligne")
    assert axe_violations(page) == []
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "agent-workspace-1920.png"))

    third.end()
    expect(officer.presence(c3)).to_have_text("Citoyen parti")
    expect(panel_of(officer, c3)).to_contain_text("Conversation terminée")
    assert axe_violations(page) == []
    # It leaves by itself; the focus and the draft stay where the officer was typing.
    expect(panel_of(officer, c3)).to_have_count(0, timeout=(LINGER_S + 5) * 1000)
    expect(switch_of(officer, c3)).to_have_count(0)
    expect(reply).to_be_focused()
    expect(reply).to_have_value("Bonjour, pour votre attest")

    reply.press("Enter")
    first.expect_message("Bonjour, pour votre attest")
    close_all(officer, [c1, c2])


def test_attention_on_a_hidden_tab_announces_each_new_thing_once_and_counts_what_is_unseen(new_citizen, new_officer):
    officer = new_officer("agent6", viewport=WIDE)
    page = officer.page
    page.add_init_script(ATTENTION_STUBS)
    record_sockets(page)
    page.reload()
    expect(page.locator("#connection")).to_have_text("Connecté")

    enable = page.get_by_role("button", name="Activer les notifications du bureau")
    enable.click()
    expect(page.locator("#notify-state")).to_have_text("Notifications du bureau activées (onglet en arrière-plan).")
    expect(enable).to_be_hidden()
    officer.go_available()
    expect(page).to_have_title(TITLE)

    page.evaluate("window.__setHidden(true)")
    citizen = new_citizen()
    c1 = citizen.start("demarches")
    wait_assigned(officer, c1)
    expect(page).to_have_title(f"(1) {TITLE}")
    alias = alias_of(officer, c1)
    citizen.send("Bonjour, ma procuration est-elle valable ?")
    expect(page).to_have_title(f"(2) {TITLE}")
    expect(switch_of(officer, c1).locator(".badge")).to_have_text("2 nouveaux")

    # A reconnection replays everything and a repeated delivery comes again: nothing is announced twice.
    message = panel_of(officer, c1).locator(".msg--citizen[data-message-id]").last.get_attribute("data-message-id")
    page.evaluate("window.__sockets.at(-1).close()")
    expect(page.locator("#connection")).to_have_text("Connecté")
    page.evaluate(
        """([cid, mid]) => window.__inject({ type: "message", conversation_id: cid, message_id: mid, author: "citizen",
             text: "Bonjour, ma procuration est-elle valable ?", sent_at: Date.now() / 1000 })""",
        [c1, message],
    )
    page.wait_for_timeout(500)
    notes = page.evaluate("window.__notifications")
    assert notes == [
        {"title": "Nouvelle conversation — Démarches et attestations", "body": f"{alias} vous est attribué·e.", "tag": f"guichet-{c1}"},
        {"title": f"{alias} — Démarches et attestations", "body": "Bonjour, ma procuration est-elle valable ?", "tag": f"guichet-{c1}"},
    ], notes
    expect(page).to_have_title(f"(2) {TITLE}")
    assert page.evaluate("window.__chimes") >= 1

    # Back on the tab: the active conversation is seen, the counter goes.
    page.evaluate("window.__setHidden(false)")
    expect(page).to_have_title(TITLE)
    expect(switch_of(officer, c1).locator(".badge")).to_be_hidden()

    # Muted, and remembered across a reload: a new chat counts and shows, but makes no sound.
    mute = page.get_by_role("button", name="Couper le son")
    mute.click()
    expect(mute).to_have_attribute("aria-pressed", "true")
    page.reload()
    expect(page.locator("#connection")).to_have_text("Connecté")
    expect(page.get_by_role("button", name="Couper le son")).to_have_attribute("aria-pressed", "true")
    wait_assigned(officer, c1)
    expect(page).to_have_title(TITLE)  # the reload announced nothing again
    chimes = page.evaluate("window.__chimes")
    second = new_citizen()
    c2 = second.start("autre")
    wait_assigned(officer, c2)
    expect(page).to_have_title(f"(1) {TITLE}")
    expect(switch_of(officer, c2).locator(".badge")).to_have_text("1 nouveau")
    expect(page.locator("#announce")).to_contain_text("Nouvelle conversation")
    assert page.evaluate("window.__chimes") == chimes
    assert page.evaluate("window.__notifications.length") == 0  # a visible tab gets no desktop notification
    assert axe_violations(page) == []

    # Viewing it clears it.
    switch_of(officer, c2).click()
    expect(page).to_have_title(TITLE)
    page.get_by_role("button", name="Couper le son").click()
    close_all(officer, [c1, c2])


def test_a_laptop_officer_switches_sends_and_closes_with_the_keyboard_alone(new_citizen, new_officer):
    officer = new_officer("agent7", viewport=LAPTOP)
    page = officer.page
    officer.go_available()
    first, second = new_citizen(), new_citizen()
    c1 = first.start("demarches")
    wait_assigned(officer, c1)
    c2 = second.start("victime")
    wait_assigned(officer, c2)

    # On a laptop one chat at a time: the first stays on screen, the second waits in the switcher.
    expect(panel_of(officer, c1)).to_be_visible()
    expect(panel_of(officer, c2)).to_be_hidden()
    expect(page.locator(".shortcuts")).to_contain_text("Raccourcis clavier")
    second.send("Je suis dans le second onglet")
    expect(page.locator("#announce")).to_contain_text("Nouveau message de " + alias_of(officer, c2))
    expect(switch_of(officer, c2).locator(".badge")).to_have_text("2 nouveaux")

    page.keyboard.press("Alt+2")
    expect(panel_of(officer, c2)).to_be_visible()
    expect(panel_of(officer, c1)).to_be_hidden()
    reply2 = panel_of(officer, c2).get_by_label("Votre réponse")
    expect(reply2).to_be_focused()
    expect(switch_of(officer, c2).locator(".badge")).to_be_hidden()
    page.keyboard.type("Réponse envoyée au clavier")
    page.keyboard.press("Enter")
    second.expect_message("Réponse envoyée au clavier")

    page.keyboard.press("Alt+1")
    expect(panel_of(officer, c1).get_by_label("Votre réponse")).to_be_focused()
    page.keyboard.press("Alt+ArrowDown")
    expect(reply2).to_be_focused()
    assert axe_violations(page) == []

    # Alt+C: the close form; the outcome by keyboard, then "Clore".
    page.keyboard.press("Alt+c")
    outcome = panel_of(officer, c2).get_by_label("Issue de la conversation")
    expect(outcome).to_be_focused()
    outcome.select_option("resolved")  # what the arrow keys do in a closed list box
    page.keyboard.press("Tab")
    expect(panel_of(officer, c2).get_by_role("button", name="Clore la conversation")).to_be_focused()
    page.keyboard.press("Enter")
    closed_text = panel_of(officer, c2).locator("[data-part=closed-text]")
    expect(closed_text).to_be_focused()
    expect(closed_text).to_have_text("Conversation close par vous — réponse apportée.")
    assert axe_violations(page) == []

    # It leaves; the focus goes on to the conversation left, in its reply box.
    expect(panel_of(officer, c2)).to_have_count(0, timeout=(LINGER_S + 5) * 1000)
    expect(panel_of(officer, c1).get_by_label("Votre réponse")).to_be_focused()
    close_all(officer, [c1])


def test_hostile_strings_from_a_citizen_are_shown_inert_readable_and_wrapped(new_citizen, new_officer):
    officer = new_officer("agent8", viewport=WIDE)
    page: Page = officer.page
    dialogs: list[str] = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    officer.go_available()
    citizen = new_citizen()
    conversation_id = citizen.start("autre")
    wait_assigned(officer, conversation_id)
    alias = alias_of(officer, conversation_id)

    for text in HOSTILE:
        citizen.send(text)
    panel = panel_of(officer, conversation_id)
    texts = panel.locator(".msg--citizen .msg__text")
    expect(texts).to_have_count(len(HOSTILE))
    assert texts.evaluate_all("(nodes) => nodes.map((n) => n.textContent)") == HOSTILE
    panel.locator(".msg--citizen").last.hover()

    # Inert: no element, link or script came out of them, nothing ran.
    log = panel.locator("[role=log]")
    assert log.locator("script, img, a, iframe").count() == 0
    assert page.evaluate("window.__pwned === undefined")
    assert dialogs == []
    # Readable: the bidi override stays inside its message, the long word wraps inside the panel.
    assert texts.nth(5).evaluate("(n) => getComputedStyle(n).unicodeBidi") == "isolate"
    for node in (log, panel):
        assert node.evaluate("(n) => n.scrollWidth <= n.clientWidth + 1"), node
    assert page.evaluate("document.documentElement.scrollWidth") <= WIDE["width"]
    expect(panel.locator(".chat-panel__title [data-part=alias]")).to_have_text(alias)
    assert axe_violations(page) == []
    close_all(officer, [conversation_id])
