"""process_record: the contract the harvester relies on."""

from __future__ import annotations

import pickle
from pathlib import Path

import pytest
from lxml import etree

from mappings.errors import SourceError, UnsupportedFormatError
from mappings.pipeline import (
    MAPPERS,
    SUPPORTED_PREFIXES,
    finish,
    map_and_validate,
    process_record,
)

from .conftest import DATA, SHARED, needs_shared, needs_st96, office_of


def test_supported_prefixes() -> None:
    assert SUPPORTED_PREFIXES["st66"] == "trademarks"
    assert "st96" in SUPPORTED_PREFIXES
    assert set(SUPPORTED_PREFIXES) == set(MAPPERS)


def test_process_every_fixture(st66_file: Path, oai_dc_schema: etree.XMLSchema) -> None:
    record = process_record("st66", st66_file.read_bytes(), office_of(st66_file))
    assert record.ip_type == "trademarks"
    assert not record.st96.startswith(b"<?xml") and not record.dc.startswith(b"<?xml")
    assert record.application_number
    assert record.validation_status in ("valid", "skipped")
    dc = etree.fromstring(record.dc)
    assert oai_dc_schema.validate(dc), oai_dc_schema.error_log
    assert dc.find("{http://purl.org/dc/elements/1.1/}title") is not None


@needs_st96
def test_valid_when_schemas_present() -> None:
    record = process_record("st66", (DATA / "st66" / "KH-complete.xml").read_bytes(), "KH")
    assert record.validation_status == "valid"
    assert record.application_number == "KH/2021/12345"
    dc = record.dc.decode()
    for expected in ("ANGKOR COFFEE", "Nice class 30", "KH/2021/12345", "<dc:publisher>KH<"):
        assert expected in dc


@needs_st96
def test_xsd_errors_become_findings() -> None:
    raw = (DATA / "st96" / "KH-trademark.xml").read_bytes()
    broken = raw.replace(b"<tmk:MarkCategory>Trademark<", b"<tmk:MarkCategory>Bogus<")
    record = process_record("st96", broken, "KH")
    assert record.validation_status == "invalid"
    xsd = [f for f in record.findings if f.rule_id == "XSD-INVALID"]
    assert xsd and "MarkCategory" in xsd[0].path + xsd[0].message


@needs_st96
def test_st96_input_is_accepted_and_normalised() -> None:
    raw = (DATA / "st96" / "KH-trademark.xml").read_bytes()
    record = process_record("st96", raw, "KH")
    assert record.ip_type == "trademarks"
    assert record.validation_status == "valid"
    assert record.application_number == "KH/2021/12345"


@needs_shared
def test_st96_wrapper_is_unwrapped() -> None:
    example = SHARED / "st96" / "examples" / "TrademarkApplication_Example.xml"
    record = process_record("st96", example.read_bytes(), "US")
    assert record.ip_type == "trademarks"
    assert etree.fromstring(record.st96).tag.endswith("}Trademark")
    assert any(f.rule_id == "ST96-WRAPPER-REMOVED" for f in record.findings)


@pytest.mark.parametrize(
    ("prefix", "raw"),
    [
        ("marcxml", b"<r/>"),
        ("st66", b"<r>"),
        ("st66", b'<!DOCTYPE r [<!ENTITY x SYSTEM "file:///etc/passwd">]><r>&x;</r>'),
        ("st66", b"<Design/>"),
        ("st66", b'<Transaction xmlns="http://www.wipo.int/standards/XMLSchema/trademarks"/>'),
        ("st96", b"<r/>"),
    ],
)
def test_failures_are_source_errors(prefix: str, raw: bytes) -> None:
    with pytest.raises(SourceError):
        process_record(prefix, raw, "KH")


def test_unknown_prefix_message() -> None:
    with pytest.raises(UnsupportedFormatError, match="st66"):
        process_record("marcxml", b"<r/>", "KH")


def test_mapper_bug_becomes_mapping_error(monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(root, vocab):
        raise KeyError("boom")

    monkeypatch.setitem(MAPPERS, "st66", ("trademarks", broken))
    with pytest.raises(SourceError, match="KeyError"):
        process_record("st66", b"<r/>", "KH")


def test_results_survive_the_trip_from_a_mapping_worker(st66_file: Path) -> None:
    """Results cross a process boundary (harvester.pool): pickling must keep every field."""
    record = process_record("st66", st66_file.read_bytes(), office_of(st66_file))

    copy = pickle.loads(pickle.dumps(record, protocol=pickle.HIGHEST_PROTOCOL))

    assert copy == record
    assert [f.generated for f in copy.findings] == [f.generated for f in record.findings]
    assert [f.source_field for f in copy.findings] == [f.source_field for f in record.findings]


def test_map_and_finish_are_process_record() -> None:
    raw = next(DATA.glob("st66/*-complete.xml")).read_bytes()
    mapped = map_and_validate("st66", raw, "ID")

    assert finish(mapped, "ID") == process_record("st66", raw, "ID")
    assert mapped.st96_root.tag.endswith("}Trademark")
