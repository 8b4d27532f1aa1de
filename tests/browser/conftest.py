"""Browser fixtures: the node served by werkzeug in a thread, headless Debian Chromium.

Tests are skipped when /usr/bin/chromium is missing, except in CI (env ``CI`` set), where a
missing browser is a failure: a silent skip would hide that the portal was never clicked.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from werkzeug.serving import make_server

from node import access, oai
from node.access import demo

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


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    here = Path(__file__).parent
    for item in items:
        if here in Path(item.fspath).parents:
            item.add_marker(pytest.mark.browser)


@pytest.fixture
def app(app):
    if "oai" not in app.blueprints:
        app.register_blueprint(oai.bp)
        oai.init_app(app)
    access.register(app)
    app.config["OAI_AUTH_REQUIRED"] = True
    app.config["PASSWORD_HASH_METHOD"] = "pbkdf2:sha256:1000"
    return app


@pytest.fixture
def world(app, db) -> demo.World:
    with app.app_context():
        return demo.create(db)


@pytest.fixture
def live_url(app, world) -> Iterator[str]:
    """Base URL of the app served on a free port for the duration of one test."""
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}"
    finally:
        server.shutdown()
        thread.join(timeout=10)


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
