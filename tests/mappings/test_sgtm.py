"""IPOS (Singapore) trademark export → ST.96 Trademark: fixtures, generated records, coverage."""

from __future__ import annotations

from pathlib import Path

import pytest
from lxml import etree

from mappings.coverage import NOT_MAPPED, UNMAPPED, coverage_of_paths_file, coverage_report
from mappings.errors import MappingError, UnsupportedFormatError
from mappings.framework.walk import walk
from mappings.pipeline import MAPPERS, process_record
from mappings.sgtm import TABLE, map_sg_trademark
from mappings.st96 import COM, TMK
from mappings.vocabulary import load_vocabulary
from mappings.xmlsafe import parse_xml
from simulator import sgtrademarks
from xsd.validator import validate

from .conftest import DATA, OFFICE_FORMATS, needs_shared, needs_st96

NS = {"tmk": TMK, "com": COM}
FILES = sorted((DATA / "sg-tm").glob("*.xml"))
SG_PATHS = OFFICE_FORMATS / "SG.paths"


def map_bytes(raw: bytes):
    return map_sg_trademark(parse_xml(raw), load_vocabulary("SG"))


def map_file(name: str):
    return map_bytes((DATA / "sg-tm" / name).read_bytes())


def rules(findings) -> set[str]:
    return {f.rule_id for f in findings}


def test_registered_in_pipeline_and_coverage() -> None:
    assert MAPPERS["sg-tm"] == ("trademarks", map_sg_trademark)


@needs_st96
@pytest.mark.parametrize("path", FILES, ids=lambda p: p.stem)
def test_every_fixture_maps_to_valid_st96(path: Path) -> None:
    out, findings = map_bytes(path.read_bytes())
    assert out.tag == f"{{{TMK}}}Trademark"
    assert validate(out, "trademarks") == ("valid", ())
    assert "MAP-UNMAPPED-ELEMENT" not in rules(findings) or path.stem == "SG-defects"


@needs_st96
def test_generated_records_map_to_valid_st96() -> None:
    gen = sgtrademarks.SGTrademarkGenerator()
    seen_kinds = set()
    for index in range(300):
        raw = gen.record("SG", 21, index)
        out, findings = map_bytes(raw)
        assert validate(out, "trademarks") == ("valid", ()), index
        assert "MAP-UNMAPPED-ELEMENT" not in rules(findings)
        seen_kinds.add(etree.fromstring(raw).tag)
    assert seen_kinds == {"Trademark", "Article6ter", "R13"}


@needs_shared
def test_no_unmapped_paths_in_sg_paths() -> None:
    report = coverage_of_paths_file(SG_PATHS, prefix="sg-tm")
    assert len(report.entries) == 211
    assert report.unmapped == []
    for entry in report.entries:
        assert entry.target, entry.path  # every path says where it goes, or why not
    not_mapped = {e.path.rsplit("/", 1)[-1] for e in report.entries if e.status == NOT_MAPPED}
    assert not_mapped <= {
        "agent_afs_details", "mark_index", "status_update_date", "changei", "DocumentElement",
    }  # fmt: skip


def test_coverage_report_of_records_uses_the_sg_table() -> None:
    raws = [("sg-tm", p.read_bytes()) for p in FILES]
    report = coverage_report("SG", raws)
    unmapped = {e.path for e in report.entries if e.status == UNMAPPED}
    assert unmapped == {"/Trademark/mystery_field"}  # planted in SG-defects.xml


def test_full_record_content() -> None:
    out, findings = map_file("SG-registered-full.xml")
    x = lambda p: out.xpath(p, namespaces=NS)  # noqa: E731
    assert x("string(com:ApplicationNumber/com:ApplicationNumberText)") == "40201912345T"
    assert x("string(com:RegistrationDate)") == "2020-03-02"
    assert x("string(tmk:MarkCurrentStatusCode)") == "Registration published"
    assert x("string(tmk:MarkCategory)") == "Trademark"
    word = "tmk:MarkRepresentation/tmk:MarkReproduction/tmk:WordMarkSpecification"
    assert x(f"string({word}/tmk:MarkVerbalElementText)") == "狮城 LION CITY"
    assert x(f"string({word}/tmk:MarkTransliteration)") == "Shi Cheng"
    assert x(f"string({word}/tmk:MarkTranslationText)") == "Lion city"
    assert x("string(tmk:InternationalMarkIdentifierBag/tmk:InternationalMarkIdentifier)") == (
        "1498765"
    )
    assert len(x("tmk:GoodsServicesBag/tmk:GoodsServices")) == 3
    assert x("string(tmk:PriorityBag/tmk:Priority[2]/com:PriorityCountryCode)") == "CN"  # CHINA
    applicant = "tmk:ApplicantBag/tmk:Applicant"
    assert x(f"string({applicant}/com:Contact/com:Name/com:OrganizationName/*)") == (
        "Lion City Gourmet Pte. Ltd."
    )
    assert x("string(com:RepresentativeBag/com:Representative/com:RepresentativeCategory)") == (
        "Professional representative"
    )
    categories = x("tmk:MarkEventBag/tmk:MarkEvent/tmk:MarkEventCategory/text()")
    assert "National assignment history entry" in categories
    assert "National board proceeding history entry" in categories
    assert x("count(tmk:MarkUserBag/com:Contact)") == 1
    assert x("string(com:CorrespondenceAddress/com:CorrespondenceAddressPartyCategory)") == (
        "Representative"
    )
    generated = {f.rule_id for f in findings if f.generated}
    assert {"TM-OFFICE-CODE-MISSING", "TM-SIGNIFICANT-VERBAL-ELEMENT-GENERATED"} <= generated


@pytest.mark.parametrize(
    ("name", "number", "list_word"),
    [("SG-article6ter.xml", "SG6ter/2015/0042", "Article 6ter"),
     ("SG-r13.xml", "R13/2012/007", "R13")],
)  # fmt: skip
def test_special_lists_are_labelled(name: str, number: str, list_word: str) -> None:
    out, findings = map_file(name)
    x = lambda p: out.xpath(p, namespaces=NS)  # noqa: E731
    assert x("string(com:ApplicationNumber/com:ApplicationNumberText)") == number
    assert x("string(tmk:MarkCategory)") == "Mark"
    assert list_word in x("string(com:CommentText)")
    special = [f for f in findings if f.rule_id == "SG-TM-SPECIAL-LIST-RECORD"]
    assert special and special[0].generated
    assert x("string(tmk:ApplicantBag/tmk:Applicant/com:Contact/com:Name/*)")


def test_defects_produce_findings() -> None:
    out, findings = map_file("SG-defects.xml")
    found = rules(findings)
    assert {
        "TM-MARK-CATEGORY-MISSING",
        "VOCAB-UNKNOWN-VALUE",
        "SG-TM-AGENT-TYPE-MISSING",
        "TM-DATE-REGISTRATION-BEFORE-APPLICATION",
        "SRC-EMPTY-ELEMENT",
        "SRC-CODE-INVALID",
        "TM-PRIORITY-INCOMPLETE",
        "MAP-UNMAPPED-ELEMENT",
    } <= found
    unknown = {f.message.split("'")[1] for f in findings if f.rule_id == "VOCAB-UNKNOWN-VALUE"}
    assert {"Awaiting Fee Payment", "BMP", "Taste", "Unincorporated Association"} <= unknown
    # unknown values are kept, never guessed
    assert out.findtext(f"{{{TMK}}}MarkCurrentStatusCode") == "Awaiting Fee Payment"
    assert "Taste" in out.findtext(f"{{{TMK}}}MarkFeatureDescription")
    category = next(f for f in findings if f.rule_id == "TM-MARK-CATEGORY-MISSING")
    assert category.generated


def test_generated_defects_are_visible_as_findings() -> None:
    gen = sgtrademarks.SGTrademarkGenerator()
    expect = {
        "no_application_type": "TM-MARK-CATEGORY-MISSING",
        "unknown_status": "VOCAB-UNKNOWN-VALUE",
        "agent_without_type": "SG-TM-AGENT-TYPE-MISSING",
        "registration_before_application": "TM-DATE-REGISTRATION-BEFORE-APPLICATION",
        "empty_element": "SRC-EMPTY-ELEMENT",
    }
    seen = set()
    for index in range(600):
        planted = gen.defects("SG", 5, index)
        if not planted:
            continue
        _, findings = map_bytes(gen.record("SG", 5, index))
        for defect in planted:
            assert expect[defect] in rules(findings), (index, defect)
            seen.add(defect)
    assert seen == set(expect)


def test_unsupported_roots_and_missing_numbers() -> None:
    with pytest.raises(UnsupportedFormatError):
        map_bytes(b"<Transaction/>")
    with pytest.raises(MappingError):
        map_bytes(b"<Trademark><application_date>2020-01-01</application_date></Trademark>")


def test_unmapped_walk_reports_unknown_attributes() -> None:
    root = parse_xml(b'<Trademark><tm_no colour="x">1</tm_no><zz/></Trademark>')
    found = {(f.rule_id, f.path) for f in walk(root, TABLE)[0]}
    assert ("MAP-UNMAPPED-ELEMENT", "/Trademark/zz") in found
    assert ("MAP-UNMAPPED-ATTRIBUTE", "/Trademark/tm_no[@colour]") in found
    assert "/Trademark/tm_no" in TABLE


@needs_st96
def test_process_record_end_to_end() -> None:
    raw = (DATA / "sg-tm" / "SG-pending-malay-word.xml").read_bytes()
    result = process_record("sg-tm", raw, "SG")
    assert result.validation_status == "valid"
    assert result.ip_type == "trademarks"
    assert result.application_number == "40202312345X"
    assert b"KOPI SEDAP" in result.dc
