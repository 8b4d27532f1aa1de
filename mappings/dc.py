"""ST.96 → ``oai_dc:dc``: the Dublin Core view OAI-PMH requires of every repository.

Simple Dublin Core is deliberately lossy: a harvester that only understands oai_dc should still
find the mark's name, its numbers, dates, owner, office and classes. The XPaths are compiled
once at import; the output validates against ``oai_dc.xsd``.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from lxml import etree

from mappings.st96 import COM, DGN, PAT, TMK

__all__ = ["DC_NS", "OAI_DC_NS", "st96_to_dc"]

OAI_DC_NS = "http://www.openarchives.org/OAI/2.0/oai_dc/"
DC_NS = "http://purl.org/dc/elements/1.1/"
XSI_NS = "http://www.w3.org/2001/XMLSchema-instance"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
_NSMAP = {"oai_dc": OAI_DC_NS, "dc": DC_NS, "xsi": XSI_NS}
_SCHEMA_LOCATION = f"{OAI_DC_NS} http://www.openarchives.org/OAI/2.0/oai_dc.xsd"
_NS = {"tmk": TMK, "com": COM, "dgn": DGN, "pat": PAT}

_IP_LABEL = {TMK: "Trademark", DGN: "Industrial design", PAT: "Patent"}
_TYPE_BY_ROOT = {
    f"{{{TMK}}}Trademark": "trademarks",
    f"{{{DGN}}}Design": "designs",
    f"{{{PAT}}}BibliographicData": "patents",
}


def _x(expr: str):
    """A finder for an ``a | b`` union of ElementPath expressions: all matches of ``a``, then
    all of ``b``. Child-only paths (``tmk:A/com:B``) are answered from a per-record index of
    children by tag (one pass over each element's children, shared by every field); paths with
    ``.//`` go through lxml's cached ElementPath."""
    paths = tuple(_clark(p.strip()) for p in expr.split("|"))
    if any(p.startswith(".") or "[" in p or "*" in p for p in paths):

        def find(root: etree._Element, index: dict) -> list[etree._Element]:
            return [el for path in paths for el in root.iterfind(path)]

        return find

    steps = tuple(_split(p) for p in paths)

    def find_children(root: etree._Element, index: dict) -> list[etree._Element]:
        out: list[etree._Element] = []
        for path in steps:
            found = [root]
            for tag in path:
                nxt: list[etree._Element] = []
                for node in found:
                    group = _children(node, index).get(tag)
                    if group:
                        nxt += group
                found = nxt
                if not found:
                    break
            out += found
        return out

    return find_children


def _split(path: str) -> tuple[str, ...]:
    """``{ns}A/{ns}B`` → ``("{ns}A", "{ns}B")`` (namespace URIs contain slashes)."""
    steps: list[str] = []
    rest = path
    while rest:
        if rest.startswith("{"):
            close = rest.index("}")
            end = rest.find("/", close)
        else:
            end = rest.find("/")
        if end < 0:
            steps.append(rest)
            break
        steps.append(rest[:end])
        rest = rest[end + 1 :]
    return tuple(steps)


def _children(el: etree._Element, index: dict) -> dict:
    """``el``'s children by tag, in document order, built once per element and record."""
    children = index.get(el)
    if children is None:
        children = index[el] = {}
        for child in el:
            group = children.get(child.tag)
            if group is None:
                children[child.tag] = [child]
            else:
                group.append(child)
    return children


def _clark(path: str) -> str:
    for prefix, ns in _NS.items():
        path = path.replace(f"{prefix}:", f"{{{ns}}}")
    return path


_PARTY_NAMES = (
    "com:Name/com:EntityName",
    "com:Name/com:OrganizationName/com:OrganizationStandardName",
    "com:Name/com:PersonName/com:PersonFullName",
    "com:Name/com:PersonName/com:PersonStructuredName",
)


def _parties(*parties: str, contacts: tuple[str, ...] = ("com:Contact",)) -> str:
    """The name paths of the parties at ``parties`` (``tmk:ApplicantBag/tmk:Applicant``), as an
    ``a | b`` union: party by party, each name form in turn."""
    return " | ".join(
        f"{party}/{contact}/{name}"
        for party in parties
        for contact in contacts
        for name in _PARTY_NAMES
    )


_LOCARNO_BAG = "com:DesignClassificationBag/com:LocarnoClassificationBag"
_IPCR = "pat:PatentClassificationBag/pat:IPCRClassificationBag/pat:IPCRClassification"
_PAT_PARTY = "pat:PartyBag"
_PAT_CONTACTS = ("com:Contact", "com:PublicationContact")

# field → finder per ip_type; text nodes' elements are returned so xml:lang can be carried.
# Child-only paths throughout: they are answered from the per-record children index.
_FIELDS: dict[str, dict] = {
    "trademarks": {
        "title": _x(
            "tmk:MarkRepresentation/tmk:MarkReproduction/tmk:WordMarkSpecification/"
            "tmk:MarkVerbalElementText"
        ),
        "title_fallback": _x(
            "tmk:MarkRepresentation/tmk:MarkReproduction/tmk:WordMarkSpecification/"
            "tmk:MarkSignificantVerbalElementText"
        ),
        "identifier": _x(
            "com:ApplicationNumber/com:ApplicationNumberText | com:RegistrationNumber"
        ),
        "date": _x("com:ApplicationDate | com:RegistrationDate"),
        "subject": _x(
            "tmk:GoodsServicesBag/tmk:GoodsServices/tmk:GoodsServicesClassificationBag/"
            "tmk:GoodsServicesClassification/tmk:ClassNumber"
        ),
        "creator": _x(_parties("tmk:ApplicantBag/tmk:Applicant")),
        "contributor": _x(_parties("com:RepresentativeBag/com:Representative")),
        "category": _x("tmk:MarkCategory"),
        "publisher": _x("com:RegistrationOfficeCode"),
        "language": _x("com:ApplicationLanguageCode"),
    },
    "designs": {
        # dgn:Design has no application number, filing date or language element: the mapper
        # puts the application number in dgn:DesignReference and the filing date in an event.
        "title": _x("dgn:DesignTitleText"),
        "title_fallback": _x(
            f"{_LOCARNO_BAG}/com:LocarnoClassification/com:LocarnoSubclassBag/"
            "com:LocarnoSubclassProductIndicationText"
        ),
        "identifier": _x("dgn:DesignReference | com:RegistrationNumber"),
        "identifier_fallback": _x("dgn:DesignIdentifier"),
        "date": _x("com:RegistrationDate | dgn:PublicationBag/dgn:Publication/com:PublicationDate"),
        "date_fallback": _x("dgn:DesignEventBag/dgn:DesignEvent/dgn:DesignEventDate"),
        "creator": _x(_parties("dgn:ApplicantBag/dgn:Applicant", "dgn:DesignerBag/dgn:Designer")),
        "contributor": _x(_parties("com:RepresentativeBag/com:Representative")),
        "publisher": _x("com:RegistrationOfficeCode"),
        "office_attribute": _x("dgn:DesignIdentifier"),
        "language": _x("com:ApplicationLanguageCode"),
    },
    "patents": {
        "title": _x("pat:InventionTitleBag/pat:InventionTitle"),
        "identifier": _x(
            "pat:ApplicationIdentification/com:ApplicationNumber/com:ApplicationNumberText"
            " | pat:PatentPublicationIdentification/pat:PublicationNumber"
            " | pat:PatentGrantIdentification/pat:PatentNumber"
        ),
        "date": _x(
            "pat:ApplicationIdentification/pat:FilingDate"
            " | pat:PatentPublicationIdentification/com:PublicationDate"
            " | pat:PatentGrantIdentification/pat:GrantDate"
        ),
        "creator": _x(
            _parties(
                f"{_PAT_PARTY}/pat:ApplicantBag/pat:Applicant",
                f"{_PAT_PARTY}/pat:InventorBag/pat:Inventor",
                contacts=_PAT_CONTACTS,
            )
        ),
        "contributor": _x(
            _parties(
                f"{_PAT_PARTY}/pat:RegisteredPractitionerBag/pat:RegisteredPractitioner",
                contacts=_PAT_CONTACTS,
            )
        ),
        "publisher": _x(
            "pat:ApplicationIdentification/com:IPOfficeCode"
            " | pat:PatentPublicationIdentification/com:IPOfficeCode"
        ),
        "language": _x("com:FilingLanguageCode | com:PublicationLanguageCode"),
    },
}


_LANGUAGE_CODE = f"{{{COM}}}languageCode"
_OFFICE_CODE = f"{{{COM}}}officeCode"
_STRUCTURED_NAME = f"{{{COM}}}PersonStructuredName"
_NAME_PARTS = tuple(
    f"{{{COM}}}{n}" for n in ("LastName", "FirstName", "MiddleName", "SecondLastName", "NameSuffix")
)


def _text(el: etree._Element) -> str:
    """The element's text, whitespace-collapsed; a structured person name as "Last, First"."""
    if el.tag == _STRUCTURED_NAME:
        return _structured_name(el)
    text = el.text if not len(el) else "".join(el.itertext())
    return " ".join(text.split()) if text else ""


def _structured_name(el: etree._Element) -> str:
    """``com:PersonStructuredName`` as "LastName SecondLastName, FirstName MiddleName Suffix"."""
    parts = {child.tag: " ".join((child.text or "").split()) for child in el}
    last, first, middle, second, suffix = (parts.get(tag, "") for tag in _NAME_PARTS)
    family = " ".join(p for p in (last, second) if p)
    given = " ".join(p for p in (first, middle, suffix) if p)
    return ", ".join(p for p in (family, given) if p)


def _values(xpath, root: etree._Element, index: dict) -> list[tuple[str, str]]:
    """(text, language) pairs in document order, deduplicated."""
    seen: set[tuple[str, str]] = set()
    out = []
    for el in xpath(root, index):
        text = _text(el)
        if not text:
            continue
        item = (text, el.get(_LANGUAGE_CODE) or "")
        if item not in seen:
            seen.add(item)
            out.append(item)
    return out


# Subjects: the classification symbols, labelled with their classification.
_NICE = _FIELDS["trademarks"]["subject"]
_LOCARNO_BAGS = _x(_LOCARNO_BAG)
_LOCARNO_CLASSIFICATION = f"{{{COM}}}LocarnoClassification"
_LOCARNO_TEXT = f"{{{COM}}}LocarnoClassificationText"
_LOCARNO_CLASS = f"{{{COM}}}LocarnoClass"
_LOCARNO_SUBCLASSES = _x("com:LocarnoSubclassBag/com:LocarnoSubclass")
_IPCR_ENTRIES = _x(_IPCR)
_IPC_TEXTS = _x(
    "pat:PatentClassificationBag/pat:IPCClassification/pat:MainClassification"
    " | pat:PatentClassificationBag/pat:IPCClassification/pat:FurtherClassification"
)
_CPC_ENTRIES = _x(
    "pat:PatentClassificationBag/pat:CPCClassificationBag/pat:MainCPC/pat:CPCClassification"
    " | pat:PatentClassificationBag/pat:CPCClassificationBag/pat:FurtherCPC/"
    "pat:CPCClassification"
)
_SYMBOL_TEXT = f"{{{PAT}}}PatentClassificationText"
_SYMBOL_PARTS = {
    f"{{{PAT}}}{n}": n
    for n in ("Section", "CPCSection", "Class", "Subclass", "MainGroup", "Subgroup")
}


def _nice_subjects(root: etree._Element, index: dict) -> list[str]:
    return [f"Nice class {text}" for text, _ in _values(_NICE, root, index)]


def _locarno_subjects(root: etree._Element, index: dict) -> list[str]:
    """``Locarno 32-00`` per class and subclass (``Locarno 32`` for a class alone)."""
    out: list[str] = []
    for bag in _LOCARNO_BAGS(root, index):
        for entry in bag:
            if entry.tag == _LOCARNO_TEXT:
                if _text(entry):
                    out.append(f"Locarno {_text(entry)}")
            elif entry.tag == _LOCARNO_CLASSIFICATION:
                cls = _text(next(entry.iterchildren(_LOCARNO_CLASS), entry))
                if not cls:
                    continue
                subclasses = [_text(s) for s in _LOCARNO_SUBCLASSES(entry, index) if _text(s)]
                out += [f"Locarno {cls}-{s}" for s in subclasses] or [f"Locarno {cls}"]
    return out


def _symbol(entry: etree._Element) -> str:
    """``A61K 36/185`` from a structured IPC/CPC entry (or its classification text)."""
    parts: dict[str, str] = {}
    for child in entry:
        name = _SYMBOL_PARTS.get(child.tag)
        if name:
            parts[name] = (child.text or "").strip()
        elif child.tag == _SYMBOL_TEXT:
            return _symbol_of_text(_text(child))
    subclass = (
        parts.get("Section", parts.get("CPCSection", ""))
        + parts.get("Class", "")
        + parts.get("Subclass", "")
    )
    group = parts.get("MainGroup", "")
    if group and parts.get("Subgroup"):
        group = f"{group}/{parts['Subgroup']}"
    return " ".join(p for p in (subclass, group) if p)


#: The symbol at the start of an IPC/CPC text (the ST.36 ``text`` is the fixed-width IPC data
#: format: symbol, then version date, level, position... run together once spaces collapse).
_SYMBOL_AT_START = re.compile(r"([A-HY]\d{2}[A-Z])\s*(\d{1,4})\s*/\s*(\d{1,6})(?!\d)")


def _symbol_of_text(text: str) -> str:
    """``A23L 2/38`` for ``A23L 2/38 20060101AFI20201215BHKH``; other texts unchanged."""
    match = _SYMBOL_AT_START.match(text)
    return f"{match[1]} {match[2]}/{match[3]}" if match else text


def _patent_subjects(root: etree._Element, index: dict) -> list[str]:
    """``IPC A61K 36/185`` per IPC entry, then ``CPC ...`` per CPC entry."""
    out = [f"IPC {s}" for s in map(_symbol, _IPCR_ENTRIES(root, index)) if s]
    out += [f"IPC {_symbol_of_text(text)}" for text, _ in _values(_IPC_TEXTS, root, index)]
    out += [f"CPC {s}" for s in map(_symbol, _CPC_ENTRIES(root, index)) if s]
    return list(dict.fromkeys(out))


_SUBJECTS = {
    "trademarks": _nice_subjects,
    "designs": _locarno_subjects,
    "patents": _patent_subjects,
}


def _tagged_languages(root: etree._Element) -> Iterator[str]:
    """``com:languageCode`` values of the record's elements, in document order."""
    for el in root.iter(etree.Element):
        lang = el.get(_LANGUAGE_CODE)
        if lang:
            yield lang.strip()


def _publisher(root: etree._Element, fields: dict, index: dict, office_code: str | None) -> str:
    """The office: its code element, else the ``com:officeCode`` the record carries, else the
    office the record was harvested from."""
    for text, _ in _values(fields["publisher"], root, index)[:1]:
        return text
    holders = [root]
    if "office_attribute" in fields:
        holders += fields["office_attribute"](root, index)
    for el in holders:
        code = (el.get(_OFFICE_CODE) or "").strip()
        if code:
            return code
    return office_code or ""


def st96_to_dc(root: etree._Element, office_code: str | None = None) -> etree._Element:
    """The ``oai_dc:dc`` element describing one ST.96 record.

    ``office_code`` (the office the record was harvested from) is the publisher when the
    record itself names no office.
    """
    ip_type = _TYPE_BY_ROOT.get(root.tag, "trademarks")
    fields = _FIELDS[ip_type]
    index: dict = {}
    ns = etree.QName(root).namespace
    dc = etree.Element(f"{{{OAI_DC_NS}}}dc", nsmap=_NSMAP)
    dc.set(f"{{{XSI_NS}}}schemaLocation", _SCHEMA_LOCATION)

    def add(name: str, text: str, lang: str = "") -> None:
        el = etree.SubElement(dc, f"{{{DC_NS}}}{name}")
        el.text = text
        if lang:
            el.set(XML_LANG, lang)

    def values(name: str, first_fallback: bool = False) -> list[tuple[str, str]]:
        """The field's values; when there are none, its ``_fallback`` field's (only the first
        of them with ``first_fallback``)."""
        found = _values(fields[name], root, index)
        if not found and f"{name}_fallback" in fields:
            found = _values(fields[f"{name}_fallback"], root, index)
            if first_fallback:
                found = found[:1]
        return found

    identifiers = values("identifier")
    titles = values("title")
    if not titles:
        label = _IP_LABEL.get(ns or "", "Record")
        titles = [(f"{label} {identifiers[0][0]}" if identifiers else label, "")]
    for text, lang in titles:
        add("title", text, lang)
    for text, lang in _values(fields["creator"], root, index):
        add("creator", text, lang)
    for text in _SUBJECTS[ip_type](root, index):
        add("subject", text)
    for text, lang in _values(fields["contributor"], root, index):
        add("contributor", text, lang)
    publisher = _publisher(root, fields, index, office_code)
    if publisher:
        add("publisher", publisher)
    for text, _ in values("date", first_fallback=True):
        add("date", text)
    add("type", _IP_LABEL.get(ns or "", "Record"))
    if "category" in fields:
        for text, _ in _values(fields["category"], root, index):
            add("type", text)
    for text, _ in identifiers:
        add("identifier", text)
    languages = [text for text, _ in _values(fields["language"], root, index)]
    if not languages:  # the language the title is in is the record's
        languages = [lang for _, lang in titles if lang]
    if not languages:  # else the first language a text of the record is tagged with
        first = next((lang for lang in _tagged_languages(root) if lang), None)
        languages = [first] if first else []
    for text in dict.fromkeys(languages):
        add("language", text)
    return dc
