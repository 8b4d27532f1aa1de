"""A simulated national office: a real OAI-PMH 2.0 endpoint over generated records.

`SimulatedOffice` is a WSGI application serving ``/oai`` with all six verbs, sets
``CODE`` and ``CODE:<ip type>``, stateless resumption tokens with completeListSize and cursor,
persistent deleted records, and the office's own metadata format per IP type (plus the
mandatory ``oai_dc``). Tests change data "at the office" with `update`, `delete` and `add`,
then harvest incrementally; `simulator.serving` runs it on a real socket for sickle. Faulty
answers are `simulator.fault_pages`; the protocol itself (arguments, errors, datestamps) is
:mod:`oaiprotocol`, shared with the node.
"""

from __future__ import annotations

import calendar
import heapq
import time
from collections.abc import Callable, Iterable, Iterator, Mapping
from datetime import UTC, datetime
from itertools import islice
from typing import Any

from werkzeug.wrappers import Request, Response

from oaiprotocol import dates, errors, verbs
from oaiprotocol.elements import sub
from simulator import fault_pages, render, resumption
from simulator.documents import PREFIX as DOCUMENTS_PREFIX
from simulator.documents import DocumentsApp
from simulator.faults import KINDS, Fault, FaultInjector
from simulator.generators import generator
from simulator.offices import office
from simulator.seeding import mix
from simulator.store import BASE_START, RecordStore
from xsd.namespaces import OAI_DC_NS, OAI_DC_SCHEMA

OAI_DC = "oai_dc"
_FAR = 1 << 62
"""Larger than any record index: a keyset bound that skips a whole datestamp."""

WSGIEnviron = dict[str, Any]
StartResponse = Callable[..., Any]


class SimulatedOffice:
    """One office's OAI-PMH endpoint over `records` generated records per IP type."""

    def __init__(
        self,
        code: str,
        records: int = 1000,
        seed: int = 0,
        ip_types: Iterable[str] = ("trademarks",),
        faults: float = 0.0,
        page_size: int = 100,
        granularity: str = dates.SECONDS,
        *,
        fault_delay: float = 1.0,
        fault_kinds: Iterable[str] = KINDS,
        retry_after: int = 1,
        clock: Callable[[], float] = time.time,
    ) -> None:
        if granularity not in (dates.SECONDS, dates.DAY):
            raise ValueError(f"granularity must be {dates.SECONDS} or {dates.DAY}")
        if page_size < 1:
            raise ValueError("page_size must be >= 1")
        self.profile = office(code)
        self.code = self.profile.code
        self.seed = seed
        self.page_size = page_size
        self.granularity = granularity
        self.clock = clock
        self.documents = DocumentsApp()
        self.ip_types: tuple[str, ...] = tuple(dict.fromkeys(ip_types))
        if not self.ip_types:
            raise ValueError("at least one IP type is needed")
        self.stores = {
            ip: RecordStore(self.code, generator(ip, self.code), records, seed)
            for ip in self.ip_types
        }
        self.faults = FaultInjector(
            faults,
            seed=seed,
            kinds=tuple(fault_kinds),
            delay=fault_delay,
            retry_after=retry_after,
        )

    # -- identifiers ----------------------------------------------------------------------

    @property
    def repository_identifier(self) -> str:
        return self.profile.repository_id

    def identifier(self, index: int, ip_type: str | None = None) -> str:
        """The OAI identifier of record `index`, e.g. ``oai:ipas.kh:TM/KH492023000124``."""
        store = self.stores[ip_type or self.ip_types[0]]
        prefix = store.generator.identifier_prefix
        return f"oai:{self.repository_identifier}:{prefix}/{store.source_id(index)}"

    def locate(self, identifier: str) -> tuple[str, int]:
        """(IP type, index) of an OAI identifier; idDoesNotExist when there is no such item."""
        head = f"oai:{self.repository_identifier}:"
        local = identifier[len(head) :] if identifier.startswith(head) else ""
        prefix, _, source_id = local.partition("/")
        for ip_type, store in self.stores.items():
            if store.generator.identifier_prefix == prefix:
                index = store.index_of(source_id)
                if index is not None:
                    return ip_type, index
        raise errors.IdDoesNotExist(f"No item with identifier {identifier!r}.")

    def _resolve(self, item: str | int, ip_type: str | None) -> tuple[RecordStore, int]:
        if isinstance(item, int):
            store = self.stores[ip_type or self.ip_types[0]]
            if not store.exists(item):
                raise IndexError(f"no record {item} (the office has {store.size})")
            return store, item
        try:
            found_type, index = self.locate(item)
        except errors.IdDoesNotExist as exc:
            raise KeyError(item) from exc
        return self.stores[found_type], index

    # -- changes at the office ------------------------------------------------------------

    def _now(self) -> int:
        return int(self.clock())

    def update(self, item: str | int, *, ip_type: str | None = None, **changes: Any) -> str:
        """Change a record (e.g. ``kind_mark="Individual"``, ``status="Registered"``,
        ``word_mark="NEW"``); it gets datestamp now and is live again if it was deleted."""
        store, index = self._resolve(item, ip_type)
        store.update(index, changes, self._now())
        return self.identifier(index, store.generator.ip_type)

    def repair(self, item: str | int, *, ip_type: str | None = None) -> str:
        """Update a record with the changes that remove its planted defects."""
        store, index = self._resolve(item, ip_type)
        fixes = store.generator.repairs(self.code, self.seed, index)  # type: ignore[attr-defined]
        return self.update(index, ip_type=store.generator.ip_type, **fixes)

    def delete(self, item: str | int, *, ip_type: str | None = None) -> str:
        """Delete a record: from now on a deleted header with datestamp now."""
        store, index = self._resolve(item, ip_type)
        store.delete(index, self._now())
        return self.identifier(index, store.generator.ip_type)

    def add(self, n: int = 1, *, ip_type: str | None = None) -> list[str]:
        """Add `n` new records (generated like the others), datestamp now."""
        store = self.stores[ip_type or self.ip_types[0]]
        return [self.identifier(i, store.generator.ip_type) for i in store.add(n, self._now())]

    # -- WSGI -----------------------------------------------------------------------------

    def __call__(self, environ: WSGIEnviron, start_response: StartResponse) -> Iterable[bytes]:
        return self.wsgi_app(environ, start_response)

    def wsgi_app(self, environ: WSGIEnviron, start_response: StartResponse) -> Iterable[bytes]:
        request = Request(environ)
        if request.path.startswith(DOCUMENTS_PREFIX):
            return self.documents(environ, start_response)
        if request.path.rstrip("/") != "/oai":
            return Response("Not Found", 404)(environ, start_response)
        if request.method not in ("GET", "POST"):
            return Response("Method Not Allowed", 405, {"Allow": "GET, POST"})(
                environ, start_response
            )
        args = {key: request.values.getlist(key) for key in request.values}
        base_url = request.base_url.rstrip("/")
        fault = self.faults.decide(args) if self.faults.rate else None
        response = fault_pages.replacement(fault, self.faults, environ) if fault else None
        if response is None:
            body = self.respond(args, base_url, fault)
            if fault and fault.kind == "truncated":
                body = body[: len(body) * (3 + fault.variant) // 7]
            response = Response(body, 200, content_type="text/xml; charset=utf-8")
        return response(environ, start_response)

    # -- OAI-PMH --------------------------------------------------------------------------

    def respond(
        self, args: Mapping[str, list[str]], base_url: str, fault: Fault | None = None
    ) -> bytes:
        """The OAI-PMH response body for one request (faults: expired_token, bad_record)."""
        try:
            request = verbs.check(args, self._formats(), self.granularity)
        except errors.OAIErrors as exc:
            echo = _echo(args) if errors.echo_arguments(exc.errors) else {}
            return render.errors(base_url, exc.errors, echo)
        verb, given = request.verb, request.args
        try:
            handler = getattr(self, f"_verb_{verb}")
            return handler(given, base_url, fault)
        except errors.OAIError as exc:
            echo = {"verb": verb, **given} if errors.echo_arguments([exc]) else {}
            return render.errors(base_url, [exc], echo)

    def _formats(self) -> dict[str, tuple[str, str, tuple[str, ...]]]:
        """metadataPrefix → (schema, namespace, IP types it covers)."""
        formats = {
            store.generator.metadata_prefix: (
                store.generator.schema_location,
                store.generator.namespace,
                (ip,),
            )
            for ip, store in self.stores.items()
        }
        formats[OAI_DC] = (OAI_DC_SCHEMA, OAI_DC_NS, self.ip_types)
        return formats

    def _datestamp(self, seconds: int) -> str:
        moment = datetime.fromtimestamp(seconds, UTC).replace(tzinfo=None)
        return dates.format_stamp(moment, self.granularity)

    def _header(self, ip_type: str, index: int) -> render.Header:
        store = self.stores[ip_type]
        return render.Header(
            self.identifier(index, ip_type),
            self._datestamp(store.datestamp(index)),
            (f"{self.code}:{ip_type}", self.code),
            store.deleted(index),
        )

    def _verb_Identify(self, given: dict[str, str], base_url: str, fault: Fault | None) -> bytes:
        root = render.envelope(base_url, {"verb": "Identify"})
        ident = sub(root, "Identify")
        sub(ident, "repositoryName", f"{self.profile.name} - IPAS OAI-PMH (simulated)")
        sub(ident, "baseURL", base_url)
        sub(ident, "protocolVersion", "2.0")
        sub(ident, "adminEmail", f"oai-admin@{self.repository_identifier}.example")
        sub(ident, "earliestDatestamp", self._datestamp(BASE_START))
        sub(ident, "deletedRecord", "persistent")
        sub(ident, "granularity", self.granularity)
        render.identify_description(ident, self.repository_identifier, self.identifier(0))
        return render.serialise(root)

    def _verb_ListMetadataFormats(
        self, given: dict[str, str], base_url: str, fault: Fault | None
    ) -> bytes:
        formats = self._formats()
        if "identifier" in given:
            ip_type, _ = self.locate(given["identifier"])
            formats = {p: f for p, f in formats.items() if ip_type in f[2]}
        root = render.envelope(base_url, {"verb": "ListMetadataFormats", **given})
        listing = sub(root, "ListMetadataFormats")
        for prefix, (schema, namespace, _) in formats.items():
            fmt = sub(listing, "metadataFormat")
            sub(fmt, "metadataPrefix", prefix)
            sub(fmt, "schema", schema)
            sub(fmt, "metadataNamespace", namespace)
        return render.serialise(root)

    def _verb_ListSets(self, given: dict[str, str], base_url: str, fault: Fault | None) -> bytes:
        if "resumptionToken" in given:
            raise errors.BadResumptionToken("ListSets is never paged by this repository.")
        root = render.envelope(base_url, {"verb": "ListSets"})
        listing = sub(root, "ListSets")
        for spec, name in [(self.code, self.profile.name)] + [
            (f"{self.code}:{ip}", f"{self.profile.name}: {ip}") for ip in self.ip_types
        ]:
            item = sub(listing, "set")
            sub(item, "setSpec", spec)
            sub(item, "setName", name)
        return render.serialise(root)

    def _verb_GetRecord(self, given: dict[str, str], base_url: str, fault: Fault | None) -> bytes:
        ip_type, index = self.locate(given["identifier"])
        prefix = given["metadataPrefix"]
        if ip_type not in self._formats().get(prefix, ("", "", ()))[2]:
            raise errors.CannotDisseminateFormat(f"Format {prefix!r} is not available.")
        root = render.envelope(base_url, {"verb": "GetRecord", **given})
        payloads: list[bytes] = []
        payload = self._payload(ip_type, index, prefix)
        if fault and fault.kind == "bad_record":
            payload = fault_pages.broken_payload(fault, payload)
        render.record(sub(root, "GetRecord"), self._header(ip_type, index), payloads, payload)
        return render.serialise(root, payloads)

    def _verb_ListIdentifiers(
        self, given: dict[str, str], base_url: str, fault: Fault | None
    ) -> bytes:
        return self._list("ListIdentifiers", given, base_url, fault)

    def _verb_ListRecords(self, given: dict[str, str], base_url: str, fault: Fault | None) -> bytes:
        return self._list("ListRecords", given, base_url, fault)

    def _payload(self, ip_type: str, index: int, prefix: str) -> bytes:
        store = self.stores[ip_type]
        return store.dublin_core(index) if prefix == OAI_DC else store.payload(index)

    def _position(
        self, verb: str, given: dict[str, str], fault: Fault | None
    ) -> resumption.Position:
        if "resumptionToken" in given:
            position = resumption.decode(given["resumptionToken"], verb)
            if fault and fault.kind == "expired_token":
                raise errors.BadResumptionToken("The resumption token has expired.")
            return position
        return resumption.Position(
            verb,
            given["metadataPrefix"],
            given.get("set"),
            given.get("from"),
            given.get("until"),
            (-1, -1, -1),
            0,
        )

    def _range(self, position: resumption.Position) -> tuple[int, int]:
        start, end = dates.window(position.from_, position.until, self.granularity)
        return (
            0 if start is None else calendar.timegm(start.timetuple()),
            _FAR if end is None else calendar.timegm(end.timetuple()),
        )

    def _selected(self, position: resumption.Position) -> list[tuple[int, str]]:
        """(position in ip_types, IP type) of the stores a list request covers."""
        formats = self._formats()
        if position.metadata_prefix not in formats:
            raise errors.CannotDisseminateFormat(
                f"Format {position.metadata_prefix!r} is not available."
            )
        covered = formats[position.metadata_prefix][2]
        spec = position.set_spec
        return [
            (t, ip)
            for t, ip in enumerate(self.ip_types)
            if ip in covered and spec in (None, self.code, f"{self.code}:{ip}")
        ]

    def _keys(
        self, selected: list[tuple[int, str]], start: int, end: int, after: tuple[int, int, int]
    ) -> Iterator[tuple[int, int, int]]:
        """(datestamp, IP type position, index) of the listed items, in list order."""
        ads, at, aidx = after

        def one(t: int, ip: str) -> Iterator[tuple[int, int, int]]:
            bound = None if at < 0 else (ads, _FAR if t < at else (-1 if t > at else aidx))
            return ((ds, t, i) for ds, i in self.stores[ip].keys(start, end, bound))

        return heapq.merge(*(one(t, ip) for t, ip in selected))

    def _list(self, verb: str, given: dict[str, str], base_url: str, fault: Fault | None) -> bytes:
        position = self._position(verb, given, fault)
        start, end = self._range(position)
        selected = self._selected(position)
        page = list(islice(self._keys(selected, start, end, position.after), self.page_size + 1))
        if not page:
            raise errors.NoRecordsMatch("No records match the request.")
        more, page = len(page) > self.page_size, page[: self.page_size]
        root = render.envelope(base_url, {"verb": verb, **given})
        listing = sub(root, verb)
        payloads: list[bytes] = []
        prefix = position.metadata_prefix
        broken = mix(self.seed, "broken", str(page[0])) % len(page) if fault else -1
        for n, (_, t, index) in enumerate(page):
            ip_type = self.ip_types[t]
            head = self._header(ip_type, index)
            if verb == "ListIdentifiers":
                render.header(listing, head)
                continue
            payload = None if head.deleted else self._payload(ip_type, index, prefix)
            if fault and fault.kind == "bad_record" and n == broken and payload is not None:
                payload = fault_pages.broken_payload(fault, payload)
            render.record(listing, head, payloads, payload)
        if more or position.cursor:
            size = sum(self.stores[ip].count(start, end) for _, ip in selected)
            token = ""
            if more:
                nxt = resumption.Position(
                    verb,
                    prefix,
                    position.set_spec,
                    position.from_,
                    position.until,
                    page[-1],
                    position.cursor + len(page),
                )
                token = resumption.encode(nxt)
            render.resumption_token(listing, token, size, position.cursor)
        return render.serialise(root, payloads)


def _echo(args: Mapping[str, list[str]]) -> dict[str, str]:
    """The request's arguments for ``<request>``, when they were legal (spec 3.2)."""
    return {key: values[0] for key, values in args.items() if values}
