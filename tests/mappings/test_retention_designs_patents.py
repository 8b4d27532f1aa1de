"""Value retention for designs, patents and ST.96 passthrough (issue 14): every leaf value of
every record reaches the published record, or is declared not mapped, is a placeholder, or a
finding names it. Over every simulated design and patent office, every design / patent /
ST.96 file in tests/data and ST.96 passthrough. A lost value fails the test.

"Published" is what third parties receive: the ST.96 record and its oai_dc rendering, which is
the declared place for what ST.96 holds once (a design title's other languages, patent
abstracts; see the coverage tables).
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path

import pytest
from lxml import etree

from mappings import st36, st86
from mappings.dc import st96_to_dc
from mappings.framework.table import CoverageTable
from mappings.pipeline import map_and_validate, source_texts
from mappings.retention import (
    CODE_LIST,
    DATE_FORM,
    LOST,
    NUMBER_FORM,
    RetentionReport,
    check_retention,
    code_table,
    vocabulary,
)
from mappings.vocabulary_supplements import load_supplement
from mappings.xmlsafe import parse_xml
from simulator import patents
from simulator.design_xml import DesignGenerator
from simulator.designs import PROFILES
from simulator.patent_xml import PatentGenerator

from .conftest import DATA, needs_st96, office_of

SEED = 20241204
RECORDS = 40


@dataclass(frozen=True)
class Format:
    kind: str  # vocabulary kind ("designs", "patents"), "" for ST.96
    table: CoverageTable


FORMATS = {
    "st86": Format("designs", st86.TABLE),
    "st36": Format("patents", st36.TABLE),
    # ST.96 in, ST.96 out: no table, so every value must be published (or reported)
    "st96": Format("", CoverageTable(prefix="st96", paths={}, handled_attributes=frozenset())),
}


def retention(prefix: str, raw: bytes, office: str) -> RetentionReport:
    """Map ``raw`` as the pipeline does and check what became of each of its values."""
    fmt = FORMATS[prefix]
    mapped = map_and_validate(prefix, raw, office)
    assert mapped.validation_status == "valid", mapped.validation_errors
    published = etree.Element("published")
    published.append(etree.fromstring(etree.tostring(mapped.st96_root)))
    published.append(st96_to_dc(mapped.st96_root, office, source_texts(mapped, office)))
    transformations = [DATE_FORM, CODE_LIST, NUMBER_FORM, *fmt.table.transformations(None)]
    if fmt.kind:
        tables = load_supplement(office, fmt.kind).tables
        transformations.append(code_table("language tag", tables.get("language", {})))
        transformations.append(vocabulary(f"{office}.{fmt.kind}.toml", tables))
    source = parse_xml(raw)
    return check_retention(
        source,
        published,
        fmt.table,
        transformations=transformations,
        findings=mapped.findings,
    )


def lost(report: RetentionReport, attributes: Mapping) -> list[tuple[str, str]]:
    """The lost values, less attributes the format declares as carrying no value."""
    out = []
    for value in report.values:
        if value.status != LOST:
            continue
        name = value.path.rpartition("[@")[2].rstrip("]") if "[@" in value.path else ""
        if name and not isinstance(attributes.get(name, ""), str):
            continue
        out.append((value.path, value.value))
    return out


def simulated() -> Iterator[pytest.param]:
    """Every simulated office and form: the OAI-PMH records, and patents as sent in files
    (with their DOCTYPE, without a namespace)."""
    designs, patent_generator = DesignGenerator(), PatentGenerator()
    for office in sorted(PROFILES):
        yield pytest.param("st86", designs.record, office, id=f"st86-{office}")
    for office in sorted(patents.OFFICES):
        yield pytest.param("st36", patent_generator.record, office, id=f"st36-{office}")
        yield pytest.param("st36", patent_generator.sent_file, office, id=f"st36-file-{office}")


@needs_st96
@pytest.mark.parametrize(("prefix", "record", "office"), list(simulated()))
def test_simulated_records_lose_no_value(prefix: str, record, office: str) -> None:
    for index in range(RECORDS):
        report = retention(prefix, record(office, SEED, index), office)
        assert lost(report, FORMATS[prefix].table.attributes) == [], (office, index)
        assert report.placeholders_published == (), (office, index)


FILES = [
    pytest.param(prefix, path, id=f"{prefix}-{path.stem}")
    for prefix in FORMATS
    for path in sorted((DATA / prefix).glob("*.xml"))
]


@needs_st96
@pytest.mark.parametrize(("prefix", "path"), FILES)
def test_files_lose_no_value(prefix: str, path: Path) -> None:
    report = retention(prefix, path.read_bytes(), office_of(path))
    assert lost(report, FORMATS[prefix].table.attributes) == []
    assert report.placeholders_published == ()


@needs_st96
def test_placeholders_are_reported_not_published() -> None:
    path = DATA / "st86" / "LA-defects-ipas-wo-placeholders.xml"
    report = retention("st86", path.read_bytes(), "LA")
    placeholders = {v.value for v in report.values if v.status == "placeholder"}
    assert {"-", "N/A", "1900-01-01", ""} <= placeholders
    findings = map_and_validate("st86", path.read_bytes(), "LA").findings
    named = [f.message for f in findings if f.rule_id == "SRC-PLACEHOLDER"]
    assert any("/Design/ExpiryDate holds the placeholder '1900-01-01'" in m for m in named)


@needs_st96
def test_the_check_fails_when_a_value_is_lost() -> None:
    """A mapper that drops a value is caught: the design's registration number removed from
    the published record is reported lost."""
    raw = (DATA / "st86" / "KH-registered.xml").read_bytes()
    mapped = map_and_validate("st86", raw, "KH")
    for el in mapped.st96_root.iter("{*}RegistrationNumber"):
        el.text = "X"
    report = check_retention(
        etree.fromstring(raw),
        mapped.st96_root,
        st86.TABLE,
        findings=mapped.findings,
    )
    assert "KHD0000001" in {v.value for v in report.lost}
