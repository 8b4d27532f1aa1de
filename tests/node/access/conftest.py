"""Access-control fixtures: the app with provider and access control registered, a demo world,
credentials helpers."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from tests.access_support import add_grant, app, world

__all__ = ["app", "issue", "world"]


@pytest.fixture
def issue(db, world) -> Callable[..., tuple[str, str]]:
    """issue(office, third_party, ip_type, level="data") → (client_id, secret)."""

    def make(office: str, party: str, ip_type: str, level: str = "data") -> tuple[str, str]:
        with db.session() as session:
            result = add_grant(session, office, party, ip_type, level)
            return result.grant.client_id, result.secret

    return make
