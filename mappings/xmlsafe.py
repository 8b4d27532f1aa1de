"""The one hardened XML parser for everything iphub reads from the outside.

Offices' exports and OAI-PMH pages are untrusted input. We refuse the classic XML attacks
up front rather than trusting each caller to configure lxml correctly:

* a DOCTYPE may only name an external DTD (``<!DOCTYPE patent-document SYSTEM "ST36.dtd">``, as
  ST.36 documents are sent): the DTD is ignored and never loaded, every external resource is
  answered with an empty document by :class:`_NothingResolver` (no network, no file access);
* an internal subset declaring entities (billion laughs, XXE) or elements is refused, and so is
  any entity reference in the content (attribute defaults are never applied);
* no network access, entities are never resolved, no ``recover`` (a broken record is an
  error, not a silently truncated tree);
* input size is bounded (``max_bytes``), and libxml2's own limits stay on (``huge_tree`` is
  off): a single text node above 10 MB or nesting deeper than :data:`MAX_DEPTH` is refused.
"""

from __future__ import annotations

import threading

from lxml import etree

from mappings.errors import MalformedXMLError, UnsafeXMLError

__all__ = ["DEFAULT_MAX_BYTES", "MAX_DEPTH", "parse_xml", "safe_parser"]

DEFAULT_MAX_BYTES = 20_000_000
"""Largest accepted input. A trademark record is ~5 KB; an OAI-PMH page of 100 records with
images references stays well below this."""

MAX_DEPTH = 256
"""Deepest element nesting accepted (libxml2's limit without ``huge_tree``). Real records nest
about 15 levels deep."""

_local = threading.local()


class _NothingResolver(etree.Resolver):
    """Answers every external resource (DTD, external entity, parameter entity) with an empty
    document, so libxml2 never opens a file or a socket.

    ``load_dtd=False`` does not stop libxml2 from reading an external DTD named in a DOCTYPE
    (it reads it to learn attribute defaults): without this resolver a ``SYSTEM "/etc/passwd"``
    is opened. ``no_network`` stays on as a second fence.
    """

    def resolve(self, system_url: str, public_id: str, context: object) -> object:
        return self.resolve_string("", context)


def safe_parser() -> etree.XMLParser:
    """A new hardened parser; hand it to sickle (or any lxml call) for parsing pages.

    lxml parsers must not be shared between threads, hence a factory rather than a constant.
    DOCTYPEs are not rejected by the parser itself (lxml has no switch for it) but with
    ``resolve_entities=False`` and the resolver that loads nothing, nothing in them is ever
    acted upon; :func:`parse_xml` additionally refuses internal subsets and entity references.
    """
    parser = etree.XMLParser(
        resolve_entities=False,
        no_network=True,
        load_dtd=False,
        dtd_validation=False,
        huge_tree=False,
        recover=False,
        remove_comments=True,
        remove_pis=True,
        collect_ids=False,
    )
    parser.resolvers.add(_NothingResolver())
    return parser


def _parser() -> etree.XMLParser:
    parser = getattr(_local, "parser", None)
    if parser is None:
        parser = _local.parser = safe_parser()
    return parser


_UNSAFE_HINTS = (
    ("excessive depth", "the document nests elements deeper than {depth} levels"),
    ("huge input lookup", "a text node or attribute is larger than libxml2's 10 MB limit"),
    ("text node", "a text node is larger than libxml2's 10 MB limit"),
    ("huge_tree", "the document exceeds libxml2's size limits (huge_tree is off)"),
    ("xml_parse_huge", "the document exceeds libxml2's size limits (huge_tree is off)"),
    ("amplification", "entity expansion amplification"),
    ("network entity", "an external DTD or entity would be loaded from the network"),
    ("entity", "entity declarations or references (refused: only an external DTD is allowed)"),
)


def _classify(exc: etree.XMLSyntaxError) -> Exception:
    """Turn lxml's error into ours: resource-limit hits are *unsafe*, the rest *malformed*."""
    msg = str(exc)
    low = msg.lower()
    for needle, reason in _UNSAFE_HINTS:
        if reason and needle in low:
            return UnsafeXMLError(f"refused unsafe XML: {reason.format(depth=MAX_DEPTH)} ({msg})")
    return MalformedXMLError(f"not well-formed XML: {msg}")


def parse_xml(data: bytes, *, max_bytes: int = DEFAULT_MAX_BYTES) -> etree._Element:
    """Parse untrusted bytes into an element, or raise a :class:`~mappings.errors.SourceError`.

    Raises :class:`UnsafeXMLError` for DOCTYPEs, oversize or too deep input and
    :class:`MalformedXMLError` for anything that is not well-formed XML.
    """
    if not isinstance(data, bytes | bytearray | memoryview):
        raise MalformedXMLError(f"expected bytes, got {type(data).__name__}")
    if len(data) > max_bytes:
        raise UnsafeXMLError(
            f"refused XML of {len(data):,} bytes: larger than the limit of {max_bytes:,} bytes"
        )
    if not data:
        raise MalformedXMLError("not well-formed XML: empty document")
    try:
        root = etree.fromstring(bytes(data), parser=_parser())
    except etree.XMLSyntaxError as exc:
        raise _classify(exc) from None
    except ValueError as exc:  # e.g. unicode strings with an encoding declaration
        raise MalformedXMLError(f"not well-formed XML: {exc}") from None
    docinfo = root.getroottree().docinfo
    if docinfo.doctype:
        _check_doctype(root, docinfo)
    return root


def _check_doctype(root: etree._Element, docinfo: etree.DocInfo) -> None:
    """Refuse a DOCTYPE that does more than name an external DTD (which was not loaded).

    An internal subset declaring entities, elements or attributes is refused whole (its
    entities could expand or reach outside); so is any entity reference left in the content,
    as its value would come from a DTD the hub does not read.
    """
    internal = docinfo.internalDTD
    declares = internal is not None and (
        next(internal.iterentities(), None) is not None
        or next(internal.iterelements(), None) is not None
    )
    if declares or next(root.iter(etree.Entity), None) is not None:
        raise UnsafeXMLError(
            "refused XML with entity or element declarations in its DOCTYPE or entity "
            "references in its content: only a DOCTYPE naming an external DTD is allowed, and "
            "that DTD is never loaded (risk of entity expansion or external entity access)"
        )
