"""ST.96 V6_0: namespace constants, small lxml building helpers, and ST.96 input.

Mappers build ST.96 with ``etree.SubElement`` and the precomputed Clark names below (never
with strings); :func:`map_st96` accepts records an office already publishes in ST.96: they are
checked for a supported single-record root and normalised (namespace clean-up), not re-mapped.
"""

from __future__ import annotations

import re
import tomllib
from functools import cache, lru_cache
from pathlib import Path

from lxml import etree

from mappings.errors import UnsupportedFormatError
from mappings.model import Finding
from mappings.vocabulary import OfficeVocabulary

__all__ = [
    "COM",
    "DGN",
    "NSMAP",
    "PAT",
    "ROOT_IP_TYPES",
    "TMK",
    "code_list",
    "code_lists",
    "com",
    "is_code",
    "map_st96",
    "sub",
    "tmk",
]

TMK = "http://www.wipo.int/standards/XMLSchema/ST96/Trademark"
COM = "http://www.wipo.int/standards/XMLSchema/ST96/Common"
DGN = "http://www.wipo.int/standards/XMLSchema/ST96/Design"
PAT = "http://www.wipo.int/standards/XMLSchema/ST96/Patent"
XSI = "http://www.w3.org/2001/XMLSchema-instance"

NSMAP: dict[str, dict[str | None, str]] = {
    "trademarks": {"tmk": TMK, "com": COM},
    "designs": {"dgn": DGN, "com": COM},
    "patents": {"pat": PAT, "com": COM},
}

#: Single-record ST.96 roots iphub publishes, and their ip_type.
ROOT_IP_TYPES: dict[str, str] = {
    f"{{{TMK}}}Trademark": "trademarks",
    f"{{{DGN}}}Design": "designs",
    f"{{{PAT}}}BibliographicData": "patents",
}

#: Document roots wrapping exactly one record, accepted and unwrapped: (bag, record).
_WRAPPERS: dict[str, tuple[str, str]] = {
    f"{{{TMK}}}TrademarkApplication": (f"{{{TMK}}}TrademarkBag", f"{{{TMK}}}Trademark"),
    f"{{{DGN}}}DesignApplication": (f"{{{DGN}}}DesignBag", f"{{{DGN}}}Design"),
}

_PREFIX = {TMK: "tmk", COM: "com", DGN: "dgn", PAT: "pat"}
_SubElement = etree.SubElement


@cache
def tmk(local: str) -> str:
    """Clark name of a Trademark-namespace element, e.g. ``tmk("MarkCategory")``."""
    return f"{{{TMK}}}{local}"


@cache
def com(local: str) -> str:
    """Clark name of a Common-namespace element or attribute."""
    return f"{{{COM}}}{local}"


def sub(parent: etree._Element, tag: str, text: str | None = None, **attrib: str) -> etree._Element:
    """``etree.SubElement`` with optional text; attribute names are Clark names or locals.

    Attributes are set one by one: ``SubElement``'s attribute dict costs ~0.5 µs more per
    namespaced attribute (it re-validates the namespace URI), and a record has dozens.
    """
    el = _SubElement(parent, tag)
    if text is not None:
        el.text = text
    if attrib:
        for name, value in attrib.items():
            el.set(name, value)
    return el


def short_path(el: etree._Element) -> str:
    """``/tmk:Trademark/com:ApplicationNumber``-style path of an element (for findings)."""
    parts = []
    node: etree._Element | None = el
    while node is not None:
        q = etree.QName(node)
        parts.append(f"{_PREFIX.get(q.namespace or '', q.namespace or '')}:{q.localname}")
        node = node.getparent()
    return "/" + "/".join(reversed(parts))


# --- ST.96 code lists (countries, languages, ST.3 office codes) -----------------------------

_CODE_SHAPES = {
    "country": re.compile(r"[A-Z]{2}\Z"),
    "language": re.compile(r"[a-z]{2}\Z"),
    "office": re.compile(r"[A-Z]{2}\Z"),
}


#: The ST.96 enumerations the code rules check, kept as the project's own data.
CODE_LISTS = Path(__file__).with_name("st96_codes.toml")


@cache
def code_lists() -> dict[str, frozenset[str]]:
    """The "country", "language" and "office" codes of ST.96 V6_0 (``st96_codes.toml``).

    Read from the project's data, never from the installed schemas, so a finding such as
    CODE-COUNTRY-INVALID for ``UK`` is the same on every machine; a test checks the file against
    ``Common_V6_0.xsd`` wherever the schemas are installed.
    """
    with CODE_LISTS.open("rb") as handle:
        return {kind: frozenset(codes) for kind, codes in tomllib.load(handle).items()}


def code_list(kind: str) -> frozenset[str]:
    """The codes of ``kind``: "country", "language" or "office"."""
    return code_lists()[kind]


@lru_cache(maxsize=4096)
def is_code(kind: str, value: str) -> bool:
    """True when ``value`` is a valid ST.96 code of ``kind`` (cached: a few hundred codes)."""
    return bool(_CODE_SHAPES[kind].match(value)) and value in code_list(kind)


# --- ST.96 input ---------------------------------------------------------------------------


def map_st96(
    source_root: etree._Element, vocab: OfficeVocabulary
) -> tuple[etree._Element, list[Finding]]:
    """Accept an ST.96 record as published by an office: check its root, normalise, no mapping.

    A single-record wrapper (``tmk:TrademarkApplication`` with one ``tmk:Trademark``) is
    unwrapped. ``xsi:schemaLocation`` (a pointer at the office's copy of the schemas) is dropped
    and namespace declarations are cleaned up so the stored bytes are canonical-ish.
    """
    findings: list[Finding] = []
    root = source_root
    if root.tag in _WRAPPERS:
        bag_tag, record_tag = _WRAPPERS[root.tag]
        records = [r for bag in root.iterchildren(bag_tag) for r in bag.iterchildren(record_tag)]
        if len(records) != 1:
            raise UnsupportedFormatError(
                f"ST.96 document {etree.QName(root).localname} holds {len(records)} records; "
                "a harvested record must hold exactly one"
            )
        findings.append(
            Finding(
                rule_id="ST96-WRAPPER-REMOVED",
                severity="info",
                path=short_path(records[0]),
                message=f"The record was wrapped in {etree.QName(root).localname}; "
                "the hub publishes the single record it contains.",
                suggestion="Publish the single-record root in the OAI-PMH metadata.",
            )
        )
        root = records[0]
    if root.tag not in ROOT_IP_TYPES:
        raise UnsupportedFormatError(
            f"root element {root.tag!r} is not an ST.96 record iphub accepts; expected one of "
            + ", ".join(sorted(ROOT_IP_TYPES))
        )
    ip_type = ROOT_IP_TYPES[root.tag]
    out = _copy_with_nsmap(root, NSMAP[ip_type])
    out.attrib.pop(f"{{{XSI}}}schemaLocation", None)
    etree.cleanup_namespaces(out, top_nsmap=NSMAP[ip_type])
    return out, findings


def _copy_with_nsmap(root: etree._Element, nsmap: dict[str | None, str]) -> etree._Element:
    """A copy of ``root`` as a new document whose root declares the standard prefixes."""
    out = etree.Element(root.tag, dict(root.attrib), nsmap={**nsmap, **_own_nsmap(root)})
    out.text = root.text
    for child in root:
        out.append(_deepcopy(child))
    return out


def _own_nsmap(root: etree._Element) -> dict[str | None, str]:
    # keep other namespaces the record uses (e.g. MathML in patents) under their own prefixes
    return {p: ns for p, ns in root.nsmap.items() if ns not in (TMK, COM, DGN, PAT) and p}


def _deepcopy(el: etree._Element) -> etree._Element:
    from copy import deepcopy

    return deepcopy(el)
