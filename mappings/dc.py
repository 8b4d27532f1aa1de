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

from collections.abc import Iterable

from lxml import etree

from mappings.dc_fields import (
    FIELDS,
    PLANS,
    SUBJECTS,
    Found,
    collect,
    field_values,
    first_tagged_language,
    publisher_of,
)
from mappings.st96 import COM, DGN, PAT, TMK
from xsd.namespaces import DC_NS, OAI_DC_NS, XSI_NS

__all__ = ["DC_NS", "OAI_DC_NS", "st96_to_dc", "st96_to_dc_bytes"]

XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
_SCHEMA_LOCATION = f"{OAI_DC_NS} http://www.openarchives.org/OAI/2.0/oai_dc.xsd"
_NS = {"tmk": TMK, "com": COM, "dgn": DGN, "pat": PAT}

_IP_LABEL = {TMK: "Trademark", DGN: "Industrial design", PAT: "Patent"}
_TYPE_BY_ROOT = {
    f"{{{TMK}}}Trademark": "trademarks",
    f"{{{DGN}}}Design": "designs",
    f"{{{PAT}}}BibliographicData": "patents",
}

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
    values = field_values(found, fields[name])
    fallback = fields.get(f"{name}_fallback")
    if not values and fallback:
        values = field_values(found, fallback)
        if first_fallback:
            values = values[:1]
    return values


def _languages(
    root: etree._Element, fields: dict, found: Found, titles: list[tuple[str, str]]
) -> list[str]:
    """The language elements; else the title's language; else the first tagged text's."""
    languages = [text for text, _ in field_values(found, fields["language"])]
    if not languages:  # the language the title is in is the record's
        languages = [lang for _, lang in titles if lang]
    if not languages:  # else the first language a text of the record is tagged with
        first = first_tagged_language(root)
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
    fields = FIELDS[ip_type]
    found = collect(root, PLANS[ip_type], {})
    label = _label(root_tag)
    identifiers = _first_or_fallback(fields, found, "identifier")
    titles = _first_or_fallback(fields, found, "title")
    if not titles:
        titles = [(f"{label} {identifiers[0][0]}" if identifiers else label, "")]
    parts: list[str] = []
    _add(parts, "title", _with_source_texts(titles, "title", texts) if texts else titles)
    _add(parts, "creator", field_values(found, fields["creator"]))
    _add_texts(parts, "subject", SUBJECTS[ip_type](found))
    if texts:
        _add(parts, "description", _with_source_texts([], "description", texts))
    _add(parts, "contributor", field_values(found, fields["contributor"]))
    publisher = publisher_of(root, fields, found, office_code)
    if publisher:
        _add_texts(parts, "publisher", [publisher])
    _add_texts(parts, "date", [t for t, _ in _first_or_fallback(fields, found, "date", True)])
    _add_texts(parts, "type", [label])
    if "category" in fields:
        _add_texts(parts, "type", [t for t, _ in field_values(found, fields["category"])])
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
