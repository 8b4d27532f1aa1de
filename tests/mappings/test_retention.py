"""Value retention (issue 14): the checker that says what became of every source value, and
the placeholders it counts as reported. A lost value must fail, so the checker is tested on
small trees where each fate is known."""

from __future__ import annotations

import pytest
from lxml import etree

from mappings.model import Finding
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
from mappings.st66 import NotMapped

TABLE = {
    "/R": "/x:Out",
    "/R/Name": "/x:Out/x:Name",
    "/R/Date": "/x:Out/x:Date",
    "/R/Kind": "/x:Out/x:Kind",
    "/R/Class": "/x:Out/x:Class",
    "/R/Batch": NotMapped("transfer envelope"),
}
KINDS = vocabulary("kinds", {"kind": {"word mark": "Word"}})
LANGUAGES = code_table("language tag", {"kh": "km"})


def check(source: str, st96: str, findings: tuple[Finding, ...] = ()):
    root = etree.fromstring(source)
    paths = [(root.getroottree().getpath(el), el) for el in root.iter()]
    return check_retention(
        paths,
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
