"""OAI-PMH response XML, built with lxml; record payloads are spliced in as bytes.

Payloads are generated as finished bytes (like the node's pre-rendered records), so a page
is the lxml envelope with a comment placeholder in each ``<metadata>``, serialised once, and
the placeholders replaced by the payloads. That is also the only way to serve the broken
payloads of the ``bad_record`` fault.
"""

from __future__ import annotations

import re
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from lxml import etree

OAI_NS = "http://www.openarchives.org/OAI/2.0/"
XSI_NS = "http://www.w3.org/2001/XMLSchema-instance"
OAI_ID_NS = "http://www.openarchives.org/OAI/2.0/oai-identifier"
OAI_SCHEMA_LOCATION = f"{OAI_NS} http://www.openarchives.org/OAI/2.0/OAI-PMH.xsd"
OAI_ID_SCHEMA_LOCATION = f"{OAI_ID_NS} http://www.openarchives.org/OAI/2.0/oai-identifier.xsd"
_PLACEHOLDER = re.compile(rb"<!--payload:(\d+)-->")


def q(tag: str) -> str:
    return f"{{{OAI_NS}}}{tag}"


def sub(parent: etree._Element, tag: str, text: str | None = None, **attrs: str):
    el = etree.SubElement(parent, q(tag), attrs)
    if text is not None:
        el.text = text
    return el


@dataclass(frozen=True, slots=True)
class Header:
    identifier: str
    datestamp: str
    set_specs: tuple[str, ...]
    deleted: bool


def envelope(base_url: str, request_args: Mapping[str, str]) -> etree._Element:
    """The OAI-PMH root with responseDate and request (arguments only when they were legal)."""
    root = etree.Element(q("OAI-PMH"), nsmap={None: OAI_NS, "xsi": XSI_NS})
    root.set(f"{{{XSI_NS}}}schemaLocation", OAI_SCHEMA_LOCATION)
    sub(root, "responseDate", time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()))
    sub(root, "request", base_url, **dict(request_args))
    return root


def error(base_url: str, code: str, message: str, request_args: Mapping[str, str]) -> bytes:
    """An error response; badVerb and badArgument must echo no arguments (spec 3.2)."""
    root = envelope(base_url, request_args)
    sub(root, "error", message, code=code)
    return serialise(root)


def header(parent: etree._Element, h: Header) -> None:
    el = sub(parent, "header", status="deleted") if h.deleted else sub(parent, "header")
    sub(el, "identifier", h.identifier)
    sub(el, "datestamp", h.datestamp)
    for spec in h.set_specs:
        sub(el, "setSpec", spec)


def record(parent: etree._Element, h: Header, payloads: list[bytes], payload: bytes | None):
    """A record; its metadata is a placeholder for `payload`, spliced in by `serialise`."""
    el = sub(parent, "record")
    header(el, h)
    if not h.deleted and payload is not None:
        metadata = sub(el, "metadata")
        metadata.append(etree.Comment(f"payload:{len(payloads)}"))
        payloads.append(payload)


def resumption_token(parent: etree._Element, token: str, size: int, cursor: int) -> None:
    sub(parent, "resumptionToken", token, completeListSize=str(size), cursor=str(cursor))


def identify_description(parent: etree._Element, repository_id: str, sample: str) -> None:
    """The oai-identifier description: how identifiers of this repository are built."""
    description = sub(parent, "description")
    oid = etree.SubElement(description, f"{{{OAI_ID_NS}}}oai-identifier", nsmap={None: OAI_ID_NS})
    oid.set(f"{{{XSI_NS}}}schemaLocation", OAI_ID_SCHEMA_LOCATION)
    for tag, text in (
        ("scheme", "oai"),
        ("repositoryIdentifier", repository_id),
        ("delimiter", ":"),
        ("sampleIdentifier", sample),
    ):
        etree.SubElement(oid, f"{{{OAI_ID_NS}}}{tag}").text = text


def serialise(root: etree._Element, payloads: Sequence[bytes] = ()) -> bytes:
    body = etree.tostring(root, encoding="UTF-8", xml_declaration=True)
    if not payloads:
        return body
    return _PLACEHOLDER.sub(lambda m: payloads[int(m.group(1))], body)
