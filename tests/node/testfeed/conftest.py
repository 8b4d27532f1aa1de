"""Test-feed page and API fixtures: the access-controlled app (:mod:`tests.testfeed_support`) and
demo world (offices KH and TH, their staff, a coordinator), a simulated office as the test
endpoint, credentials."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from simulator.demo.world import basic_header
from tests.access_support import app as access_app
from tests.access_support import login, token, world

# the simulated test endpoint: KH's trademarks, 24 records over pages of 10, planted defects
from tests.node.monitoring.conftest import office, office_url
from tests.testfeed_support import app  # the access-controlled app set for the test feed

__all__ = ["access_app", "app", "login", "office", "office_url", "token", "world"]


@pytest.fixture
def auth(world) -> Callable[[str], dict[str, str]]:
    """auth("KH" | "TH" | "coordinator"): HTTP Basic headers of that user."""
    return lambda who: basic_header(world.users[who], world.password)
