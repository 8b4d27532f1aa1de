"""Rate limits: /oai answers 503 with Retry-After (OAI-PMH flow control, which harvesters
honour), the HTTP APIs 429; per client, shared through the store by every replica."""

from __future__ import annotations

import pytest

from node import create_app
from node.access import ratelimit
from simulator.demo.world import basic_header
from tests.conftest import app_settings

LIST = {"verb": "Identify"}


def test_parse():
    assert ratelimit.parse("600/minute") == ratelimit.Limit(600, 60)
    assert ratelimit.parse("5/seconds") == ratelimit.Limit(5, 1)
    assert ratelimit.parse("off") is None and ratelimit.parse(None) is None
    with pytest.raises(ratelimit.RateLimitSyntaxError):
        ratelimit.parse("lots/minute")


def test_503_with_retry_after_per_client(app, client, issue):
    app.config["RATE_LIMIT"] = "3/hour"
    first = basic_header(*issue("KH", "JPO", "patents"))
    second = basic_header(*issue("KH", "WIPO", "patents"))
    for _ in range(3):
        assert client.get("/oai", query_string=LIST, headers=first).status_code == 200
    limited = client.get("/oai", query_string=LIST, headers=first)
    assert limited.status_code == 503
    assert 1 <= int(limited.headers["Retry-After"]) <= 3600
    assert client.get("/oai", query_string=LIST, headers=second).status_code == 200


def test_counters_are_shared_between_replicas(app, client, issue, database, tmp_path):
    """A second app on the same store (another worker or replica) sees the same counter."""
    app.config["RATE_LIMIT"] = "2/hour"
    headers = basic_header(*issue("KH", "JPO", "patents"))
    replica = create_app(app_settings(database, tmp_path / "d"))
    from node import access, oai

    if "oai" not in replica.blueprints:
        replica.register_blueprint(oai.bp)
        oai.init_app(replica)
    access.register(replica)
    replica.config.update(OAI_AUTH_REQUIRED=True, RATE_LIMIT="2/hour")
    assert client.get("/oai", query_string=LIST, headers=headers).status_code == 200
    assert replica.test_client().get("/oai", query_string=LIST, headers=headers).status_code == 200
    assert client.get("/oai", query_string=LIST, headers=headers).status_code == 503
    replica.extensions["iphub.db"].dispose()


def test_new_window_resets_and_forgets_old_counters(db):
    limit = ratelimit.Limit(1, 60)
    with db.session() as session:
        assert ratelimit.hit(session, "k", limit, now=120.0) is None
        assert ratelimit.hit(session, "k", limit, now=130.0) == 50
        assert ratelimit.hit(session, "k", limit, now=180.0) is None
        from sqlalchemy import func, select

        from store.access_models import RateCounter

        assert session.scalar(select(func.count(RateCounter.id))) == 1


def test_token_endpoint_keeps_429(app, client, issue):
    """The OAuth token endpoint is a JSON API: over the limit it answers 429, not 503."""
    app.config["RATE_LIMIT"] = "1/hour"
    headers = basic_header(*issue("KH", "JPO", "patents"))
    form = {"grant_type": "client_credentials"}
    assert client.post("/oauth/token", data=form, headers=headers).status_code == 200
    limited = client.post("/oauth/token", data=form, headers=headers)
    assert limited.status_code == 429 and int(limited.headers["Retry-After"]) >= 1
