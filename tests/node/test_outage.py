"""A store outage or a database never upgraded: 503 with Retry-After, never an HTML 500."""

from __future__ import annotations

import pytest

from node import create_app
from simulator.demo.world import basic_header

UNREACHABLE = {
    "sqlite": "sqlite:///{tmp}/no-such-directory/iphub.sqlite",
    "postgresql": "postgresql://postgres@127.0.0.1:1/iphub",
}


@pytest.fixture(params=["unreachable-sqlite", "unreachable-postgresql", "not-upgraded"])
def broken_app(request, tmp_path):
    """An app whose store cannot be reached, or answers without iphub tables."""
    if request.param == "not-upgraded":
        url = f"sqlite:///{tmp_path / 'empty.sqlite'}"
    else:
        url = UNREACHABLE[request.param.split("-", 1)[1]].format(tmp=tmp_path)
    app = create_app({"TESTING": True, "SECRET_KEY": "s", "DATABASE_URL": url,
                      "DOCUMENT_STORE": str(tmp_path / "documents")})  # fmt: skip
    yield app
    app.extensions["iphub.db"].dispose()


@pytest.mark.parametrize(
    ("path", "kind"),
    [
        ("/oai?verb=Identify", "text/plain"),
        ("/healthz", "application/json"),
        ("/api/v1/runs", "application/json"),
        (f"/documents/KH/trademarks/{'0' * 64}", "text/plain"),
    ],
)
def test_outage_is_503_with_retry_after(broken_app, path, kind):
    """Credentials are presented, so checking them needs the store."""
    response = broken_app.test_client().get(path, headers=basic_header("KH", "key"))
    assert response.status_code == 503, response.data[:200]
    assert int(response.headers["Retry-After"]) > 0
    assert response.mimetype == kind
    assert b"<html" not in response.data.lower()
