"""The hardened parser refuses every classic XML attack with a clear message."""

from __future__ import annotations

import pytest
from lxml import etree

from mappings.errors import MalformedXMLError, SourceError, UnsafeXMLError
from mappings.xmlsafe import parse_xml, safe_parser

ATTACKS = {
    "xxe-file": b'<?xml version="1.0"?><!DOCTYPE r [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
    b"<r>&x;</r>",
    "xxe-http": b'<!DOCTYPE r [<!ENTITY x SYSTEM "http://127.0.0.1:9/secret">]><r>&x;</r>',
    "billion-laughs": b'<!DOCTYPE l [<!ENTITY a "lol"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;">'
    b'<!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;"><!ENTITY d "&c;&c;&c;&c;&c;&c;&c;&c;">]><l>&d;</l>',
    "parameter-entity": b'<!DOCTYPE r [<!ENTITY % p SYSTEM "http://127.0.0.1:9/p">%p;]><r/>',
    # the same attacks behind a DOCTYPE that also names an external DTD (as ST.36 is sent)
    "xxe-beside-external-dtd": b'<!DOCTYPE r SYSTEM "st36.dtd" '
    b'[<!ENTITY x SYSTEM "file:///etc/passwd">]><r>&x;</r>',
    "billion-laughs-beside-external-dtd": b'<!DOCTYPE l SYSTEM "st36.dtd" [<!ENTITY a "lol">'
    b'<!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;"><!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;">]><l>&c;</l>',
    "parameter-entity-beside-external-dtd": b'<!DOCTYPE r SYSTEM "st36.dtd" '
    b'[<!ENTITY % p SYSTEM "file:///etc/passwd">%p;]><r/>',
    "unused-internal-entity": b'<!DOCTYPE r SYSTEM "st36.dtd" [<!ENTITY x "y">]><r/>',
    "entity-from-the-external-dtd": b'<!DOCTYPE r SYSTEM "st36.dtd"><r>&x;</r>',
}

#: DOCTYPEs that only name an external DTD: parsed, the DTD ignored.
EXTERNAL_DTDS = {
    "st36-system": b'<?xml version="1.0" encoding="UTF-8"?>\n'
    b'<!DOCTYPE patent-document SYSTEM "ST36-patent-document-v1-2.dtd"><r>a</r>',
    "public": b'<!DOCTYPE r PUBLIC "-//WIPO//DTD ST.36//EN" "st36.dtd"><r>a</r>',
    "network": b'<!DOCTYPE r SYSTEM "http://127.0.0.1:9/r.dtd"><r>a</r>',
    "system-file": b'<!DOCTYPE r SYSTEM "file:///etc/passwd"><r>a</r>',
    "plain-doctype": b"<!DOCTYPE r><r>a</r>",
}


@pytest.mark.parametrize("data", ATTACKS.values(), ids=ATTACKS.keys())
def test_attacks_are_refused(data: bytes) -> None:
    with pytest.raises(UnsafeXMLError) as info:
        parse_xml(data)
    message = str(info.value)
    assert "refused" in message
    assert "passwd" not in message or "DOCTYPE" in message


@pytest.mark.parametrize("data", EXTERNAL_DTDS.values(), ids=EXTERNAL_DTDS.keys())
def test_external_dtd_is_ignored(data: bytes) -> None:
    assert parse_xml(data).text == "a"


def test_external_dtd_is_never_opened(tmp_path) -> None:
    """A DTD on disk that would define an entity (and is not even well-formed) is not read:
    reading it would raise, or expand ``&x;``."""
    dtd = tmp_path / "trap.dtd"
    dtd.write_text('<!ENTITY x "LEAKED"> <<< not a DTD')
    root = parse_xml(f'<!DOCTYPE r SYSTEM "{dtd.as_uri()}"><r>a</r>'.encode())
    assert root.text == "a"
    with pytest.raises(UnsafeXMLError):
        parse_xml(f'<!DOCTYPE r SYSTEM "{dtd.as_uri()}"><r>&x;</r>'.encode())
    # the parser handed to sickle does not open it either
    root = etree.fromstring(f'<!DOCTYPE r SYSTEM "{dtd}"><r>&x;</r>'.encode(), parser=safe_parser())
    assert "LEAKED" not in "".join(root.itertext())


def test_entity_content_never_leaks() -> None:
    with pytest.raises(UnsafeXMLError):
        parse_xml(ATTACKS["xxe-file"])
    # the parser handed to sickle does not resolve either
    root = etree.fromstring(ATTACKS["xxe-file"], parser=safe_parser())
    assert "root:" not in "".join(root.itertext())


def test_oversize_is_refused() -> None:
    with pytest.raises(UnsafeXMLError, match="larger than the limit of 1,000 bytes"):
        parse_xml(b"<r>" + b"a" * 2000 + b"</r>", max_bytes=1000)


def test_deep_nesting_is_refused() -> None:
    with pytest.raises(UnsafeXMLError, match="deeper than"):
        parse_xml(b"<a>" * 5000 + b"</a>" * 5000)


def test_moderate_nesting_is_fine() -> None:
    assert parse_xml(b"<a>" * 100 + b"</a>" * 100).tag == "a"


def test_200_mb_text_node_is_refused() -> None:
    big = b"<r>" + b"x" * (200 * 1024 * 1024) + b"</r>"
    with pytest.raises(UnsafeXMLError, match="larger than the limit"):
        parse_xml(big)
    # even when the size limit is lifted, libxml2's text-node limit (huge_tree off) holds
    with pytest.raises(UnsafeXMLError, match="text node"):
        parse_xml(big, max_bytes=len(big) + 1)


@pytest.mark.parametrize("data", [b"", b"<r>", b"<r></s>", b"not xml", b"<r>&undefined;</r>"])
def test_malformed_is_a_source_error(data: bytes) -> None:
    with pytest.raises(SourceError):
        parse_xml(data)


def test_malformed_message() -> None:
    with pytest.raises(MalformedXMLError, match="not well-formed"):
        parse_xml(b"<r><x></r>")


def test_normal_record_parses() -> None:
    root = parse_xml('<?xml version="1.0" encoding="UTF-8"?><r a="1">ខ្មែរ</r>'.encode())
    assert root.text == "ខ្មែរ"
