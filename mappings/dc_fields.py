"""Which ST.96 elements feed each oai_dc field, and reading them in one pass.

Every field is a union of child paths from the record root per IP type; all of them are
answered by one C-level pass over the elements whose tag ends a path (``root.iter(*tags)``)
into a trie of the paths (:func:`collect`), then read as (text, language) values, subjects
(Nice / Locarno classes, IPC symbols) and the publisher. :mod:`mappings.dc` writes them.
"""

from __future__ import annotations

import re

from lxml import etree

from mappings.st96 import COM, DGN, PAT, TMK

_NS = {"tmk": TMK, "com": COM, "dgn": DGN, "pat": PAT}

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
FIELDS: dict[str, dict[str, tuple[Path, ...]]] = {
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
    paths = {p for group in FIELDS[ip_type].values() for p in group}
    paths.update(_SUBJECT_PATHS[ip_type])
    return _trie(paths)


PLANS = {ip_type: _plan(ip_type) for ip_type in FIELDS}


def collect(node: etree._Element, trie: Trie, found: Found) -> Found:
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
                collect(child, below, found)
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


def field_values(found: Found, paths: tuple[Path, ...]) -> list[tuple[str, str]]:
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
    return [f"Nice class {text}" for text, _ in field_values(found, _NICE)]


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
    out += [f"IPC {_symbol_of_text(text)}" for text, _ in field_values(found, _IPC_TEXTS)]
    out += [f"CPC {s}" for s in map(_symbol, _select(found, _CPC_ENTRIES)) if s]
    return list(dict.fromkeys(out))


SUBJECTS = {
    "trademarks": _nice_subjects,
    "designs": _locarno_subjects,
    "patents": _patent_subjects,
}


#: The ``com:languageCode`` values of the root and its descendants, in document order (an
#: XPath over attribute values: several times cheaper than reading every element in Python).
_TAGGED_LANGUAGES = etree.XPath(
    "descendant-or-self::*/@com:languageCode", namespaces={"com": COM}, smart_strings=False
)


def first_tagged_language(root: etree._Element) -> str | None:
    """The first ``com:languageCode`` of the record that is not blank, stripped."""
    return next((s for s in (lang.strip() for lang in _TAGGED_LANGUAGES(root)) if s), None)


def publisher_of(root: etree._Element, fields: dict, found: Found, office_code: str | None) -> str:
    """The office: its code element, else the ``com:officeCode`` the record carries, else the
    office the record was harvested from."""
    for text, _ in field_values(found, fields["publisher"])[:1]:
        return text
    holders = [root]
    if "office_attribute" in fields:
        holders += _select(found, fields["office_attribute"])
    for el in holders:
        code = (el.get(_OFFICE_CODE) or "").strip()
        if code:
            return code
    return office_code or ""
