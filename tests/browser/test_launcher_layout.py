"""The "Parler à un policier" launcher never covers the page: in the flow on a phone (the orientation
result's main button stays clear), floating in the margin on a wide screen, and during a conversation the
page keeps room for it at its end."""
from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from tests.browser.conftest import PHONE
from tests.browser.test_chat_widget import every_officer_away
from tests.browser.test_orientation import answer, open_orientation, outcome
from tests.local_stack import ARTIFACTS

pytestmark = pytest.mark.browser

WIDE = {"width": 1280, "height": 800}


def overlap(a: dict, b: dict) -> bool:
    """Whether two bounding boxes share any area."""
    return not (
        a["x"] + a["width"] <= b["x"]
        or b["x"] + b["width"] <= a["x"]
        or a["y"] + a["height"] <= b["y"]
        or b["y"] + b["height"] <= a["y"]
    )


def scroll_positions(page: Page, step: int = 150) -> list[int]:
    bottom = page.evaluate("document.documentElement.scrollHeight - innerHeight")
    return [*range(0, bottom, step), bottom]


def covered_controls(page: Page) -> list[str]:
    """The links and buttons of the page's main content that the launcher's box overlaps, where they are now."""
    launcher = page.locator("#cw-launcher").bounding_box()
    assert launcher, "no launcher"
    hits = []
    for control in page.locator("main a, main button").all():
        box = control.bounding_box()
        if box and box["width"] and overlap(box, launcher):
            hits.append(control.inner_text())
    return hits


def test_on_a_phone_the_launcher_does_not_cover_the_orientation_results_main_button(contexts, local_stack):
    page = open_orientation(contexts, local_stack, "signale")
    answer(page, "Un point de vente de drogue")
    card = outcome(page, "report")
    button = card.get_by_role("link", name="Faire le signalement")
    launcher = page.locator("#cw-launcher")
    expect(button).to_be_in_viewport()

    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "orientation-result-390.png"))
    assert not overlap(button.bounding_box(), launcher.bounding_box())
    for y in scroll_positions(page):
        page.evaluate(f"window.scrollTo(0, {y})")
        assert not overlap(button.bounding_box(), launcher.bounding_box()), f"covered at scrollY={y}"
        assert covered_controls(page) == [], f"covered at scrollY={y}"

    # Still there for whoever wants it: at the end of the page, and the header's link opens the chat too.
    launcher.scroll_into_view_if_needed()
    expect(launcher).to_be_in_viewport()
    size = launcher.bounding_box()
    assert size["height"] >= 44
    launcher.click()
    expect(page.locator("#cw-panel")).to_be_visible()


def test_on_a_wide_screen_the_launcher_floats_beside_the_page_column(contexts, local_stack):
    page = contexts.new_page(WIDE)
    page.goto(f"{local_stack.base_url}/index.html")
    launcher = page.locator("#cw-launcher")
    expect(launcher).to_be_in_viewport()  # floating: in sight wherever the page is scrolled
    column = page.locator("main").bounding_box()
    for y in scroll_positions(page, step=300):
        page.evaluate(f"window.scrollTo(0, {y})")
        box = launcher.bounding_box()
        assert box["x"] >= column["x"] + column["width"], f"over the column at scrollY={y}"
        expect(launcher).to_be_in_viewport()


def test_during_a_conversation_the_floating_launcher_leaves_the_end_of_the_page_readable(contexts, local_stack):
    every_officer_away(local_stack)
    page = open_orientation(contexts, local_stack, "signale")
    answer(page, "Un point de vente de drogue")
    outcome(page, "report")
    launcher = page.locator("#cw-launcher")
    launcher.click()
    page.locator('[data-topic="autre"]').click()
    expect(page.locator("#cw-queue")).to_contain_text("dans la file")
    page.get_by_role("button", name="Réduire la discussion").click()
    expect(launcher).to_contain_text("conversation en cours")
    expect(launcher).to_be_in_viewport()  # it floats now: the chat is one tap away from anywhere

    page.evaluate("window.scrollTo(0, document.documentElement.scrollHeight)")
    last = page.locator(".site-footer p").last
    assert not overlap(last.bounding_box(), launcher.bounding_box())
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]

    # A control reached with the keyboard is scrolled clear of the launcher.
    page.evaluate("window.scrollTo(0, 0)")
    report = page.get_by_role("link", name="Faire le signalement")
    report.evaluate("(a) => a.scrollIntoView({ block: 'end' })")
    assert not overlap(report.bounding_box(), launcher.bounding_box())

    launcher.click()
    page.get_by_role("button", name="Terminer", exact=True).click()
    page.get_by_role("button", name="Oui, terminer").click()
    expect(page.locator("#cw-closed-text")).to_be_visible()
