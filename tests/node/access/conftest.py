"""Access-control fixtures: the app with provider and access control registered, a demo world,
credentials helpers."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from node import access, oai
from node.access import demo, grants


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


@pytest.fixture
def issue(db, world) -> Callable[..., tuple[str, str]]:
    """issue(office, third_party, ip_type, level="data") → (client_id, secret)."""

    def make(office: str, party: str, ip_type: str, level: str = "data") -> tuple[str, str]:
        with db.session() as session:
            result = grants.grant_access(
                session,
                grants.office_by_code(session, office),
                grants.third_party_by_code(session, party),
                ip_type,
                level,
                "test",
            )
            return result.grant.client_id, result.secret

    return make
