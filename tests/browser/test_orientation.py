"""The guided orientation in Chromium: a journey to each kind of outcome, the back buttons, the keyboard alone."""
from __future__ import annotations

import json
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from tests.browser.pages import tab_until

pytestmark = pytest.mark.browser

PHONE = {"width": 390, "height": 844}
SERVICES = {
    service["id"]: service
    for service in json.loads(
        (Path(__file__).resolve().parents[2] / "static_site" / "data" / "external-services.json").read_text(encoding="utf-8")
    )["services"]
}


def open_orientation(contexts, local_stack, start: str | None = None) -> Page:
    page = contexts.new_page(PHONE)
    query = f"?start={start}" if start else ""
    page.goto(f"{local_stack.base_url}/orientation.html{query}")
    expect(page.locator("#orientation-step [data-answer]").first).to_be_visible()
    return page


def heading(page: Page):
    return page.locator("#orientation-heading")


def answer(page: Page, label: str) -> None:
    """Pick the answer whose text starts with label, then check focus moved to the next heading."""
    before = heading(page).inner_text()
    page.locator("#orientation-step [data-answer]").filter(has_text=label).first.click()
    expect(heading(page)).not_to_have_text(before)
    expect(heading(page)).to_be_focused()


def outcome(page: Page, kind: str):
    card = page.locator(f'#orientation-step .orientation-outcome[data-kind="{kind}"]')
    expect(card).to_be_visible()
    return card


def test_a_victim_of_phone_theft_is_sent_to_the_phone_theft_sheet(contexts, local_stack):
    page = open_orientation(contexts, local_stack, "victime")
    answer(page, "Un vol ou un cambriolage")
    answer(page, "Mon téléphone portable")
    answer(page, "Bloquer ma ligne")
    card = outcome(page, "sheet")
    expect(card.get_by_role("link", name="Lire la fiche « Vol de téléphone »")).to_have_attribute(
        "href", "/fiches/vol-telephone.html"
    )


def test_illegal_content_online_is_sent_to_pharos_as_an_external_site(contexts, local_stack):
    page = open_orientation(contexts, local_stack, "signale")
    answer(page, "Un contenu illicite sur internet")
    card = outcome(page, "external")
    link = card.get_by_role("link", name="PHAROS")
    expect(link).to_have_attribute("href", SERVICES["pharos"]["url"])
    expect(link).to_have_attribute("rel", "noopener")
    expect(link).to_have_attribute("target", "_blank")
    expect(link).to_contain_text("(site externe)")
    expect(card).to_contain_text("www.internet-signalement.gouv.fr")


def test_a_theft_by_a_known_person_is_sent_to_the_unit_locator(contexts, local_stack):
    page = open_orientation(contexts, local_stack, "victime")
    answer(page, "Un vol ou un cambriolage")
    answer(page, "Autre chose")
    answer(page, "Oui, je sais qui c'est")
    card = outcome(page, "unit")
    expect(card.get_by_role("link", name="Trouver un commissariat ou une gendarmerie")).to_have_attribute("href", "/unites.html")
    expect(card.get_by_role("link", name="Porter plainte : vos droits")).to_have_attribute("href", "/fiches/porter-plainte.html")


def test_a_drug_dealing_spot_is_sent_to_the_report_form(contexts, local_stack):
    page = open_orientation(contexts, local_stack, "signale")
    answer(page, "Un point de vente de drogue")
    card = outcome(page, "report")
    expect(card.get_by_role("link", name="Faire le signalement")).to_have_attribute(
        "href", "/signaler.html?type=point-de-deal"
    )


def test_someone_who_does_not_know_gets_a_button_that_opens_the_chat(contexts, local_stack):
    page = open_orientation(contexts, local_stack)
    expect(heading(page)).to_have_text("Quelle est votre situation ?")
    for root in ("Je suis victime", "Je veux signaler", "Je cherche une information"):
        expect(page.locator("#orientation-step [data-answer]").filter(has_text=root)).to_have_count(1)
    answer(page, "Je ne sais pas")
    card = outcome(page, "chat")
    expect(card.get_by_role("button", name="Parler à un policier")).to_have_attribute("data-open-chat", "autre")
    expect(card.get_by_role("link", name="page de discussion")).to_have_attribute("href", "/chat.html")


def test_a_victim_in_danger_right_now_gets_the_emergency_numbers(contexts, local_stack):
    page = open_orientation(contexts, local_stack, "victime")
    answer(page, "Des violences ou des menaces")
    answer(page, "Oui, je suis en danger")
    card = outcome(page, "emergency")
    expect(card.get_by_role("link", name="Appeler le 17")).to_have_attribute("href", "tel:17")
    expect(card.get_by_role("link", name="Appeler le 112")).to_have_attribute("href", "tel:112")
    expect(card.get_by_role("link", name="SMS au 114")).to_have_attribute("href", "sms:114")
    expect(page.locator("#orientation-status")).to_have_text("Résultat : Vous êtes en danger : appelez maintenant")


def test_the_browser_back_button_and_the_previous_button_go_back_one_question(contexts, local_stack):
    page = open_orientation(contexts, local_stack, "victime")
    expect(page.locator("#orientation-back")).to_be_hidden()
    answer(page, "Un vol ou un cambriolage")
    answer(page, "Mon téléphone portable")
    trail = page.locator("#orientation-trail-list li")
    expect(trail).to_have_count(2)
    expect(trail.nth(1)).to_contain_text("Mon téléphone portable")

    page.go_back()
    expect(heading(page)).to_have_text("Qu'est-ce qui a été volé ?")
    expect(heading(page)).to_be_focused()
    expect(trail).to_have_count(1)

    page.go_forward()
    expect(heading(page)).to_have_text("Que voulez-vous faire d'abord ?")

    page.get_by_role("button", name="Précédent").click()
    expect(heading(page)).to_have_text("Qu'est-ce qui a été volé ?")
    page.get_by_role("button", name="Précédent").click()
    expect(heading(page)).to_have_text("De quoi avez-vous été victime ?")
    expect(heading(page)).to_be_focused()
    expect(page.locator("#orientation-trail")).to_be_hidden()
    expect(page.locator("#orientation-back")).to_be_hidden()
    assert page.url.endswith("/orientation.html?start=victime"), "the answers never show in the address"


def test_a_keyboard_user_goes_from_je_m_informe_to_a_sheet_with_tab_space_and_enter(contexts, local_stack):
    page = open_orientation(contexts, local_stack, "informe")

    tab_until(page, "#orientation-step [data-answer]")
    expect(page.locator(":focus")).to_have_text("Porter plainte (en ligne ou sur place), main courante")
    page.keyboard.press("Enter")
    expect(heading(page)).to_have_text("Que voulez-vous savoir ?")
    expect(heading(page)).to_be_focused()

    page.keyboard.press("Tab")
    expect(page.locator(":focus")).to_have_text("Comment porter plainte")
    page.keyboard.press("Tab")
    expect(page.locator(":focus")).to_have_text("Comment porter plainte en ligne")
    page.keyboard.press("Space")
    card = outcome(page, "sheet")
    expect(heading(page)).to_be_focused()
    expect(heading(page)).to_have_text("La plainte en ligne")

    tab_until(page, ".orientation-outcome a.button")
    expect(page.locator(":focus")).to_have_attribute("href", "/fiches/pre-plainte-en-ligne.html")
    expect(card.get_by_role("link", name="Lire la fiche « Pré-plainte et plainte en ligne »")).to_be_focused()


def test_without_javascript_the_page_links_to_the_three_roots_and_the_chat(browser, local_stack):
    context = browser.new_context(viewport=PHONE, java_script_enabled=False, locale="fr-FR")
    try:
        page = context.new_page()
        page.goto(f"{local_stack.base_url}/orientation.html?start=victime")
        fallback = page.locator("#orientation-fallback")
        for name, href in (
            ("Je suis victime", "/orientation.html?start=victime"),
            ("Je signale", "/orientation.html?start=signale"),
            ("Je m'informe", "/orientation.html?start=informe"),
            ("parler à un policier", "/chat.html"),
        ):
            expect(fallback.get_by_role("link", name=name, exact=True)).to_have_attribute("href", href)
        expect(page.locator("#orientation-step")).to_be_hidden()
    finally:
        context.close()
