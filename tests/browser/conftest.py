"""Browser fixtures: the node served by werkzeug in a thread, headless Debian Chromium.

Tests are skipped when /usr/bin/chromium is missing, except in CI (env ``CI`` set), where a
missing browser is a failure: a silent skip would hide that the portal was never clicked.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.access_support import app, world
from tests.serving import serve

CHROMIUM = Path("/usr/bin/chromium")
ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]

__all__ = ["app", "browser", "live_url", "page", "world"]


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    here = Path(__file__).parent
    for item in items:
        if here in Path(item.fspath).parents:
            item.add_marker(pytest.mark.browser)


@pytest.fixture
def live_url(app, world) -> Iterator[str]:
    """Base URL of the app served on a free port for the duration of one test."""
    with serve(app, path="", join_timeout=10) as url:
        yield url


@pytest.fixture(scope="session")
def browser():
    if not CHROMIUM.exists():
        if os.environ.get("CI"):
            pytest.fail(f"{CHROMIUM} is missing in CI: install Debian's chromium")
        pytest.skip(f"{CHROMIUM} is missing")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1200, "height": 900})
    page = context.new_page()
    page.set_default_timeout(20_000)
    yield page
    context.close()


@pytest.fixture
def screenshots(tmp_path: Path) -> Path:
    """Where pages are photographed: docs/screenshots when IPHUB_UPDATE_SCREENSHOTS=1 (to refresh
    the pictures in the docs), else the test's own folder, so a test run changes no tracked file.
    """
    if os.environ.get("IPHUB_UPDATE_SCREENSHOTS") == "1":
        folder = Path(__file__).resolve().parents[2] / "docs" / "screenshots"
        folder.mkdir(parents=True, exist_ok=True)
        return folder
    return tmp_path
