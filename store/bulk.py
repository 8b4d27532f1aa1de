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

On SQLite, rows go straight to the driver (its ``executemany``, a loop in C, or multi-row
``INSERT … RETURNING`` when the ids are needed), each value converted as SQLAlchemy's column
type would convert it: SQLAlchemy's own executemany runs its parameter processing in Python,
value by value (a third of the time of storing a page, much of it formatting datetimes as
text).
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from datetime import datetime
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
    Dialect,
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
    columns = list(rows[0])
    if connection.dialect.name == "postgresql":
        _copy(connection, table, columns, _values(table, columns, rows))
    elif connection.dialect.name == "sqlite":
        _sqlite_insert(connection, table, columns, rows)
    else:
        connection.execute(insert(table), list(rows))


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
    if connection.dialect.name == "sqlite":
        ids = _sqlite_insert_returning(connection, table, rows, key)
        return [ids[row[key]] for row in rows]
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
    sql = f"COPY {_target(connection, table, columns)} FROM STDIN (FORMAT BINARY)"
    with _cursor(connection) as cursor, cursor.copy(sql) as copy:
        copy.set_types([_pg_type(table.c[name]) for name in columns])
        for row in rows:
            copy.write_row(row)


def _sqlite_insert(
    connection: Connection, table: Table, columns: list[str], rows: Sequence[Mapping[str, Any]]
) -> None:
    """``INSERT`` of ``rows`` through the driver's ``executemany``, in the connection's
    transaction."""
    marks = ", ".join("?" * len(columns))
    sql = f"INSERT INTO {_target(connection, table, columns)} VALUES ({marks})"
    connection.exec_driver_sql(sql, _sqlite_values(connection, table, columns, rows))


def _sqlite_insert_returning(
    connection: Connection, table: Table, rows: Sequence[Mapping[str, Any]], key: str
) -> dict[Any, int]:
    """``key`` value → new id of each row: multi-row ``INSERT … RETURNING`` statements, as
    many rows each as SQLite's limit on bound values allows."""
    columns = list(rows[0])
    values = _sqlite_values(connection, table, columns, rows)
    head = f"INSERT INTO {_target(connection, table, columns)} VALUES "
    tail = f" RETURNING id, {_quoted(connection, key)}"
    one = "(" + ", ".join("?" * len(columns)) + ")"
    per = max(1, _SQLITE_VARIABLES // len(columns))
    ids: dict[Any, int] = {}
    for start in range(0, len(values), per):
        chunk = values[start : start + per]
        sql = head + ", ".join([one] * len(chunk)) + tail
        flat = tuple(value for row in chunk for value in row)
        ids.update((value, id_) for id_, value in connection.exec_driver_sql(sql, flat))
    return ids


#: Bound values one SQLite statement may have (SQLITE_MAX_VARIABLE_NUMBER: 32,766 since 3.32).
_SQLITE_VARIABLES = 32_766 if sqlite3.sqlite_version_info >= (3, 32) else 999


def _sqlite_values(
    connection: Connection, table: Table, columns: list[str], rows: Sequence[Mapping[str, Any]]
) -> list[tuple]:
    """Each row's values in ``columns`` order, converted by :func:`_sqlite_converters`."""
    convert = _sqlite_converters(connection.dialect, table, tuple(columns))
    return [tuple(values) for values in _ordered(rows, columns, convert)]


@cache
def _sqlite_converters(dialect: Dialect, table: Table, columns: tuple[str, ...]) -> tuple:
    """Per column, what SQLAlchemy's type does to a value before the driver gets it (None:
    nothing); a naive datetime is written by ``isoformat``, which gives the same text as
    SQLAlchemy's SQLite ``DATETIME`` (``2026-11-26 20:10:11.000000``) several times faster."""
    converters = []
    for name in columns:
        type_ = table.c[name].type
        process = type_.dialect_impl(dialect).bind_processor(dialect)
        if isinstance(type_, DateTime) and process is not None:
            process = _fast_datetime(process)
        converters.append(process)
    return tuple(converters)


def _fast_datetime(process: Callable[[Any], Any]) -> Callable[[Any], Any]:
    def convert(value: Any) -> Any:
        if type(value) is datetime and value.tzinfo is None:
            return value.isoformat(" ", "microseconds")
        return process(value)

    return convert


def _target(connection: Connection, table: Table, columns: list[str]) -> str:
    """``"table" ("a", "b")``, quoted as the dialect quotes names."""
    names = ", ".join(_quoted(connection, name) for name in columns)
    return f"{_quoted(connection, table.name)} ({names})"


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
    convert = [Json if isinstance(table.c[name].type, JSON) else None for name in columns]
    return _ordered(rows, columns, convert)


def _ordered(
    rows: Sequence[Mapping[str, Any]], columns: list[str], convert: Sequence[Callable | None]
) -> Iterator[list]:
    """Each row's values in ``columns`` order, ``convert[i]`` applied to the i-th where it is
    not None."""
    converted = [(i, to) for i, to in enumerate(convert) if to is not None]
    for row in rows:
        values = [row[name] for name in columns]
        for i, to in converted:
            values[i] = to(values[i])
        yield values
