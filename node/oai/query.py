"""Keyset queries over published records: page N costs what page 1 costs.

A list is ordered by ``(datestamp, id)`` and a page is
``WHERE (datestamp, id) > (:d, :i) ... ORDER BY datestamp, id LIMIT page + 1``, served by the
composite indexes ``(datestamp, id)`` and ``(office_code, ip_type, datestamp, id)``: no OFFSET,
no server-side cursor, nothing remembered between requests. The extra row tells whether a next
page exists without a COUNT. Only the columns a response needs are loaded, in one query per
page, through SQLAlchemy Core (no ORM identity map for rows streamed once).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import ColumnElement, Row, Select, and_, false, func, or_, select, true, tuple_
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.orm import Session
from sqlalchemy.sql.visitors import InternalTraversal

from node.oai.client_view import OaiView
from node.oai.formats import MetadataFormat
from store.models import IP_TYPES, Office, PublishedRecord

T = PublishedRecord.__table__
OFFICES = Office.__table__
HEADER_COLUMNS = (
    T.c.id,
    T.c.oai_identifier,
    T.c.datestamp,
    T.c.office_code,
    T.c.ip_type,
    T.c.deleted,
)


@dataclass(frozen=True)
class Selection:
    """What a list request selects, independent of paging."""

    fmt: MetadataFormat
    set_spec: str | None
    from_: datetime | None
    until: datetime


def split_set(set_spec: str) -> tuple[str, str | None] | None:
    """``KH`` → (KH, None); ``KH:trademarks`` → (KH, trademarks); anything else → None."""
    parts = set_spec.split(":")
    if len(parts) == 1 and parts[0]:
        return parts[0], None
    if len(parts) == 2 and parts[0] and parts[1] in IP_TYPES:
        return parts[0], parts[1]
    return None


def visibility_condition(set_spec: str | None, view: OaiView) -> ColumnElement | None:
    """Set membership intersected with the view's grants; None when nothing can match.

    Grants are pruned to the set first, so a leaf set (``KH:trademarks``) stays two equalities
    that the composite index ``(office_code, ip_type, datestamp, id)`` serves in list order.
    Any other membership (an office set, a union of grants) should be served by walking
    ``(datestamp, id)`` in list order and filtering, a cost bounded by page size / selectivity.
    PostgreSQL's planner picks that plan from its statistics; SQLite's would rather collect
    every matching row through the office index and sort them on each page, so on SQLite those
    columns are written ``+office_code``, SQLite's documented way to keep an index out.
    """
    wanted = split_set(set_spec) if set_spec is not None else (None, None)
    if wanted is None:
        return None
    office, ip_type = wanted
    if view.grants is None:
        if ip_type is not None:
            return and_(T.c.office_code == office, T.c.ip_type == ip_type)
        return true() if office is None else _unindexed(T.c.office_code) == office
    pairs = {
        (o, t)
        for o, t in view.grants
        if (office is None or o == office) and (ip_type is None or t == ip_type)
    }
    if not pairs:
        return None
    if ip_type is not None:
        return and_(T.c.office_code == office, T.c.ip_type == ip_type)
    by_office: dict[str, list[str]] = {}
    for o, t in sorted(pairs):
        by_office.setdefault(o, []).append(t)
    return or_(
        *(
            and_(_unindexed(T.c.office_code) == o, _unindexed(T.c.ip_type).in_(ts))
            for o, ts in by_office.items()
        )
    )


class _Unindexed(ColumnElement):
    """A column that SQLite must not look up through an index (see :func:`visibility_condition`)."""

    inherit_cache = True
    _traverse_internals = [("column", InternalTraversal.dp_clauseelement)]

    def __init__(self, column: ColumnElement) -> None:
        self.column = column
        self.type = column.type


@compiles(_Unindexed)
def _plain(element: _Unindexed, compiler, **kw) -> str:
    return compiler.process(element.column, **kw)


@compiles(_Unindexed, "sqlite")
def _unary_plus(element: _Unindexed, compiler, **kw) -> str:
    return "+" + compiler.process(element.column, **kw)


def _unindexed(column: ColumnElement) -> ColumnElement:
    return _Unindexed(column)


def _where(query: Select, selection: Selection, view: OaiView) -> Select:
    membership = visibility_condition(selection.set_spec, view)
    query = selection.fmt.join(query).where(
        false() if membership is None else membership,
        or_(T.c.deleted, selection.fmt.available),
        T.c.datestamp <= selection.until,
    )
    if selection.from_ is not None:
        query = query.where(T.c.datestamp >= selection.from_)
    return query


def page(
    session: Session,
    selection: Selection,
    view: OaiView,
    after: tuple[datetime, int] | None,
    limit: int,
    *,
    metadata: bool,
) -> Sequence[Row]:
    """Up to ``limit`` rows after the keyset position ``after`` (exclusive), in list order."""
    columns = [*HEADER_COLUMNS, T.c.validation_status]
    if metadata:
        columns += [selection.fmt.payload.label("payload"), T.c.about]
    query = _where(select(*columns).select_from(T), selection, view)
    if after is not None:
        query = query.where(tuple_(T.c.datestamp, T.c.id) > tuple_(*after))
    query = query.order_by(T.c.datestamp, T.c.id).limit(limit)
    return session.execute(query).all()


def count(session: Session, selection: Selection, view: OaiView) -> int:
    """Size of the complete list: computed once, at the first page, then carried in the token."""
    query = _where(select(func.count()).select_from(T), selection, view)
    return session.execute(query).scalar_one()


def record(session: Session, identifier: str, fmt: MetadataFormat | None) -> Row | None:
    """One record's header columns (and ``fmt``'s payload) by OAI identifier."""
    columns = [*HEADER_COLUMNS, T.c.validation_status, T.c.about]
    query = select(*columns).select_from(T)
    if fmt is not None:
        query = fmt.join(query.add_columns(fmt.payload.label("payload")))
    return session.execute(query.where(T.c.oai_identifier == identifier)).first()


def first_visible(session: Session, view: OaiView) -> tuple[str, datetime] | None:
    """(identifier, datestamp) of the oldest record the view sees, deleted ones included: the
    Identify ``sampleIdentifier`` and ``earliestDatestamp`` of this client, None when it sees
    nothing. Another office's identifiers and dates are not the client's to know.

    One row in list order: the composite indexes serve it like a list's first page.
    """
    membership = visibility_condition(None, view)
    if membership is None:
        return None
    query = select(T.c.oai_identifier, T.c.datestamp).where(membership)
    row = session.execute(query.order_by(T.c.datestamp, T.c.id).limit(1)).first()
    return None if row is None else (row[0], row[1])


def set_pairs(session: Session) -> list[tuple[str, str, str | None]]:
    """(office_code, ip_type, office name) of every office × IP type holding a record.

    One index probe per pair on ``(office_code, ip_type, ...)`` (offices × 3 probes) instead
    of a DISTINCT over the whole table, which costs a second at a million records.
    """
    offices = session.execute(select(OFFICES.c.code, OFFICES.c.name).order_by(OFFICES.c.code))
    found = []
    for code, name in offices.all():
        for ip_type in sorted(IP_TYPES):
            probe = select(T.c.id).where(T.c.office_code == code, T.c.ip_type == ip_type)
            if session.execute(probe.limit(1)).first() is not None:
                found.append((code, ip_type, name))
    return found
