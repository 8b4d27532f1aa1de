"""ST.36 → ST.96 pat:BibliographicData: fixtures and generated records of every office map to
valid ST.96, and each defect produces its finding."""

from __future__ import annotations

from pathlib import Path

import pytest
from lxml import etree

from mappings.errors import MappingError, UnsupportedFormatError
from mappings.st36 import NAMESPACE, TABLE, map_patent
from mappings.st96 import COM, PAT
from mappings.vocabulary import load_vocabulary
from mappings.xmlsafe import parse_xml
from simulator.patent_xml import PatentGenerator
from simulator.patents import OFFICES
from xsd.validator import validate

from .conftest import DATA, check_generated_records, defect_findings, needs_st96, office_of

NS = {"pat": PAT, "com": COM}
FIXTURES = sorted((DATA / "st36").glob("*.xml"))
RECORDS_PER_OFFICE = 300
GEN = PatentGenerator()

#: Generator defect → the finding it must produce.
DEFECT_RULES = {
    "no_ipc": "PAT-IPC-MISSING",
    "no_title": "PAT-TITLE-MISSING",
    "no_abstract": "PAT-ABSTRACT-MISSING",
    "priority_incomplete": "PAT-PRIORITY-INCOMPLETE",
    "npe_date_missing": "PAT-NPE-DATE-MISSING",
    "applicant_kind_missing": "PARTY-NATURAL-PERSON-INDICATOR-MISSING",
}


def map_file(path: Path):
    return map_patent(parse_xml(path.read_bytes()), load_vocabulary(office_of(path)))


@needs_st96
@pytest.mark.parametrize("path", FIXTURES, ids=lambda p: p.stem)
def test_every_fixture_maps_to_valid_st96(path: Path) -> None:
    out, findings = map_file(path)
    assert out.tag == f"{{{PAT}}}BibliographicData"
    assert out.get(f"{{{COM}}}st96Version") == "V6_0"
    assert validate(out, "patents") == ("valid", ())
    if "defects" not in path.stem and "rich" not in path.stem:
        assert defect_findings(findings) == set()


@needs_st96
@pytest.mark.parametrize("office", sorted(OFFICES))
def test_generated_records_are_valid_and_defects_found(office: str) -> None:
    seen = check_generated_records(
        GEN, map_patent, "patents", office, DEFECT_RULES, RECORDS_PER_OFFICE
    )
    assert seen["no_ipc"] > 0 and seen["npe_date_missing"] > 0


def test_complete_record_content() -> None:
    out, _ = map_file(DATA / "st36" / "TH-granted-pct.xml")
    x = lambda p: out.xpath(p, namespaces=NS)  # noqa: E731
    assert x("string(@com:officeCode)") == "TH"
    assert x("string(pat:ApplicationIdentification/pat:ApplicationFilingCategory)") == "PCT"
    assert x("string(pat:PatentGrantIdentification/com:PatentDocumentKindCode)") == "B"
    titles = {
        t.get(f"{{{COM}}}languageCode") for t in x("pat:InventionTitleBag/pat:InventionTitle")
    }
    assert titles == {"th", "en"}
    ipc = x("pat:PatentClassificationBag/pat:IPCRClassificationBag/pat:IPCRClassification")[0]
    assert ipc.findtext(f"{{{PAT}}}Section") and ipc.findtext(f"{{{PAT}}}ClassificationVersionDate")
    assert x(
        "string(pat:InternationalFilingData/pat:ApplicationIdentification/com:IPOfficeCode)"
    ) == ("WO")
    assert x("string(pat:PCTNationalPhaseEntryDate)") == x(
        "string(pat:InternationalFilingData/pat:NationalStageFilingDate)"
    )
    assert x("string(pat:GrantPublicationDate)")  # from the GRANT legal status event
    assert x("count(pat:PartyBag/pat:ApplicantBag/pat:Applicant)") >= 1
    assert x("count(pat:PartyBag/pat:InventorBag/pat:Inventor//com:PersonName)") >= 1


def test_rich_record_classifications_citations_designations() -> None:
    out, findings = map_file(DATA / "st36" / "KH-rich-cpc-npl-regional.xml")
    x = lambda p: out.xpath(p, namespaces=NS)  # noqa: E731
    bag = "pat:PatentClassificationBag"
    assert x(
        f"string({bag}/pat:IPCRClassificationBag/pat:IPCRClassification/"
        "pat:PatentClassificationText)"
    ).startswith("A23L   2/38")  # fixed-width kept
    assert x(f"string({bag}/pat:IPCClassification/pat:MainClassification)") == "A23L 2/38"
    assert x(f"count({bag}/pat:CPCClassificationBag/pat:MainCPC)") == 1
    assert x(f"count({bag}/pat:CPCClassificationBag/pat:FurtherCPC)") == 0  # incomplete: left out
    assert x(f"string({bag}/pat:NationalClassification/com:IPOfficeCode)") == "KH"
    assert x("string(//com:NPLCitationText)").startswith("NGUYEN")
    assert x(
        "string(pat:ReferenceCitationBag/pat:ReferenceCitation[1]/@pat:citingPartyCategory)"
    ) == ("Examiner")
    assert x("count(//pat:CitationCategoryCode)") == 3
    assert x("string(pat:StateDesignation/pat:RegionalDesignation/pat:RegionalOfficeCode)") == "EP"
    assert x("string(pat:ApplicationWithdrawnDate)") == "2022-03-01"
    assert x("string(com:PublicationLanguageCode)") == "km"  # "kh" normalised
    assert x("string(pat:PartyBag/pat:ApplicantBag/pat:Applicant[1]/pat:ApplicantCategory)") == (
        "Applicant_Inventor"
    )
    assert x("string(//pat:RegisteredPractitionerCategory)") == "Attorney"
    rules = {f.rule_id: f for f in findings}
    assert {"PAT-CPC-INCOMPLETE", "VOCAB-UNKNOWN-VALUE", "MAP-UNMAPPED-ELEMENT"} <= set(rules)
    assert rules["MAP-UNMAPPED-ELEMENT"].path.endswith("/kh-examination-route")


def test_defect_fixtures() -> None:
    _, findings = map_file(DATA / "st36" / "VN-defects-no-ipc-title-abstract.xml")
    assert {
        "PAT-IPC-MISSING",
        "PAT-TITLE-MISSING",
        "PAT-ABSTRACT-MISSING",
        "PAT-PRIORITY-INCOMPLETE",
    } <= defect_findings(findings)
    assert [f.generated for f in findings if f.rule_id == "PAT-TITLE-MISSING"] == [True]
    out, findings = map_file(DATA / "st36" / "ID-defects-pct-without-npe-date.xml")
    assert defect_findings(findings) == {
        "PAT-NPE-DATE-MISSING",
        "PAT-PRIORITY-INCOMPLETE",
        "PARTY-NATURAL-PERSON-INDICATOR-MISSING",
    }
    assert out.find(f"{{{PAT}}}PriorityClaimBag") is None  # the dated-less claim was dropped
    assert out.find(f".//{{{COM}}}EntityName") is not None  # no indicator: the neutral name


def test_namespaced_and_bare_st36_map_alike() -> None:
    record = GEN.record("TH", 5, 1)
    assert etree.fromstring(record).tag == f"{{{NAMESPACE}}}patent-document"
    namespaced, _ = map_patent(etree.fromstring(record), load_vocabulary("TH"))
    bare_root = etree.fromstring(record)
    for el in bare_root.iter():
        el.tag = etree.QName(el).localname
    etree.cleanup_namespaces(bare_root)
    bare, _ = map_patent(bare_root, load_vocabulary("TH"))
    assert etree.tostring(namespaced) == etree.tostring(bare)


def test_wrong_roots_are_refused() -> None:
    with pytest.raises(UnsupportedFormatError):
        map_patent(etree.fromstring(b"<Transaction/>"), None)
    with pytest.raises(MappingError):
        map_patent(etree.fromstring(b"<patent-document/>"), None)


def test_coverage_table_declares_what_the_generator_sends() -> None:
    root = etree.fromstring(GEN.record("KH", 2, 4))
    for el in root.iter():
        path = "/" + "/".join(
            etree.QName(a).localname for a in [*reversed(list(el.iterancestors())), el]
        )
        assert path in TABLE, path


@needs_st96
def test_pipeline_processes_st36() -> None:
    from mappings.pipeline import SUPPORTED_PREFIXES, process_record

    if "st36" not in SUPPORTED_PREFIXES:
        pytest.skip("st36 is not registered in mappings.pipeline.MAPPERS yet")
    raw = (DATA / "st36" / "VN-granted-pct.xml").read_bytes()
    record = process_record("st36", raw, "VN")
    assert (record.ip_type, record.validation_status) == ("patents", "valid")
    assert record.application_number and record.application_number.startswith("1-")


# --- ST.36 as offices send it: DOCTYPE, national wrappers, the older classification-ipc ---------


@needs_st96
@pytest.mark.parametrize("office", sorted(OFFICES))
def test_file_with_doctype_maps_like_the_feed_record(office: str) -> None:
    """A file starting with ``<!DOCTYPE patent-document SYSTEM "...dtd">`` (no namespace, DTD
    never loaded) gives the same ST.96 as the namespaced OAI-PMH record."""
    from mappings.pipeline import process_record

    for index in range(5):
        sent = GEN.sent_file(office, 9, index)
        assert sent.startswith(b"<?xml") and b"<!DOCTYPE patent-document SYSTEM" in sent
        as_file = process_record("st36", sent, office)
        as_feed = process_record("st36", GEN.record(office, 9, index), office)
        assert as_file.validation_status == "valid"
        assert as_file.st96 == as_feed.st96


def test_national_wrappers_keep_applicants_and_agents() -> None:
    path = DATA / "st36" / "TH-doctype-national-wrappers.xml"
    source = parse_xml(path.read_bytes())
    out, findings = map_patent(source, load_vocabulary("TH"))
    sent_applicants = len(source.findall(".//th-applicant"))
    sent_agents = len(source.findall(".//th-agent"))
    assert sent_applicants and sent_agents
    x = lambda p: out.xpath(p, namespaces={"pat": PAT, "com": COM})  # noqa: E731
    assert x("count(pat:PartyBag/pat:ApplicantBag/pat:Applicant)") == sent_applicants
    assert x("count(pat:PartyBag/pat:RegisteredPractitionerBag/pat:RegisteredPractitioner)") == (
        sent_agents
    )
    assert x("count(pat:PartyBag/pat:InventorBag/pat:Inventor)") >= 1
    assert not [f for f in findings if f.rule_id.startswith(("MAP-UNMAPPED", "PARTY-APPLICANT"))]


def test_a_wrapper_of_another_prefix_is_reported() -> None:
    """Only the offices' own national prefixes are mapped: ``us-parties`` is reported."""
    raw = (DATA / "st36" / "TH-doctype-national-wrappers.xml").read_bytes()
    raw = raw.replace(b"th-parties", b"us-parties")
    _, findings = map_patent(parse_xml(raw), load_vocabulary("TH"))
    unmapped = [f.path for f in findings if f.rule_id == "MAP-UNMAPPED-ELEMENT"]
    assert unmapped == ["/patent-document/bibliographic-data/us-parties"]
    assert "PARTY-APPLICANT-MISSING" in {f.rule_id for f in findings}


def test_older_classification_ipc_is_mapped() -> None:
    path = DATA / "st36" / "ID-doctype-old-classification-ipc.xml"
    source = parse_xml(path.read_bytes())
    main = source.findtext(".//classification-ipc/main-classification")
    out, findings = map_patent(source, load_vocabulary("ID"))
    ns = {"pat": PAT, "com": COM}
    assert out.xpath("string(//pat:IPCClassification/pat:MainClassification)", namespaces=ns) == (
        main
    )
    assert "PAT-IPC-MISSING" not in {f.rule_id for f in findings}
