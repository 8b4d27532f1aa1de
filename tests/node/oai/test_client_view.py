"""The view hook: what a client may not see answers as if it did not exist."""

from __future__ import annotations

import pytest
from flask import Response

from node.extensions import OAI_VIEW_RESOLVER
from node.oai.client_view import UNRESTRICTED, OaiView, open_resolver


@pytest.fixture
def scoped(app):
    def install(view):
        app.extensions[OAI_VIEW_RESOLVER] = lambda request: view

    return install


def test_default_resolver_is_open(app):
    assert app.extensions[OAI_VIEW_RESOLVER] is open_resolver
    assert UNRESTRICTED.allows("XX", "patents")


def test_scope_allows():
    view = OaiView("c", frozenset({("KH", "patents")}))
    assert view.allows("KH", "patents") and not view.allows("KH", "designs")


def test_lists_are_the_union_of_grants(oai, helpers, store, scoped):
    scoped(OaiView("c", frozenset({("KH", "patents"), ("TH", "trademarks")})))
    items, _ = oai.harvest("ListIdentifiers", metadataPrefix="oai_dc")
    assert helpers.ids(items) == [store["R2"].identifier, store["R4"].identifier]
    items, _ = oai.harvest("ListIdentifiers", metadataPrefix="oai_dc", set="KH")
    assert helpers.ids(items) == [store["R2"].identifier]


def test_outside_scope_is_as_if_absent(oai, helpers, store, scoped):
    scoped(OaiView("c", frozenset({("KH", "patents")})))
    for args, code in (
        ({"verb": "ListRecords", "metadataPrefix": "oai_dc", "set": "TH"}, "noRecordsMatch"),
        (
            {"verb": "ListRecords", "metadataPrefix": "oai_dc", "set": "KH:designs"},
            "noRecordsMatch",
        ),
        (
            {"verb": "GetRecord", "metadataPrefix": "oai_dc", "identifier": store["R1"].identifier},
            "idDoesNotExist",
        ),
        ({"verb": "ListMetadataFormats", "identifier": store["R4"].identifier}, "idDoesNotExist"),
    ):
        assert helpers.codes(oai.get(**args)) == [code]
    sets = oai.get(verb="ListSets").iterfind("oai:ListSets/oai:set/oai:setSpec", helpers.ns)
    assert [s.text for s in sets] == ["KH", "KH:patents"]


def test_no_grants_sees_nothing(oai, helpers, store, scoped):
    scoped(OaiView("c", frozenset()))
    assert helpers.codes(oai.get(verb="ListRecords", metadataPrefix="st96")) == ["noRecordsMatch"]


def test_originals_withheld(oai, helpers, store, scoped):
    scoped(OaiView("c", None, originals=False))
    formats = oai.get(verb="ListMetadataFormats")
    prefixes = {p.text for p in formats.iter(f"{{{helpers.ns['oai']}}}metadataPrefix")}
    assert "original" not in prefixes
    root = oai.get(verb="GetRecord", metadataPrefix="original", identifier=store["R1"].identifier)
    assert helpers.codes(root) == ["cannotDisseminateFormat"]


def test_resolver_response_is_returned_as_is(app, client, store):
    app.extensions[OAI_VIEW_RESOLVER] = lambda request: Response(
        "login", status=401, headers={"WWW-Authenticate": 'Basic realm="iphub"'}
    )
    response = client.get("/oai?verb=Identify")
    assert response.status_code == 401
    assert response.headers["WWW-Authenticate"] == 'Basic realm="iphub"'


@pytest.mark.parametrize(
    ("grants", "sample", "earliest"),
    [
        ({("TH", "trademarks")}, "R4", "2024-01-03T00:00:00Z"),
        ({("KH", "designs")}, "R3", "2024-01-02T12:00:00Z"),
        ({("TH", "designs"), ("TH", "trademarks")}, "R4", "2024-01-03T00:00:00Z"),
        ({("KH", "patents"), ("TH", "designs")}, "R2", "2024-01-01T00:00:00Z"),
        (None, "R1", "2024-01-01T00:00:00Z"),
    ],
)
def test_identify_shows_only_the_clients_own_scope(
    oai, helpers, store, scoped, grants, sample, earliest
):
    scoped(OaiView("c", None if grants is None else frozenset(grants)))
    identify = oai.get(verb="Identify").find("oai:Identify", helpers.ns)
    assert identify.findtext("oai:earliestDatestamp", namespaces=helpers.ns) == earliest
    found = identify.findtext(".//id:sampleIdentifier", namespaces=helpers.ns)
    assert found == store[sample].identifier


def test_identify_without_grants_names_no_office(oai, helpers, store, scoped):
    scoped(OaiView("c", frozenset()))
    identify = oai.get(verb="Identify").find("oai:Identify", helpers.ns)
    assert identify.findtext("oai:earliestDatestamp", namespaces=helpers.ns) == (
        "1970-01-01T00:00:00Z"
    )
    sample = identify.findtext(".//id:sampleIdentifier", namespaces=helpers.ns)
    assert not any(office in sample for office in ("KH", "TH"))
