"""Inserting many rows at once, the fastest way each database offers.

A harvested page writes a hundred source rows, a hundred published rows and hundreds of
quality-finding rows. On PostgreSQL, SQLAlchemy's ``executemany`` INSERT becomes one
multi-row ``INSERT … VALUES`` with thousands of bound parameters: psycopg re-parses that text
on every page (it is too long for its statement cache) and the server parses and plans it
again. Instead every row goes in by ``COPY … FROM STDIN`` in binary format: no statement per
row, no escaping of the blobs (a published row carries three XML documents), and values
sent in the server's own binary layout. Rows whose ids the caller needs take them from the
table's sequence first, in one query, and carry them in the COPY (measured against
psycopg's pipelined ``executemany(returning=True)``: see docs/benchmarks.md, issue 5).

SQLite keeps SQLAlchemy's own bulk INSERT: its ``executemany`` is already a loop in C.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from functools import cache
from typing import Any

from psycopg.types.json import Json
from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    Column,
    Connection,
    DateTime,
    Integer,
    LargeBinary,
    String,
    Table,
    insert,
)


def insert_rows(connection: Connection, table: Table, rows: Sequence[Mapping[str, Any]]) -> None:
    """Insert ``rows`` (dicts with the same keys) into ``table`` in the transaction of
    ``connection``."""
    if not rows:
        return
    if connection.dialect.name != "postgresql":
        connection.execute(insert(table), list(rows))
        return
    columns = list(rows[0])
    _copy(connection, table, columns, _values(table, columns, rows))


def insert_rows_returning_ids(
    connection: Connection, table: Table, rows: Sequence[Mapping[str, Any]], key: str
) -> list[int]:
    """Like :func:`insert_rows`, and the new ``id`` of each row, in the order of ``rows``.

    ``key`` names a column whose values are unique among ``rows``: SQLite returns a multi-row
    INSERT's ids in no promised order (asking SQLAlchemy for the order would make it insert row
    by row), so they are matched back by that column.
    """
    if not rows:
        return []
    if connection.dialect.name != "postgresql":
        statement = insert(table).returning(table.c.id, table.c[key])
        ids = dict((value, id_) for id_, value in connection.execute(statement, list(rows)))
        return [ids[row[key]] for row in rows]
    ids = _reserve_ids(connection, table, len(rows))
    columns = list(rows[0])
    values = _values(table, columns, rows)
    with_ids = ([id_, *v] for id_, v in zip(ids, values, strict=True))
    _copy(connection, table, ["id", *columns], with_ids)
    return ids


def _reserve_ids(connection: Connection, table: Table, count: int) -> list[int]:
    """``count`` new values of the sequence behind ``table.id`` (never handed out twice, even
    to concurrent transactions; a rolled-back page leaves a gap, as a failed INSERT does)."""
    sql = "SELECT nextval(pg_get_serial_sequence(%s, 'id')) FROM generate_series(1, %s)"
    with _cursor(connection) as cursor:
        cursor.execute(sql, (_quoted(connection, table.name), count))
        return [id_ for (id_,) in cursor.fetchall()]


def _copy(connection: Connection, table: Table, columns: list[str], rows: Iterable[list]) -> None:
    """``COPY table (columns) FROM STDIN (FORMAT BINARY)`` of ``rows``."""
    quoted = ", ".join(_quoted(connection, name) for name in columns)
    sql = f"COPY {_quoted(connection, table.name)} ({quoted}) FROM STDIN (FORMAT BINARY)"
    with _cursor(connection) as cursor, cursor.copy(sql) as copy:
        copy.set_types([_pg_type(table.c[name]) for name in columns])
        for row in rows:
            copy.write_row(row)


def _quoted(connection: Connection, name: str) -> str:
    return connection.dialect.identifier_preparer.quote(name)


def _cursor(connection: Connection):
    """A psycopg cursor on the connection's own driver connection: in its transaction."""
    return connection.connection.driver_connection.cursor()


#: SQLAlchemy column type → the PostgreSQL type a binary COPY sends (most specific first).
_PG_TYPES: tuple[tuple[type, str], ...] = (
    (BigInteger, "int8"),
    (Integer, "int4"),
    (Boolean, "bool"),
    (DateTime, "timestamp"),
    (LargeBinary, "bytea"),
    (JSON, "json"),
    (String, "text"),
)


@cache
def _pg_type(column: Column) -> str:
    """What a binary COPY must send for ``column``: each value in that type's binary layout."""
    if isinstance(column.type, DateTime) and column.type.timezone:
        return "timestamptz"
    for sql_type, name in _PG_TYPES:
        if isinstance(column.type, sql_type):
            return name
    raise TypeError(f"no binary COPY type for {column.table.name}.{column.name}: {column.type!r}")


def _values(table: Table, columns: list[str], rows: Sequence[Mapping[str, Any]]):
    """Each row's values in ``columns`` order; JSON columns wrapped as psycopg expects (the
    JSON text SQLAlchemy would have sent)."""
    as_json = {i for i, name in enumerate(columns) if isinstance(table.c[name].type, JSON)}
    for row in rows:
        values = [row[name] for name in columns]
        for i in as_json:
            values[i] = Json(values[i])
        yield values
