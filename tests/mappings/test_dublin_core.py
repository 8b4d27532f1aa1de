"""The oai_dc view and the application number of every IP type (ST.66, ST.36, ST.86 fixtures)."""

from __future__ import annotations

from pathlib import Path

import pytest
from lxml import etree

from mappings.dc import st96_to_dc, st96_to_dc_bytes
from mappings.pipeline import application_number, process_record
from mappings.st96 import COM, DGN, PAT, TMK
from xsd.namespaces import DC_NS

from .conftest import DATA, office_of

FORMATS = {"st66": ("Nice class ",), "st36": ("IPC ", "CPC "), "st86": ("Locarno ",)}
FIXTURES = [
    pytest.param(prefix, path, id=f"{prefix}-{path.stem}")
    for prefix in FORMATS
    for path in sorted((DATA / prefix).glob("*.xml"))
]
#: Fields every record's DC has, whatever its defects.
ALWAYS = ("title", "identifier", "date", "publisher", "type")
#: Fields of complete records (a defects fixture may lack its applicant, class or language).
COMPLETE = ("creator", "subject", "language")


def _dc(prefix: str, path: Path) -> dict[str, list[str]]:
    record = process_record(prefix, path.read_bytes(), office_of(path))
    return _fields(etree.fromstring(record.dc))


def _fields(dc: etree._Element) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    for el in dc:
        assert el.tag.startswith(f"{{{DC_NS}}}")
        out.setdefault(etree.QName(el).localname, []).append(el.text)
    return out


@pytest.mark.parametrize(("prefix", "path"), FIXTURES)
def test_dc_fields_and_schema(prefix: str, path: Path, oai_dc_schema: etree.XMLSchema) -> None:
    record = process_record(prefix, path.read_bytes(), office_of(path))
    dc = etree.fromstring(record.dc)
    assert oai_dc_schema.validate(dc), oai_dc_schema.error_log
    fields = _fields(dc)
    expected = ALWAYS if "defects" in path.stem else ALWAYS + COMPLETE
    assert [f for f in expected if not fields.get(f)] == []
    assert all(text and text.strip() == text for texts in fields.values() for text in texts)
    assert record.application_number in fields["identifier"]
    assert fields["publisher"] == [office_of(path)]
    assert all(s.startswith(FORMATS[prefix]) for s in fields.get("subject", []))
    assert (
        fields["type"][0]
        == {
            "st66": "Trademark",
            "st36": "Patent",
            "st86": "Industrial design",
        }[prefix]
    )
    assert all(len(d) == 10 and d[4] == "-" for d in fields["date"])


def test_patent_dc() -> None:
    fields = _dc("st36", DATA / "st36" / "KH-granted-pct.xml")
    assert "Herbal composition for treating skin inflammation" in fields["title"]
    # the application, publication (pat:PublicationNumber) and patent numbers; not the
    # priority's or the PCT application's
    assert fields["identifier"] == ["KH/P/2019/00008", "KH0000008B"]
    assert fields["subject"] == ["IPC A61K 36/185"]  # structured IPC
    # applicants, then inventors; a structured person name as "Last, First"
    assert fields["creator"] == [
        "Redwood Beverages, Inc.",
        "Ganga Agro Products Private Limited",
        "Smith, John",
    ]
    assert "Mekong IP Co., Ltd." in fields["contributor"]  # the registered practitioner
    assert fields["date"] == ["2019-01-04", "2023-01-29"]  # filing, publication and grant
    assert fields["language"] == ["en", "km"]  # filing, publication


def test_patent_dc_ipc_text_and_cpc() -> None:
    fields = _dc("st36", DATA / "st36" / "KH-rich-cpc-npl-regional.xml")
    # the fixed-width IPC text is reduced to its symbol, duplicates dropped
    assert fields["subject"] == ["IPC A23L 2/38", "IPC A23L 2/52", "CPC A23L 2/38"]
    assert "SOK, Dara" in fields["creator"]


def test_design_dc() -> None:
    fields = _dc("st86", DATA / "st86" / "KH-registered.xml")
    # dgn:DesignTitleText, then the title's other languages (ST.96 holds one)
    assert fields["title"] == ["និមិត្តសញ្ញា", "Logo"]
    assert fields["subject"] == ["Locarno 32-00"]  # com:LocarnoClass + com:LocarnoSubclass
    assert fields["identifier"] == ["KH/D/2019/00001", "KHD0000001"]
    assert fields["creator"][:2] == ["Angkor Plc.", "ក្រុមហ៊ុន អង្គរ ភីអិលស៊ី"]
    assert "Heng Vanna" in fields["creator"]  # designers
    assert fields["contributor"][0] == "Sok San IP Co., Ltd."
    assert fields["date"] == ["2019-07-11", "2019-08-28"]  # registration, publication
    assert fields["language"] == ["km"]  # the title's


def test_design_dc_from_st96_input() -> None:
    """ST.96 designs may use com:LocarnoClassificationText and have no dgn:DesignReference."""
    root = etree.parse(str(DATA / "st96-published" / "KH-D-2006-0000003.xml")).getroot()
    fields = _fields(st96_to_dc(root, "KH"))
    assert fields["title"] == ["Sandal"]
    assert fields["subject"] == ["Locarno 02-04"]
    assert fields["identifier"] == ["KH00000003"]
    assert fields["publisher"] == ["KH"]  # from the harvested office: the record names none
    assert fields["creator"] == ["Golden Lotus Trading Co., Ltd.", "Bounmy Phommachanh"]
    assert "publisher" not in _fields(st96_to_dc(root))


def test_patent_dc_from_st96_input() -> None:
    """ST.96 patents may name parties in com:PublicationContact."""
    root = etree.parse(str(DATA / "st96-published" / "KH-P-2022-0000002.xml")).getroot()
    fields = _fields(st96_to_dc(root))
    assert fields["creator"] == ["Royal Orchid Cosmetics Pte. Ltd.", "Chan Sophea"]
    assert fields["subject"] == ["IPC F04B 17/00"]
    assert fields["identifier"] == ["KH-P-2022-0000002", "KH00000002"]
    assert fields["publisher"] == ["KH"]


def test_trademark_dc() -> None:
    fields = _dc("st66", DATA / "st66" / "KH-complete.xml")
    assert fields["identifier"][0] == "KH/2021/12345"
    assert fields["subject"] and all(s.startswith("Nice class ") for s in fields["subject"])
    assert fields["publisher"] == ["KH"]


# ── application numbers ─────────────────────────────────────────────────────────────────────


@pytest.mark.parametrize(
    ("prefix", "file", "number"),
    [
        ("st66", "st66/KH-complete.xml", "KH/2021/12345"),
        ("st36", "st36/KH-granted-pct.xml", "KH/P/2019/00008"),
        ("st36", "st36/TH-national-local-applicant.xml", "1401000003"),
        ("st86", "st86/KH-registered.xml", "KH/D/2019/00001"),
        # a design's first com:ApplicationNumberText is its priority's (201500085450)
        ("st86", "st86/SG-registered.xml", "4201500002Q"),
    ],
)
def test_application_number_per_ip_type(prefix: str, file: str, number: str) -> None:
    path = DATA / file
    assert process_record(prefix, path.read_bytes(), office_of(path)).application_number == number


def _tree(xml: str) -> etree._Element:
    return etree.fromstring(
        xml.format(tmk=TMK, com=COM, dgn=DGN, pat=PAT).encode(),
    )


def test_application_number_sources_and_fallbacks() -> None:
    design = _tree(
        '<d:Design xmlns:d="{dgn}" xmlns:c="{com}"><d:DesignIdentifier>1</d:DesignIdentifier>'
        "<c:RegistrationNumber>REG-1</c:RegistrationNumber><d:PriorityBag><d:Priority>"
        "<c:ApplicationNumber><c:ApplicationNumberText>PRIO-1</c:ApplicationNumberText>"
        "</c:ApplicationNumber></d:Priority></d:PriorityBag></d:Design>"
    )
    assert application_number(design, "designs") == "REG-1"  # no reference: the registration
    patent = _tree(
        '<p:BibliographicData xmlns:p="{pat}" xmlns:c="{com}"><p:PriorityClaimBag>'
        "<p:PriorityClaim><c:ApplicationNumber><c:ApplicationNumberText>PRIO-2"
        "</c:ApplicationNumberText></c:ApplicationNumber></p:PriorityClaim></p:PriorityClaimBag>"
        "</p:BibliographicData>"
    )
    assert application_number(patent, "patents") is None  # never a priority's number
    mark = _tree(
        '<t:Trademark xmlns:t="{tmk}" xmlns:c="{com}"><c:ApplicationNumber>'
        "<c:ApplicationNumberText> TM 1 </c:ApplicationNumberText></c:ApplicationNumber>"
        "<c:RegistrationNumber>R1</c:RegistrationNumber></t:Trademark>"
    )
    assert application_number(mark, "trademarks") == "TM 1"


# ── the serialised form ─────────────────────────────────────────────────────────────────────


def test_dc_bytes_are_what_lxml_serialises() -> None:
    """``st96_to_dc_bytes`` writes the document itself: markup characters, a carriage return
    and attribute white space escaped exactly as lxml escapes them."""
    mark = _tree(
        '<t:Trademark xmlns:t="{tmk}" xmlns:c="{com}"><t:MarkRepresentation>'
        "<t:MarkReproduction><t:WordMarkSpecification>"
        '<t:MarkVerbalElementText c:languageCode="e&amp;n&#9;&#10;&#13;&lt;&quot;\'">'
        "Tom &amp; Jerry &lt;TM&gt; \"quoted\" 's' ]]&gt;</t:MarkVerbalElementText>"
        "</t:WordMarkSpecification></t:MarkReproduction></t:MarkRepresentation>"
        "<c:ApplicationNumber><c:ApplicationNumberText>A&amp;B</c:ApplicationNumberText>"
        "</c:ApplicationNumber></t:Trademark>"
    )
    patent = _tree(
        '<p:BibliographicData xmlns:p="{pat}" xmlns:c="{com}"><p:PatentClassificationBag>'
        "<p:IPCRClassificationBag><p:IPCRClassification><p:Section>A</p:Section>"
        "<p:Class>0&#13;1</p:Class><p:Subclass>&lt;</p:Subclass></p:IPCRClassification>"
        "</p:IPCRClassificationBag></p:PatentClassificationBag></p:BibliographicData>"
    )
    for root in (mark, patent):
        data = st96_to_dc_bytes(root, "KH")
        assert etree.tostring(etree.fromstring(data), encoding="UTF-8") == data
    fields = _fields(etree.fromstring(st96_to_dc_bytes(mark)))
    assert fields["title"] == ["Tom & Jerry <TM> \"quoted\" 's' ]]>"]
    assert fields["identifier"] == ["A&B"]
    title = etree.fromstring(st96_to_dc_bytes(mark)).find(f"{{{DC_NS}}}title")
    assert title.get("{http://www.w3.org/XML/1998/namespace}lang") == "e&n\t\n\r<\"'"
    assert _fields(st96_to_dc(patent))["subject"] == ["IPC A0\r1<"]


# --- what ST.96 holds once reaches third parties through oai_dc in every language ----------------

XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"


def _tagged(record_dc: bytes, name: str) -> set[tuple[str | None, str]]:
    dc = etree.fromstring(record_dc)
    return {(el.get(XML_LANG), el.text) for el in dc.iterchildren(f"{{{DC_NS}}}{name}")}


@pytest.mark.parametrize(
    ("path", "language"),
    [
        (DATA / "st86" / "KH-registered.xml", "km"),
        (DATA / "st86" / "LA-registered.xml", "lo"),
        (DATA / "st86" / "TH-registered.xml", "th"),
    ],
    ids=lambda v: getattr(v, "stem", v),
)
def test_design_title_in_every_language(path: Path, language: str, oai_dc_schema) -> None:
    """ST.96 holds one design title; every language the office sent is a dc:title."""
    source = etree.parse(str(path)).getroot()
    ns = {"d": etree.QName(source).namespace}
    sent = {t.text for t in source.iterfind(".//d:DesignTitle", ns)}
    record = process_record("st86", path.read_bytes(), office_of(path))
    assert oai_dc_schema.validate(etree.fromstring(record.dc))
    titles = _tagged(record.dc, "title")
    assert {text for _, text in titles} == sent
    assert {lang for lang, _ in titles} == {"en", language}
    novelty = {t.text for t in source.iterfind(".//d:NoveltyStatement", ns)}
    assert novelty <= {text for _, text in _tagged(record.dc, "description")}


@pytest.mark.parametrize("path", sorted((DATA / "st36").glob("*.xml")), ids=lambda p: p.stem)
def test_patent_abstracts_are_dc_descriptions(path: Path, oai_dc_schema) -> None:
    source = etree.parse(str(path)).getroot()
    abstracts = {
        " ".join("".join(a.itertext()).split())
        for a in source.iter()
        if etree.QName(a).localname == "abstract"
    }
    record = process_record("st36", path.read_bytes(), office_of(path))
    assert oai_dc_schema.validate(etree.fromstring(record.dc))
    described = {text for _, text in _tagged(record.dc, "description")}
    assert described == abstracts
