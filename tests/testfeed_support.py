"""Test-feed test support shared by the harvester's test-feed run tests, the store's purge tests,
the node's pages and scheduler test and ``iphub test-feed``'s tests: offices in the store, the app
config the test feed reads, and the access-controlled app set for it. The fixtures are imported
where they are used, as in :mod:`tests.access_support`."""

from __future__ import annotations

import pytest

from store.models import Office

__all__ = ["app", "config", "offices"]


@pytest.fixture
def app(access_app):
    """The access-controlled app (``access_app``, :mod:`tests.access_support`) set as the test
    feed needs it: the simulated office listens on localhost, retries are fast."""
    access_app.config.update(
        NOTIFY_ALLOW_PRIVATE=True,  # the simulated office listens on localhost
        HARVEST_BACKOFF_BASE=0.001, HARVEST_BACKOFF_MAX=0.01, HARVEST_RETRY_AFTER_CAP=0.05,
    )  # fmt: skip
    return access_app


@pytest.fixture
def config() -> dict:
    """What the test feed reads of the app config: fast retries, local endpoints allowed."""
    return {
        "NOTIFY_ALLOW_PRIVATE": True,
        "HARVEST_BACKOFF_BASE": 0.001,
        "HARVEST_BACKOFF_MAX": 0.01,
        "HARVEST_RETRY_AFTER_CAP": 0.05,
        "HARVEST_TIMEOUT": 5,
    }


@pytest.fixture
def offices(db) -> None:
    with db.session() as session:
        session.add_all([Office(code="KH", name="Cambodia"), Office(code="TH", name="Thailand")])
