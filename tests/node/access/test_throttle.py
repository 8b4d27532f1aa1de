"""Unauthenticated attempts are limited per client address before any password hash is computed,
and failure rows expire. Counted, not timed: the number of password checks a flood costs."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import func, select

from node.access import throttle
from simulator.demo.world import basic_header
from store import credentials
from store.access_models import LoginFailure
from store.base import utcnow
from tests.access_support import csrf_token

LIMIT = 5
ATTACKER = {"REMOTE_ADDR": "203.0.113.9"}
HARVESTER = {"REMOTE_ADDR": "198.51.100.7"}


@pytest.fixture
def hashes(app, monkeypatch) -> list[str]:
    """Every password check made (werkzeug's check_password_hash, scrypt in production)."""
    app.config["AUTH_MAX_FAILURES_PER_ADDRESS"] = LIMIT
    calls: list[str] = []
    original = credentials.check_password_hash

    def counting(pwhash: str, password: str) -> bool:
        calls.append(password)
        return original(pwhash, password)

    monkeypatch.setattr(credentials, "check_password_hash", counting)
    return calls


def failure_rows(db) -> int:
    with db.session() as session:
        return session.scalar(select(func.count()).select_from(LoginFailure))


def test_a_flood_of_bad_credentials_costs_limit_hashes_and_spares_identify(
    client, db, world, issue, hashes
):
    statuses = []
    for n in range(60):
        headers = basic_header(f"guess{n}@example.org", "wrong password")
        response = client.get("/oai?verb=Identify", headers=headers, environ_base=ATTACKER)
        statuses.append(response.status_code)
    assert statuses == [401] * LIMIT + [429] * (60 - LIMIT)
    assert len(hashes) == LIMIT
    assert failure_rows(db) == LIMIT  # the flood stopped writing rows too
    assert int(response.headers["Retry-After"]) > 0
    client_id, secret = issue("KH", "JPO", "trademarks")
    legit = client.get(
        "/oai?verb=Identify", headers=basic_header(client_id, secret), environ_base=HARVESTER
    )
    assert legit.status_code == 200
    assert len(hashes) == LIMIT


def test_the_token_endpoint_and_the_login_page_share_the_address_limit(client, world, hashes):
    for n in range(LIMIT):
        response = client.post(
            "/oauth/token",
            data={"grant_type": "client_credentials"},
            headers=basic_header(f"guess{n}@example.org", "wrong"),
            environ_base=ATTACKER,
        )
        assert response.status_code == 401
    refused = client.post(
        "/oauth/token",
        data={"grant_type": "client_credentials"},
        headers=basic_header(world.users["KH"], world.password),
        environ_base=ATTACKER,
    )
    assert refused.status_code == 429 and refused.headers["Retry-After"]
    form = {"email": world.users["KH"], "password": world.password}
    form["csrf_token"] = csrf_token(client.get("/login", environ_base=ATTACKER).data)
    login = client.post("/login", data=form, environ_base=ATTACKER)
    assert login.status_code == 429
    assert len(hashes) == LIMIT
    form["csrf_token"] = csrf_token(client.get("/login", environ_base=HARVESTER).data)
    assert client.post("/login", data=form, environ_base=HARVESTER).status_code == 302


@pytest.mark.parametrize("username", ["iph_000000000000000000000000", "XX", "KH", "iph_"])
def test_unknown_client_ids_cost_no_password_hash(client, world, hashes, username):
    response = client.get("/oai?verb=Identify", headers=basic_header(username, "secret"))
    assert response.status_code == 401
    assert hashes == []


def test_expired_failure_rows_are_deleted(app, db, world):
    window = timedelta(seconds=app.config["LOGIN_FAILURE_WINDOW"])
    with db.session() as session:
        for n in range(3):
            session.add(LoginFailure(email=f"old{n}@x.org", remote_addr="1.2.3.4", reason="t",
                                     at=utcnow() - window - timedelta(seconds=1)))  # fmt: skip
    with app.test_request_context("/login", environ_base=ATTACKER), db.session() as session:
        throttle.record_failure(session, "new@x.org", "portal")
    with db.session() as session:
        emails = session.scalars(select(LoginFailure.email)).all()
    assert emails == ["new@x.org"]


def test_failure_rows_keep_a_printable_bounded_name(app, db, world):
    with app.test_request_context("/oai", environ_base=ATTACKER), db.session() as session:
        throttle.record_failure(session, "a\x00b" + "x" * 400, "http-basic")
    with db.session() as session:
        stored = session.scalar(select(LoginFailure.email))
    assert stored.startswith("a?b") and len(stored) == 254
