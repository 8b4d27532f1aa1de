"""Migrated stores for the tests: the migrations run once per test process, each test gets a copy.

Running the Alembic chain costs about half a second on SQLite and two on PostgreSQL, and the
suite makes a fresh store for well over a thousand tests: that was most of its time. A test's
store is still its own and still the migrations' result, only made by copying:

* SQLite: the migrated template file is copied (the journal checkpointed into it first);
* PostgreSQL: the statements the migrations sent are recorded once, in a template schema, and
  replayed in the test's schema in one transaction. The migrations read nothing they did not
  write themselves on an empty store, so what they send is the same every time.

``tests/store/test_migrations.py`` still runs the chain itself, up and down, and compares
the migrated schema with the models on both stores: a replay that missed a statement fails it.
"""

from __future__ import annotations

import re
import shutil
import uuid
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import Engine, create_engine, event, text

from store import migrate
from store.database import Database

#: What a replay may skip: reads (alembic's and the migrations' look-ups) change nothing.
_READ = re.compile(r"^\s*(SELECT|SHOW)\b", re.IGNORECASE)


@dataclass
class _Statement:
    sql: str
    #: the driver's parameters: a list of them for an ``executemany``
    parameters: object


@dataclass
class StoreTemplates:
    """The templates of one test process, made on first use."""

    folder: Path
    _sqlite: Path | None = None
    _postgresql: dict[str, tuple[list[_Statement], str]] = field(default_factory=dict)
    _engines: dict[str, Engine] = field(default_factory=dict)

    def fill_sqlite(self, target: Path) -> None:
        """``target`` becomes a migrated SQLite store."""
        if self._sqlite is None:
            self._sqlite = self._migrated_sqlite()
        shutil.copyfile(self._sqlite, target)

    def fill_postgresql(self, url: str, schema: str) -> None:
        """The empty ``schema`` becomes a migrated store."""
        if url not in self._postgresql:
            self._postgresql[url] = _record_migrations(url)
        statements, template = self._postgresql[url]
        if url not in self._engines:
            self._engines[url] = create_engine(url)
        with self._engines[url].begin() as connection:
            connection.execute(text(f'SET LOCAL search_path TO "{schema}"'))
            for statement in statements:
                sql = statement.sql.replace(template, schema)
                if statement.parameters:
                    connection.exec_driver_sql(sql, statement.parameters)
                else:
                    connection.exec_driver_sql(sql)

    def close(self) -> None:
        for engine in self._engines.values():
            engine.dispose()

    def _migrated_sqlite(self) -> Path:
        path = self.folder / "template.sqlite"
        db = Database(f"sqlite:///{path}")
        migrate.upgrade(db)
        with db.engine.connect() as connection:
            connection.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
        db.dispose()
        return path


def _record_migrations(url: str) -> tuple[list[_Statement], str]:
    """The writing statements the migrations send to an empty schema (dropped afterwards),
    and that schema's name, which a replay replaces with its own."""
    schema = f"iphub_template_{uuid.uuid4().hex[:12]}"
    admin = create_engine(url, isolation_level="AUTOCOMMIT")
    statements: list[_Statement] = []

    def record(_conn, _cursor, sql, parameters, _context, _many) -> None:
        if not _READ.match(sql):
            statements.append(_Statement(sql, parameters))

    try:
        with admin.connect() as connection:
            connection.execute(text(f'CREATE SCHEMA "{schema}"'))
        db = Database(url, schema=schema)
        event.listen(db.engine, "before_cursor_execute", record)
        try:
            migrate.upgrade(db)
        finally:
            db.dispose()
    finally:
        with admin.connect() as connection:
            connection.execute(text(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE'))
        admin.dispose()
    return _scripts(statements), schema


def _scripts(statements: list[_Statement]) -> list[_Statement]:
    """Runs of statements without parameters joined into one script each: one round trip for
    the whole chain instead of one per statement (PostgreSQL takes several in one query)."""
    joined: list[_Statement] = []
    for statement in statements:
        if joined and not statement.parameters and not joined[-1].parameters:
            joined[-1] = _Statement(f"{joined[-1].sql};\n{statement.sql}", None)
        else:
            joined.append(statement)
    return joined
