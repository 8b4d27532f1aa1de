"""ST.86 (IPAS) → ST.96 Design: fixtures and generated records of every office map to valid
ST.96, defects produce their findings, and every path the offices export is covered."""

from __future__ import annotations

from pathlib import Path

import pytest
from lxml import etree

from mappings.coverage import read_paths_file
from mappings.errors import MappingError
from mappings.framework.values import language_code
from mappings.model import NotMapped
from mappings.st86 import TABLE, map_design
from mappings.st96 import COM, DGN, is_code
from mappings.vocabulary import load_vocabulary
from mappings.vocabulary_supplements import load_supplement
from mappings.xmlsafe import parse_xml
from simulator.design_xml import DesignGenerator
from simulator.designs import PROFILES
from xsd.validator import validate

from .conftest import (
    DATA,
    SHARED,
    check_generated_records,
    defect_findings,
    needs_shared,
    needs_st96,
    office_of,
)

NS = {"dgn": DGN, "com": COM}
FIXTURES = sorted((DATA / "st86").glob("*.xml"))
DESIGN_PATHS = SHARED / "office-formats" / "designs"
OFFICES = sorted(PROFILES)  # the IPAS design offices, Singapore included (IPAS-shaped)
RECORDS_PER_OFFICE = 300
GEN = DesignGenerator()

#: Generator defect → the finding it must produce.
DEFECT_RULES = {
    "no_locarno": "DES-LOCARNO-MISSING",
    "applicant_kind_missing": "PARTY-NATURAL-PERSON-INDICATOR-MISSING",
    "priority_incomplete": "DES-PRIORITY-INCOMPLETE",
    "unknown_status": "DES-STATUS-UNKNOWN",
    "placeholder_address": "SRC-PLACEHOLDER",
    "placeholder_expiry": "SRC-PLACEHOLDER",
    "placeholder_description": "SRC-PLACEHOLDER",
    "empty_registration": "SRC-PLACEHOLDER",
}


def map_file(path: Path):
    return map_design(parse_xml(path.read_bytes()), load_vocabulary(office_of(path)))


@needs_st96
@pytest.mark.parametrize("path", FIXTURES, ids=lambda p: p.stem)
def test_every_fixture_maps_to_valid_st96(path: Path) -> None:
    out, findings = map_file(path)
    assert out.tag == f"{{{DGN}}}Design"
    assert validate(out, "designs") == ("valid", ())
    if "defects" not in path.stem:
        assert defect_findings(findings) == set()


@needs_st96
@pytest.mark.parametrize("office", OFFICES)
def test_generated_records_are_valid_and_defects_found(office: str) -> None:
    seen = check_generated_records(
        GEN, map_design, "designs", office, DEFECT_RULES, RECORDS_PER_OFFICE
    )
    assert seen["no_locarno"] > 0  # the rate makes a few hundred records carry it


def test_complete_record_content() -> None:
    out, findings = map_file(DATA / "st86" / "KH-registered.xml")
    x = lambda p: out.xpath(p, namespaces=NS)  # noqa: E731
    assert x("string(dgn:DesignIdentifier/@com:officeCode)") == "KH"
    assert x("string(dgn:DesignReference)").startswith("KH/D/")
    title = x("dgn:DesignTitleText")[0]
    assert title.get(f"{{{COM}}}languageCode") == "km"  # the office's "kh" tag, normalised
    assert x(
        "string(com:DesignClassificationBag/com:LocarnoClassificationBag/"
        "com:LocarnoClassificationEdition)"
    ) in ("12", "13")
    assert x("count(//com:LocarnoClass)") == 1
    assert x("count(//com:LocarnoSubclassProductIndicationText[@com:languageCode='km'])") == 1
    assert x("string(dgn:DesignCurrentStatusCategory)") in ("Registered", "Expired")
    assert x("count(dgn:DesignRepresentationBag//dgn:DesignRepresentationSheet)") >= 1
    assert x("string(dgn:DesignEventBag/dgn:DesignEvent[1]/com:CommentText)") == "Application filed"
    names = x("dgn:ApplicantBag/dgn:Applicant[1]/com:Contact/com:Name/com:EntityName")
    assert {n.get(f"{{{COM}}}languageCode") for n in names} <= {"km", "en"}
    assert x("count(dgn:DesignerBag/dgn:Designer)") >= 1
    assert not [f for f in findings if f.rule_id.startswith("MAP-UNMAPPED")]


def test_missing_locarno_gets_a_generated_national_entry() -> None:
    out, findings = map_file(DATA / "st86" / "TH-defects-no-locarno.xml")
    (finding,) = [f for f in findings if f.rule_id == "DES-LOCARNO-MISSING"]
    assert finding.generated
    assert finding.path == "/dgn:Design/com:DesignClassificationBag/com:LocarnoClassificationBag"
    national = out.find(
        f"{{{COM}}}DesignClassificationBag/{{{COM}}}NationalDesignClassificationBag"
    )
    assert national is not None
    assert national.findtext(f"{{{COM}}}NationalDesignClassification") == "unclassified"
    assert out.find(f".//{{{COM}}}LocarnoClassificationBag") is None


def test_singapore_legal_entity_indicator() -> None:
    _, findings = map_file(DATA / "st86" / "SG-defects-legal-entity-missing.xml")
    flagged = [f for f in findings if f.rule_id == "PARTY-NATURAL-PERSON-INDICATOR-MISSING"]
    assert [f.severity for f in flagged] == ["warning"]
    complete, findings = map_file(DATA / "st86" / "SG-registered.xml")
    assert not [f for f in findings if f.rule_id == "PARTY-NATURAL-PERSON-INDICATOR-MISSING"]
    assert (
        complete.xpath(
            "count(//com:OrganizationStandardName | //com:PersonFullName)", namespaces=NS
        )
        >= 1
    )


def test_national_class_unknown_status_and_unmapped_element() -> None:
    out, findings = map_file(DATA / "st86" / "ID-defects-national-class-unknown-status.xml")
    x = lambda p: out.xpath(p, namespaces=NS)  # noqa: E731
    assert x("string(//com:NationalDesignClassificationBag/com:NationalDesignClassification)") == (
        "ID-D-06.1"
    )
    assert x("string(dgn:DesignCurrentStatusCategory)") == "Undefined"
    by_rule = {f.rule_id: f for f in findings}
    assert "DES-STATUS-UNKNOWN" in by_rule and "DES-PRIORITY-INCOMPLETE" in by_rule
    assert by_rule["MAP-UNMAPPED-ELEMENT"].path.endswith("/Design/DesignColourClaim")
    # languageCode="" means "the record's language": Indonesian
    assert x("string(dgn:NoveltyStatementText/@com:languageCode)") == "id"


def test_wrong_roots_are_refused() -> None:
    with pytest.raises(MappingError):
        map_design(etree.fromstring(b"<Trademark/>"), None)
    empty = b"<Transaction><DesignTransactionBody/></Transaction>"
    with pytest.raises(MappingError):
        map_design(etree.fromstring(empty), None)


# --- coverage of the offices' exports ----------------------------------------------------------


def _uncovered(paths: list[str]) -> list[str]:
    missing = []
    for path in paths:
        base, _, attr = path.partition("[@")
        unknown_attribute = bool(attr) and attr.split("=", 1)[0] not in TABLE.handled_attributes
        if base not in TABLE or unknown_attribute:
            missing.append(path)
    return missing


@needs_shared
@pytest.mark.parametrize("office", OFFICES)
def test_no_unmapped_paths_in_office_designs_file(office: str) -> None:
    paths = read_paths_file(DESIGN_PATHS / f"{office}.paths")
    assert _uncovered(paths) == []
    for path in paths:  # every "not mapped" says why
        target = TABLE[path.partition("[@")[0]]
        assert (target.reason if isinstance(target, NotMapped) else target).strip()


@needs_shared
@pytest.mark.parametrize("office", OFFICES)
def test_office_language_tags_become_iso_codes(office: str) -> None:
    """``[@languageCode=kh]``, ``=in``, ``=la`` (Lao), ``=vn`` all map to valid ISO 639-1."""
    aliases = load_supplement(office, "designs").tables.get("language", {})
    for path in read_paths_file(DESIGN_PATHS / f"{office}.paths"):
        if "[@languageCode=" in path:
            tag = path.split("[@languageCode=", 1)[1].rstrip("]")
            code = language_code(tag, aliases, "xx-default")
            assert code == "xx-default" if not tag else is_code("language", code), path
    if office == "LA":
        assert language_code("la", aliases, None) == "lo"


@needs_shared
@pytest.mark.parametrize("office", OFFICES)
def test_generated_records_use_only_the_offices_paths(office: str) -> None:
    """The simulator writes what the office exports, no more (attribute variants included)."""
    known = set(read_paths_file(DESIGN_PATHS / f"{office}.paths"))
    seen: set[str] = set()
    for index in range(60):
        root = etree.fromstring(GEN.record(office, 3, index))
        for el in root.iter():
            path = "/" + "/".join(
                etree.QName(a).localname for a in [*reversed(list(el.iterancestors())), el]
            )
            seen.add(path)
            seen.update(f"{path}[@{k}={v}]" for k, v in el.attrib.items())
    assert seen - known == set()
    assert len(seen) > 0.6 * len(known)


@needs_st96
def test_pipeline_processes_st86() -> None:
    from mappings.pipeline import SUPPORTED_PREFIXES, process_record

    if "st86" not in SUPPORTED_PREFIXES:
        pytest.skip("st86 is not registered in mappings.pipeline.MAPPERS yet")
    record = process_record("st86", (DATA / "st86" / "VN-registered.xml").read_bytes(), "VN")
    assert (record.ip_type, record.validation_status) == ("designs", "valid")
    assert record.dc and record.st96.startswith(b"<dgn:Design")


# --- namespaces: IPAS's wo-designs extension mapped, any other namespace reported ---------------


def test_wo_designs_status_and_events_are_mapped() -> None:
    """IPAS writes the status and the event history in ``wo-designs``: all of it is read."""
    out, findings = map_file(DATA / "st86" / "LA-defects-ipas-wo-placeholders.xml")
    x = lambda p: out.xpath(p, namespaces=NS)  # noqa: E731
    assert x("string(dgn:DesignCurrentStatusCategory)") == "Registered"
    assert x("string(dgn:DesignCurrentStatusDate)") == "2024-01-03"
    comments = x("dgn:DesignEventBag/dgn:DesignEvent/com:CommentText/text()")
    assert "REGISTRATION — ຈົດທະບຽນເຄື່ອງໝາຍ" in comments
    assert "Current status (office's word): ຈົດທະບຽນແລ້ວ" in comments
    assert not [f for f in findings if f.rule_id.startswith("MAP-UNMAPPED")]


def test_same_name_in_another_namespace_is_reported_not_read() -> None:
    out, findings = map_file(DATA / "st86" / "LA-defects-foreign-namespace.xml")
    (unmapped,) = [f for f in findings if f.rule_id == "MAP-UNMAPPED-ELEMENT"]
    assert unmapped.path.endswith(
        "/Design/{http://www.wipo.int/standards/XMLSchema/wo-trademarks}DesignEventDetails"
    )
    assert "namespace" in unmapped.message
    events = out.xpath("dgn:DesignEventBag/dgn:DesignEvent/com:CommentText/text()", namespaces=NS)
    assert not [e for e in events if "REGISTRATION" in e]


def test_coverage_report_is_exact_by_namespace() -> None:
    from mappings.coverage import coverage_report

    raws = [
        ("st86", (DATA / "st86" / name).read_bytes())
        for name in ("LA-defects-ipas-wo-placeholders.xml", "LA-defects-foreign-namespace.xml")
    ]
    report = coverage_report("LA", raws)
    foreign = "/Design/{http://www.wipo.int/standards/XMLSchema/wo-trademarks}DesignEventDetails"
    unmapped = [e.path for e in report.unmapped]
    assert unmapped and all(foreign in path for path in unmapped)
    assert min(unmapped, key=len).endswith(foreign)
    mapped = {e.path.rsplit("/", 1)[-1] for e in report.entries if e.status == "mapped"}
    assert {"wo:DesignEventDetails", "wo:DesignCurrentStatusCode", "wo:DesignEventCode"} <= mapped


def test_unstatused_date_reports_the_office_word() -> None:
    """Singapore sends no status date: the word has no place in ST.96 and is reported."""
    _, findings = map_file(DATA / "st86" / "SG-registered.xml")
    (finding,) = [f for f in findings if f.rule_id == "DES-STATUS-WORD-NOT-PUBLISHED"]
    assert "'Registered'" in finding.message


def test_unknown_status_word_is_reported_and_published_verbatim() -> None:
    """An office word the vocabulary does not know: a finding, the category 'Undefined', and
    the word itself kept beside it (the status event's comment)."""
    out, findings = map_file(DATA / "st86" / "ID-defects-national-class-unknown-status.xml")
    (finding,) = [f for f in findings if f.rule_id == "DES-STATUS-UNKNOWN"]
    word = finding.message.split("'")[1]
    comments = out.xpath("//dgn:DesignEvent/com:CommentText/text()", namespaces=NS)
    assert f"Current status (office's word): {word}" in comments
