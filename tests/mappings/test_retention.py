"""Value retention (issue 14): every value a trademark office sends reaches the ST.96 record,
verbatim or through a transformation its format declares, or is accounted for (deliberately not
mapped with a reason, a placeholder, or named by a finding); no placeholder is published. Over
every trademark fixture and every simulated trademark office and format. The checker itself is
tested first on small trees where each fate is known, so that a lost value is shown to fail."""

from __future__ import annotations

from pathlib import Path

import pytest
from lxml import etree

from mappings import sgtm, st66
from mappings.framework.table import CoverageTable
from mappings.model import Finding, NotMapped
from mappings.pipeline import MAPPERS
from mappings.placeholders import is_placeholder, placeholder_finding
from mappings.retention import (
    DATE_FORM,
    NOT_MAPPED,
    NUMBER_FORM,
    PLACEHOLDER,
    REPORTED,
    TRANSFORMED,
    VERBATIM,
    check_retention,
    code_table,
    vocabulary,
)
from mappings.vocabulary import load_vocabulary
from mappings.xmlsafe import parse_xml
from simulator.generators import GENERATORS, OFFICE_GENERATORS
from simulator.offices import OFFICES

from .conftest import DATA, office_of

TABLE = CoverageTable(
    prefix="test",
    handled_attributes=frozenset(),
    paths={
        "/R": "/x:Out",
        "/R/Name": "/x:Out/x:Name",
        "/R/Date": "/x:Out/x:Date",
        "/R/Kind": "/x:Out/x:Kind",
        "/R/Class": "/x:Out/x:Class",
        "/R/Batch": NotMapped("transfer envelope"),
    },
)
KINDS = vocabulary("kinds", {"kind": {"word mark": "Word"}})
LANGUAGES = code_table("language tag", {"kh": "km"})


def check(source: str, st96: str, findings: tuple[Finding, ...] = ()):
    return check_retention(
        etree.fromstring(source),
        etree.fromstring(st96),
        TABLE,
        transformations=(DATE_FORM, NUMBER_FORM, KINDS, LANGUAGES),
        findings=findings,
    )


def fates(report) -> dict[str, tuple[str, str]]:
    return {v.path: (v.status, v.how) for v in report.values}


def test_each_value_is_sorted() -> None:
    report = check(
        "<R><Name lang='kh'>ACME  Tea</Name><Date>03/05/2019</Date><Kind>Word Mark</Kind>"
        "<Class>3</Class><Batch>77</Batch></R>",
        "<Out><Name l='km'>ACME Tea</Name><Date>2019-05-03</Date><Kind>Word</Kind>"
        "<Class>03</Class></Out>",
    )
    assert fates(report) == {
        "/R/Name[@lang]": (TRANSFORMED, "language tag"),
        "/R/Name": (VERBATIM, ""),
        "/R/Date": (TRANSFORMED, "date form"),
        "/R/Kind": (TRANSFORMED, "kinds"),
        "/R/Class": (TRANSFORMED, "number form"),
        "/R/Batch": (NOT_MAPPED, "transfer envelope"),
    }
    assert report.lost == []
    assert report.reached_share() == 1.0


def test_a_value_in_a_longer_text_is_kept_but_a_short_one_must_match_whole() -> None:
    report = check(
        "<R><Name>Collective</Name><Kind>Col</Kind></R>",
        "<Out><Note>Mark kind (office value): Collective</Note></Out>",
    )
    assert fates(report)["/R/Name"] == (VERBATIM, "")
    assert [(v.path, v.value) for v in report.lost] == [("/R/Kind", "Col")]


def test_a_lost_value_is_found() -> None:
    report = check(
        "<R><Name>ACME</Name><Kind>Collective</Kind></R>", "<Out><Name>ACME</Name></Out>"
    )
    assert [(v.path, v.value) for v in report.lost] == [("/R/Kind", "Collective")]
    assert report.reached_share() == 0.5


def test_a_value_named_by_a_finding_is_reported() -> None:
    by_value = Finding(
        "SRC-DATE-INVALID", "error", "/x:Out/x:Date", "Date '2019-13-45' is not a date."
    )
    by_path = Finding("MAP-UNMAPPED-ELEMENT", "warning", "/R/Other", "Source element /R/Other")
    report = check(
        "<R><Date>2019-13-45</Date><Other><Deep>x y</Deep></Other></R>",
        "<Out/>",
        (by_value, by_path),
    )
    assert fates(report) == {
        "/R/Date": (REPORTED, "SRC-DATE-INVALID"),
        "/R/Other/Deep": (REPORTED, "MAP-UNMAPPED-ELEMENT"),
    }


def test_placeholders_are_accounted_for_and_published_ones_listed() -> None:
    report = check(
        "<R><Name>-</Name><Date>1900-01-01</Date><Kind/></R>", "<Out><Name>-</Name></Out>"
    )
    assert {v.status for v in report.values} == {PLACEHOLDER}
    assert report.placeholders_published == ("-",)


@pytest.mark.parametrize(
    "value",
    ["-", " - ", "--", "N/A", "n/a", "None", "NULL", "1900-01-01", "19000101", "01/01/1900", ""],
)
def test_placeholders(value: str) -> None:
    assert is_placeholder(value)


@pytest.mark.parametrize(
    "value", [None, "NA", "0", "1900-01-02", "A-B", "Nonesuch", "2019-01-01", "x"]
)
def test_not_placeholders(value: str | None) -> None:
    assert not is_placeholder(value)


def test_placeholder_finding_names_the_office_field() -> None:
    finding = placeholder_finding("/Transaction/MarkDisclaimer", " - ", "/tmk:Trademark/tmk:X")
    assert finding.rule_id == "SRC-PLACEHOLDER"
    assert finding.path == "/tmk:Trademark/tmk:X"
    assert "/Transaction/MarkDisclaimer" in finding.message and "'-'" in finding.message


# --- every trademark record the tests and the simulator produce ------------------------------

#: metadata prefix → coverage table (with the declared transformations of its values).
FORMATS = {"st66": st66.TABLE, "sg-tm": sgtm.TABLE}
RECORDS = 60
SEED = 20261204


def retention(prefix: str, raw: bytes, office: str):
    """Map ``raw`` with the ``prefix`` mapper and say what became of each source value."""
    table = FORMATS[prefix]
    root = parse_xml(raw)
    vocab = load_vocabulary(office)
    out, findings = MAPPERS[prefix][1](root, vocab)
    return check_retention(
        root,
        out,
        table,
        transformations=table.transformations(vocab),
        findings=findings,
    )


def assert_retained(report, what: str) -> None:
    assert [(v.path, v.value) for v in report.lost] == [], what
    assert report.placeholders_published == (), what


FILES = [
    pytest.param(prefix, path, id=f"{prefix}-{path.stem}")
    for prefix in FORMATS
    for path in sorted((DATA / prefix).glob("*.xml"))
]


@pytest.mark.parametrize(("prefix", "path"), FILES)
def test_every_trademark_fixture_keeps_its_values(prefix: str, path: Path) -> None:
    assert_retained(retention(prefix, path.read_bytes(), office_of(path)), path.name)


SIMULATED = [pytest.param("st66", code, id=f"st66-{code}") for code in sorted(OFFICES)] + [
    pytest.param(generator.metadata_prefix, code, id=f"{generator.metadata_prefix}-{code}")
    for (code, ip_type), generator in sorted(OFFICE_GENERATORS.items())
    if ip_type == "trademarks"
]


@pytest.mark.parametrize(("prefix", "office"), SIMULATED)
def test_every_simulated_trademark_keeps_its_values(prefix: str, office: str) -> None:
    generator = OFFICE_GENERATORS.get((office, "trademarks"), GENERATORS["trademarks"])
    if generator.metadata_prefix != prefix:
        generator = GENERATORS["trademarks"]
    statuses: set[str] = set()
    for index in range(RECORDS):
        report = retention(prefix, generator.record(office, SEED, index), office)
        assert_retained(report, f"{office} record {index}")
        assert report.reached_share() >= 0.9, (office, index, report.counts())
        statuses.update(report.counts())
    assert {VERBATIM, TRANSFORMED} <= statuses
