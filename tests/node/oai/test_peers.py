"""Peers as tests: harvest the node over HTTP with sickle and with pyoai, compare the results.

The node runs in a werkzeug server thread on a free localhost port (so it works on SQLite and
PostgreSQL alike); both clients harvest every verb and every prefix, following resumption
tokens through several pages.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from lxml import etree
from oaipmh.client import Client
from oaipmh.metadata import MetadataRegistry
from sickle import Sickle

from tests.pyoai_support import pyoai_on_lxml6
from tests.serving import serve

__all__ = ["pyoai_on_lxml6"]

PREFIXES = ("st96", "oai_dc", "original")


@pytest.fixture
def base_url(app, store) -> Iterator[str]:
    app.config["OAI_PAGE_SIZE"] = 2
    with serve(app) as url:
        yield url


def _pyoai(base_url: str) -> Client:
    registry = MetadataRegistry()
    for prefix in PREFIXES:
        registry.registerReader(prefix, lambda element: etree.QName(element[0]).namespace)
    return Client(base_url, registry)


def _sickle_header(header) -> tuple:
    return header.identifier, header.datestamp, tuple(header.setSpecs), header.deleted


def _pyoai_header(header) -> tuple:
    stamp = header.datestamp().strftime("%Y-%m-%dT%H:%M:%SZ")
    return header.identifier(), stamp, tuple(header.setSpec()), header.isDeleted()


def test_identify(base_url):
    sickle = Sickle(base_url).Identify()
    pyoai = _pyoai(base_url).identify()
    assert sickle.repositoryName == pyoai.repositoryName()
    assert sickle.baseURL == pyoai.baseURL() == base_url
    assert sickle.earliestDatestamp == "2024-01-01T00:00:00Z"
    assert pyoai.granularity() == "YYYY-MM-DDThh:mm:ssZ"
    assert pyoai.deletedRecord() == "persistent"


def test_list_sets_and_formats(base_url):
    sickle = Sickle(base_url)
    pyoai = _pyoai(base_url)
    assert [(s.setSpec, s.setName) for s in sickle.ListSets()] == [
        (spec, name) for spec, name, _ in pyoai.listSets()
    ]
    assert [(f.metadataPrefix, f.metadataNamespace) for f in sickle.ListMetadataFormats()] == [
        (prefix, namespace) for prefix, _schema, namespace in pyoai.listMetadataFormats()
    ]


@pytest.mark.parametrize("prefix", PREFIXES)
def test_list_identifiers_and_records(base_url, prefix):
    sickle = Sickle(base_url)
    pyoai = _pyoai(base_url)
    s_ids = [_sickle_header(h) for h in sickle.ListIdentifiers(metadataPrefix=prefix)]
    p_ids = [_pyoai_header(h) for h in pyoai.listIdentifiers(metadataPrefix=prefix)]
    assert s_ids == p_ids and len(s_ids) >= 3
    s_records = [
        (
            _sickle_header(r.header),
            None
            if r.deleted
            else etree.QName(
                r.xml.find(".//{http://www.openarchives.org/OAI/2.0/}metadata")[0]
            ).namespace,
        )
        for r in sickle.ListRecords(metadataPrefix=prefix)
    ]
    p_records = [
        (_pyoai_header(h), None if h.isDeleted() else _namespace_of(m))
        for h, m, _about in pyoai.listRecords(metadataPrefix=prefix)
    ]
    assert s_records == p_records
    for header, _ns in s_records:
        s_one = sickle.GetRecord(identifier=header[0], metadataPrefix=prefix)
        p_one, _m, _a = pyoai.getRecord(identifier=header[0], metadataPrefix=prefix)
        assert _sickle_header(s_one.header) == _pyoai_header(p_one) == header


def _namespace_of(metadata) -> str | None:
    return metadata.getMap() if hasattr(metadata, "getMap") else metadata


def test_selective_harvest(base_url):
    from datetime import datetime

    sickle = Sickle(base_url)
    pyoai = _pyoai(base_url)
    s = [
        h.identifier
        for h in sickle.ListIdentifiers(
            metadataPrefix="oai_dc", set="KH", **{"from": "2024-01-02T00:00:00Z"}
        )
    ]
    p = [
        h.identifier()
        for h in pyoai.listIdentifiers(
            metadataPrefix="oai_dc", set="KH", from_=datetime(2024, 1, 2)
        )
    ]
    assert s == p and len(s) == 3


def test_errors_reach_both_clients(base_url):
    from oaipmh import error as pyoai_errors
    from sickle import oaiexceptions

    with pytest.raises(oaiexceptions.IdDoesNotExist):
        Sickle(base_url).GetRecord(identifier="oai:iphub.local:XX/patents/1", metadataPrefix="st96")
    with pytest.raises(pyoai_errors.IdDoesNotExistError):
        _pyoai(base_url).getRecord(identifier="oai:iphub.local:XX/patents/1", metadataPrefix="st96")
