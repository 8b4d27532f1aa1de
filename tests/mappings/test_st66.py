"""ST.66 → ST.96 Trademark over every fixture: valid output, findings for each defect."""

from __future__ import annotations

from pathlib import Path

import pytest
from lxml import etree

from mappings.errors import MappingError, UnsupportedFormatError
from mappings.st66 import map_st66
from mappings.st96 import COM, TMK
from mappings.vocabulary import load_vocabulary
from mappings.xmlsafe import parse_xml
from xsd.validator import validate

from .conftest import DATA, needs_st96, office_of

NS = {"tmk": TMK, "com": COM}


def map_file(path: Path):
    return map_st66(parse_xml(path.read_bytes()), load_vocabulary(office_of(path)))


def rules(findings) -> set[str]:
    return {f.rule_id for f in findings}


@needs_st96
def test_every_fixture_maps_to_valid_st96(st66_file: Path) -> None:
    out, _ = map_file(st66_file)
    assert out.tag == f"{{{TMK}}}Trademark"
    status, errors = validate(out, "trademarks")
    assert (status, errors) == ("valid", ())


def test_complete_record_content() -> None:
    out, findings = map_file(DATA / "st66" / "KH-complete.xml")
    x = lambda p: out.xpath(p, namespaces=NS)  # noqa: E731
    assert x("string(com:ApplicationNumber/com:ApplicationNumberText)") == "KH/2021/12345"
    assert x("string(com:ApplicationNumber/com:IPOfficeCode)") == "KH"
    assert x("string(tmk:MarkCategory)") == "Trademark"
    assert x("string(tmk:MarkCurrentStatusCode)") == "Registration published"
    assert x("string(tmk:MarkRepresentation/tmk:MarkFeatureCategory)") == "Combined"
    verbal = x(
        "tmk:MarkRepresentation/tmk:MarkReproduction/tmk:WordMarkSpecification/"
        "tmk:MarkVerbalElementText"
    )
    assert [(v.text, v.get(f"{{{COM}}}languageCode")) for v in verbal] == [
        ("អង្គរ កាហ្វេ", None),
        ("ANGKOR COFFEE", "en"),
    ]
    assert x("string(.//com:ImageFormatCategory)") == "JPEG"
    assert x(".//com:ViennaClassification/com:ViennaCategory/text()") == ["07", "26"]
    assert x(".//tmk:GoodsServicesClassification/tmk:ClassNumber/text()") == ["30", "43"]
    assert x("count(tmk:ApplicantBag/tmk:Applicant/com:Contact)") == 2
    assert x("string(.//tmk:Applicant//com:CountryCode)") == "KH"
    assert x("tmk:MarkEventBag/tmk:MarkEvent/tmk:MarkEventCategory/text()") == [
        "Application filed",
        "Registration published",
    ]
    assert x("tmk:MarkEventBag/tmk:MarkEvent/tmk:NationalMarkEvent/tmk:MarkEventCode/text()") == [
        "FIL",
        "REG",
    ]
    generated = [f for f in findings if f.generated]
    assert {f.rule_id for f in generated} >= {"TM-SIGNIFICANT-VERBAL-ELEMENT-GENERATED"}


def test_local_vocabulary_words() -> None:
    out, findings = map_file(DATA / "st66" / "ID-complete.xml")
    assert out.findtext(f"{{{TMK}}}MarkCategory") == "Trademark"  # "Merek Dagang"
    feature = out.find(f"{{{TMK}}}MarkRepresentation/{{{TMK}}}MarkFeatureCategory")
    assert feature.text == "Combined"  # "Merek Kata dan Lukisan"
    assert "VOCAB-UNKNOWN-VALUE" not in rules(findings)


def test_unknown_values_are_kept_and_reported() -> None:
    out, findings = map_file(DATA / "st66" / "ID-defects-unknown-values.xml")
    unknown = [f for f in findings if f.rule_id == "VOCAB-UNKNOWN-VALUE"]
    assert len(unknown) >= 4  # status, feature, image format, event code
    assert out.findtext(f"{{{TMK}}}MarkCurrentStatusCode") == "Menunggu Pembayaran"
    assert out.findtext(f"{{{TMK}}}MarkFeatureDescription") == "Merek Animasi"
    assert out.find(f"{{{TMK}}}MarkRepresentation/{{{TMK}}}MarkFeatureCategory") is None
    # missing KindMark: documented default, marked generated
    missing = [f for f in findings if f.rule_id == "TM-MARK-CATEGORY-MISSING"]
    assert missing and missing[0].generated
    assert out.findtext(f"{{{TMK}}}MarkCategory") == "Trademark"


def test_date_and_code_defects() -> None:
    out, findings = map_file(DATA / "st66" / "VN-defects-dates.xml")
    found = rules(findings)
    assert "TM-DATE-REGISTRATION-BEFORE-APPLICATION" in found
    assert "SRC-DATE-INVALID" in found  # 31/02/2021
    assert "SRC-CODE-INVALID" in found  # country UK
    assert out.find(f".//{{{COM}}}PublicationDate") is None


def test_empty_elements_are_reported() -> None:
    _, findings = map_file(DATA / "st66" / "TH-defects-empty-elements.xml")
    found = rules(findings)
    assert {"SRC-EMPTY-ELEMENT", "TM-APPLICANT-NAME-MISSING", "TM-NICE-CLASS-INVALID"} <= found
    assert "TM-GOODS-DESCRIPTION-MISSING" in found


def test_applicant_without_legal_entity_is_reported() -> None:
    _, findings = map_file(DATA / "st66" / "LA-complete.xml")
    assert "TM-APPLICANT-LEGAL-ENTITY-MISSING" in rules(findings)


def test_legal_entity_chooses_organisation_name() -> None:
    out, findings = map_file(DATA / "st66" / "MY-complete.xml")
    applicant = out.find(f".//{{{TMK}}}Applicant")
    assert applicant.findtext(f"{{{COM}}}LegalEntityName") == "Company"
    assert applicant.find(f".//{{{COM}}}OrganizationStandardName") is not None
    assert applicant.findtext(f"{{{COM}}}NationalityCode") == "MY"
    assert "TM-APPLICANT-LEGAL-ENTITY-MISSING" not in rules(findings)


def test_unknown_element_is_reported_not_dropped_silently() -> None:
    _, findings = map_file(DATA / "st66" / "KH-unknown-element.xml")
    unmapped = [f for f in findings if f.rule_id == "MAP-UNMAPPED-ELEMENT"]
    paths = {f.path.rsplit("/", 1)[-1] for f in unmapped}
    assert paths == {"MarkSoundFilename", "AssociatedMarkDetails"}  # children not repeated


def test_ph_publication_identifier_and_event_name() -> None:
    out, findings = map_file(DATA / "st66" / "PH-complete.xml")
    pub = out.find(f".//{{{TMK}}}Publication")
    assert pub.findtext(f"{{{COM}}}PublicationIdentifier") == "E-Gazette 2020-10-12"
    assert pub.findtext(f"{{{COM}}}PublicationSubsection") == "Applications for opposition"
    assert "TM-PUBLICATION-IDENTIFIER-GENERATED" not in rules(findings)
    texts = out.xpath(".//tmk:MarkEventDescriptionText/text()", namespaces=NS)
    assert "Registered; Certificate issued" in texts


def test_bare_trademark_root_without_namespace() -> None:
    raw = (DATA / "st66" / "BN-complete.xml").read_bytes()
    tm = parse_xml(raw).find(".//{http://www.wipo.int/standards/XMLSchema/trademarks}TradeMark")
    bare = etree.fromstring(
        etree.tostring(tm).replace(
            b' xmlns="http://www.wipo.int/standards/XMLSchema/trademarks"', b""
        )
    )
    out, findings = map_st66(bare, load_vocabulary("BN"))
    assert out.findtext(f"{{{COM}}}RegistrationNumber") == "BN/T/2022/0456"
    assert "MAP-UNMAPPED-ELEMENT" not in rules(findings)


def test_wrong_root_and_empty_transaction() -> None:
    with pytest.raises(UnsupportedFormatError):
        map_st66(etree.fromstring(b"<Design/>"), load_vocabulary("KH"))
    empty = b'<Transaction xmlns="http://www.wipo.int/standards/XMLSchema/trademarks"/>'
    with pytest.raises(MappingError, match="no TradeMark"):
        map_st66(etree.fromstring(empty), load_vocabulary("KH"))


def test_vocabulary_is_cached_and_overlaid() -> None:
    vocab = load_vocabulary("vn")
    assert vocab is load_vocabulary("VN")
    assert vocab.lookup("status", "đã cấp  văn bằng") == "Registration published"
    assert vocab.lookup("mark_feature", "COMBINED") == "Combined"  # from default.toml
    assert vocab.lookup("status", "Expired") == ""  # known, no ST.96 equivalent
    assert vocab.lookup("status", "nonsense") is None
    assert load_vocabulary("ZZ").sources == ("default.toml",)
