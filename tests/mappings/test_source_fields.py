"""Findings point at the office's own source field (issue 18): per format, a finding about a
known field names the source path the mapping read; a finding without one says None."""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest

from mappings.pipeline import process_record
from mappings.source_fields import record_paths, source_field
from mappings.xmlsafe import parse_xml

DATA = Path(__file__).resolve().parents[1] / "data"

TM = (
    "/Transaction/TradeMarkTransactionBody/TransactionContentDetails/TransactionData"
    "/TradeMarkApplication/TradeMarkDetails/TradeMark"
)
DS = (
    "/Transaction/DesignTransactionBody/TransactionContentDetails/TransactionData"
    "/DesignApplicationDetails/DesignApplication/DesignDetails/Design"
)
BIB = "/patent-document/bibliographic-data"


def _findings(prefix: str, name: str, office: str):
    return process_record(prefix, (DATA / prefix / name).read_bytes(), office).findings


def _one(findings, rule_id: str, path: str):
    found = [f for f in findings if f.rule_id == rule_id and f.path == path]
    assert len(found) == 1, [(f.rule_id, f.path) for f in findings]
    return found[0]


CASES = tomllib.loads((DATA / "source-fields" / "cases.toml").read_text(encoding="utf-8"))


@pytest.mark.parametrize("case", CASES.values(), ids=CASES.keys())
def test_a_finding_about_a_known_field_names_its_source_path(case: dict) -> None:
    prefix, name = case["prefix"], case["file"]
    finding = _one(_findings(prefix, name, name[:2]), case["rule"], case["path"])

    expected = case["source"].format(TM=TM, DS=DS)
    assert finding.source_field == expected
    root = parse_xml((DATA / prefix / name).read_bytes())
    assert (expected in record_paths(prefix, root)) != case.get("absent", False)


@pytest.mark.parametrize(
    ("prefix", "name", "office", "rule_id", "path"),
    [
        ("st66", "TH-defects-empty-elements.xml", "TH", "TM-MARK-CATEGORY-MISSING",
         "/tmk:Trademark/tmk:MarkCategory"),
        ("st36", "VN-defects-no-ipc-title-abstract.xml", "VN", "PAT-TITLE-MISSING",
         "/pat:BibliographicData/pat:InventionTitleBag/pat:InventionTitle"),
        ("st86", "TH-defects-no-locarno.xml", "TH", "DES-LOCARNO-MISSING",
         "/dgn:Design/com:DesignClassificationBag/com:LocarnoClassificationBag"),
    ],
    ids=["trademark", "patent", "design"],
)  # fmt: skip
def test_a_generated_value_has_no_source_field(prefix, name, office, rule_id, path):
    assert _one(_findings(prefix, name, office), rule_id, path).source_field is None


def test_unmapped_elements_name_themselves():
    finding = next(
        f for f in _findings("sg-tm", "SG-defects.xml", "SG") if f.rule_id == "MAP-UNMAPPED-ELEMENT"
    )
    assert finding.source_field == finding.path == "/Trademark/mystery_field"


def test_the_record_s_own_variant_wins():
    """ST.36 national party wrappers: a Thai record's applicant is under th-parties."""
    name = "/pat:BibliographicData/pat:PartyBag/pat:ApplicantBag/pat:Applicant/com:Contact/com:Name"
    root = parse_xml((DATA / "st36" / "TH-doctype-national-wrappers.xml").read_bytes())
    present = record_paths("st36", root)

    assert source_field("st36", name) == f"{BIB}/parties/applicants/applicant/addressbook"
    held = source_field("st36", name, present)
    assert held.startswith(f"{BIB}/th-parties/th-applicants/th-applicant/addressbook/")
    assert held in present


@pytest.mark.parametrize(
    ("prefix", "path", "expected"),
    [
        ("st96", "/tmk:Trademark/tmk:ApplicantBag/tmk:Applicant[2]/com:Contact",
         "/tmk:Trademark/tmk:ApplicantBag/tmk:Applicant/com:Contact"),
        ("st96", "/pat:BibliographicData", None),
        ("st36", "/pat:BibliographicData", None),
        ("st66", "/tmk:Trademark/tmk:NoSuchElement", None),
        ("unknown-format", "/tmk:Trademark/com:ApplicationDate", None),
        ("st66", "/tmk:Trademark/tmk:ApplicantBag/tmk:Applicant/com:Contact/com:PostalAddressBag"
         "/com:PostalAddress//com:CountryCode",
         f"{TM}/ApplicantDetails/Applicant/ApplicantAddressBook/FormattedNameAddress/Address"
         "/AddressCountryCode"),
    ],
    ids=["st96-passthrough", "st96-root", "root", "unknown-element", "no-table", "any-depth"],
)  # fmt: skip
def test_lookup(prefix, path, expected):
    assert source_field(prefix, path) == expected
