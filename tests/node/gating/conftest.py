"""Gating fixtures: a simulated office already harvested once (what is served before a gated
delivery), the node served on a local port for sickle, and a third party granted the set."""

from __future__ import annotations

import json
from collections.abc import Iterator

import pytest
from sickle import Sickle

from harvester.runner import harvest_endpoint
from iphub.cli import cli
from simulator.serving import running
from store.gating import settings
from tests.harvester.conftest import add_endpoint
from tests.node.monitoring.conftest import fast, office  # KH's 24 trademarks, fast retries
from tests.serving import serve

__all__ = ["fast", "office"]


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


@pytest.fixture
def hub(app, runner) -> Iterator[Sickle]:
    """Sickle on the node, as a third party granted KH's trademarks."""
    assert runner.invoke(cli, ["third-party", "add", "WIPO", "--name", "WIPO"]).exit_code == 0
    grant_args = ["grant", "add", "--office", "KH", "--third-party", "WIPO",
                  "--ip-type", "trademarks", "--level", "data", "--json"]  # fmt: skip
    result = runner.invoke(cli, grant_args)
    assert result.exit_code == 0, result.output
    grant = json.loads(result.output)
    with serve(app) as url:
        yield Sickle(url, auth=(grant["client_id"], grant["client_secret"]))
