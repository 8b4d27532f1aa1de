"""The children index the ST.66 mapper reads through: keyed by local name, record namespace only.

The mapper asks for plain names (``ApplicationNumber``); an element of another namespace must
stay invisible to it (it is reported as unmapped, never mapped by accident).
"""

from __future__ import annotations

from lxml import etree

from mappings.ipcommon import index_children, index_key
from mappings.st66 import ST66_NS, map_st66
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
        f.rule_id == "MAP-UNMAPPED-ELEMENT" and f.path.endswith("/ApplicationNumber")
        for f in findings
    )
