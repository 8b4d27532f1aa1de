"""Gating fixtures: the office harvested once and its endpoint (:mod:`tests.gating_support`,
shared with the store's gating tests), the node served on a local port for sickle, and a third
party granted the set."""

from __future__ import annotations

import json
from collections.abc import Iterator

import pytest
from sickle import Sickle

from iphub.cli import cli
from tests.gating_support import endpoint, fast, harvested, office
from tests.serving import serve

__all__ = ["endpoint", "fast", "harvested", "office"]


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
