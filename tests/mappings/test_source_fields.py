"""Findings point at the office's own source field (issue 18): per format, a finding about a
known field names the source path the mapping read; a finding without one says None."""

from __future__ import annotations

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


@pytest.mark.parametrize(
    ("prefix", "name", "office", "rule_id", "path", "expected"),
    [
        pytest.param(
            "st66", "TH-defects-empty-elements.xml", "TH", "TM-STATUS-MISSING",
            "/tmk:Trademark/tmk:MarkCurrentStatusCode", f"{TM}/MarkCurrentStatusCode",
            id="st66-rule",
        ),
        pytest.param(
            "st66", "VN-ipas-certification.xml", "VN", "VOCAB-UNKNOWN-VALUE",
            "/tmk:Trademark/tmk:MarkEventBag/tmk:MarkEvent/tmk:MarkEventCategory",
            f"{TM}/wo:MarkEventDetails/wo:MarkEvent/wo:MarkEventCode",
            id="st66-wo-namespace",
        ),
        pytest.param(
            "st66", "TH-ipas-placeholders.xml", "TH", "SRC-PLACEHOLDER",
            "/tmk:Trademark/com:ExpiryDate", f"{TM}/ExpiryDate", id="st66-placeholder",
        ),
        pytest.param(
            "sg-tm", "SG-defects.xml", "SG", "VOCAB-UNKNOWN-VALUE",
            "/tmk:Trademark/tmk:MarkCurrentStatusCode", "/Trademark/mark_status", id="sgtm-rule",
        ),
        pytest.param(
            "sg-tm", "SG-defects.xml", "SG", "SRC-CODE-INVALID",
            "/tmk:Trademark/tmk:PriorityBag/tmk:Priority/com:PriorityCountryCode",
            "/Trademark/classes_details/class_details/priority_claims/country", id="sgtm-mapper",
        ),
        pytest.param(
            "st36", "ID-defects-pct-without-npe-date.xml", "ID", "PAT-PRIORITY-INCOMPLETE",
            "/pat:BibliographicData/pat:PriorityClaimBag/pat:PriorityClaim[1]",
            f"{BIB}/priority-claims/priority-claim", id="st36-rule",
        ),
        pytest.param(
            "st36", "ID-defects-pct-without-npe-date.xml", "ID",
            "PARTY-NATURAL-PERSON-INDICATOR-MISSING",
            "/pat:BibliographicData/pat:PartyBag/pat:ApplicantBag/pat:Applicant[1]/com:Contact/com:Name",
            f"{BIB}/parties/applicants/applicant/addressbook/orgname", id="st36-party",
        ),
        pytest.param(
            "st86", "ID-defects-national-class-unknown-status.xml", "ID", "DES-STATUS-UNKNOWN",
            "/dgn:Design/dgn:DesignCurrentStatusCategory", f"{DS}/DesignCurrentStatusCode",
            id="st86-rule",
        ),
        pytest.param(
            "st86", "LA-defects-ipas-wo-placeholders.xml", "LA", "SRC-PLACEHOLDER",
            "/dgn:Design/dgn:PartialDisclaimerText", f"{DS}/Disclaimer", id="st86-placeholder",
        ),
    ],
)  # fmt: skip
def test_a_finding_about_a_known_field_names_its_source_path(
    prefix, name, office, rule_id, path, expected
):
    finding = _one(_findings(prefix, name, office), rule_id, path)

    assert finding.source_field == expected
    root = parse_xml((DATA / prefix / name).read_bytes())
    assert expected in record_paths(prefix, root)


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


def test_a_mapper_names_the_field_it_read_for_a_whole_record_finding():
    """The ST.36 mapper knows where the abstract and the legal status events are sent."""
    findings = _findings("st36", "VN-defects-no-ipc-title-abstract.xml", "VN")
    abstract = _one(findings, "PAT-ABSTRACT-MISSING", "/pat:BibliographicData")
    assert abstract.source_field == "/patent-document/abstract"


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
