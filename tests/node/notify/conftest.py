"""Pushed-feedback fixtures: the webhook receiver of the monitoring tests, and an office."""

from __future__ import annotations

import pytest

from store.models import Office
from tests.node.monitoring.conftest import receiver  # noqa: F401  (fixture)


@pytest.fixture
def kh(db) -> str:
    with db.session() as session:
        session.add(Office(code="KH", name="Office KH"))
    return "KH"
