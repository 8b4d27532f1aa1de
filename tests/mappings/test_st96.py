"""ST.96 passthrough: a single-record wrapper is unwrapped and what it says outside the record
is kept (a design's application number, office and date) or reported, never dropped."""

from __future__ import annotations

from lxml import etree

from mappings.pipeline import process_record
from mappings.st96 import COM, DGN, map_st96, party_name
from mappings.xmlsafe import parse_xml

from .conftest import DATA, needs_st96

NS = {"dgn": DGN, "com": COM}
WRAPPED = DATA / "st96" / "KH-design-application.xml"


def test_design_wrapper_number_office_and_date_are_kept() -> None:
    out, findings = map_st96(parse_xml(WRAPPED.read_bytes()), None)
    x = lambda p: out.xpath(p, namespaces=NS)  # noqa: E731
    assert x("string(dgn:DesignReference)") == "KH/D/2006/00003"
    assert x("string(dgn:DesignIdentifier/@com:officeCode)") == "KH"
    (filed,) = x("dgn:DesignEventBag/dgn:DesignEvent[com:CommentText='Application filed']")
    assert filed.findtext(f"{{{DGN}}}DesignEventDate") == "2006-03-14"
    # what has no place in dgn:Design is listed, value by value
    (left,) = [f for f in findings if f.rule_id == "ST96-WRAPPER-CONTENT-NOT-PUBLISHED"]
    assert "FilingPlace='Phnom Penh'" in left.message
    assert "DesignApplicationLanguageCode='km'" in left.message
    assert "KH/D/2006/00003" not in left.message  # carried, so not reported


@needs_st96
def test_wrapped_design_is_valid_and_numbered() -> None:
    record = process_record("st96", WRAPPED.read_bytes(), "KH")
    assert (record.ip_type, record.validation_status) == ("designs", "valid")
    assert record.application_number == "KH/D/2006/00003"


def test_unwrapped_record_is_not_reported() -> None:
    raw = (DATA / "st96" / "KH-trademark.xml").read_bytes()
    _, findings = map_st96(parse_xml(raw), None)
    assert findings == []


def test_trademark_wrapper_content_is_reported() -> None:
    mark = etree.parse(str(DATA / "st96" / "KH-trademark.xml")).getroot()
    wrapper = etree.Element(
        "{http://www.wipo.int/standards/XMLSchema/ST96/Trademark}TrademarkApplication"
    )
    etree.SubElement(wrapper, f"{{{COM}}}FilingPlace").text = "Siem Reap"
    bag = etree.SubElement(wrapper, f"{mark.tag}Bag")
    bag.append(mark)
    _, findings = map_st96(parse_xml(etree.tostring(wrapper)), None)
    (left,) = [f for f in findings if f.rule_id == "ST96-WRAPPER-CONTENT-NOT-PUBLISHED"]
    assert "FilingPlace='Siem Reap'" in left.message


def test_a_party_name_takes_the_element_of_its_form_and_its_language() -> None:
    name = etree.Element(f"{{{COM}}}Name", nsmap={"com": COM})
    party_name(name, "natural person", "Somchai Dee", "th")
    party_name(name, "legal entity", "Acme Co., Ltd.")
    party_name(name, "", "Lao Coffee")  # a form ST.96 has no element for: the neutral name
    assert etree.tostring(name).decode() == (
        f'<com:Name xmlns:com="{COM}">'
        '<com:PersonName com:languageCode="th"><com:PersonFullName>Somchai Dee</com:PersonFullName>'
        "</com:PersonName><com:OrganizationName><com:OrganizationStandardName>Acme Co., Ltd."
        "</com:OrganizationStandardName></com:OrganizationName>"
        "<com:EntityName>Lao Coffee</com:EntityName></com:Name>"
    )
