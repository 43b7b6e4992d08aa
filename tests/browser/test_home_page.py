"""The home page on a phone: the three entries, the emergency numbers above the fold, English too."""
from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"


def test_the_home_page_at_390_px_shows_the_three_entries_and_the_emergency_numbers(local_stack, contexts):
    page = contexts.new_page({"width": 390, "height": 844})
    page.goto(local_stack.base_url + "/")
    for entry in ("Je suis victime", "Je signale", "Je m'informe"):
        expect(page.locator(".entries").get_by_role("link", name=entry)).to_be_visible()
    band = page.get_by_role("complementary", name="Numéros d'urgence")
    expect(band).to_contain_text("17")
    expect(band).to_contain_text("112")
    expect(band).to_contain_text("114")
    expect(band).to_contain_text("Ce chat ne traite pas les urgences.")
    box = band.bounding_box()
    assert box is not None and box["y"] + box["height"] <= 844, "the emergency numbers must be visible without scrolling"
    assert page.evaluate("document.documentElement.scrollWidth") <= 390, "no sideways scrolling on a phone"
    ARTIFACTS.mkdir(exist_ok=True)
    shot = ARTIFACTS / "home-390.png"
    page.screenshot(path=str(shot))
    assert shot.stat().st_size > 10_000


def test_the_english_home_page_speaks_english_and_links_back_to_french(local_stack, contexts):
    page = contexts.new_page({"width": 390, "height": 844})
    page.goto(local_stack.base_url + "/en/")
    assert page.evaluate("document.documentElement.lang") == "en"
    expect(page.get_by_role("heading", level=1)).to_have_text("A police officer answers you online")
    expect(page.get_by_role("complementary", name="Emergency numbers")).to_contain_text("This chat does not handle emergencies.")
    expect(page.get_by_role("link", name="Cette page en français")).to_have_attribute("href", "/")
