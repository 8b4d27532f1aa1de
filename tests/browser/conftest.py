"""Browser fixtures: the node served by werkzeug in a thread, headless Debian Chromium.

Tests are skipped when /usr/bin/chromium is missing, except in CI (env ``CI`` set), where a
missing browser is a failure: a silent skip would hide that the portal was never clicked.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

import pytest

from store.base import utcnow
from tests.access_support import app, world
from tests.serving import serve

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from quality_support import DEFECTS, Harvester

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

__all__ = ["app", "browser", "harvested", "live_url", "page", "world"]

BY_RULE = {d.rule_id: d for d in DEFECTS}
#: The defects present in each of KH's four harvests (fixed one after the other).
PLAN = (
    (
        "TM-STATUS-MISSING",
        "DATE-IN-FUTURE",
        "TM-NICE-CLASS-INVALID",
        "PAT-NPE-DATE-MISSING",
        "DES-LOCARNO-INVALID",
        "PARTY-NATURAL-PERSON-INDICATOR-MISSING",
        "XSD-INVALID",
    ),
    (
        "TM-STATUS-MISSING",
        "TM-NICE-CLASS-INVALID",
        "PAT-NPE-DATE-MISSING",
        "PARTY-NATURAL-PERSON-INDICATOR-MISSING",
        "XSD-INVALID",
    ),
    ("TM-STATUS-MISSING", "PAT-NPE-DATE-MISSING", "XSD-INVALID"),
    ("TM-STATUS-MISSING", "PAT-NPE-DATE-MISSING"),
)


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


@pytest.fixture
def harvested(app, db, world) -> None:
    """Four harvests of KH, six hours apart, each one run per IP type (as one endpoint per
    IP type gives), with defects fixed between harvests; one harvest of TH."""
    harvest = Harvester(db)
    start = utcnow() - timedelta(days=1)
    for n, rules in enumerate(PLAN):
        for k, base in enumerate(("trademark", "patent", "design")):
            began = start + timedelta(hours=6 * n, minutes=3 * k)
            run = harvest.run("KH", began, began + timedelta(minutes=2))
            for rule_id, defect in BY_RULE.items():
                if defect.base == base:
                    raw = defect.bad() if rule_id in rules else defect.good()
                    harvest.record(f"KH-{rule_id}", raw, defect.prefix, run)
    th_run = harvest.run("TH", start)
    harvest.record("TH-1", BY_RULE["TM-STATUS-MISSING"].bad(), "st66", th_run, office="TH")
