"""The authorization matrix: every verb × every kind of client × every set.

For each client the test computes, from the demo store and the client's grants alone, what the
node must answer, and checks the node answers exactly that: no more (data leaks) and no less.
Clients without valid credentials get 401 for every verb.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import pytest
from lxml import etree

from harvester.upload import new_upload_key
from node.access import grants, users
from simulator.demo import world as demo
from simulator.demo.world import basic_header
from store.models import IP_TYPES

OAI = "{http://www.openarchives.org/OAI/2.0/}"
OFFICES = tuple(demo.OFFICES)
SETS = (None, *OFFICES, *(f"{o}:{t}" for o in OFFICES for t in IP_TYPES))
ALL = frozenset((o, t) for o in OFFICES for t in IP_TYPES)
VERBS = (
    "Identify",
    "ListSets",
    "ListMetadataFormats",
    "ListIdentifiers",
    "ListRecords",
    "GetRecord",
)


@dataclass(frozen=True)
class Expect:
    """What a client may see: None = 401 for everything."""

    pairs: frozenset[tuple[str, str]] | None
    originals: bool = False


#: client name → (how to make its credentials, what it may see)
CLIENTS: dict[str, Expect] = {
    "no credentials": Expect(None),
    "wrong secret": Expect(None),
    "revoked grant": Expect(None),
    "unknown client id": Expect(None),
    "deactivated user": Expect(None),
    "wrong user password": Expect(None),
    "JPO KH:patents data": Expect(frozenset({("KH", "patents")})),
    "JPO KH:trademarks documents": Expect(frozenset({("KH", "trademarks")}), originals=True),
    "WIPO TH:designs data": Expect(frozenset({("TH", "designs")})),
    "ACME KH:designs documents": Expect(frozenset({("KH", "designs")}), originals=True),
    "bearer JPO KH:patents data": Expect(frozenset({("KH", "patents")})),
    "office KH": Expect(frozenset(p for p in ALL if p[0] == "KH"), originals=True),
    "office TH": Expect(frozenset(p for p in ALL if p[0] == "TH"), originals=True),
    "office KH upload key": Expect(frozenset(p for p in ALL if p[0] == "KH"), originals=True),
    "wrong upload key": Expect(None),
    "coordinator": Expect(ALL, originals=True),
}


def _grant_headers(issue, client, spec: str) -> dict[str, str]:
    party, office_set, level = spec.split()
    office, ip_type = office_set.split(":")
    client_id, secret = issue(office, party, ip_type, level)
    return basic_header(client_id, secret)


def _bearer(client, issue) -> dict[str, str]:
    client_id, secret = issue("KH", "JPO", "patents", "data")
    response = client.post(
        "/oauth/token",
        data={"grant_type": "client_credentials"},
        headers=basic_header(client_id, secret),
    )
    assert response.status_code == 200, response.data
    return {"Authorization": f"Bearer {response.get_json()['access_token']}"}


def _revoked(db, issue) -> dict[str, str]:
    client_id, secret = issue("KH", "WIPO", "patents", "documents")
    with db.session() as session:
        grants.revoke(session, grants.by_client_id(session, client_id), "test")
    return basic_header(client_id, secret)


def _deactivated(db, world) -> dict[str, str]:
    with db.session() as session:
        user = next(u for u in users.all_users(session) if u.email == world.users["TH"])
        users.set_active(session, user, False, "test")
    return basic_header(world.users["TH"], world.password)


@pytest.fixture
def headers_for(client, db, world, issue) -> Callable[[str], dict[str, str]]:
    def make(name: str) -> dict[str, str]:
        if name == "no credentials":
            return {}
        if name == "wrong secret":
            client_id, _ = issue("KH", "JPO", "patents")
            return basic_header(client_id, "not-the-secret")
        if name == "revoked grant":
            return _revoked(db, issue)
        if name == "unknown client id":
            return basic_header("iph_000000000000000000000000", "whatever")
        if name == "deactivated user":
            return _deactivated(db, world)
        if name == "wrong user password":
            return basic_header(world.users["KH"], "wrong password!")
        if name.startswith("bearer "):
            return _bearer(client, issue)
        if name == "office KH upload key":
            return basic_header("KH", new_upload_key(db, "KH"))
        if name == "wrong upload key":
            new_upload_key(db, "KH")
            return basic_header("KH", "not-the-key")
        if name.startswith("office "):
            return basic_header(world.users[name.split()[1]], world.password)
        if name == "coordinator":
            return basic_header(world.users["coordinator"], world.password)
        return _grant_headers(issue, client, name)

    return make


class Node:
    """Issues OAI-PMH requests with one client's headers and parses the answers."""

    def __init__(self, client, headers: dict[str, str]) -> None:
        self.client, self.headers = client, headers

    def get(self, **args) -> etree._Element:
        response = self.client.get("/oai", query_string=args, headers=self.headers)
        assert response.status_code == 200, (args, response.status_code, response.data[:300])
        return etree.fromstring(response.data)

    def status(self, **args) -> int:
        return self.client.get("/oai", query_string=args, headers=self.headers).status_code


def error_code(root: etree._Element) -> str | None:
    error = root.find(f"{OAI}error")
    return error.get("code") if error is not None else None


def texts(root: etree._Element, path: str) -> set[str]:
    return {e.text for e in root.iter(f"{OAI}{path}")}


def in_set(item: demo.PublishedItem, set_spec: str | None) -> bool:
    return set_spec is None or set_spec in (item.office, f"{item.office}:{item.ip_type}")


def visible(
    world: demo.World, expect: Expect, set_spec: str | None = None, originals_only: bool = False
) -> set[str]:
    return {
        r.identifier
        for r in world.records
        if (r.office, r.ip_type) in expect.pairs
        and in_set(r, set_spec)
        and (r.original or not originals_only)
    }


def check_identify(node: Node, world, expect: Expect) -> None:
    assert node.get(verb="Identify").find(f"{OAI}Identify") is not None


def check_list_sets(node: Node, world, expect: Expect) -> None:
    expected = {o for o, _ in expect.pairs} | {f"{o}:{t}" for o, t in expect.pairs}
    assert texts(node.get(verb="ListSets"), "setSpec") == expected


#: The formats whose visibility depends on the grant; others (e.g. ``feedback``) follow the record.
GRANTED_FORMATS = {"st96", "oai_dc", "original"}


def check_list_metadata_formats(node: Node, world, expect: Expect) -> None:
    base = {"st96", "oai_dc"} | ({"original"} if expect.originals else set())
    listed = texts(node.get(verb="ListMetadataFormats"), "metadataPrefix")
    assert listed & GRANTED_FORMATS == base
    for record in world.records:
        root = node.get(verb="ListMetadataFormats", identifier=record.identifier)
        if (record.office, record.ip_type) not in expect.pairs:
            assert error_code(root) == "idDoesNotExist", record
            continue
        own = {"st96", "oai_dc"} | ({"original"} if expect.originals and record.original else set())
        assert texts(root, "metadataPrefix") & GRANTED_FORMATS == own, record


def _check_list(node: Node, world, expect: Expect, verb: str) -> None:
    for set_spec in SETS:
        args = {"verb": verb, "metadataPrefix": "oai_dc"} | ({"set": set_spec} if set_spec else {})
        root = node.get(**args)
        expected = visible(world, expect, set_spec)
        if expected:
            assert texts(root, "identifier") == expected, set_spec
        else:
            assert error_code(root) == "noRecordsMatch", set_spec
    root = node.get(verb=verb, metadataPrefix="original")
    if not expect.originals:
        assert error_code(root) == "cannotDisseminateFormat"
    else:
        assert texts(root, "identifier") == visible(world, expect, originals_only=True)


def check_list_identifiers(node: Node, world, expect: Expect) -> None:
    _check_list(node, world, expect, "ListIdentifiers")


def check_list_records(node: Node, world, expect: Expect) -> None:
    _check_list(node, world, expect, "ListRecords")


def check_get_record(node: Node, world, expect: Expect) -> None:
    for record in world.records:
        allowed = (record.office, record.ip_type) in expect.pairs
        for prefix in ("oai_dc", "st96", "original"):
            root = node.get(verb="GetRecord", identifier=record.identifier, metadataPrefix=prefix)
            if prefix == "original" and not expect.originals:  # same answer for any id
                assert error_code(root) == "cannotDisseminateFormat", (record, prefix)
            elif not allowed:
                assert error_code(root) == "idDoesNotExist", (record, prefix)
            elif prefix == "original" and not record.original:
                assert error_code(root) == "cannotDisseminateFormat", (record, prefix)
            else:
                assert texts(root, "identifier") == {record.identifier}, (record, prefix)


CHECKS = {
    "Identify": check_identify,
    "ListSets": check_list_sets,
    "ListMetadataFormats": check_list_metadata_formats,
    "ListIdentifiers": check_list_identifiers,
    "ListRecords": check_list_records,
    "GetRecord": check_get_record,
}


@pytest.mark.parametrize("verb", VERBS)
@pytest.mark.parametrize("name", list(CLIENTS))
def test_matrix(client, world, headers_for, name: str, verb: str) -> None:
    expect = CLIENTS[name]
    node = Node(client, headers_for(name))
    if expect.pairs is None:
        response = client.get("/oai", query_string={"verb": verb}, headers=node.headers)
        assert response.status_code == 401
        challenges = response.headers.getlist("WWW-Authenticate")
        assert 'Basic realm="iphub"' in challenges
        assert any(c.startswith("Bearer") for c in challenges)
        assert b"<record>" not in response.data
        return
    CHECKS[verb](node, world, expect)
