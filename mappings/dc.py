"""ST.96 → ``oai_dc:dc``: the Dublin Core view OAI-PMH requires of every repository.

Simple Dublin Core is deliberately lossy: a harvester that only understands oai_dc should still
find the mark's name, its numbers, dates, owner, office and classes. The output validates
against ``oai_dc.xsd``.

Rendering runs once per harvested record, so it is built for speed: every field is a union of
child paths from the record root, all of them answered by one C-level pass over the elements
whose tag ends a path (``root.iter(*tags)``), and the ``oai_dc:dc`` document is written as an
escaped string, byte for byte what lxml would serialise (:func:`st96_to_dc_bytes`).
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from lxml import etree

from mappings.namespaces import XSI_NS
from mappings.st96 import COM, DGN, PAT, TMK

__all__ = ["DC_NS", "OAI_DC_NS", "st96_to_dc", "st96_to_dc_bytes"]

OAI_DC_NS = "http://www.openarchives.org/OAI/2.0/oai_dc/"
DC_NS = "http://purl.org/dc/elements/1.1/"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
_SCHEMA_LOCATION = f"{OAI_DC_NS} http://www.openarchives.org/OAI/2.0/oai_dc.xsd"
_NS = {"tmk": TMK, "com": COM, "dgn": DGN, "pat": PAT}

_IP_LABEL = {TMK: "Trademark", DGN: "Industrial design", PAT: "Patent"}
_TYPE_BY_ROOT = {
    f"{{{TMK}}}Trademark": "trademarks",
    f"{{{DGN}}}Design": "designs",
    f"{{{PAT}}}BibliographicData": "patents",
}

#: A child path from the record root (or from another element): its steps' Clark names.
Path = tuple[str, ...]
#: The elements found at each path a record's fields read, in document order per path.
Found = dict[Path, list[etree._Element]]


def _paths(expr: str) -> tuple[Path, ...]:
    """``tmk:A/com:B | com:C`` → one step tuple per alternative, in the union's order (a field's
    values are all matches of the first path, then of the second...)."""
    return tuple(_split(_clark(p.strip())) for p in expr.split("|"))


def _split(path: str) -> Path:
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

# field → paths per ip_type; text nodes' elements are found so xml:lang can be carried.
_FIELDS: dict[str, dict[str, tuple[Path, ...]]] = {
    "trademarks": {
        "title": _paths(
            "tmk:MarkRepresentation/tmk:MarkReproduction/tmk:WordMarkSpecification/"
            "tmk:MarkVerbalElementText"
        ),
        "title_fallback": _paths(
            "tmk:MarkRepresentation/tmk:MarkReproduction/tmk:WordMarkSpecification/"
            "tmk:MarkSignificantVerbalElementText"
        ),
        "identifier": _paths(
            "com:ApplicationNumber/com:ApplicationNumberText | com:RegistrationNumber"
        ),
        "date": _paths("com:ApplicationDate | com:RegistrationDate"),
        "creator": _paths(_parties("tmk:ApplicantBag/tmk:Applicant")),
        "contributor": _paths(_parties("com:RepresentativeBag/com:Representative")),
        "category": _paths("tmk:MarkCategory"),
        "publisher": _paths("com:RegistrationOfficeCode"),
        "language": _paths("com:ApplicationLanguageCode"),
    },
    "designs": {
        # dgn:Design has no application number, filing date or language element: the mapper
        # puts the application number in dgn:DesignReference and the filing date in an event.
        "title": _paths("dgn:DesignTitleText"),
        "title_fallback": _paths(
            f"{_LOCARNO_BAG}/com:LocarnoClassification/com:LocarnoSubclassBag/"
            "com:LocarnoSubclassProductIndicationText"
        ),
        "identifier": _paths("dgn:DesignReference | com:RegistrationNumber"),
        "identifier_fallback": _paths("dgn:DesignIdentifier"),
        "date": _paths(
            "com:RegistrationDate | dgn:PublicationBag/dgn:Publication/com:PublicationDate"
        ),
        "date_fallback": _paths("dgn:DesignEventBag/dgn:DesignEvent/dgn:DesignEventDate"),
        "creator": _paths(
            _parties("dgn:ApplicantBag/dgn:Applicant", "dgn:DesignerBag/dgn:Designer")
        ),
        "contributor": _paths(_parties("com:RepresentativeBag/com:Representative")),
        "publisher": _paths("com:RegistrationOfficeCode"),
        "office_attribute": _paths("dgn:DesignIdentifier"),
        "language": _paths("com:ApplicationLanguageCode"),
    },
    "patents": {
        "title": _paths("pat:InventionTitleBag/pat:InventionTitle"),
        "identifier": _paths(
            "pat:ApplicationIdentification/com:ApplicationNumber/com:ApplicationNumberText"
            " | pat:PatentPublicationIdentification/pat:PublicationNumber"
            " | pat:PatentGrantIdentification/pat:PatentNumber"
        ),
        "date": _paths(
            "pat:ApplicationIdentification/pat:FilingDate"
            " | pat:PatentPublicationIdentification/com:PublicationDate"
            " | pat:PatentGrantIdentification/pat:GrantDate"
        ),
        "creator": _paths(
            _parties(
                f"{_PAT_PARTY}/pat:ApplicantBag/pat:Applicant",
                f"{_PAT_PARTY}/pat:InventorBag/pat:Inventor",
                contacts=_PAT_CONTACTS,
            )
        ),
        "contributor": _paths(
            _parties(
                f"{_PAT_PARTY}/pat:RegisteredPractitionerBag/pat:RegisteredPractitioner",
                contacts=_PAT_CONTACTS,
            )
        ),
        "publisher": _paths(
            "pat:ApplicationIdentification/com:IPOfficeCode"
            " | pat:PatentPublicationIdentification/com:IPOfficeCode"
        ),
        "language": _paths("com:FilingLanguageCode | com:PublicationLanguageCode"),
    },
}

# Subjects: the classification symbols, labelled with their classification.
_NICE = _paths(
    "tmk:GoodsServicesBag/tmk:GoodsServices/tmk:GoodsServicesClassificationBag/"
    "tmk:GoodsServicesClassification/tmk:ClassNumber"
)
_LOCARNO_BAGS = _paths(_LOCARNO_BAG)
_LOCARNO_CLASSIFICATION = f"{{{COM}}}LocarnoClassification"
_LOCARNO_TEXT = f"{{{COM}}}LocarnoClassificationText"
_LOCARNO_CLASS = f"{{{COM}}}LocarnoClass"
_LOCARNO_SUBCLASSES = _paths("com:LocarnoSubclassBag/com:LocarnoSubclass")[0]  # from an entry
_IPCR_ENTRIES = _paths(_IPCR)
_IPC_TEXTS = _paths(
    "pat:PatentClassificationBag/pat:IPCClassification/pat:MainClassification"
    " | pat:PatentClassificationBag/pat:IPCClassification/pat:FurtherClassification"
)
_CPC_ENTRIES = _paths(
    "pat:PatentClassificationBag/pat:CPCClassificationBag/pat:MainCPC/pat:CPCClassification"
    " | pat:PatentClassificationBag/pat:CPCClassificationBag/pat:FurtherCPC/"
    "pat:CPCClassification"
)
_SUBJECT_PATHS = {
    "trademarks": _NICE,
    "designs": _LOCARNO_BAGS,
    "patents": _IPCR_ENTRIES + _IPC_TEXTS + _CPC_ENTRIES,
}


#: Tag → (the trie below it, or None; the path it ends, or None): the paths an IP type reads,
#: merged, so one descent from the root visits only the children of elements on some path.
Trie = dict[str, tuple["Trie | None", Path | None]]


def _trie(paths: set[Path], depth: int = 0) -> Trie:
    """The paths as a trie from step ``depth`` on (each end keeps its whole path)."""
    trie: Trie = {}
    for tag in {p[depth] for p in paths}:
        here = {p for p in paths if p[depth] == tag}
        deeper = {p for p in here if len(p) > depth + 1}
        end = next((p for p in here if len(p) == depth + 1), None)
        trie[tag] = (_trie(deeper, depth + 1) if deeper else None, end)
    return trie


def _plan(ip_type: str) -> Trie:
    paths = {p for group in _FIELDS[ip_type].values() for p in group}
    paths.update(_SUBJECT_PATHS[ip_type])
    return _trie(paths)


_PLANS = {ip_type: _plan(ip_type) for ip_type in _FIELDS}


def _collect(node: etree._Element, trie: Trie, found: Found) -> Found:
    """The elements at every path of ``trie`` below ``node``, in document order per path: one
    descent that reads only the children of elements on some path."""
    for child in node.getchildren():  # a list built in C: cheaper than iterating the node
        entry = trie.get(child.tag)
        if entry is not None:
            below, path = entry
            if path is not None:
                group = found.get(path)
                if group is None:
                    found[path] = [child]
                else:
                    group.append(child)
            if below is not None:
                _collect(child, below, found)
    return found


def _select(found: Found, paths: tuple[Path, ...]) -> list[etree._Element]:
    """The union's elements: all of the first path's, then the second's..."""
    out: list[etree._Element] = []
    for path in paths:
        group = found.get(path)
        if group:
            out += group
    return out


def _under(el: etree._Element, path: Path) -> list[etree._Element]:
    """The elements at a child path relative to ``el`` (for the few nested lookups)."""
    nodes = [el]
    for tag in path:
        nodes = [child for node in nodes for child in node.iterchildren(tag)]
    return nodes


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
    return _plain_text(el)


def _plain_text(el: etree._Element) -> str:
    """The element's text (all of it when it has children), whitespace-collapsed."""
    text = el.text if not len(el) else "".join(el.itertext())
    return " ".join(text.split()) if text else ""


def _structured_name(el: etree._Element) -> str:
    """``com:PersonStructuredName`` as "LastName SecondLastName, FirstName MiddleName Suffix"."""
    parts = {child.tag: " ".join((child.text or "").split()) for child in el}
    last, first, middle, second, suffix = (parts.get(tag, "") for tag in _NAME_PARTS)
    family = " ".join(p for p in (last, second) if p)
    given = " ".join(p for p in (first, middle, suffix) if p)
    return ", ".join(p for p in (family, given) if p)


def _values(found: Found, paths: tuple[Path, ...]) -> list[tuple[str, str]]:
    """(text, language) pairs of the union's elements, deduplicated (the hottest loop of the
    rendering: text and ``com:languageCode`` are read inline; lxml's ``items()`` is several
    times cheaper than ``get``)."""
    seen: set[tuple[str, str]] = set()
    out = []
    for path in paths:
        group = found.get(path)
        if group is None:
            continue
        text_of = _structured_name if path[-1] == _STRUCTURED_NAME else _plain_text
        for el in group:
            text = text_of(el)
            if not text:
                continue
            lang = ""
            for name, value in el.items():
                if name == _LANGUAGE_CODE:
                    lang = value
                    break
            item = (text, lang)
            if item not in seen:
                seen.add(item)
                out.append(item)
    return out


_SYMBOL_TEXT = f"{{{PAT}}}PatentClassificationText"
_SYMBOL_PARTS = {
    f"{{{PAT}}}{n}": n
    for n in ("Section", "CPCSection", "Class", "Subclass", "MainGroup", "Subgroup")
}


def _nice_subjects(found: Found) -> list[str]:
    return [f"Nice class {text}" for text, _ in _values(found, _NICE)]


def _locarno_subjects(found: Found) -> list[str]:
    """``Locarno 32-00`` per class and subclass (``Locarno 32`` for a class alone)."""
    out: list[str] = []
    for bag in _select(found, _LOCARNO_BAGS):
        for entry in bag:
            if entry.tag == _LOCARNO_TEXT:
                if _text(entry):
                    out.append(f"Locarno {_text(entry)}")
            elif entry.tag == _LOCARNO_CLASSIFICATION:
                cls = _text(next(entry.iterchildren(_LOCARNO_CLASS), entry))
                if not cls:
                    continue
                subclasses = [_text(s) for s in _under(entry, _LOCARNO_SUBCLASSES) if _text(s)]
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


def _patent_subjects(found: Found) -> list[str]:
    """``IPC A61K 36/185`` per IPC entry, then ``CPC ...`` per CPC entry."""
    out = [f"IPC {s}" for s in map(_symbol, _select(found, _IPCR_ENTRIES)) if s]
    out += [f"IPC {_symbol_of_text(text)}" for text, _ in _values(found, _IPC_TEXTS)]
    out += [f"CPC {s}" for s in map(_symbol, _select(found, _CPC_ENTRIES)) if s]
    return list(dict.fromkeys(out))


_SUBJECTS = {
    "trademarks": _nice_subjects,
    "designs": _locarno_subjects,
    "patents": _patent_subjects,
}


#: The ``com:languageCode`` values of the root and its descendants, in document order (an
#: XPath over attribute values: several times cheaper than reading every element in Python).
_TAGGED_LANGUAGES = etree.XPath(
    "descendant-or-self::*/@com:languageCode", namespaces={"com": COM}, smart_strings=False
)


def _first_tagged_language(root: etree._Element) -> str | None:
    """The first ``com:languageCode`` of the record that is not blank, stripped."""
    return next((s for s in (lang.strip() for lang in _TAGGED_LANGUAGES(root)) if s), None)


def _publisher(root: etree._Element, fields: dict, found: Found, office_code: str | None) -> str:
    """The office: its code element, else the ``com:officeCode`` the record carries, else the
    office the record was harvested from."""
    for text, _ in _values(found, fields["publisher"])[:1]:
        return text
    holders = [root]
    if "office_attribute" in fields:
        holders += _select(found, fields["office_attribute"])
    for el in holders:
        code = (el.get(_OFFICE_CODE) or "").strip()
        if code:
            return code
    return office_code or ""


# ── serialisation: what lxml writes for the same element tree ──────────────────────────────

_OPEN = (
    f'<oai_dc:dc xmlns:oai_dc="{OAI_DC_NS}" xmlns:dc="{DC_NS}" xmlns:xsi="{XSI_NS}"'
    f' xsi:schemaLocation="{_SCHEMA_LOCATION}">'
)
_CLOSE = "</oai_dc:dc>"


def _escape_text(text: str) -> str:
    """libxml2's escaping of text content (``\\r`` would not survive a parse as itself)."""
    if "&" in text:
        text = text.replace("&", "&amp;")
    if "<" in text:
        text = text.replace("<", "&lt;")
    if ">" in text:
        text = text.replace(">", "&gt;")
    if "\r" in text:
        text = text.replace("\r", "&#13;")
    return text


def _escape_attribute(value: str) -> str:
    """libxml2's escaping of a double-quoted attribute value (whitespace kept as written)."""
    value = _escape_text(value)
    for char, ref in (('"', "&quot;"), ("\n", "&#10;"), ("\t", "&#9;")):
        if char in value:
            value = value.replace(char, ref)
    return value


def _add(parts: list[str], name: str, values: list[tuple[str, str]]) -> None:
    """``<dc:name xml:lang="...">text</dc:name>`` per (text, language) value."""
    for text, lang in values:
        if lang:
            parts.append(
                f'<dc:{name} xml:lang="{_escape_attribute(lang)}">{_escape_text(text)}</dc:{name}>'
            )
        else:
            parts.append(f"<dc:{name}>{_escape_text(text)}</dc:{name}>")


def _add_texts(parts: list[str], name: str, texts: list[str]) -> None:
    """``<dc:name>text</dc:name>`` per text."""
    for text in texts:
        parts.append(f"<dc:{name}>{_escape_text(text)}</dc:{name}>")


# ── the record ──────────────────────────────────────────────────────────────────────────────


def _first_or_fallback(
    fields: dict, found: Found, name: str, first_fallback: bool = False
) -> list[tuple[str, str]]:
    """The field's values; when there are none, its ``_fallback`` field's (only the first of
    them with ``first_fallback``)."""
    values = _values(found, fields[name])
    fallback = fields.get(f"{name}_fallback")
    if not values and fallback:
        values = _values(found, fallback)
        if first_fallback:
            values = values[:1]
    return values


def _languages(
    root: etree._Element, fields: dict, found: Found, titles: list[tuple[str, str]]
) -> list[str]:
    """The language elements; else the title's language; else the first tagged text's."""
    languages = [text for text, _ in _values(found, fields["language"])]
    if not languages:  # the language the title is in is the record's
        languages = [lang for _, lang in titles if lang]
    if not languages:  # else the first language a text of the record is tagged with
        first = _first_tagged_language(root)
        languages = [first] if first else []
    return list(dict.fromkeys(languages))


def _label(root_tag: str) -> str:
    """ "Trademark", "Patent", "Industrial design" by the root's namespace, else "Record"."""
    namespace = root_tag[1:].partition("}")[0] if root_tag[:1] == "{" else ""
    return _IP_LABEL.get(namespace, "Record")


#: A text of the source that ST.96 has no place for: ``(dc element, language, text)``.
SourceText = tuple[str, str | None, str]


def _with_source_texts(
    values: list[tuple[str, str]], name: str, texts: Iterable[SourceText]
) -> list[tuple[str, str]]:
    """``values`` (text, language) plus the source texts for element ``name`` that are not
    already among them (the language variants ST.96 could not hold, patent abstracts)."""
    seen = {text for text, _ in values}
    out = list(values)
    for element, lang, text in texts:
        if element == name and text not in seen:
            seen.add(text)
            out.append((text, lang or ""))
    return out


def _dc_parts(
    root: etree._Element, office_code: str | None, texts: tuple[SourceText, ...] = ()
) -> list[str]:
    """The ``dc:*`` elements of one record, serialised, in the order of the oai_dc schema
    examples (title, creator, subject, description, contributor, publisher, date, type,
    identifier, language)."""
    root_tag = root.tag
    ip_type = _TYPE_BY_ROOT.get(root_tag, "trademarks")
    fields = _FIELDS[ip_type]
    found = _collect(root, _PLANS[ip_type], {})
    label = _label(root_tag)
    identifiers = _first_or_fallback(fields, found, "identifier")
    titles = _first_or_fallback(fields, found, "title")
    if not titles:
        titles = [(f"{label} {identifiers[0][0]}" if identifiers else label, "")]
    parts: list[str] = []
    _add(parts, "title", _with_source_texts(titles, "title", texts) if texts else titles)
    _add(parts, "creator", _values(found, fields["creator"]))
    _add_texts(parts, "subject", _SUBJECTS[ip_type](found))
    if texts:
        _add(parts, "description", _with_source_texts([], "description", texts))
    _add(parts, "contributor", _values(found, fields["contributor"]))
    publisher = _publisher(root, fields, found, office_code)
    if publisher:
        _add_texts(parts, "publisher", [publisher])
    _add_texts(parts, "date", [t for t, _ in _first_or_fallback(fields, found, "date", True)])
    _add_texts(parts, "type", [label])
    if "category" in fields:
        _add_texts(parts, "type", [t for t, _ in _values(found, fields["category"])])
    _add_texts(parts, "identifier", [t for t, _ in identifiers])
    _add_texts(parts, "language", _languages(root, fields, found, titles))
    return parts


def st96_to_dc_bytes(
    root: etree._Element, office_code: str | None = None, texts: Iterable[SourceText] = ()
) -> bytes:
    """The serialised ``oai_dc:dc`` element of one ST.96 record: UTF-8, no XML declaration,
    byte for byte ``etree.tostring(st96_to_dc(root, office_code), encoding="UTF-8")``.

    ``office_code`` (the office the record was harvested from) is the publisher when the
    record itself names no office. ``texts`` are source texts ST.96 has no place for (the
    mapper's ``dc_texts``: a design title's other languages, a patent's abstracts): they
    become ``dc:title`` / ``dc:description`` with ``xml:lang``.
    """
    return "".join((_OPEN, *_dc_parts(root, office_code, tuple(texts)), _CLOSE)).encode()


_PARSER = etree.XMLParser(resolve_entities=False, no_network=True)


def st96_to_dc(
    root: etree._Element, office_code: str | None = None, texts: Iterable[SourceText] = ()
) -> etree._Element:
    """The ``oai_dc:dc`` element describing one ST.96 record (:func:`st96_to_dc_bytes`, parsed:
    for callers that want a tree rather than the bytes to store)."""
    return etree.fromstring(st96_to_dc_bytes(root, office_code, texts), _PARSER)
