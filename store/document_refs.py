"""Which documents an ST.96 record references: every ``com:FileName`` and where it sits.

Reading the published ST.96 (not the office's source format) means one reader serves every
source format the mappings handle: ST.66 ``MarkImageFilename`` becomes
``tmk:MarkImage/com:FileName``, ST.86 ``RepresentationSheetFilename`` becomes
``dgn:DesignRepresentationSheet/com:FileName`` or ``dgn:View/com:FileName``, ST.36 drawings
``com:Image/com:FileName``. ``com:ThumbnailFileName`` is not a separate document.
"""

from __future__ import annotations

from dataclasses import dataclass

from lxml import etree

from mappings.xmlsafe import parse_xml
from store.document_sniff import PDF, claimed_type

COM = "http://www.wipo.int/standards/XMLSchema/ST96/Common"
PREFIXES = {
    COM: "com",
    "http://www.wipo.int/standards/XMLSchema/ST96/Trademark": "tmk",
    "http://www.wipo.int/standards/XMLSchema/ST96/Design": "dgn",
    "http://www.wipo.int/standards/XMLSchema/ST96/Patent": "pat",
}

_ROLE_BY_PARENT = {
    "MarkImage": "mark-image",
    "MarkImageRendition": "mark-image",
    "View": "design-view",
    "DesignRepresentationSheet": "design-view",
}
_CATEGORY_ELEMENTS = ("ImageFormatCategory", "ViewFileFormatCategory", "FileFormatCategory")
_LOCATION = f"{{{COM}}}fileLocationURI"


@dataclass(frozen=True, slots=True)
class Reference:
    """One document reference of a record, in document order."""

    reference: str  # the file name as the record gives it
    role: str
    path: str  # ST.96 path of the com:FileName element
    claimed_type: str | None
    location: str | None  # an absolute http(s) URL the record gives for it, if any
    sequence: int


def read_references(st96: bytes, ip_type: str) -> list[Reference]:
    """The record's document references, first occurrence of each file name only."""
    root = parse_xml(st96)
    found: dict[str, Reference] = {}
    for element in root.iter(f"{{{COM}}}FileName"):
        name = (element.text or "").strip()
        if name and name not in found:
            found[name] = _reference(element, name, ip_type, len(found))
    return list(found.values())


def _reference(element: etree._Element, name: str, ip_type: str, sequence: int) -> Reference:
    parent = element.getparent()
    claimed = claimed_type(name, _category(parent))
    return Reference(
        reference=name,
        role=_role(etree.QName(parent).localname, claimed, ip_type),
        path=st96_path(element),
        claimed_type=claimed,
        location=_location(name, parent.get(_LOCATION)),
        sequence=sequence,
    )


def _role(parent: str, claimed: str | None, ip_type: str) -> str:
    """Role from where the file sits; PDFs elsewhere are full texts, patent images drawings."""
    if parent in _ROLE_BY_PARENT:
        return _ROLE_BY_PARENT[parent]
    if claimed == PDF:
        return "full-text"
    return "drawing" if ip_type == "patents" else "document"


def _category(parent: etree._Element) -> str | None:
    for child in parent:
        if isinstance(child.tag, str) and etree.QName(child).localname in _CATEGORY_ELEMENTS:
            return (child.text or "").strip() or None
    return None


def _location(name: str, attribute: str | None) -> str | None:
    for candidate in (attribute, name):
        if candidate and candidate.strip().lower().startswith(("http://", "https://")):
            return candidate.strip()
    return None


def st96_path(element: etree._Element) -> str:
    """``/tmk:Trademark/.../com:FileName``: the path feedback points at."""
    steps = []
    for node in [element, *element.iterancestors()]:
        qname = etree.QName(node)
        steps.append(f"{PREFIXES.get(qname.namespace, qname.namespace or '')}:{qname.localname}")
    return "/" + "/".join(reversed(steps))
