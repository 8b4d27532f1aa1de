"""OAI-PMH response XML of a simulated office, built with lxml; record payloads spliced in as bytes.

Payloads are generated as finished bytes (like the node's pre-rendered records), so a page
is the lxml envelope with a comment placeholder in each ``<metadata>``, serialised once, and
the placeholders replaced by the payloads. That is also the only way to serve the broken
payloads of the ``bad_record`` fault. Namespaces, elements, errors and the oai-identifier
description are the protocol package's (:mod:`oaiprotocol.elements`), as the node's are.
"""

from __future__ import annotations

import re
import time
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from lxml import etree

from oaiprotocol.elements import (
    OAI_NS,
    OAI_SCHEMA_LOCATION,
    XSI_NS,
    error_elements,
    oai_identifier,
    sub,
)
from oaiprotocol.errors import OAIError

_PLACEHOLDER = re.compile(rb"<!--payload:(\d+)-->")


@dataclass(frozen=True, slots=True)
class Header:
    identifier: str
    datestamp: str
    set_specs: tuple[str, ...]
    deleted: bool


def envelope(base_url: str, request_args: Mapping[str, str]) -> etree._Element:
    """The OAI-PMH root with responseDate and request (arguments only when they were legal)."""
    root = etree.Element(f"{{{OAI_NS}}}OAI-PMH", nsmap={None: OAI_NS, "xsi": XSI_NS})
    root.set(f"{{{XSI_NS}}}schemaLocation", OAI_SCHEMA_LOCATION)
    sub(root, "responseDate", time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()))
    sub(root, "request", base_url, **dict(request_args))
    return root


def errors(base_url: str, raised: Iterable[OAIError], request_args: Mapping[str, str]) -> bytes:
    """An error response, one ``<error>`` per condition (the caller decides what is echoed)."""
    root = envelope(base_url, request_args)
    root.extend(error_elements(raised))
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
    sub(parent, "description").append(oai_identifier(repository_id, sample))


def serialise(root: etree._Element, payloads: Sequence[bytes] = ()) -> bytes:
    body = etree.tostring(root, encoding="UTF-8", xml_declaration=True)
    if not payloads:
        return body
    return _PLACEHOLDER.sub(lambda m: payloads[int(m.group(1))], body)
