"""The desk's notices and opening hours in Chromium: a supervisor edits the surge notice and the pinned answer in the
console and they appear in citizens' widgets, in French and in English, without a reload; the widget when the desk
is closed (the emergency numbers and the alternatives, no queue).

These tests share the browser tier's local stack: each puts the notices off and the hours back to `always` at the
end, and leaves its officers away.
"""
from __future__ import annotations

import json
import urllib.error
import urllib.request
from collections.abc import Iterator
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from playwright.sync_api import expect

from local.identity import DEMO_PASSWORD
from tests.browser.conftest import DESKTOP, PHONE
from tests.browser.pages import CitizenPage
from tests.browser.test_accessibility import axe_violations

pytestmark = pytest.mark.browser

WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
OFF = {"enabled": False, "text_fr": "", "text_en": "", "links": []}
ATTESTATION = "https://www.interieur.gouv.fr/Actualites/L-actu-du-Ministere/Attestations-de-deplacement"


def api(base_url: str, method: str, path: str, body: Any = None, username: str = "superviseur") -> dict:
    login = urllib.request.Request(
        f"{base_url}/api/auth/login",
        data=json.dumps({"username": username, "password": DEMO_PASSWORD}).encode(),
        headers={"Content-Type": "application/json"},
    )
    with urllib.request.urlopen(login, timeout=5) as answer:
        token = json.loads(answer.read())["token"]
    request = urllib.request.Request(
        f"{base_url}{path}",
        data=json.dumps(body).encode() if body is not None else None,
        method=method,
        headers={"Content-Type": "application/json", "Authorization": f"Bearer {token}"},
    )
    with urllib.request.urlopen(request, timeout=5) as answer:
        return json.loads(answer.read())


@pytest.fixture
def desk_restored(local_stack) -> Iterator[None]:
    """After the test: no notice shown, the desk open at any hour (as the local stack starts)."""
    yield
    api(local_stack.base_url, "PUT", "/api/supervisor/desk-notices", {"pinned": OFF, "surge": OFF})
    always = {day: {"opens": "00:00", "closes": "24:00"} for day in WEEKDAYS}
    api(local_stack.base_url, "PUT", "/api/supervisor/opening-hours", {"hours": always})


def closed_now() -> dict[str, Any]:
    """Every day open one hour, twelve hours from now in Paris: closed now whatever the time of the run."""
    opens = (datetime.now(ZoneInfo("Europe/Paris")).hour + 12) % 24
    span = {"opens": f"{opens:02d}:00", "closes": f"{opens + 1:02d}:00" if opens < 23 else "24:00"}
    return {day: span for day in WEEKDAYS}


def fill_notice(page, kind: str, fr: str, en: str, links: str) -> None:
    page.locator(f"#desk-{kind}-enabled").check()
    page.locator(f"#desk-{kind}-text-fr").fill(fr)
    page.locator(f"#desk-{kind}-text-en").fill(en)
    page.locator(f"#desk-{kind}-links").fill(links)


def test_a_supervisor_edits_both_notices_and_waiting_citizens_see_them_in_their_language(
    local_stack, contexts, new_officer, desk_restored
):
    french = CitizenPage(contexts.new_page(PHONE), local_stack.base_url, "fr").open()
    english = CitizenPage(contexts.new_page(PHONE), local_stack.base_url, "en").open()
    french.start("demarches")  # nobody answers: both wait in the queue
    english.start("autre")
    expect(french.page.locator("#cw-queue")).not_to_be_empty()
    expect(french.page.locator("#cw-notices")).to_be_hidden()

    officer = new_officer("agent5")  # an officer sees no desk editor
    expect(officer.page.locator("#desk-notices")).to_be_hidden()
    supervisor = new_officer("superviseur", DESKTOP)
    page = supervisor.page
    editor = page.get_by_role("region", name="Avant la file d'attente : annonces et horaires")
    expect(editor).to_be_visible()
    expect(page.locator("#desk-state")).to_contain_text("ouvert")
    fill_notice(
        page,
        "surge",
        "Forte affluence : attente d'environ 20 minutes <b>ici</b>",
        "Very busy: about a 20-minute wait",
        "/fiches/ | Les fiches les plus lues | The most read sheets",
    )
    fill_notice(
        page,
        "pinned",
        "Où trouver l'attestation de déplacement ?",
        "Where is the travel certificate?",
        f"{ATTESTATION} | L'attestation | The certificate",
    )
    preview_fr, preview_en = page.locator("#desk-preview-fr"), page.locator("#desk-preview-en")
    expect(preview_fr.locator("[data-desk-notice=surge] .desk-notice__text")).to_have_text(
        "Forte affluence : attente d'environ 20 minutes <b>ici</b>"
    )
    expect(preview_en.locator("[data-desk-notice=pinned] .desk-notice__link")).to_contain_text("The certificate")
    assert axe_violations(page, "#desk-notices") == []
    page.get_by_role("button", name="Publier les annonces").click()
    expect(page.locator("#desk-notices-form [data-part=status]")).to_contain_text("Annonces publiées")

    # Already waiting, no reload: the next queue frame names the new revision and the widget reads it.
    surge_fr = french.page.locator("#cw-notices [data-desk-notice=surge]")
    expect(surge_fr.locator(".desk-notice__text")).to_have_text("Forte affluence : attente d'environ 20 minutes <b>ici</b>")
    expect(surge_fr.locator("b")).to_have_count(0)  # a supervisor's text is text, never markup
    expect(surge_fr.get_by_role("link", name="Les fiches les plus lues")).to_have_attribute("href", "/fiches/")
    pinned_fr = french.page.locator("#cw-notices [data-desk-notice=pinned]")
    expect(pinned_fr.get_by_role("link", name="L'attestation")).to_have_attribute("href", ATTESTATION)
    expect(pinned_fr.get_by_role("link", name="L'attestation")).to_have_attribute("rel", "noopener noreferrer")
    notices_en = english.page.locator("#cw-notices")
    expect(notices_en.locator("[data-desk-notice=surge] .desk-notice__text")).to_have_text("Very busy: about a 20-minute wait")
    expect(notices_en.get_by_role("link", name="The certificate")).to_be_visible()
    expect(notices_en).not_to_contain_text("Forte affluence")

    # Before queueing: a citizen who opens the chat now sees them above the topics.
    newcomer = CitizenPage(contexts.new_page(PHONE), local_stack.base_url, "en").open()
    expect(newcomer.page.locator("#cw-notices [data-desk-notice=pinned]")).to_contain_text("Where is the travel certificate?")
    assert axe_violations(newcomer.page, "#cw-panel") == []

    # Switched off: gone from the waiting citizens' widgets.
    page.locator("#desk-surge-enabled").uncheck()
    page.get_by_role("button", name="Publier les annonces").click()
    expect(french.page.locator("#cw-notices [data-desk-notice=surge]")).to_have_count(0)
    expect(french.page.locator("#cw-notices [data-desk-notice=pinned]")).to_have_count(1)
    for citizen in (french, english):
        citizen.end()


def test_a_supervisor_sets_the_hours_in_the_console_and_a_bad_span_is_refused_clearly(
    local_stack, new_officer, desk_restored
):
    page = new_officer("superviseur", DESKTOP).page
    expect(page.locator("#desk-hours-mon-open")).to_be_checked()  # local stack: open at any hour
    page.get_by_label("Lundi, ouverture").fill("20:00")
    page.get_by_label("Lundi, fermeture").fill("08:00")
    page.get_by_role("button", name="Enregistrer les horaires").click()
    expect(page.locator("#desk-hours-form [data-part=errors]")).to_contain_text("Horaires, Lundi, fermeture")
    page.get_by_label("Lundi, ouverture").fill("08:00")
    page.get_by_label("Lundi, fermeture").fill("20:00")
    page.locator("#desk-hours-sun-open").uncheck()
    page.get_by_role("button", name="Enregistrer les horaires").click()
    expect(page.locator("#desk-hours-form [data-part=status]")).to_have_text("Horaires enregistrés.")
    public = json.loads(urllib.request.urlopen(f"{local_stack.base_url}/api/desk", timeout=5).read())
    assert public["hours"]["mon"] == {"opens": "08:00", "closes": "20:00"} and public["hours"]["sun"] is None


def test_the_widget_of_a_closed_desk_offers_the_emergency_numbers_and_the_alternatives_not_the_queue(
    local_stack, contexts, desk_restored
):
    # Open when the page loaded; the desk closes before the citizen picks a topic: the server refuses the start.
    early = CitizenPage(contexts.new_page(PHONE), local_stack.base_url, "fr").open()
    api(local_stack.base_url, "PUT", "/api/supervisor/opening-hours", {"hours": closed_now()})
    early.page.locator('[data-topic="autre"]').click()
    expect(early.page.locator("#cw-page-alert")).to_contain_text("Le tchat vient de fermer")
    expect(early.page.locator("#cw-desk-closed")).to_be_visible()
    assert early.stored() is None  # no conversation kept

    for lang, path, title, reopens in (
        ("fr", "/chat.html", "Le tchat est fermé pour le moment", "Les policiers répondent de nouveau"),
        ("en", "/en/chat.html", "The chat is closed right now", "Officers answer again"),
    ):
        citizen = CitizenPage(contexts.new_page(PHONE), local_stack.base_url, lang).visit(path)
        closed = citizen.page.locator("#cw-desk-closed")
        expect(closed).to_be_visible()
        expect(closed.get_by_role("heading")).to_have_text(title)
        expect(citizen.page.locator("#cw-desk-reopens")).to_contain_text(reopens)
        for number in ("tel:17", "tel:112", "sms:114"):
            expect(closed.locator(f'a[href="{number}"]')).to_have_count(1)
        expect(closed.locator('a[href="/fiches/pre-plainte-en-ligne.html"]')).to_be_visible()
        expect(closed.locator('a[href="/signaler.html"]')).to_be_visible()
        expect(closed.locator('a[href="/fiches/"]')).to_be_visible()
        expect(citizen.page.locator("[data-cw=topic-list]")).to_be_hidden()
        expect(citizen.page.locator(".cw-emergency")).to_be_visible()
        assert axe_violations(citizen.page, "#cw-panel") == []
