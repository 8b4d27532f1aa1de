"""The children index the ST.66 mapper reads through: keyed by local name, record namespace only.

The mapper asks for plain names (``ApplicationNumber``); an element of another namespace must
stay invisible to it (it is reported as unmapped, never mapped by accident).
"""

from __future__ import annotations

from lxml import etree

from mappings.framework.reading import index_children, index_key
from mappings.framework.walk import walk
from mappings.st66 import ST66_NS, TABLE, map_st66
from mappings.vocabulary import load_vocabulary

NS = f"{{{ST66_NS}}}"


def test_index_key_by_namespace() -> None:
    assert index_key(f"{NS}ApplicationNumber", NS) == "ApplicationNumber"
    assert index_key("{urn:other}ApplicationNumber", NS) is None
    assert index_key("ApplicationNumber", NS) is None
    assert index_key("ApplicationNumber", "") == "ApplicationNumber"
    assert index_key("{urn:other}x", "") == "{urn:other}x"
    assert index_key(etree.Comment, NS) is None


def test_index_children_groups_in_document_order() -> None:
    el = etree.fromstring(
        f'<a xmlns="{ST66_NS}" xmlns:o="urn:other"><b>1</b><o:b>x</o:b><c/><b>2</b><!--c--></a>'
    )
    index = index_children(el, NS)
    assert list(index) == ["b", "c"]
    assert [b.text for b in index["b"]] == ["1", "2"]


def test_foreign_namespace_element_is_not_mapped() -> None:
    root = etree.fromstring(
        f'<TradeMark xmlns="{ST66_NS}" xmlns:o="urn:other">'
        "<o:ApplicationNumber>FOREIGN</o:ApplicationNumber>"
        "<ApplicationNumber>T/1</ApplicationNumber><KindMark>Individual</KindMark>"
        "</TradeMark>"
    )
    out, findings = map_st66(root, load_vocabulary("BN"))
    assert b"FOREIGN" not in etree.tostring(out)
    assert b"T/1" in etree.tostring(out)
    assert any(
        f.rule_id == "MAP-UNMAPPED-ELEMENT" and f.path.endswith("/{urn:other}ApplicationNumber")
        for f in findings
    )


def test_walk_skips_leaves_with_handled_attributes_only() -> None:
    """A leaf whose attributes are all handled is not walked (no index entry, no finding); a
    leaf with an unknown attribute still is, and the mapper reads both."""
    root = etree.fromstring(
        f'<TradeMark xmlns="{ST66_NS}"><ApplicationNumber>T/1</ApplicationNumber>'
        '<WordMarkSpecification><MarkVerbalElementText languageCode="en">WORD'
        '</MarkVerbalElementText><MarkVerbalElementText languageCode="km" odd="1">WORT'
        "</MarkVerbalElementText></WordMarkSpecification></TradeMark>"
    )
    index: dict = {}
    findings, _ = walk(root, TABLE)
    assert [f.path for f in findings] == [
        "/Transaction/TradeMarkTransactionBody/TransactionContentDetails/TransactionData"
        "/TradeMarkApplication/TradeMarkDetails/TradeMark/WordMarkSpecification"
        "/MarkVerbalElementText[@odd]"
    ]
    walk(root, TABLE, index=index)
    plain, odd = root[1]
    assert plain not in index and odd in index
    out, _ = map_st66(root, load_vocabulary("BN"))
    assert etree.tostring(out).count(b"MarkVerbalElementText") == 4  # two, opened and closed
