"""Console fixtures: the app with access control registered, the demo world, a login helper."""

from __future__ import annotations

import re
from collections.abc import Callable

import pytest

from node import access, oai
from node.access import demo


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
