"""Metadata formats the provider disseminates, as a registry per app that others extend.

One :class:`MetadataFormat` per prefix says where a record's bytes come from (a column, maybe
through a join), which records can be disseminated (as SQL, so lists page on the database, and
as Python, for GetRecord), and its schema and namespace. Each app holds its own
:class:`FormatRegistry` in ``app.extensions`` (made with the three built-in formats the first
time anything asks for it, so the order in which parts are set up does not matter); the
quality ``feedback`` format is one :func:`register` call. The registry knows no format by name:
what is special about a format (``st96`` withholding invalid records, its description before the
first record) is a field of that format.

* ``st96``: the pre-rendered ST.96 root; records whose validation_status is ``invalid`` are not
  disseminated (a format promises schema-valid records). Schema and namespace depend on the IP
  type: ListMetadataFormats without an identifier names the one IP type the client may harvest,
  or ST.96's Common schema when it may harvest several (OAI-PMH lists each prefix once).
* ``oai_dc``: the pre-rendered Dublin Core.
* ``original``: the office's record exactly as harvested (``SourceRecord.raw``); its namespace is
  the one of its root. A root without a namespace cannot sit in OAI-PMH's ``metadata`` (whose
  wildcard is ``##other``), so such records are not disseminated as ``original``. When the
  client's records come in several office formats, ListMetadataFormats without an identifier
  describes ``original`` by :data:`MIXED_ORIGINAL`; with an identifier, by the record's own root.

Deleted records are listed in every format, as headers with ``status="deleted"``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from flask import Flask, current_app
from lxml import etree
from sqlalchemy import ColumnElement, Select, and_, or_, select
from sqlalchemy.orm import Session

from node.extensions import OAI_FORMATS
from oaiprotocol.errors import CannotDisseminateFormat
from store.models import PublishedRecord, SourceRecord
from xsd.namespaces import OAI_DC_NS, OAI_DC_SCHEMA

_ST96 = "http://www.wipo.int/standards/XMLSchema/ST96"
_ST96_SCHEMAS = "https://www.wipo.int/standards/XMLSchema/ST96/V6_0"

#: ip_type → (schema URL, namespace) of the single-record ST.96 root the node publishes.
ST96_BY_IP_TYPE: dict[str, tuple[str, str]] = {
    "trademarks": (
        f"{_ST96_SCHEMAS}/Trademark/Document/TrademarkApplication_V6_0.xsd",
        f"{_ST96}/Trademark",
    ),
    "patents": (
        f"{_ST96_SCHEMAS}/Patent/Document/PatentPublication_V6_0.xsd",
        f"{_ST96}/Patent",
    ),
    "designs": (
        f"{_ST96_SCHEMAS}/Design/Document/DesignApplication_V6_0.xsd",
        f"{_ST96}/Design",
    ),
}

#: Schema URLs of office formats by their root namespace, for ``original``. A namespace not
#: listed here is described with ``urn:iphub:schema-unknown`` rather than a guessed URL.
ORIGINAL_SCHEMAS: dict[str, str] = {}
UNKNOWN_SCHEMA = "urn:iphub:schema-unknown"
#: ``st96`` for a client of several IP types: every record's elements are in ST.96 Common's.
MIXED_ST96 = (f"{_ST96_SCHEMAS}/Common/Common_V6_0.xsd", f"{_ST96}/Common")
#: ``original`` for a client whose records come in several office formats.
MIXED_ORIGINAL = (UNKNOWN_SCHEMA, "urn:iphub:original:mixed")

_table = PublishedRecord.__table__
_source = SourceRecord.__table__


@dataclass(frozen=True)
class MetadataFormat:
    """One metadataPrefix: where its bytes live and which records have them."""

    prefix: str
    #: The column holding the metadata bytes (selected as ``payload``).
    payload: ColumnElement
    #: SQL condition for a non-deleted record to be disseminated in this format.
    available: ColumnElement
    #: (schema, namespace) for one record, from its ip_type and payload; None = not available.
    describe: Callable[[str, bytes | None], tuple[str, str] | None]
    #: Adds the joins ``payload`` and ``available`` need to a select over published_records.
    join: Callable[[Select], Select] = field(default=lambda query: query)
    #: Whether a view without ``originals`` may not see it.
    original: bool = False
    #: (schema, namespace) for ListMetadataFormats without identifier, when it does not
    #: depend on the record (oai_dc, feedback); None = derived from the store.
    description: tuple[str, str] | None = None
    #: (schema, namespace) for ListMetadataFormats without identifier when the client's
    #: records have several (the prefix is listed once); None = the first one found.
    mixed: tuple[str, str] | None = None
    #: The descriptions the client's records may have, for ListMetadataFormats without
    #: identifier: ``(session, [(office, ip_type), ...]) -> [(schema, namespace), ...]``.
    candidates: Callable[[Session, list[tuple[str, str]]], list[tuple[str, str]]] | None = None
    #: Listed even before the first record (described by ``mixed`` until one is known).
    always_listed: bool = False
    #: Records whose validation_status is ``invalid`` are not disseminated in this format.
    withhold_invalid: bool = False

    def check(self, ip_type: str, payload: bytes | None, validation_status: str) -> bool:
        """Python twin of :attr:`available` for a fetched row."""
        if self.withhold_invalid and validation_status == "invalid":
            return False
        return self.describe(ip_type, payload) is not None


def root_namespace(payload: bytes) -> str | None:
    """Namespace of the payload's root element, read from its start tag only (no full parse)."""
    parser = etree.XMLPullParser(events=("start",), resolve_entities=False, no_network=True)
    try:
        parser.feed(payload[:8192])
        for _event, element in parser.read_events():
            return etree.QName(element).namespace
    except etree.XMLSyntaxError:
        return None
    return None


def _st96(ip_type: str, payload: bytes | None) -> tuple[str, str] | None:
    return ST96_BY_IP_TYPE.get(ip_type) if payload is not None else None


def _oai_dc(_ip_type: str, payload: bytes | None) -> tuple[str, str] | None:
    return (OAI_DC_SCHEMA, OAI_DC_NS) if payload is not None else None


def _original(_ip_type: str, payload: bytes | None) -> tuple[str, str] | None:
    namespace = root_namespace(payload) if payload else None
    if not namespace:
        return None
    return ORIGINAL_SCHEMAS.get(namespace, UNKNOWN_SCHEMA), namespace


def _join_source(query: Select) -> Select:
    return query.outerjoin(_source, _source.c.id == _table.c.source_record_id)


def _st96_candidates(_session: Session, pairs: list[tuple[str, str]]) -> list[tuple[str, str]]:
    return [ST96_BY_IP_TYPE[t] for t in sorted({t for _, t in pairs}) if t in ST96_BY_IP_TYPE]


def built_in() -> list[MetadataFormat]:
    """The formats every node disseminates, in the order ListMetadataFormats lists them."""
    return [
        MetadataFormat(
            prefix="st96",
            payload=_table.c.st96,
            available=and_(_table.c.st96.is_not(None), _table.c.validation_status != "invalid"),
            describe=_st96,
            mixed=MIXED_ST96,
            candidates=_st96_candidates,
            always_listed=True,
            withhold_invalid=True,
        ),
        MetadataFormat(
            prefix="oai_dc",
            payload=_table.c.dc,
            available=_table.c.dc.is_not(None),
            describe=_oai_dc,
            description=(OAI_DC_SCHEMA, OAI_DC_NS),
        ),
        MetadataFormat(
            prefix="original",
            payload=_source.c.raw,
            available=_source.c.raw.is_not(None),
            describe=_original,
            join=_join_source,
            original=True,
            mixed=MIXED_ORIGINAL,
            candidates=_original_descriptions,
        ),
    ]


class FormatRegistry(dict[str, MetadataFormat]):
    """prefix → format, in the order they were added (ListMetadataFormats' order)."""

    def add(self, fmt: MetadataFormat) -> None:
        """Add (or replace) a format."""
        self[fmt.prefix] = fmt

    def get_format(self, prefix: str, originals_allowed: bool = True) -> MetadataFormat:
        """The format of ``prefix``; cannotDisseminateFormat when unknown or outside the view."""
        fmt = self.get(prefix)
        if fmt is None or (fmt.original and not originals_allowed):
            raise CannotDisseminateFormat(f"metadataPrefix {prefix!r} is not supported")
        return fmt

    def visible(self, originals_allowed: bool) -> list[MetadataFormat]:
        """The formats a view may see, in registration order."""
        return [f for f in self.values() if originals_allowed or not f.original]


def registry_of(app: Flask) -> FormatRegistry:
    """The app's registry, made with the built-in formats on first use."""
    found = app.extensions.get(OAI_FORMATS)
    if found is None:
        found = app.extensions[OAI_FORMATS] = FormatRegistry((f.prefix, f) for f in built_in())
    return found


def register(app: Flask, fmt: MetadataFormat) -> None:
    """Add (or replace) a format on ``app``'s provider."""
    registry_of(app).add(fmt)


def registry() -> FormatRegistry:
    """The current app's registry."""
    return registry_of(current_app._get_current_object())


def repository_description(
    session: Session, fmt: MetadataFormat, pairs: list[tuple[str, str]]
) -> tuple[str, str] | None:
    """The one (schema, namespace) describing ``fmt`` for ListMetadataFormats without
    identifier, for a client that may harvest ``pairs`` (office, ip_type); None = not listed.

    OAI-PMH lists each prefix once, so a format whose namespace depends on the record is
    described by :attr:`MetadataFormat.mixed` when the client's records have several; a format
    :attr:`~MetadataFormat.always_listed` (``st96``) is listed even before the first record.
    """
    if fmt.description is not None:
        return fmt.description
    found = fmt.candidates(session, pairs) if fmt.candidates is not None else []
    if len(found) == 1:
        return found[0]
    return fmt.mixed if found or fmt.always_listed else None


def _original_descriptions(session: Session, pairs: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """One description per distinct root namespace among a sample of each source prefix of
    the records the client may harvest (``pairs``: office, ip_type)."""
    if not pairs:
        return []
    allowed = or_(*(and_(_table.c.office_code == o, _table.c.ip_type == t) for o, t in pairs))
    joined = select(_source.c.raw).join(_table, _table.c.source_record_id == _source.c.id)
    prefixes = session.execute(
        select(_source.c.metadata_prefix)
        .join(_table, _table.c.source_record_id == _source.c.id)
        .where(_source.c.raw.is_not(None), allowed)
        .distinct()
    ).scalars()
    found: dict[str, tuple[str, str]] = {}
    for prefix in sorted(prefixes):
        raw: Any = session.execute(
            joined.where(
                _source.c.metadata_prefix == prefix, _source.c.raw.is_not(None), allowed
            ).limit(1)
        ).scalar()
        description = _original("", raw)
        if description:
            found.setdefault(description[1], description)
    return list(found.values())
