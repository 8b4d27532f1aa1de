"""The page writer: the one place that writes a page of records with the measured bulk paths.

A harvest, an upload and a reprocess chunk store a page with a fixed number of statements,
whatever its size: new source and published rows inserted in bulk with their ids returned
(:mod:`store.bulk`: binary COPY on PostgreSQL, the driver's multi-row INSERT … RETURNING on
SQLite), changed ones updated in one ``executemany`` per column set; the quality step's rows
(:mod:`store.findings`, :mod:`store.finding_figures`) go through the same :func:`insert_rows`
and :func:`update_rows`. Everything else writes through the ORM. The rows are plain objects
(:mod:`store.rows`) whose columns come from the tables.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import bindparam, update

from store import bulk
from store.bulk import insert_rows_returning_ids
from store.models import PublishedRecord, SourceRecord
from store.rows import PUBLISHED_COLUMNS, PublishedRow, initial_values

_SOURCES = SourceRecord.__table__
_PUBLISHED = PublishedRecord.__table__

#: Columns of a new published row, as inserted in bulk.
PUBLISHED_INSERTED = tuple(name for name in PUBLISHED_COLUMNS if name != "id")
#: Columns of a stored published row read by the ingest: all but the renderings.
PUBLISHED_LOADED = tuple(name for name in PUBLISHED_COLUMNS if name not in ("st96", "dc"))
#: Columns an update or deletion may change: all of them in every row of the executemany, so
#: the page's changed rows take one statement (a flush groups rows by the columns they change).
PUBLISHED_CHANGES = tuple(
    key for key in PUBLISHED_INSERTED if key not in ("oai_identifier", "office_code")
)


@dataclass(slots=True, eq=False)
class Source:
    """A source row as the page sees it: its stored state, and the columns still to write.

    ``values`` is None for a row the page has not touched; for a new row (``id`` None) it holds
    every column of the INSERT, for an existing one the columns of its UPDATE.
    """

    identifier: str
    id: int | None = None
    sha256: str | None = None
    deleted: bool = False
    error: str | None = None
    published: PublishedRow | None = None
    values: dict[str, Any] | None = field(default=None, repr=False)

    def set(self, **columns: Any) -> None:
        if self.values is None:
            self.values = {}
        self.values.update(columns)
        for name in ("sha256", "deleted", "error"):
            if name in columns:
                setattr(self, name, columns[name])


def new_source(office_id: int, metadata_prefix: str, identifier: str) -> Source:
    """A source row the store does not hold yet: every column, to INSERT."""
    source = Source(identifier)
    source.values = initial_values(_SOURCES) | {
        "office_id": office_id,
        "source_identifier": identifier,
        "metadata_prefix": metadata_prefix,
    }
    return source


def insert_published(connection, rows: list[PublishedRow]) -> None:
    """The page's new published rows in one bulk insert; their ids set from the store."""
    values = [p.values(PUBLISHED_INSERTED) for p in rows]
    ids = insert_rows_returning_ids(connection, _PUBLISHED, values, key="oai_identifier")
    for published, id_ in zip(rows, ids, strict=True):
        published.id = id_


def update_published(connection, records: list[PublishedRow]) -> None:
    """The page's updated and deleted published rows in one executemany UPDATE (a row new in
    this page and changed again in it was inserted with its last values)."""
    if not records:
        return
    statement = update(_PUBLISHED).where(_PUBLISHED.c.id == bindparam("_id"))
    connection.execute(statement, [{"_id": p.id, **p.values(PUBLISHED_CHANGES)} for p in records])


def write_sources(connection, sources: Sequence[Source]) -> None:
    """One bulk insert for the new rows, one executemany UPDATE per column set."""
    new: list[Source] = []
    changed: dict[tuple[str, ...], list[dict[str, Any]]] = {}
    for source in sources:
        if source.id is None:
            new.append(source)
        else:
            changed.setdefault(tuple(sorted(source.values)), []).append(
                {"_id": source.id, **source.values}
            )
    values = [s.values for s in new]
    ids = insert_rows_returning_ids(connection, _SOURCES, values, key="source_identifier")
    for source, id_ in zip(new, ids, strict=True):
        source.id = id_
    for rows in changed.values():
        statement = update(_SOURCES).where(_SOURCES.c.id == bindparam("_id"))
        connection.execute(statement, rows)
    for source in sources:
        source.values = None


def update_rows(connection, table, rows: list[dict[str, Any]], key: str = "id") -> None:
    """One executemany UPDATE of ``rows`` (each with the same columns and ``_id``, the value
    of ``key``); nothing for no rows."""
    if rows:
        statement = update(table).where(table.c[key] == bindparam("_id"))
        connection.execute(statement, rows)


def insert_rows(connection, table, rows: list[dict[str, Any]]) -> None:
    """One bulk insert of ``rows`` (each with the same columns); nothing for no rows."""
    if rows:
        bulk.insert_rows(connection, table, rows)
