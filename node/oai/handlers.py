"""One function per verb: query first (so errors are raised before any byte is sent), then
return the bytes of the verb element, as a list or as a generator for the two list verbs.

Each handler holds a database session only while it queries; the rows of one page are read in
one query and the session is closed before streaming starts.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from flask import Flask, current_app
from sqlalchemy import Row

from node.extensions import OAI_ABOUT_PROVIDERS
from node.oai import formats, query, render, sets
from node.oai.client_view import OaiView
from node.oai.resumption import ResumeState, TokenCodec
from oaiprotocol.dates import GRANULARITY, format_stamp
from oaiprotocol.elements import E, oai_identifier, sub
from oaiprotocol.errors import (
    BadResumptionToken,
    CannotDisseminateFormat,
    IdDoesNotExist,
    NoMetadataFormats,
    NoRecordsMatch,
    NoSetHierarchy,
    OAIError,
)
from oaiprotocol.verbs import OAIRequest
from store.database import Database

#: earliestDatestamp of an empty store.
EMPTY_EARLIEST = datetime(1970, 1, 1)


@dataclass(frozen=True)
class Context:
    """What a handler needs from the app and the request, gathered once by the view."""

    db: Database
    view: OaiView
    formats: formats.FormatRegistry
    codec: TokenCodec
    base_url: str
    now: datetime
    page_size: int
    repository_name: str
    repository_identifier: str
    admin_email: str


# -- Identify ---------------------------------------------------------------------------------


def identify(ctx: Context, _request: OAIRequest) -> Iterable[bytes]:
    with ctx.db.session() as session:
        sample, earliest = query.first_visible(session, ctx.view) or (None, EMPTY_EARLIEST)
    element = E("Identify")
    for tag, text in (
        ("repositoryName", ctx.repository_name),
        ("baseURL", ctx.base_url),
        ("protocolVersion", "2.0"),
        ("adminEmail", ctx.admin_email),
        ("earliestDatestamp", format_stamp(earliest)),
        ("deletedRecord", "persistent"),
        ("granularity", GRANULARITY),
        ("compression", "gzip"),
        ("compression", "deflate"),
    ):
        sub(element, tag, text)
    sample = sample or f"oai:{ctx.repository_identifier}:OFFICE/trademarks/NUMBER"
    sub(element, "description").append(oai_identifier(ctx.repository_identifier, sample))
    return [render.element_body(element)]


def list_metadata_formats(ctx: Context, request: OAIRequest) -> Iterable[bytes]:
    identifier = request.args.get("identifier")
    with ctx.db.session() as session:
        if identifier is None:
            described = _repository_formats(ctx, session)
        else:
            described = _record_formats(ctx, session, identifier)
    if not described:
        raise NoMetadataFormats()
    element = E("ListMetadataFormats")
    for prefix, (schema, namespace) in described:
        item = sub(element, "metadataFormat")
        sub(item, "metadataPrefix", prefix)
        sub(item, "schema", schema)
        sub(item, "metadataNamespace", namespace)
    return [render.element_body(element)]


def _repository_formats(ctx: Context, session) -> list[tuple[str, tuple[str, str]]]:
    """Each prefix once, described for what this client may harvest (its own IP types and
    office formats only: a trademarks-only client sees no patent or design namespace)."""
    pairs = [(o, t) for o, t, _ in query.set_pairs(session) if ctx.view.allows(o, t)]
    described = []
    for fmt in ctx.formats.visible(ctx.view.originals):
        description = formats.repository_description(session, fmt, pairs)
        if description is not None:
            described.append((fmt.prefix, description))
    return described


def _record_formats(ctx: Context, session, identifier: str) -> list[tuple[str, tuple[str, str]]]:
    described = []
    for fmt in ctx.formats.visible(ctx.view.originals):
        row = _visible_record(ctx, session, identifier, fmt)
        payload = row.payload
        if row.deleted:
            description = fmt.describe(row.ip_type, b"" if payload is None else payload)
        elif fmt.check(row.ip_type, payload, row.validation_status):
            description = fmt.describe(row.ip_type, payload)
        else:
            description = None
        if description:
            described.append((fmt.prefix, description))
    return described


def _visible_record(ctx: Context, session, identifier: str, fmt) -> Row:
    row = query.record(session, identifier, fmt)
    if row is None or not ctx.view.allows(row.office_code, row.ip_type):
        raise IdDoesNotExist(f"{identifier!r} is not an identifier of this repository")
    return row


# -- ListSets -------------------------------------------------------------------------------------


def list_sets(ctx: Context, request: OAIRequest) -> Iterable[bytes]:
    if "resumptionToken" in request.args:
        raise BadResumptionToken("ListSets is answered in one response; no token was issued")
    with ctx.db.session() as session:
        found = sets.visible_sets(session, ctx.view)
    if not found:
        raise NoSetHierarchy("no sets are visible: the store holds no records for this client")
    element = E("ListSets")
    for item in found:
        element.append(sets.set_element(item))
    return [render.element_body(element)]


AboutProvider = Callable[[Database, Sequence[Any], OaiView, str], dict[int, bytes]]


def register_about_provider(app: Flask, provider: AboutProvider) -> None:
    """Add ``provider(db, rows, view, base_url) -> {record id: about payload bytes}``.

    For ``about`` content that depends on who asks (the documents listing is shown only to
    clients with a documents grant); stored feedback needs none of this.
    """
    app.extensions.setdefault(OAI_ABOUT_PROVIDERS, []).append(provider)


def extra_abouts(ctx: Context, rows: Sequence[Any]) -> dict[int, list[bytes]]:
    """Each provider's payloads for a page's records: one call per provider and page."""
    merged: dict[int, list[bytes]] = {}
    for provider in current_app.extensions.get(OAI_ABOUT_PROVIDERS, ()):
        for record_id, payload in provider(ctx.db, rows, ctx.view, ctx.base_url).items():
            merged.setdefault(record_id, []).append(payload)
    return merged


# -- GetRecord ------------------------------------------------------------------------------------


def get_record(ctx: Context, request: OAIRequest) -> Iterable[bytes]:
    fmt = ctx.formats.get_format(request.args["metadataPrefix"], ctx.view.originals)
    with ctx.db.session() as session:
        row = _visible_record(ctx, session, request.args["identifier"], fmt)
    if not row.deleted and not fmt.check(row.ip_type, row.payload, row.validation_status):
        raise CannotDisseminateFormat(f"this record is not available as {fmt.prefix!r}")
    extra = extra_abouts(ctx, [row]).get(row.id, ())
    return [b"<GetRecord>", render.record(row, extra), b"</GetRecord>"]


# -- ListIdentifiers / ListRecords ---------------------------------------------------------------


def list_identifiers(ctx: Context, request: OAIRequest) -> Iterable[bytes]:
    return _list(ctx, request, metadata=False)


def list_records(ctx: Context, request: OAIRequest) -> Iterable[bytes]:
    return _list(ctx, request, metadata=True)


@dataclass(frozen=True)
class _Page:
    fmt: formats.MetadataFormat
    rows: Sequence[Row]
    state: ResumeState | None  # where the next page starts; None on the last page
    cursor: int
    size: int
    first_and_last: bool  # the whole list fits in one response: no resumptionToken


def _list(ctx: Context, request: OAIRequest, *, metadata: bool) -> Iterator[bytes]:
    if "resumptionToken" in request.args:
        state = ctx.codec.loads(request.args["resumptionToken"], request.verb, ctx.view.client_id)
        page = _resumed_page(ctx, state, metadata)
    else:
        page = _first_page(ctx, request, metadata)
    return _stream(ctx, request.verb, page, metadata)


def _selection(ctx: Context, prefix: str, set_spec, from_, until) -> query.Selection:
    return query.Selection(
        ctx.formats.get_format(prefix, ctx.view.originals), set_spec, from_, until
    )


def _first_page(ctx: Context, request: OAIRequest, metadata: bool) -> _Page:
    until = min(request.until, ctx.now) if request.until else ctx.now
    selection = _selection(
        ctx, request.args["metadataPrefix"], request.args.get("set"), request.from_, until
    )
    with ctx.db.session() as session:
        rows = query.page(session, selection, ctx.view, None, ctx.page_size + 1, metadata=metadata)
        if not rows:
            raise NoRecordsMatch()
        more = len(rows) > ctx.page_size
        size = query.count(session, selection, ctx.view) if more else len(rows)
    state = _next_state(request.verb, selection, ctx, rows, 0, size) if more else None
    return _Page(selection.fmt, rows[: ctx.page_size], state, 0, size, first_and_last=not more)


def _resumed_page(ctx: Context, state: ResumeState, metadata: bool) -> _Page:
    try:
        selection = _selection(ctx, state.prefix, state.set_spec, state.from_, state.until)
    except OAIError:
        raise BadResumptionToken("the resumptionToken's format is no longer available") from None
    after = (state.last_datestamp, state.last_id)
    with ctx.db.session() as session:
        rows = query.page(session, selection, ctx.view, after, ctx.page_size + 1, metadata=metadata)
    if not rows:
        raise NoRecordsMatch("the remaining records changed after the list began")
    more = len(rows) > ctx.page_size
    size = max(state.complete_size, state.cursor + min(len(rows), ctx.page_size))
    nxt = _next_state(state.verb, selection, ctx, rows, state.cursor, size) if more else None
    return _Page(
        selection.fmt, rows[: ctx.page_size], nxt, state.cursor, size, first_and_last=False
    )


def _next_state(verb, selection, ctx: Context, rows, cursor: int, size: int) -> ResumeState:
    last = rows[ctx.page_size - 1]
    return ResumeState(
        verb=verb,
        prefix=selection.fmt.prefix,
        set_spec=selection.set_spec,
        from_=selection.from_,
        until=selection.until,
        client_id=ctx.view.client_id,
        last_datestamp=last.datestamp,
        last_id=last.id,
        cursor=cursor + ctx.page_size,
        complete_size=size,
    )


def _stream(ctx: Context, verb: str, page: _Page, metadata: bool) -> Iterator[bytes]:
    yield f"<{verb}>".encode()
    if metadata:
        check = page.fmt.check
        extras = extra_abouts(ctx, page.rows)
        for row in page.rows:
            if row.deleted or check(row.ip_type, row.payload, row.validation_status):
                yield render.record(row, extras.get(row.id, ()))
    else:
        for row in page.rows:
            yield render.header(row)
    if not page.first_and_last:
        token = ctx.codec.dumps(page.state) if page.state else None
        expires = ctx.codec.expiration(ctx.now) if page.state else None
        yield render.resumption_token(token, page.size, page.cursor, expires)
    yield f"</{verb}>".encode()


Handler = Callable[[Context, OAIRequest], Iterable[bytes]]

#: verb → its handler; the view calls ``HANDLERS[verb]`` once the request is valid.
HANDLERS: dict[str, Handler] = {
    "Identify": identify,
    "ListMetadataFormats": list_metadata_formats,
    "ListSets": list_sets,
    "GetRecord": get_record,
    "ListIdentifiers": list_identifiers,
    "ListRecords": list_records,
}
