"""Engine and sessions: one :class:`Database` per app or per harvester process.

Kept free of Flask so the harvester, the scheduler and benchmarks use the same store code.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.orm import Session, sessionmaker

log = logging.getLogger("iphub.store")
#: SQLite's default ``wal_autocheckpoint`` (pages), restored when a connection goes back
AUTOCHECKPOINT = 1000
#: Marks a pooled connection whose automatic checkpoint :meth:`Database.large_write` turned off
_DEFERRED = "iphub_checkpoint_deferred"


def normalise_database_url(url: str) -> str:
    """Use psycopg 3 for plain ``postgresql://`` URLs, the driver we install."""
    if url.startswith("postgresql://") or url.startswith("postgres://"):
        return "postgresql+psycopg://" + url.split("://", 1)[1]
    return url


def _sqlite_pragmas(dbapi_connection, _record) -> None:
    """WAL lets the node read while the harvester writes; foreign keys are off by default."""
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA busy_timeout=30000")
    cursor.close()


def _restore_autocheckpoint(dbapi_connection, record) -> None:
    """A connection back in the pool checkpoints on commit again (see
    :meth:`Database.large_write`)."""
    if record.info.pop(_DEFERRED, False):
        cursor = dbapi_connection.cursor()
        cursor.execute(f"PRAGMA wal_autocheckpoint={AUTOCHECKPOINT}")
        cursor.close()


class Database:
    """An engine plus a session factory, created from one URL."""

    def __init__(self, url: str, *, echo: bool = False, schema: str | None = None) -> None:
        self.url = normalise_database_url(url)
        options: dict = {"echo": echo, "future": True}
        if self.url.startswith("sqlite"):
            options["connect_args"] = {"check_same_thread": False, "timeout": 30}
        else:
            options["pool_pre_ping"] = True
        if schema:
            options.setdefault("connect_args", {})["options"] = f"-csearch_path={schema}"
        self.engine: Engine = create_engine(self.url, **options)
        if self.is_sqlite:
            event.listen(self.engine, "connect", _sqlite_pragmas)
            event.listen(self.engine, "checkin", _restore_autocheckpoint)
        self.sessionmaker = sessionmaker(self.engine, expire_on_commit=False)
        self._checkpoints: list[threading.Thread] = []
        #: how long each checkpoint beside a large write took (what it moved off the run)
        self.checkpoint_seconds: list[float] = []

    @property
    def is_sqlite(self) -> bool:
        return self.engine.dialect.name == "sqlite"

    @contextmanager
    def session(self) -> Iterator[Session]:
        """A unit of work: committed when the block ends, rolled back when it raises."""
        session = self.sessionmaker()
        try:
            yield session
            session.commit()
        except BaseException:
            session.rollback()
            raise
        finally:
            session.close()

    @contextmanager
    def large_write(self) -> Iterator[Session]:
        """:meth:`session` for one large transaction on a run's critical path (a delivery's
        promotion at the run's end): on SQLite, its commit does not copy the WAL into the
        database file in the committing thread (SQLite's automatic checkpoint, ~0.45 s for a
        first delivery of 5,000 records); a thread of its own does that right after, as a
        PASSIVE checkpoint, which blocks neither readers nor writers. The work is the same,
        done beside the run instead of inside it. Other stores: :meth:`session` as is."""
        with self.session() as session:
            if self.is_sqlite and self._file_backed:
                connection = session.connection()
                connection.exec_driver_sql("PRAGMA wal_autocheckpoint=0")
                connection.info[_DEFERRED] = True
            yield session
        if self.is_sqlite and self._file_backed:
            self._checkpoint_beside()

    @property
    def _file_backed(self) -> bool:
        return self.engine.url.database not in (None, "", ":memory:")

    def _checkpoint_beside(self) -> None:
        """Start the checkpoint thread; return once it holds its connection (the run's next
        commit, a lease's release, would otherwise often take the checkpoint lock first and
        do the copy itself; either way the store is consistent, only the wait moves)."""
        ready = threading.Event()
        thread = threading.Thread(target=self._checkpoint, args=(ready,),
                                  name="sqlite-checkpoint", daemon=True)  # fmt: skip
        self._checkpoints = [t for t in self._checkpoints if t.is_alive()]
        self._checkpoints.append(thread)
        thread.start()
        ready.wait(timeout=5)

    def _checkpoint(self, ready: threading.Event) -> None:
        """PASSIVE: copies what no reader still needs; the next automatic checkpoint (any
        connection's commit past ``AUTOCHECKPOINT`` pages) does the rest."""
        started = time.perf_counter()
        try:
            with self.engine.connect() as connection:
                cursor = connection.connection.dbapi_connection.cursor()
                ready.set()
                cursor.execute("PRAGMA wal_checkpoint(PASSIVE)")
                cursor.close()
            self.checkpoint_seconds.append(time.perf_counter() - started)
        except Exception:  # housekeeping: a later commit checkpoints instead
            log.exception("background WAL checkpoint failed")
        finally:
            ready.set()  # also when the connection could not be had: the run must not wait

    def dispose(self) -> None:
        for thread in self._checkpoints:  # the store may be removed next
            thread.join()
        self.engine.dispose()
