"""Access-control test support shared by the access, console, portal and browser tests: the app
with the OAI-PMH provider and access control registered, the demo world, CSRF tokens, logging
in (test client and Chromium), granting access.

The fixtures are imported by the conftests that use them (``from tests.access_support import app``),
so that only those folders get the access-controlled app.
"""

from __future__ import annotations

import re
from collections.abc import Callable

import pytest

from node import access, oai
from node.access import grants
from simulator.demo import world as demo


@pytest.fixture
def app(app):
    """The root app with the OAI-PMH provider and access control, as the lead registers them."""
    if "oai" not in app.blueprints:
        app.register_blueprint(oai.bp)
        oai.init_app(app)
    access.register(app)
    app.config["OAI_AUTH_REQUIRED"] = True
    app.config["PASSWORD_HASH_METHOD"] = "pbkdf2:sha256:1000"  # fast; scrypt is tested apart
    return app


@pytest.fixture
def world(app, db) -> demo.World:
    with app.app_context():  # users hashed with the app's (fast) PASSWORD_HASH_METHOD
        return demo.create(db)


def csrf_token(html: bytes) -> str:
    match = re.search(rb'name="csrf_token" type="hidden" value="([^"]+)"', html)
    assert match, "page has a CSRF token"
    return match.group(1).decode()


@pytest.fixture
def login(client, world) -> Callable[[str], object]:
    """login("KH" | "TH" | "coordinator") logs the test client in through the form."""

    def do(who: str, password: str | None = None):
        token = csrf_token(client.get("/login").data)
        return client.post(
            "/login",
            data={
                "csrf_token": token,
                "email": world.users[who],
                "password": password or world.password,
            },
        )

    return do


@pytest.fixture
def token(client) -> Callable[[str], str]:
    """token(url): the CSRF token of the form on the page at url."""
    return lambda url: csrf_token(client.get(url).data)


def add_grant(
    session, office: str, party: str, ip_type: str, level: str = "data", actor: str = "test"
):
    """Grant third party ``party`` access to ``office``'s ``ip_type`` (a grant_access result)."""
    return grants.grant_access(
        session,
        grants.office_by_code(session, office),
        grants.third_party_by_code(session, party),
        ip_type,
        level,
        actor,
    )


def browser_log_in(page, base: str, email: str, password: str) -> None:
    """Log in through the login form in Chromium (a Playwright page)."""
    page.goto(f"{base}/login")
    page.fill("input[name=email]", email)
    page.fill("input[name=password]", password)
    page.click("button[type=submit]")
