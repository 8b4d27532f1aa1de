"""The OAI-PMH client: sickle, hardened, one page at a time.

sickle's own iterator hides pages, parses with ``recover=True`` (a broken page becomes a
silently truncated tree) and re-parses the response on every ``.xml`` access. The harvester
needs the opposite: every page parsed once with :func:`mappings.xmlsafe.safe_parser`, a broken
page seen as a fault, and the resumption token of each page in hand to checkpoint it. So
:class:`OAIClient` does not inherit sickle's client (whose every method it would override): it
uses sickle's pieces, its response (:class:`HardenedResponse` parses it once, hardened) and its
protocol exceptions (``NoRecordsMatch``, ``BadResumptionToken``), and asks for one page at a
time through :mod:`harvester.transport`.
"""

from __future__ import annotations

import hashlib
import re
from copy import deepcopy
from dataclasses import dataclass
from datetime import datetime

import requests
from lxml import etree
from sickle import oaiexceptions
from sickle.response import OAIResponse

from harvester.faults import (
    HTTPFault,
    InvalidPage,
    NotOAIEndpoint,
    NotOAIResponse,
    OAIProtocolError,
    retry_after,
)
from harvester.transport import BoundedFetcher, Fetched, Limits
from mappings.xmlsafe import safe_parser
from oaiprotocol import dates

OAI_NS = "http://www.openarchives.org/OAI/2.0/"
_OAI = f"{{{OAI_NS}}}"
USER_AGENT = "iphub-harvester/1.0 (+https://github.com/iphub)"


@dataclass(frozen=True, slots=True)
class Header:
    """The OAI-PMH header of one record, as the office sent it."""

    identifier: str
    datestamp: datetime | None
    deleted: bool = False
    set_specs: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Item:
    """One record of a page: its header and the bytes of its metadata payload.

    ``error`` says why the record is malformed (no payload, several payloads, no identifier);
    such a record is still stored, with whatever bytes it had, so nothing is silently lost.
    """

    header: Header
    raw: bytes | None
    error: str | None = None


@dataclass(frozen=True, slots=True)
class Page:
    """One response of a list request."""

    items: list[Item]
    #: Token of the next page; None on the last page.
    token: str | None
    complete_list_size: int | None = None


@dataclass(frozen=True, slots=True)
class Identity:
    """What Identify tells the harvester: the datestamp granularity and earliest datestamp."""

    granularity: str
    earliest: str | None


_DOCTYPE_REFUSED = "page refused: it carries a DOCTYPE (entities are not allowed)"
_FIRST_ELEMENT = re.compile(rb"<[^!?]")


def _doctype_in_prolog(content: bytes) -> bool:
    """Whether a DOCTYPE comes before the root element (where XML allows one)."""
    first = _FIRST_ELEMENT.search(content)
    end = first.start() if first else len(content)
    return content.find(b"<!DOCTYPE", 0, end) >= 0


def parse_page_bytes(content: bytes) -> etree._Element:
    """Parse an OAI-PMH response with the hardened parser; faults for non-XML or non-OAI."""
    head = content[:512].lstrip().lower()
    if head.startswith(b"<!doctype html") or head.startswith(b"<html"):
        raise NotOAIResponse("the office answered with an HTML page, not OAI-PMH")
    if _doctype_in_prolog(content):  # refused before libxml2 reads any entity declaration
        raise InvalidPage(_DOCTYPE_REFUSED)
    try:
        root = etree.fromstring(content, parser=safe_parser())
    except etree.XMLSyntaxError as error:
        raise InvalidPage(f"page is not well-formed XML: {error}") from None
    docinfo = root.getroottree().docinfo
    if docinfo.doctype or docinfo.internalDTD is not None:
        raise InvalidPage(_DOCTYPE_REFUSED)
    if root.tag != _OAI + "OAI-PMH":
        raise NotOAIEndpoint(
            f"not an OAI-PMH endpoint: the answer's root element is {root.tag}, not OAI-PMH"
        )
    return root


#: OAI-PMH errors the runner handles itself (an empty window, an expired token); every other
#: one is an :class:`OAIProtocolError`, which no retry can get past.
HANDLED_ERRORS = ("noRecordsMatch", "badResumptionToken")


def raise_oai_error(root: etree._Element) -> None:
    """Raise for the first ``<error>`` of a response, if there is one: sickle's exception for
    :data:`HANDLED_ERRORS`, else :class:`OAIProtocolError`."""
    error = root.find(_OAI + "error")
    if error is None:
        return
    code, text = error.get("code", ""), (error.text or "").strip()
    if code not in HANDLED_ERRORS:
        raise OAIProtocolError(code, text)
    raise getattr(oaiexceptions, code[:1].upper() + code[1:])(f"{code}: {text}")


class HardenedResponse(OAIResponse):
    """sickle's response parsed once, with the hardened parser, and checked to be OAI-PMH."""

    def __init__(self, http_response: Fetched, params: dict) -> None:
        super().__init__(http_response, params)
        self._xml = parse_page_bytes(http_response.content)

    @property
    def xml(self) -> etree._Element:
        return self._xml


def header_from(element: etree._Element | None) -> Header | None:
    """A :class:`Header` from an OAI ``<header>`` element; None when it has no identifier."""
    if element is None:
        return None
    identifier = (element.findtext(_OAI + "identifier") or "").strip()
    if not identifier:
        return None
    return Header(
        identifier=identifier,
        datestamp=dates.read(element.findtext(_OAI + "datestamp")),
        deleted=element.get("status") == "deleted",
        set_specs=tuple((s.text or "").strip() for s in element.iterfind(_OAI + "setSpec")),
    )


def payload_bytes(element: etree._Element) -> bytes:
    """The payload as standalone bytes, without the envelope's unused namespace declarations.

    lxml would otherwise copy every namespace in scope (the OAI-PMH ones) into the payload, and
    its sha256 would then depend on the envelope (ListRecords vs GetRecord vs upload).
    """
    copy = deepcopy(element)
    copy.tail = None
    etree.cleanup_namespaces(copy)
    return etree.tostring(copy)


def item_from(record: etree._Element, position: int) -> Item:
    """An :class:`Item` from a ``<record>``: the payload is the single child of ``<metadata>``.

    A record without an identifier gets a synthetic one from the hash of its bytes, so it is
    kept (quarantined) and a re-harvest finds the same row instead of adding another.
    """
    header = header_from(record.find(_OAI + "header"))
    metadata = record.find(_OAI + "metadata")
    children = [] if metadata is None else [c for c in metadata if isinstance(c.tag, str)]
    raw = payload_bytes(children[0]) if len(children) == 1 else None
    error = None
    if header is None:
        whole = etree.tostring(record)
        digest = hashlib.sha256(whole).hexdigest()[:20]
        header = Header(identifier=f"unidentified:{digest}", datestamp=None)
        raw, error = whole, f"record at position {position} has no header identifier"
    elif not header.deleted and raw is None:
        raw = etree.tostring(record)
        error = f"record has {len(children)} metadata payloads, expected exactly one"
    return Item(header=header, raw=raw, error=error)


def items_from(root: etree._Element, verb: str) -> list[Item]:
    """Every record (or, for ListIdentifiers, every header) of a parsed response."""
    body = root.find(_OAI + verb)
    if body is None:
        raise NotOAIResponse(f"the response has no <{verb}> element")
    if verb == "ListIdentifiers":
        headers = (header_from(h) for h in body.iterfind(_OAI + "header"))
        return [Item(header=h, raw=None) for h in headers if h is not None]
    return [item_from(r, i) for i, r in enumerate(body.iterfind(_OAI + "record"))]


def token_from(root: etree._Element, verb: str) -> tuple[str | None, int | None]:
    """The next page's token (None when the list is complete) and completeListSize."""
    element = root.find(f"{_OAI}{verb}/{_OAI}resumptionToken")
    if element is None:
        return None, None
    size = element.get("completeListSize")
    token = (element.text or "").strip() or None
    return token, int(size) if size and size.isdigit() else None


class OAIClient:
    """One office endpoint: a keep-alive session, bounded responses (:mod:`harvester.transport`),
    our faults, and sickle's response and exceptions. Retries are the runner's, not the
    client's (:class:`harvester.faults.RetryPolicy`)."""

    def __init__(self, url: str, *, timeout: float = 30.0, limits: Limits | None = None) -> None:
        self.endpoint = url
        self.timeout = timeout
        self.http = requests.Session()
        self.http.headers["User-Agent"] = USER_AGENT
        # only what harvester.transport inflates with a bounded output (not br, not zstd)
        self.http.headers["Accept-Encoding"] = "gzip, deflate"
        self.fetcher = BoundedFetcher(self.http, timeout, limits or Limits())

    @property
    def until(self) -> float | None:
        """``time.monotonic()`` at which the run's time budget ends, for every request."""
        return self.fetcher.until

    @until.setter
    def until(self, value: float | None) -> None:
        self.fetcher.until = value

    def harvest(self, **params: str) -> HardenedResponse:
        """One request; HTTP errors, network errors and bad pages become harvest faults."""
        response = self.fetcher.get(self.endpoint, params)
        if response.status_code >= 400:
            raise HTTPFault(
                response.status_code,
                f"HTTP {response.status_code} {response.reason}",
                retry_after=retry_after(response),
            )
        return HardenedResponse(response, params)

    def identify(self) -> Identity:
        root = self.harvest(verb="Identify").xml
        raise_oai_error(root)
        identify = root.find(_OAI + "Identify")
        if identify is None:
            raise NotOAIResponse("Identify response has no <Identify> element")
        granularity = (identify.findtext(_OAI + "granularity") or "YYYY-MM-DD").strip()
        return Identity(granularity, identify.findtext(_OAI + "earliestDatestamp"))

    def page(self, verb: str, *, token: str | None = None, **params: str) -> Page:
        """One page of ListRecords/ListIdentifiers: the first (``params``) or the next (token).

        Raises sickle's ``NoRecordsMatch``/``BadResumptionToken``/... for OAI-PMH errors.
        """
        args = {"verb": verb, "resumptionToken": token} if token else {"verb": verb, **params}
        root = self.harvest(**args).xml
        raise_oai_error(root)
        next_token, size = token_from(root, verb)
        return Page(items=items_from(root, verb), token=next_token, complete_list_size=size)

    def get_record(self, identifier: str, metadata_prefix: str) -> Item:
        root = self.harvest(
            verb="GetRecord", identifier=identifier, metadataPrefix=metadata_prefix
        ).xml
        raise_oai_error(root)
        items = items_from(root, "GetRecord")
        if not items:
            raise NotOAIResponse(f"GetRecord for {identifier} returned no record")
        return items[0]

    def close(self) -> None:
        self.http.close()
