"""ST.66 as IPAS really exports it (issue 14): IPAS's ``wo:`` extension namespace, its status
and event words, TransactionCode / TransactionSubCode, placeholders, empty ``<MarkImage/>`` on
word marks, second-language names and IPAS's language tags. The fixtures ``*-ipas-*.xml`` are
written for the tests from the element paths real exports use (never copied from one).

No false findings: every trademark "missing" rule is run against records that have the field
in each shape offices send it, through the whole pipeline (mapper and quality rules)."""

from __future__ import annotations

from pathlib import Path

import pytest
from lxml import etree

from mappings.coverage import MAPPED, UNMAPPED, coverage_report
from mappings.pipeline import process_record
from mappings.st96 import COM, TMK
from mappings.vocabulary import load_vocabulary
from simulator import vocab as sim_vocab
from simulator.offices import OFFICES

from .conftest import DATA, needs_st96, office_of

NS = {"tmk": TMK, "com": COM}
IPAS_FILES = sorted((DATA / "st66").glob("*-ipas-*.xml"))
WO = "http://www.wipo.int/standards/XMLSchema/wo-trademarks"

#: The defects each fixture has on purpose: rule ids of its warnings and worse.
EXPECTED_DEFECTS = {
    "KH-ipas-word-mark": set(),
    "LA-ipas-madrid": {"TM-MARK-CATEGORY-MISSING"},  # the transaction names no kind
    "TH-ipas-placeholders": {"SRC-PLACEHOLDER"},
    "VN-ipas-certification": {"VOCAB-UNKNOWN-VALUE", "MAP-UNMAPPED-ELEMENT"},
}
#: Every "missing" finding a trademark record can get (rules and mapper): none may fire on a
#: record that has the field, whatever its shape.
MISSING_RULES = (
    "TM-STATUS-MISSING",
    "TM-REPRESENTATION-MISSING",
    "TM-IMAGE-FILENAME-MISSING",
    "TM-NICE-CLASS-MISSING",
    "TM-PRIORITY-INCOMPLETE",
    "TM-APPLICATION-NUMBER-MISSING",
    "TM-OFFICE-CODE-MISSING",
    "TM-GOODS-DESCRIPTION-MISSING",
    "TM-MARK-CATEGORY-MISSING",
    "TM-ADDRESS-LINES-MISSING",
    "SRC-EMPTY-ELEMENT",
    "SRC-LANGUAGE-CODE-INVALID",
    "SRC-CODE-INVALID",
)


def process(path: Path, raw: bytes | None = None):
    record = process_record("st66", raw or path.read_bytes(), office_of(path))
    return record, etree.fromstring(record.st96)


def rules(record) -> set[str]:
    return {f.rule_id for f in record.findings if f.severity in ("critical", "error", "warning")}


@needs_st96
@pytest.mark.parametrize("path", IPAS_FILES, ids=lambda p: p.stem)
def test_ipas_records_are_valid_with_only_their_defects(path: Path) -> None:
    record, _ = process(path)
    assert (record.validation_status, record.validation_errors) == ("valid", ())
    assert rules(record) == EXPECTED_DEFECTS[path.stem]


@pytest.mark.parametrize("rule", MISSING_RULES)
@pytest.mark.parametrize("path", IPAS_FILES, ids=lambda p: p.stem)
def test_no_missing_finding_for_a_field_sent_in_ipas_shape(path: Path, rule: str) -> None:
    if rule in EXPECTED_DEFECTS[path.stem]:
        pytest.skip("the fixture lacks this field on purpose")
    record, _ = process(path)
    assert rule not in {f.rule_id for f in record.findings}


@pytest.mark.parametrize("path", IPAS_FILES, ids=lambda p: p.stem)
def test_wo_namespace_maps_like_the_st66_one(path: Path) -> None:
    """The same record with IPAS's wo: elements moved into the ST.66 namespace, or with no
    namespace at all, publishes the same ST.96."""
    raw = path.read_bytes()
    plain = raw.replace(b"wo:", b"").replace(f'xmlns:wo="{WO}"'.encode(), b"")
    no_ns = plain.replace(b'xmlns="http://www.wipo.int/standards/XMLSchema/trademarks"', b"")
    published = {process(path, variant)[0].st96 for variant in (raw, plain, no_ns)}
    assert len(published) == 1


def test_status_and_events_keep_the_offices_words() -> None:
    _, out = process(DATA / "st66" / "KH-ipas-word-mark.xml")
    x = lambda p: out.xpath(p, namespaces=NS)  # noqa: E731
    assert x("string(tmk:MarkCurrentStatusCode)") == "Registration published"
    assert x(
        "string(tmk:NationalTrademarkInformation/tmk:MarkCurrentStatusExternalDescriptionText)"
    ) == "បានចុះបញ្ជី"  # fmt: skip
    events = x("tmk:MarkEventBag/tmk:MarkEvent")
    assert [e.findtext("tmk:MarkEventCategory", namespaces=NS) for e in events] == [
        "Application filed",
        "Classification checked",
        "Registration published",
    ]
    national = [e.find("tmk:NationalMarkEvent", NS) for e in events]
    assert [n.findtext("tmk:MarkEventCode", namespaces=NS) for n in national] == [
        "100",
        "120",
        "300",
    ]
    assert [n.findtext("com:CommentText", namespaces=NS) for n in national] == [
        "ST.66 MarkEventCode: Filed",
        "ST.66 MarkEventCode: Examined",
        "ST.66 MarkEventCode: Registered",
    ]
    assert "ដាក់ពាក្យស្នើសុំ" in x("string(tmk:MarkEventBag)")


def test_word_mark_with_empty_image_and_ipas_language_tag() -> None:
    _, out = process(DATA / "st66" / "KH-ipas-word-mark.xml")
    x = lambda p: out.xpath(p, namespaces=NS)  # noqa: E731
    assert x("string(com:ApplicationLanguageCode)") == "km"
    verbal = x("tmk:MarkRepresentation//tmk:MarkVerbalElementText")
    assert [(v.text, v.get(f"{{{COM}}}languageCode")) for v in verbal] == [
        ("ផ្កាឈូក", None),
        ("LOTUS FLOWER", "en"),
    ]
    assert not x("tmk:MarkRepresentation//tmk:MarkImageBag")
    names = x("tmk:ApplicantBag//com:Name//text()")
    assert "LOTUS FLOWER CO., LTD." in names and "ក្រុមហ៊ុន ផ្កាឈូក ឯ.ក" in names


def test_madrid_designation_is_published_as_such() -> None:
    record, out = process(DATA / "st66" / "LA-ipas-madrid.xml")
    x = lambda p: out.xpath(p, namespaces=NS)  # noqa: E731
    assert x("string(com:ApplicationLanguageCode)") == "lo"  # IPAS's "la" is Lao, not Latin
    assert x(
        "string(tmk:DesignatedCountryBag/tmk:DesignatedCountry/com:DesignatedCountryCode)"
    ) == ("LA")
    assert x("string(tmk:InternationalMarkIdentifierBag/tmk:InternationalMarkIdentifier)") == (
        "1598712"
    )
    assert "Madrid Designated / Madrid Mark" in x("string(com:CommentText)")
    category = [f for f in record.findings if f.rule_id == "TM-MARK-CATEGORY-MISSING"]
    assert [f.generated for f in category] == [True]


@pytest.mark.parametrize(
    ("name", "category"),
    [("TH-ipas-placeholders", "Collective mark"), ("VN-ipas-certification", "Certification mark")],
)
def test_kind_from_the_transaction_sub_code_is_not_generated(name: str, category: str) -> None:
    record, out = process(DATA / "st66" / f"{name}.xml")
    assert out.findtext("tmk:MarkCategory", namespaces=NS) == category
    assert not any(f.generated and "MarkCategory" in f.path for f in record.findings)
    assert not out.xpath("tmk:InternationalMarkIdentifierBag", namespaces=NS)


def test_placeholders_are_never_data() -> None:
    path = DATA / "st66" / "TH-ipas-placeholders.xml"
    record, out = process(path)
    published = [t.strip() for t in out.itertext()]
    assert "-" not in published and "N/A" not in published and "1900-01-01" not in published
    assert out.find("com:RegistrationNumber", NS) is None
    assert out.find("com:ExpiryDate", NS) is None
    assert out.find("tmk:MarkDisclaimerBag", NS) is None
    fields = sorted(
        f.message.split()[2].rsplit("/", 2)[-1]
        for f in record.findings
        if f.rule_id == "SRC-PLACEHOLDER"
    )
    assert fields == [
        "AddressCountryCode",
        "ExpiryDate",
        "FreeFormatAddressLine",
        "MarkDisclaimer",
        "MarkImageColourClaimedText",
        "RegistrationNumber",
    ]
    assert b">-<" in path.read_bytes()  # the stored source keeps them


def test_unknown_event_word_is_reported_and_published_verbatim() -> None:
    record, out = process(DATA / "st66" / "VN-ipas-certification.xml")
    unknown = [f for f in record.findings if f.rule_id == "VOCAB-UNKNOWN-VALUE"]
    assert ["'Recordal of licence'" in f.message for f in unknown] == [True]
    assert "Recordal of licence" in out.xpath("string(tmk:MarkEventBag)", namespaces=NS)


def test_element_of_an_undeclared_namespace_is_reported_not_read() -> None:
    record, out = process(DATA / "st66" / "VN-ipas-certification.xml")
    assert out.findtext("com:RegistrationNumber", namespaces=NS) == "4-0345678-000"
    assert b"VN-OLD-88123" not in record.st96
    unmapped = [f.path for f in record.findings if f.rule_id == "MAP-UNMAPPED-ELEMENT"]
    assert [p.rsplit("/", 1)[-1] for p in unmapped] == [
        "{urn:example:noip-extension}RegistrationNumber"
    ]


def test_coverage_names_each_namespace_exactly() -> None:
    report = coverage_report("IPAS", (("st66", p.read_bytes()) for p in IPAS_FILES))
    status = {e.path.split("/TradeMark/", 1)[-1]: e.status for e in report.entries}
    assert status["wo:MarkEventDetails/wo:MarkEvent/wo:MarkEventCode"] == MAPPED
    assert status["wo:WordMarkSpecification/wo:MarkVerbalElementText"] == MAPPED
    assert status["wo:MarkCurrentStatusCode"] == MAPPED
    assert status["{urn:example:noip-extension}RegistrationNumber"] == UNMAPPED
    assert [e.path.rsplit("/", 1)[-1] for e in report.unmapped] == [
        "{urn:example:noip-extension}RegistrationNumber"
    ]
    assert "wo:MarkEventDetails" in report.render_text()


@pytest.mark.parametrize("code", sorted(OFFICES))
def test_vocabularies_know_ipas_words_in_the_offices_language(code: str) -> None:
    """IPAS's standard event and status words, in English and in the words the office's IPAS
    writes in its own language, all have an ST.96 value (or are known to have none)."""
    vocabulary = load_vocabulary(code)
    language = OFFICES[code].language
    for _, word, _ in sim_vocab.EVENTS:
        assert vocabulary.lookup("event_category", word), word
    for word in sim_vocab.IPAS_STATUSES:
        assert vocabulary.lookup("status", word) is not None, word
    for word in sim_vocab.LOCAL_STATUSES.get(language.code, {}).values():
        assert vocabulary.lookup("status", word) is not None, word
    if language.code != "en" and code != "MM":  # Myanmar has no vocabulary file yet
        for word in language.events.values():
            assert vocabulary.lookup("event_category", word), word


@pytest.mark.parametrize(("tag", "iso"), [("la", "lo"), ("kh", "km"), ("in", "id"), ("vn", "vi")])
def test_ipas_language_tags_on_texts(tag: str, iso: str) -> None:
    """IPAS's tags on a text's languageCode are ISO codes in the ST.96 (``la`` is Lao)."""
    raw = (DATA / "st66" / "LA-ipas-madrid.xml").read_bytes()
    raw = raw.replace(
        b"<FreeFormatNameLine>", f'<FreeFormatNameLine languageCode="{tag}">'.encode()
    )
    record, out = process(DATA / "st66" / "LA-ipas-madrid.xml", raw)
    contact = out.xpath("tmk:ApplicantBag/tmk:Applicant/com:Contact", namespaces=NS)[0]
    assert contact.get(f"{{{COM}}}languageCode") == iso
    assert "SRC-LANGUAGE-CODE-INVALID" not in {f.rule_id for f in record.findings}


def test_unknown_transaction_word_is_reported_and_kept() -> None:
    path = DATA / "st66" / "KH-ipas-word-mark.xml"
    raw = path.read_bytes().replace(b"Individual Mark<", b"Defensive Series<")
    record, out = process(path, raw)
    unknown = [f for f in record.findings if f.rule_id == "VOCAB-UNKNOWN-VALUE"]
    assert [
        "[filing_route]" in f.message and "'Defensive Series'" in f.message for f in unknown
    ] == [True]
    assert out.findtext("com:CommentText", namespaces=NS) == (
        "Transaction (office values): National / Defensive Series"
    )
    assert out.findtext("tmk:MarkCategory", namespaces=NS) == "Individual mark"  # KindMark


def test_madrid_designation_without_its_reference_is_reported() -> None:
    path = DATA / "st66" / "LA-ipas-madrid.xml"
    raw = path.read_bytes().replace(b"<RegistrationNumber>1598712<", b"<RegistrationNumber>N/A<")
    record, out = process(path, raw)
    assert "TM-MADRID-REFERENCE-MISSING" in {f.rule_id for f in record.findings}
    assert out.find("tmk:InternationalMarkIdentifierBag", NS) is None
    assert out.findtext(".//com:DesignatedCountryCode", namespaces=NS) == "LA"
