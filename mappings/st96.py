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
from xsd.namespaces import XSI_NS

__all__ = [
    "COM",
    "DGN",
    "NSMAP",
    "PAT",
    "ROOT_IP_TYPES",
    "TMK",
    "application_number",
    "code_list",
    "code_lists",
    "com",
    "is_code",
    "map_st96",
    "party_name",
    "sub",
    "tmk",
]

TMK = "http://www.wipo.int/standards/XMLSchema/ST96/Trademark"
COM = "http://www.wipo.int/standards/XMLSchema/ST96/Common"
DGN = "http://www.wipo.int/standards/XMLSchema/ST96/Design"
PAT = "http://www.wipo.int/standards/XMLSchema/ST96/Patent"

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
_APPLICATION_NUMBER = f"{{{COM}}}ApplicationNumber"
_APPLICATION_NUMBER_TEXT = f"{{{COM}}}ApplicationNumberText"
_NAME_FORMS = {
    "natural person": (f"{{{COM}}}PersonName", f"{{{COM}}}PersonFullName"),
    "legal entity": (f"{{{COM}}}OrganizationName", f"{{{COM}}}OrganizationStandardName"),
}
_ENTITY_NAME = f"{{{COM}}}EntityName"
_LANGUAGE_CODE = f"{{{COM}}}languageCode"


@cache
def tmk(local: str) -> str:
    """Clark name of a Trademark-namespace element, e.g. ``tmk("MarkCategory")``."""
    return f"{{{TMK}}}{local}"


@cache
def com(local: str) -> str:
    """Clark name of a Common-namespace element or attribute."""
    return f"{{{COM}}}{local}"


def application_number(parent: etree._Element, number: str) -> None:
    """``com:ApplicationNumber/com:ApplicationNumberText`` under ``parent``: the two-level
    number every ST.96 identification and priority claim writes."""
    _SubElement(_SubElement(parent, _APPLICATION_NUMBER), _APPLICATION_NUMBER_TEXT).text = number


def party_name(name: etree._Element, form: str, full: str, lang: str | None = None) -> None:
    """One name of a party in its ``com:Name``, by the form the office's words give it
    (``"natural person"``: com:PersonName/com:PersonFullName, ``"legal entity"``:
    com:OrganizationName/com:OrganizationStandardName, any other: the neutral com:EntityName);
    ``lang``, when given, is the name's com:languageCode."""
    tags = _NAME_FORMS.get(form)
    if tags is None:
        el = _SubElement(name, _ENTITY_NAME)
        el.text = full
    else:
        el = _SubElement(name, tags[0])
        _SubElement(el, tags[1]).text = full
    if lang:
        el.set(_LANGUAGE_CODE, lang)


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


def sub_if(parent: etree._Element, tag: str, text: str | None) -> None:
    """A ``tag`` child holding `text`, only when there is a text (ST.96 leaves optional
    elements out rather than sending them empty)."""
    if text:
        _SubElement(parent, tag).text = text


def append_filled(parent: etree._Element, bag: etree._Element) -> None:
    """Append `bag` to `parent` if it holds anything: an ST.96 bag has at least one child, so
    a mapper builds it detached and keeps it only when the record gave something to put in it."""
    if len(bag):
        parent.append(bag)


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
    unwrapped, and what it says outside the record is kept or reported, never dropped
    silently (:func:`_carry_wrapper`). ``xsi:schemaLocation`` (a pointer at the office's copy
    of the schemas) is dropped and namespace declarations are cleaned up so the stored bytes
    are canonical-ish.
    """
    findings: list[Finding] = []
    root = source_root
    wrapper = None
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
        wrapper, root = root, records[0]
    if root.tag not in ROOT_IP_TYPES:
        raise UnsupportedFormatError(
            f"root element {root.tag!r} is not an ST.96 record iphub accepts; expected one of "
            + ", ".join(sorted(ROOT_IP_TYPES))
        )
    ip_type = ROOT_IP_TYPES[root.tag]
    out = _copy_with_nsmap(root, NSMAP[ip_type])
    out.attrib.pop(f"{{{XSI_NS}}}schemaLocation", None)
    etree.cleanup_namespaces(out, top_nsmap=NSMAP[ip_type])
    if wrapper is not None:
        findings.extend(_carry_wrapper(wrapper, out))
    return out, findings


# --- what a wrapper says outside its record --------------------------------------------------

_C = f"{{{COM}}}"
_D = f"{{{DGN}}}"
#: dgn:Design children that come after dgn:DesignEventBag (ST.96 sequence order).
_AFTER_DESIGN_EVENTS = (
    f"{_D}OppositionBag",
    f"{_D}ExceptionLackNoveltyDeclarationBag",
    f"{_D}PrincipalDesignRelationBag",
)


def _carry_wrapper(wrapper: etree._Element, record: etree._Element) -> list[Finding]:
    """Keep what a design application wrapper says of the design, report the rest.

    ``dgn:Design`` has no application number or date; they sit on ``dgn:DesignApplication``.
    As in the ST.86 mapping, the number becomes ``dgn:DesignReference`` (when the design has
    none) and the date a ``dgn:DesignEvent`` "Application filed". Every other wrapper value
    not already in the record is listed in one ``ST96-WRAPPER-CONTENT-NOT-PUBLISHED`` finding.
    """
    if wrapper.tag == f"{_D}DesignApplication":
        _design_number_and_date(wrapper, record)
    published = {_collapse(el.text) for el in record.iter() if isinstance(el.tag, str)}
    published |= {_collapse(v) for el in record.iter() for v in el.attrib.values()}
    left = [
        f"@{etree.QName(name).localname}={value!r}"
        for name, value in wrapper.attrib.items()
        if not name.startswith(f"{{{XSI_NS}}}") and _collapse(value) not in published
    ]
    for part in wrapper:
        if not isinstance(part.tag, str) or any(c.tag == record.tag for c in part):
            continue  # a comment, or the bag holding the record itself
        for el in part.iter():
            value = _collapse(el.text) if isinstance(el.tag, str) and len(el) == 0 else ""
            if value and value not in published:
                left.append(f"{etree.QName(el).localname}={value!r}")
    if not left:
        return []
    return [
        Finding(
            rule_id="ST96-WRAPPER-CONTENT-NOT-PUBLISHED",
            severity="info",
            path=short_path(record),
            message=f"The {etree.QName(wrapper).localname} wrapper also said "
            + ", ".join(left)
            + "; the single record has no place for it, so it stays in the stored source record.",
            suggestion="Publish single records whose own elements carry these values.",
        )
    ]


def _collapse(text: str | None) -> str:
    return " ".join(text.split()) if text else ""


def _design_number_and_date(wrapper: etree._Element, design: etree._Element) -> None:
    """The application number → ``dgn:DesignReference``, the registration office → the
    identifier's ``@com:officeCode``, the application date → an "Application filed" event
    (each only when the design does not already say it)."""
    office = _collapse(wrapper.findtext(f"{_C}RegistrationOfficeCode"))
    identifier = design.find(f"{_D}DesignIdentifier")
    if office and identifier is not None and identifier.get(f"{_C}officeCode") is None:
        identifier.set(f"{_C}officeCode", office)
    number = _collapse(wrapper.findtext(f"{_C}ApplicationNumber/{_C}ApplicationNumberText"))
    if number and design.find(f"{_D}DesignReference") is None:
        reference = etree.Element(f"{_D}DesignReference")
        reference.text = number
        design.insert(design.index(identifier) + 1 if identifier is not None else 0, reference)
    date = _collapse(wrapper.findtext(f"{_C}ApplicationDate"))
    if not date:
        return
    bag = design.find(f"{_D}DesignEventBag")
    if bag is None:
        bag = etree.Element(f"{_D}DesignEventBag")
        after = next((c for c in design if c.tag in _AFTER_DESIGN_EVENTS), None)
        if after is None:
            design.append(bag)
        else:
            after.addprevious(bag)
    if any(_collapse(d.text) == date for d in bag.iter(f"{_D}DesignEventDate")):
        return
    event = etree.Element(f"{_D}DesignEvent")
    bag.insert(0, event)
    sub(event, f"{_D}DesignEventCategory", "Undefined")
    sub(event, f"{_C}CommentText", "Application filed", **{f"{_C}languageCode": "en"})
    sub(event, f"{_D}DesignEventDate", date)


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
