"""The streaming XML writer: envelope and headers built safely, metadata copied as stored.

Small structures (``request``, Identify, ListSets, ListMetadataFormats, errors) are built with
lxml. A list response is a generator: the envelope's opening bytes, then per record a header
whose few text values are strictly escaped, the record's stored metadata bytes copied verbatim
(rendered once at ingest, never re-parsed nor re-serialised here), then the resumptionToken and
the closing bytes. Output is regrouped into chunks of about ``CHUNK`` bytes so a page is a few
writes, not thousands.
"""

from __future__ import annotations

import zlib
from collections.abc import Iterable, Iterator, Mapping, Sequence
from datetime import datetime
from xml.sax.saxutils import escape, quoteattr

from lxml import etree

from oaiprotocol.dates import format_stamp
from oaiprotocol.elements import OAI_NS, OAI_SCHEMA, E, error_elements
from oaiprotocol.errors import OAIError
from xsd.namespaces import XSI_NS

CHUNK = 64 * 1024
#: zlib level for gzip/deflate: level 1 compresses XML ~6x at several hundred MB/s, so
#: compression never becomes the bottleneck of a harvest.
COMPRESSION_LEVEL = 1

_DECLARATION = b'<?xml version="1.0" encoding="UTF-8"?>\n'


def to_bytes(element: etree._Element) -> bytes:
    return etree.tostring(element, encoding="utf-8", xml_declaration=False)


def envelope_open(response_date: datetime, base_url: str, args: Mapping[str, str] | None) -> bytes:
    """Everything up to the verb element; ``args`` None for badVerb/badArgument (spec 3.2)."""
    request = E("request", base_url)
    for key, value in (args or {}).items():
        request.set(key, value)
    return b"".join(
        (
            _DECLARATION,
            f'<OAI-PMH xmlns="{OAI_NS}" xmlns:xsi="{XSI_NS}" '
            f'xsi:schemaLocation="{OAI_NS} {OAI_SCHEMA}">'.encode(),
            f"<responseDate>{format_stamp(response_date)}</responseDate>".encode(),
            _strip_ns(to_bytes(request)),
        )
    )


def _strip_ns(data: bytes) -> bytes:
    """The root's own ``xmlns`` repeats the envelope's default namespace; drop it."""
    return data.replace(f' xmlns="{OAI_NS}"'.encode(), b"", 1)


ENVELOPE_CLOSE = b"</OAI-PMH>"


def element_body(element: etree._Element) -> bytes:
    """A verb element built with lxml, as bytes to sit inside the envelope."""
    return _strip_ns(to_bytes(element))


def errors_body(errors: Iterable[OAIError]) -> bytes:
    return b"".join(element_body(element) for element in error_elements(errors))


def header(row, deleted: bool | None = None) -> bytes:
    """``<header>`` of a row with oai_identifier, datestamp, office_code, ip_type, deleted."""
    deleted = row.deleted if deleted is None else deleted
    office = escape(row.office_code)
    return (
        ('<header status="deleted">' if deleted else "<header>")
        + f"<identifier>{escape(row.oai_identifier)}</identifier>"
        f"<datestamp>{format_stamp(row.datestamp)}</datestamp>"
        f"<setSpec>{office}</setSpec><setSpec>{office}:{escape(row.ip_type)}</setSpec></header>"
    ).encode()


def strip_declaration(payload: bytes) -> bytes:
    """Metadata bytes without a BOM or XML declaration, which cannot appear inside a document."""
    if payload.startswith(b"\xef\xbb\xbf"):
        payload = payload[3:]
    if payload.startswith(b"<?xml"):
        end = payload.find(b"?>")
        if end != -1:
            payload = payload[end + 2 :].lstrip()
    return payload


def record(row, extra_abouts: Sequence[bytes] = ()) -> bytes:
    """One ``<record>``: header, then metadata and abouts copied as stored (not for deleted).

    ``extra_abouts`` are further ``about`` payloads computed per client (documents listing),
    one element each, as OAI-PMH's ``about`` holds exactly one.
    """
    if row.deleted:
        return b"<record>" + header(row) + b"</record>"
    parts = [
        b"<record>",
        header(row),
        b"<metadata>",
        strip_declaration(row.payload),
        b"</metadata>",
    ]
    if row.about:
        parts += [b"<about>", strip_declaration(row.about), b"</about>"]
    for payload in extra_abouts:
        parts += [b"<about>", payload, b"</about>"]
    parts.append(b"</record>")
    return b"".join(parts)


def resumption_token(
    token: str | None, complete_size: int, cursor: int, expires: datetime | None
) -> bytes:
    """The resumptionToken element; empty on the last page, with size and cursor always."""
    attrs = f' completeListSize="{complete_size}" cursor="{cursor}"'
    if token is None:
        return f"<resumptionToken{attrs}/>".encode()
    expiration = f" expirationDate={quoteattr(format_stamp(expires))}" if expires else ""
    return f"<resumptionToken{expiration}{attrs}>{escape(token)}</resumptionToken>".encode()


def chunked(parts: Iterable[bytes], size: int = CHUNK) -> Iterator[bytes]:
    """Regroup many small byte strings into writes of about ``size`` bytes."""
    buffer: list[bytes] = []
    length = 0
    for part in parts:
        buffer.append(part)
        length += len(part)
        if length >= size:
            yield b"".join(buffer)
            buffer, length = [], 0
    if buffer:
        yield b"".join(buffer)


def compressed(chunks: Iterable[bytes], encoding: str | None) -> Iterator[bytes]:
    """Stream through zlib: ``gzip`` (RFC 1952) or ``deflate`` (zlib format, RFC 1950)."""
    if encoding is None:
        yield from chunks
        return
    wbits = 31 if encoding == "gzip" else 15
    compressor = zlib.compressobj(COMPRESSION_LEVEL, zlib.DEFLATED, wbits)
    for chunk in chunks:
        data = compressor.compress(chunk)
        if data:
            yield data
    yield compressor.flush()
