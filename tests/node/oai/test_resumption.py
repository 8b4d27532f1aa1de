"""Stateless resumption tokens: signed, bound to a client, expiring, replica-independent."""

from __future__ import annotations

import re
import time
from datetime import UTC, datetime, timedelta

import pytest
from itsdangerous import TimestampSigner
from sqlalchemy import update

from node import create_app
from node import oai as provider
from node.extensions import OAI_VIEW_RESOLVER
from node.oai import resumption
from store.models import PublishedRecord


def _first_token(oai, helpers, verb="ListIdentifiers", **args):
    root = oai.get(verb=verb, metadataPrefix=args.pop("metadataPrefix", "oai_dc"), **args)
    return root.find(f"oai:{verb}/oai:resumptionToken", helpers.ns).text


@pytest.fixture
def paged(app):
    app.config["OAI_PAGE_SIZE"] = 2
    return app


def test_tampered_token(oai, helpers, store, paged):
    token = _first_token(oai, helpers)
    tampered = token[:-3] + ("AAA" if not token.endswith("AAA") else "BBB")
    for bad in (tampered, "garbage", token + "x"):
        root = oai.get(verb="ListIdentifiers", resumptionToken=bad)
        assert helpers.codes(root) == ["badResumptionToken"]
        assert root.find("oai:request", helpers.ns).get("resumptionToken") == bad


def test_token_signed_with_another_secret(oai, helpers, store, paged):
    state = resumption.ResumeState(
        "ListIdentifiers",
        "oai_dc",
        None,
        None,
        datetime(2030, 1, 1),
        None,
        datetime(2024, 1, 1),
        1,
        2,
        7,
    )
    forged = resumption.TokenCodec("not-the-secret", 3600).dumps(state)
    root = oai.get(verb="ListIdentifiers", resumptionToken=forged)
    assert helpers.codes(root) == ["badResumptionToken"]


def test_token_of_another_verb(oai, helpers, store, paged):
    token = _first_token(oai, helpers, verb="ListIdentifiers")
    root = oai.get(verb="ListRecords", resumptionToken=token)
    assert helpers.codes(root) == ["badResumptionToken"]


def test_expired_token(app, oai, helpers, store, paged, monkeypatch):
    token = _first_token(oai, helpers)
    later = datetime.now().timestamp() + app.config["OAI_TOKEN_TTL"] + 5
    monkeypatch.setattr(TimestampSigner, "get_timestamp", lambda self: int(later))
    root = oai.get(verb="ListIdentifiers", resumptionToken=token)
    assert helpers.codes(root) == ["badResumptionToken"]
    assert "expired" in root.findtext("oai:error", namespaces=helpers.ns)


def test_expiration_date_matches_ttl(app, oai, helpers, store, paged):
    app.config["OAI_TOKEN_TTL"] = 3600
    root = oai.get(verb="ListIdentifiers", metadataPrefix="oai_dc")
    token = root.find("oai:ListIdentifiers/oai:resumptionToken", helpers.ns)
    expires = datetime.strptime(token.get("expirationDate"), "%Y-%m-%dT%H:%M:%SZ")
    response = datetime.strptime(
        root.findtext("oai:responseDate", namespaces=helpers.ns), "%Y-%m-%dT%H:%M:%SZ"
    )
    assert expires - response == timedelta(hours=1)


def test_token_bound_to_client(app, oai, helpers, store, paged):
    from node.oai.client_view import OaiView

    app.extensions[OAI_VIEW_RESOLVER] = lambda request: OaiView(
        request.headers.get("X-Client"), None
    )
    response = oai.client.get(
        "/oai?verb=ListIdentifiers&metadataPrefix=oai_dc", headers={"X-Client": "alice"}
    )
    root = helpers.check(response.data, oai.schema)
    token = root.find("oai:ListIdentifiers/oai:resumptionToken", helpers.ns).text
    for client_id, codes in (
        ("bob", ["badResumptionToken"]),
        (None, ["badResumptionToken"]),
        ("alice", []),
    ):
        headers = {"X-Client": client_id} if client_id else {}
        response = oai.client.get(
            "/oai",
            query_string={"verb": "ListIdentifiers", "resumptionToken": token},
            headers=headers,
        )
        assert helpers.codes(helpers.check(response.data, oai.schema)) == codes


def test_token_is_opaque(oai, helpers, store, paged):
    token = _first_token(oai, helpers, set="KH")
    # the set as a word of its own: a signature's random letters may hold "KH" ("…2WKHSyd…")
    assert not re.search(r"\bKH\b", token) and "oai_dc" not in token


def test_second_app_instance_serves_the_next_page(
    app, db, oai, helpers, store, paged, response_schema
):
    """Same secret and database, another app object (another worker or replica)."""
    token = _first_token(oai, helpers)
    other = create_app(
        {
            "TESTING": True,
            "SECRET_KEY": app.config["SECRET_KEY"],
            "DATABASE_URL": app.config["DATABASE_URL"],
            "DATABASE_SCHEMA": app.config.get("DATABASE_SCHEMA"),
            "OAI_PAGE_SIZE": 2,
        }
    )
    if "oai" not in other.blueprints:
        other.register_blueprint(provider.bp)
        provider.init_app(other)
    other.extensions[OAI_VIEW_RESOLVER] = provider.client_view.open_resolver
    try:
        response = other.test_client().get(
            "/oai", query_string={"verb": "ListIdentifiers", "resumptionToken": token}
        )
        root = helpers.check(response.data, response_schema)
        assert helpers.ids(root.iterfind("oai:ListIdentifiers/oai:header", helpers.ns)) == [
            store["R3"].identifier,
            store["R4"].identifier,
        ]
    finally:
        other.extensions["iphub.db"].dispose()


def test_upper_bound_frozen_at_first_request(app, db, oai, helpers, store, paged):
    """A record changed mid-harvest moves past the frozen bound: neither repeated nor skipped
    silently; the next incremental harvest (from = first responseDate) picks it up."""
    first = oai.get(verb="ListIdentifiers", metadataPrefix="oai_dc")
    response_date = first.findtext("oai:responseDate", namespaces=helpers.ns)
    token = first.find("oai:ListIdentifiers/oai:resumptionToken", helpers.ns).text
    seen = helpers.ids(first.iterfind("oai:ListIdentifiers/oai:header", helpers.ns))
    moved = store["R1"].identifier  # already harvested, then changed
    later = store["R6"].identifier  # not harvested yet, then changed
    time.sleep(1.1)  # the change happens after the first response's second
    with db.session() as session:
        session.execute(
            update(PublishedRecord)
            .where(PublishedRecord.oai_identifier.in_([moved, later]))
            .values(datestamp=datetime.now(UTC).replace(tzinfo=None, microsecond=0))
        )
    while token:
        root = oai.get(verb="ListIdentifiers", resumptionToken=token)
        seen += helpers.ids(root.iterfind("oai:ListIdentifiers/oai:header", helpers.ns))
        token = root.find("oai:ListIdentifiers/oai:resumptionToken", helpers.ns).text
    assert seen.count(moved) == 1 and later not in seen
    incremental, _ = oai.harvest("ListIdentifiers", metadataPrefix="oai_dc", from_=response_date)
    assert {moved, later} <= set(helpers.ids(incremental))


def test_page_size_change_between_pages_is_harmless(app, oai, helpers, store, paged):
    token = _first_token(oai, helpers)
    app.config["OAI_PAGE_SIZE"] = 100
    root = oai.get(verb="ListIdentifiers", resumptionToken=token)
    assert len(root.findall("oai:ListIdentifiers/oai:header", helpers.ns)) == 5
    last = root.find("oai:ListIdentifiers/oai:resumptionToken", helpers.ns)
    assert last.text is None and last.get("cursor") == "2"
