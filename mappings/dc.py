"""ST.96 → ``oai_dc:dc``: the Dublin Core view OAI-PMH requires of every repository.

Simple Dublin Core is deliberately lossy: a harvester that only understands oai_dc should still
find the mark's name, its numbers, dates, owner, office and classes. The XPaths are compiled
once at import; the output validates against ``oai_dc.xsd``.
"""

from __future__ import annotations

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
    "com:Contact/com:Name/com:EntityName | "
    "com:Contact/com:Name/com:OrganizationName/com:OrganizationStandardName | "
    "com:Contact/com:Name/com:PersonName/com:PersonFullName | "
    "com:Contact/com:Name/com:PersonName/com:PersonStructuredName"
)

# field → XPath per ip_type; text nodes' elements are returned so xml:lang can be carried.
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
        "creator": _x(
            " | ".join(
                f"tmk:ApplicantBag/tmk:Applicant/{p.strip()}" for p in _PARTY_NAMES.split("|")
            )
        ),
        "contributor": _x(
            " | ".join(
                f"com:RepresentativeBag/com:Representative/{p.strip()}"
                for p in _PARTY_NAMES.split("|")
            )
        ),
        "category": _x("tmk:MarkCategory"),
        "publisher": _x("com:RegistrationOfficeCode"),
        "language": _x("com:ApplicationLanguageCode"),
    },
    "designs": {
        "title": _x(".//dgn:DesignTitle | .//dgn:ProductName | .//com:DesignTitle"),
        "identifier": _x(".//com:ApplicationNumberText | .//com:RegistrationNumber"),
        "date": _x(".//com:ApplicationDate | .//com:RegistrationDate"),
        "subject": _x(".//dgn:LocarnoClassification/com:LocarnoClass | .//dgn:ClassNumber"),
        "creator": _x(
            ".//dgn:Applicant//com:EntityName | .//dgn:Applicant//com:OrganizationStandardName"
            " | .//dgn:Applicant//com:PersonFullName"
        ),
        "publisher": _x(".//com:RegistrationOfficeCode | .//com:IPOfficeCode"),
        "language": _x(".//com:ApplicationLanguageCode"),
    },
    "patents": {
        "title": _x(".//pat:InventionTitle"),
        "identifier": _x(
            ".//com:ApplicationNumberText | .//pat:PatentNumber | .//com:PublicationNumber"
        ),
        "date": _x(".//com:ApplicationDate | .//com:FilingDate | .//com:PublicationDate"),
        "subject": _x(".//pat:PatentClassificationText | .//pat:MainClassification"),
        "creator": _x(
            ".//pat:Applicant//com:EntityName | .//pat:Applicant//com:OrganizationStandardName"
            " | .//pat:Applicant//com:PersonFullName"
        ),
        "publisher": _x(".//com:IPOfficeCode | .//com:IPOfficeCode"),
        "language": _x(".//com:ApplicationLanguageCode | .//com:FilingLanguageCode"),
    },
}


_LANGUAGE_CODE = f"{{{COM}}}languageCode"


def _values(xpath, root: etree._Element, index: dict) -> list[tuple[str, str]]:
    """(text, language) pairs in document order, deduplicated."""
    seen: set[tuple[str, str]] = set()
    out = []
    for el in xpath(root, index):
        text = el.text if not len(el) else "".join(el.itertext())
        if not text:
            continue
        text = " ".join(text.split())
        if not text:
            continue
        item = (text, el.get(_LANGUAGE_CODE) or "")
        if item not in seen:
            seen.add(item)
            out.append(item)
    return out


def st96_to_dc(root: etree._Element) -> etree._Element:
    """The ``oai_dc:dc`` element describing one ST.96 record."""
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

    identifiers = _values(fields["identifier"], root, index)
    titles = _values(fields["title"], root, index)
    if not titles and "title_fallback" in fields:
        titles = _values(fields["title_fallback"], root, index)
    if not titles:
        label = _IP_LABEL.get(ns or "", "Record")
        titles = [(f"{label} {identifiers[0][0]}" if identifiers else label, "")]
    for text, lang in titles:
        add("title", text, lang)
    for text, lang in _values(fields["creator"], root, index):
        add("creator", text, lang)
    for text, _ in _values(fields["subject"], root, index):
        add("subject", f"Nice class {text}" if ip_type == "trademarks" else text)
    for text, lang in (
        _values(fields.get("contributor", fields["creator"]), root, index)
        if ("contributor" in fields)
        else ()
    ):
        add("contributor", text, lang)
    for text, _ in _values(fields["publisher"], root, index)[:1]:
        add("publisher", text)
    for text, _ in _values(fields["date"], root, index):
        add("date", text)
    add("type", _IP_LABEL.get(ns or "", "Record"))
    for text, _ in (
        _values(fields.get("category", fields["publisher"]), root, index)
        if ("category" in fields)
        else ()
    ):
        add("type", text)
    for text, _ in identifiers:
        add("identifier", text)
    for text, _ in _values(fields["language"], root, index):
        add("language", text)
    return dc
