"""Gating test support shared by the store's gating tests and the node's end-to-end ones: a
simulated office already harvested once (what is served before a gated delivery), and setting a
set's thresholds. The fixtures are imported by the conftests that use them, as in
:mod:`tests.access_support`."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from harvester.runner import harvest_endpoint
from simulator.serving import running
from store.gating import settings
from tests.harvester.conftest import add_endpoint
from tests.node.monitoring.conftest import fast, office  # KH's 24 trademarks, fast retries

__all__ = ["endpoint", "fast", "gate", "harvested", "office"]


@pytest.fixture
def endpoint(db, office) -> Iterator[int]:
    with running(office) as url:
        yield add_endpoint(db, url, "KH", "st66")


@pytest.fixture
def harvested(db, endpoint, fast) -> int:
    """The office's first delivery, ungated: every record published."""
    summary = harvest_endpoint(db, endpoint, fast)
    assert summary.status == "succeeded" and summary.counts["new"] == 24
    return endpoint


def gate(db, **values) -> None:
    with db.session() as session:
        settings.set_limits(session, "KH", "trademarks", "test", **values)
