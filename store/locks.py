"""Never two harvests of one endpoint at once: a lease row in the database.

Why a row rather than PostgreSQL advisory locks: it works the same on SQLite and PostgreSQL,
it is visible (``SELECT * FROM harvest_leases`` says who harvests what), and it survives the
connection pool. Acquiring is one atomic statement: ``INSERT`` the row, or take it over with
``UPDATE ... WHERE expires_at < now`` (or when its holder is a dead process on this host).
The holder renews it from a heartbeat thread; a crashed holder's lease runs out after ``ttl``.
"""

from __future__ import annotations

import logging
import os
import socket
import threading
import time
import uuid
from datetime import UTC, datetime, timedelta

from sqlalchemy import delete, insert, select, update
from sqlalchemy.exc import IntegrityError

from store.database import Database
from store.harvest_state import HarvestLease

log = logging.getLogger("iphub.harvester")

DEFAULT_TTL = 120.0


def utc_now() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None)  # naive UTC like every datestamp stored


def new_holder_id() -> str:
    """``host:pid:random``: unique per lease, and tells whether the holder still lives."""
    return f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:8]}"


def holder_is_dead(holder: str) -> bool:
    """True when the holder ran on this host and its process no longer exists."""
    host, _, rest = holder.partition(":")
    pid_text = rest.partition(":")[0]
    if host != socket.gethostname() or not pid_text.isdigit():
        return False
    pid = int(pid_text)
    if pid == os.getpid():
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return True
    except PermissionError:
        return False
    return False


class Lease:
    """A held lease; renews itself until :meth:`release`. ``lost`` turns True if taken over."""

    def __init__(self, db: Database, key: str, holder: str, ttl: float) -> None:
        self.db, self.key, self.holder, self.ttl = db, key, holder, ttl
        self.lost = False
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._beat, name=f"lease-{key}", daemon=True)
        self._thread.start()

    def _beat(self) -> None:
        while not self._stop.wait(self.ttl / 3):
            try:
                if not self.renew():
                    self.lost = True
                    log.error("lease %s lost: another process took it over", self.key)
                    return
            except Exception:  # a busy database must not kill the heartbeat
                log.warning("lease %s: heartbeat failed, will retry", self.key, exc_info=True)

    def renew(self) -> bool:
        """Push the expiry forward; False when the row is no longer ours."""
        with self.db.engine.begin() as connection:
            result = connection.execute(
                update(HarvestLease)
                .where(HarvestLease.key == self.key, HarvestLease.holder == self.holder)
                .values(expires_at=utc_now() + timedelta(seconds=self.ttl))
            )
        return result.rowcount == 1

    def release(self) -> None:
        self._stop.set()
        self._thread.join(timeout=5)
        with self.db.engine.begin() as connection:
            connection.execute(
                delete(HarvestLease).where(
                    HarvestLease.key == self.key, HarvestLease.holder == self.holder
                )
            )
        log.info("lease released key=%s holder=%s at=%.6f", self.key, self.holder, time.time())

    def __enter__(self) -> Lease:
        return self

    def __exit__(self, *_exc) -> None:
        self.release()


def acquire(db: Database, key: str, *, ttl: float = DEFAULT_TTL, holder: str | None = None):
    """The lease on ``key``, or None when someone alive holds it."""
    holder = holder or new_holder_id()
    if _try_insert(db, key, holder, ttl) or _try_take_over(db, key, holder, ttl):
        log.info("lease acquired key=%s holder=%s at=%.6f", key, holder, time.time())
        return Lease(db, key, holder, ttl)
    return None


def current_holder(db: Database, key: str) -> str | None:
    with db.engine.connect() as connection:
        return connection.execute(
            select(HarvestLease.holder).where(HarvestLease.key == key)
        ).scalar_one_or_none()


def _try_insert(db: Database, key: str, holder: str, ttl: float) -> bool:
    now = utc_now()
    try:
        with db.engine.begin() as connection:
            connection.execute(
                insert(HarvestLease).values(
                    key=key,
                    holder=holder,
                    acquired_at=now,
                    expires_at=now + timedelta(seconds=ttl),
                )
            )
    except IntegrityError:
        return False
    return True


def _try_take_over(db: Database, key: str, holder: str, ttl: float) -> bool:
    """Atomically replace an expired lease, or one whose holder died on this host."""
    now = utc_now()
    row = db.engine.connect()
    try:
        previous = row.execute(
            select(HarvestLease.holder, HarvestLease.expires_at).where(HarvestLease.key == key)
        ).first()
    finally:
        row.close()
    if previous is None:
        return _try_insert(db, key, holder, ttl)
    if previous.expires_at >= now and not holder_is_dead(previous.holder):
        return False
    with db.engine.begin() as connection:
        result = connection.execute(
            update(HarvestLease)
            .where(HarvestLease.key == key, HarvestLease.holder == previous.holder)
            .values(holder=holder, acquired_at=now, expires_at=now + timedelta(seconds=ttl))
        )
    if result.rowcount == 1:
        log.warning("lease %s taken over from %s (expired or dead)", key, previous.holder)
    return result.rowcount == 1
