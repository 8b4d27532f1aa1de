"""GetRecord: formats, deleted records, about, invalid records, originals."""

from __future__ import annotations

from pathlib import Path

import pytest

DATA = Path(__file__).resolve().parents[2] / "data"


def _record(oai, helpers, identifier: str, prefix: str):
    root = oai.get(verb="GetRecord", identifier=identifier, metadataPrefix=prefix)
    return root, root.find("oai:GetRecord/oai:record", helpers.ns)


@pytest.mark.parametrize("key", ["R1", "R2", "R3", "R4", "R7"])
def test_st96_is_the_stored_bytes(oai, helpers, store, client, key):
    item = store[key]
    response = client.get(
        "/oai",
        query_string={"verb": "GetRecord", "metadataPrefix": "st96", "identifier": item.identifier},
    )
    stored = (DATA / "st96-published" / f"{item.number}.xml").read_bytes().strip()
    assert b"<metadata>" + stored + b"</metadata>" in response.data
    _root, record = _record(oai, helpers, item.identifier, "st96")
    header = record.find("oai:header", helpers.ns)
    assert header.findtext("oai:datestamp", namespaces=helpers.ns) == (
        item.datestamp.strftime("%Y-%m-%dT%H:%M:%SZ")
    )
    assert [s.text for s in header.findall("oai:setSpec", helpers.ns)] == [
        item.office,
        f"{item.office}:{item.ip_type}",
    ]


def test_oai_dc(oai, helpers, store):
    _root, record = _record(oai, helpers, store["R2"].identifier, "oai_dc")
    assert record.find("oai:metadata/oai_dc:dc", helpers.ns) is not None


def test_about_is_emitted(oai, helpers, store):
    _root, record = _record(oai, helpers, store["R1"].identifier, "st96")
    about = record.find("oai:about", helpers.ns)
    assert about is not None and about[0].tag == "{urn:iphub:test:feedback}feedback"
    _root, record = _record(oai, helpers, store["R2"].identifier, "st96")
    assert record.find("oai:about", helpers.ns) is None


@pytest.mark.parametrize("prefix", ["st96", "oai_dc", "original"])
def test_deleted_record_is_a_header(oai, helpers, store, prefix):
    _root, record = _record(oai, helpers, store["R5"].identifier, prefix)
    assert record.find("oai:header", helpers.ns).get("status") == "deleted"
    assert record.find("oai:metadata", helpers.ns) is None


def test_invalid_record_is_not_disseminated_as_st96(oai, helpers, store):
    root = oai.get(verb="GetRecord", identifier=store["R6"].identifier, metadataPrefix="st96")
    assert helpers.codes(root) == ["cannotDisseminateFormat"]
    assert root.find("oai:request", helpers.ns).get("metadataPrefix") == "st96"
    _root, record = _record(oai, helpers, store["R6"].identifier, "oai_dc")
    assert record is not None


def test_original_is_the_office_record(oai, helpers, store):
    _root, record = _record(oai, helpers, store["R1"].identifier, "original")
    payload = record.find("oai:metadata", helpers.ns)[0]
    assert payload.tag == "{http://www.wipo.int/standards/XMLSchema/trademarks}Transaction"


@pytest.mark.parametrize(("key", "prefix"), [("R2", "original"), ("R7", "original")])
def test_original_not_available(oai, helpers, store, key, prefix):
    root = oai.get(verb="GetRecord", identifier=store[key].identifier, metadataPrefix=prefix)
    assert helpers.codes(root) == ["cannotDisseminateFormat"]


def test_unknown_identifier_and_format(oai, helpers, store):
    root = oai.get(
        verb="GetRecord", identifier="oai:iphub.local:KH/trademarks/none", metadataPrefix="st96"
    )
    assert helpers.codes(root) == ["idDoesNotExist"]
    root = oai.get(verb="GetRecord", identifier=store["R1"].identifier, metadataPrefix="marc")
    assert helpers.codes(root) == ["cannotDisseminateFormat"]


def test_strip_declaration():
    from node.oai.render import strip_declaration

    assert strip_declaration(b'\xef\xbb\xbf<?xml version="1.0"?>\n<a/>') == b"<a/>"
    assert strip_declaration(b"<a/>") == b"<a/>"
    assert strip_declaration(b"<?xml broken") == b"<?xml broken"
