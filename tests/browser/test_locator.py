"""The unit locator in Chromium: search by commune or postcode, and "Autour de moi" with and without permission."""
from __future__ import annotations

import re
from collections.abc import Callable

import pytest
from playwright.sync_api import Page, expect

pytestmark = pytest.mark.browser

PHONE = {"width": 390, "height": 844}
NEAR_LIBOURNE = {"latitude": 44.92, "longitude": -0.25}


@pytest.fixture
def locator_page(local_stack, browser, contexts) -> Callable[..., Page]:
    """/unites.html in a phone-sized context; geolocation granted or not. JavaScript errors fail the test."""

    def open_page(query: str = "", geolocation: dict[str, float] | None = None) -> Page:
        options = {"viewport": PHONE, "locale": "fr-FR"}
        if geolocation is not None:
            options.update(geolocation=geolocation, permissions=["geolocation"])
        context = browser.new_context(**options)
        contexts.opened.append(context)
        page = context.new_page()
        page.on("pageerror", lambda exc: contexts.js_errors.append(str(exc)))
        page.goto(f"{local_stack.base_url}/unites.html{query}")
        expect(page.locator("#locator-status")).not_to_contain_text("Chargement")
        return page

    return open_page


def search(page: Page, text: str) -> None:
    page.get_by_label("Commune ou code postal").fill(text)
    page.get_by_role("button", name="Rechercher").click()


def names(page: Page):
    return page.locator("#locator-results .unit__name")


def test_searching_merignac_by_name_without_accent_or_by_postcode_finds_the_merignac_commissariat(locator_page):
    page = locator_page()
    status = page.locator("#locator-status")
    expect(names(page).first).to_be_visible()  # the whole list before any search

    search(page, "Mérignac")
    expect(names(page)).to_have_text(["Commissariat de police de Mérignac"])
    expect(status).to_have_text("1 unité trouvée pour « Mérignac ».")
    assert "q=M%C3%A9rignac" in page.url

    search(page, "merignac")
    expect(names(page)).to_have_text(["Commissariat de police de Mérignac"])

    search(page, "33700")
    expect(names(page)).to_have_text(["Commissariat de police de Mérignac"])
    unit = page.locator("#locator-results .unit").first
    expect(unit).to_contain_text("Police nationale")
    expect(unit).to_contain_text("33700 Mérignac")
    expect(unit).to_contain_text("Horaires : appelez avant de vous déplacer.")
    expect(unit.get_by_role("link", name="17", exact=True)).to_have_attribute("href", "tel:17")
    osm = unit.get_by_role("link", name=re.compile("OpenStreetMap"))
    expect(osm).to_have_attribute("href", re.compile(r"^https://www\.openstreetmap\.org/\?mlat=44\.\d+&mlon=-0\.\d+#map=\d+/"))

    search(page, "Zzz")
    expect(names(page)).to_have_count(0)
    expect(status).to_contain_text("Aucune unité trouvée pour « Zzz »")


def test_the_q_parameter_prefills_the_search_and_a_unit_shows_its_phone_as_a_tel_link(locator_page):
    page = locator_page("?q=bordeaux")
    expect(page.get_by_label("Commune ou code postal")).to_have_value("bordeaux")
    expect(names(page)).to_have_text(["Hôtel de police de Bordeaux (commissariat central)"])
    unit = page.locator("#locator-results .unit").first
    expect(unit.get_by_role("link", name="05 57 85 77 77")).to_have_attribute("href", "tel:0557857777")
    expect(unit).to_contain_text("24 h/24")

    search(page, "saint medard")
    expect(names(page)).to_have_text(["Commissariat de police de Saint-Médard-en-Jalles"])
    search(page, "335")  # a postcode prefix: 33500 Libourne, 33510 Andernos, 33520 Bruges, 33540 Sauveterre
    expect(page.locator("#locator-results .unit__address")).to_have_text([re.compile(r"^335\d\d ")] * 4)


def test_around_me_near_libourne_lists_the_libourne_commissariat_first_with_its_distance(locator_page):
    page = locator_page(geolocation=NEAR_LIBOURNE)

    page.get_by_role("button", name="Autour de moi").click()

    expect(page.locator("#locator-status")).to_contain_text("les plus proches de vous")
    first = page.locator("#locator-results .unit").first
    expect(first.locator(".unit__name")).to_have_text("Commissariat de police de Libourne")
    expect(first.locator(".unit__distance")).to_have_text(re.compile(r"^à (environ )?(\d+ m|\d+,\d km)$"))
    distances = page.locator("#locator-results .unit__distance").all_text_contents()
    assert len(distances) == 10
    expect(page.locator("#locator-geo-message")).to_have_text("")


def test_around_me_with_geolocation_refused_explains_and_keeps_the_search(locator_page):
    page = locator_page("?q=Langon")

    page.get_by_role("button", name="Autour de moi").click()

    message = page.get_by_role("alert").filter(has_text="localisation")
    expect(message).to_contain_text("Vous n'avez pas autorisé la localisation")
    expect(message).to_contain_text("Cherchez par commune ou par code postal")
    expect(names(page)).to_have_text(["Brigade de Langon"])
    expect(page.locator("#locator-status")).to_have_text("1 unité trouvée pour « Langon ».")
