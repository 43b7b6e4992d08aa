"""The "Je m'informe" pages in Chromium: the index filters as you type, a sheet shows its source and the chat button."""
from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser

PHONE = {"width": 390, "height": 844}


@pytest.fixture
def index(local_stack, contexts):
    """The sheets' index page on a phone-sized screen, with its search ready."""
    page = contexts.new_page(PHONE)
    page.goto(f"{local_stack.base_url}/fiches/")
    expect(page.get_by_label("Rechercher une fiche")).to_be_visible()
    return page


def test_the_index_filters_as_you_type_without_accents_or_capitals(index):
    box = index.get_by_label("Rechercher une fiche")
    status = index.locator("#fiches-status")
    expect(status).to_have_text("30 fiches")

    box.press_sequentially("Carte Identite", delay=10)
    results = index.locator("#fiches-results")
    expect(results).to_be_visible()
    expect(results.get_by_role("link", name="Papiers perdus ou volés")).to_be_visible()
    expect(index.locator("#fiches-list")).to_be_hidden()
    expect(status).to_have_text(re.compile(r"^\d+ fiches? trouvées?$"))

    box.fill("arnaque")
    expect(results.locator("a").first).to_have_text("Escroquerie et arnaque en ligne")  # a title hit ranks first
    expect(results.get_by_role("link", name="Faux conseiller bancaire, faux policier")).to_be_visible()

    box.fill("xqzwv")
    expect(status).to_have_text("0 fiche trouvée")
    expect(results).to_be_hidden()
    expect(index.locator("#fiches-empty")).to_be_visible()

    box.press("Escape")
    expect(box).to_have_value("")
    expect(index.locator("#fiches-list")).to_be_visible()
    expect(status).to_have_text("30 fiches")


def test_the_keyboard_goes_from_the_search_box_to_a_result_and_opens_it(index, local_stack):
    box = index.get_by_label("Rechercher une fiche")
    box.focus()
    index.keyboard.type("procuration")
    first = index.locator("#fiches-results a").first
    expect(first).to_have_text("Voter par procuration")
    index.keyboard.press("ArrowDown")
    expect(first).to_be_focused()
    index.keyboard.press("Enter")
    expect(index).to_have_url(f"{local_stack.base_url}/fiches/procuration-vote.html")


def test_a_link_with_a_query_opens_the_index_already_filtered(local_stack, contexts):
    page = contexts.new_page(PHONE)
    page.goto(f"{local_stack.base_url}/fiches/?q=vol+voiture")
    expect(page.get_by_label("Rechercher une fiche")).to_have_value("vol voiture")
    expect(page.locator("#fiches-results a").first).to_have_text("Vol de véhicule")


def test_a_sheet_shows_its_official_source_its_date_and_the_ask_an_officer_button(local_stack, contexts):
    page = contexts.new_page(PHONE)
    page.goto(f"{local_stack.base_url}/fiches/papiers-perdus-voles.html")
    expect(page.get_by_role("heading", level=1)).to_have_text("Papiers perdus ou volés")
    meta = page.locator(".sheet__meta")
    expect(meta).to_contain_text("Source officielle :")
    source = meta.get_by_role("link", name="Agence nationale des titres sécurisés (ANTS)")
    expect(source).to_have_attribute("href", "https://ants.gouv.fr/")
    expect(meta).to_contain_text("Mis à jour le 25 novembre 2026")
    button = page.get_by_role("button", name="Poser la question à un policier")
    expect(button).to_be_visible()
    expect(button).to_have_attribute("data-open-chat", "demarches")
    expect(page.locator(".emergency")).to_contain_text("17")


def test_without_javascript_the_full_list_is_there(local_stack, browser):
    context = browser.new_context(viewport=PHONE, java_script_enabled=False, locale="fr-FR")
    try:
        page = context.new_page()
        page.goto(f"{local_stack.base_url}/fiches/index.html")
        expect(page.locator("#fiches-list .sheet-list__item")).to_have_count(30)
        expect(page.locator("#fiches-list")).to_be_visible()
        expect(page.locator("[data-sheet-search]")).to_be_hidden()
    finally:
        context.close()
