"""Browser tier: Debian's Chromium, driven by Playwright's sync API, against the real local stack."""
from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, BrowserContext, Playwright, expect, sync_playwright

from tests.browser.pages import CitizenPage, OfficerPage
from tests.local_stack import LocalStack

CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 800}

expect.set_options(timeout=10_000)


@pytest.fixture(scope="session")
def playwright_driver() -> Iterator[Playwright]:
    """One Playwright driver for the session."""
    with sync_playwright() as driver:
        yield driver


@pytest.fixture(scope="session")
def browser(playwright_driver: Playwright) -> Iterator[Browser]:
    """Debian's Chromium (CHROMIUM overrides the path); never a browser Playwright downloads."""
    executable = os.environ.get("CHROMIUM", "/usr/bin/chromium")
    if not Path(executable).exists():
        pytest.fail(f"no Chromium at {executable}: `make chromium` installs Debian's")
    launched = playwright_driver.chromium.launch(executable_path=executable, headless=True, args=CHROMIUM_ARGS)
    yield launched
    launched.close()


class _Contexts:
    """Browser contexts opened by one test; each page's JavaScript errors are collected."""

    def __init__(self, browser: Browser) -> None:
        self._browser = browser
        self.opened: list[BrowserContext] = []
        self.officers: list[OfficerPage] = []
        self.js_errors: list[str] = []

    def new_page(self, viewport: dict[str, int]):
        context = self._browser.new_context(viewport=viewport, locale="fr-FR")
        self.opened.append(context)
        page = context.new_page()
        page.on("pageerror", lambda exc: self.js_errors.append(str(exc)))
        return page

    def close(self) -> None:
        for officer in self.officers:
            officer.leave()
        for context in self.opened:
            context.close()


@pytest.fixture
def contexts(browser: Browser) -> Iterator[_Contexts]:
    """Opens contexts for a test and closes them after it; fails the test on any page JavaScript error."""
    opened = _Contexts(browser)
    yield opened
    opened.close()
    assert opened.js_errors == [], f"JavaScript errors on the pages: {opened.js_errors}"


@pytest.fixture
def new_citizen(local_stack: LocalStack, contexts: _Contexts) -> Callable[..., CitizenPage]:
    """A citizen on chat.html in a browser context of their own (phone-sized by default)."""

    def make(viewport: dict[str, int] = PHONE) -> CitizenPage:
        return CitizenPage(contexts.new_page(viewport), local_stack.base_url).open()

    return make


@pytest.fixture
def new_officer(local_stack: LocalStack, contexts: _Contexts) -> Callable[[str], OfficerPage]:
    """A demo officer signed in on agent.html in a browser context of their own; set away at the end."""

    def make(username: str, viewport: dict[str, int] = DESKTOP) -> OfficerPage:
        officer = OfficerPage(contexts.new_page(viewport), local_stack.base_url, username).login()
        contexts.officers.append(officer)
        return officer

    return make
