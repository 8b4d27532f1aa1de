"""Harvester state that is not a record: leases (one harvest per endpoint at a time) and the
hashed upload keys of offices that push their data.

Kept apart from ``models.py`` because these tables are the harvester's machinery, not the
data the node publishes.
"""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from store.base import Base
from store.columns import DefaultNow, OfficeFK, RunFK


class HarvestLease(Base):
    """A time-limited lock on a key such as ``endpoint:12``, held by one process.

    A row instead of an in-process lock so that CLI runs, scheduler replicas and hosts share it
    on SQLite and PostgreSQL alike. The holder renews ``expires_at`` while it works (heartbeat);
    a crashed holder's lease simply runs out.
    """

    __tablename__ = "harvest_leases"

    key: Mapped[str] = mapped_column(sa.String(100), primary_key=True)
    #: "host:pid:random": lets a process on the same host take over from a dead one at once.
    holder: Mapped[str] = mapped_column(sa.String(200))
    acquired_at: Mapped[datetime] = mapped_column(sa.DateTime)
    expires_at: Mapped[datetime] = mapped_column(sa.DateTime)


class OfficeUploadKey(Base):
    """The SHA-256 of an office's upload key (the key itself is shown once, never stored)."""

    __tablename__ = "office_upload_keys"

    office_id: Mapped[OfficeFK] = mapped_column(primary_key=True)
    key_sha256: Mapped[str] = mapped_column(sa.String(64))
    created_at: Mapped[DefaultNow]


class UploadPayload(Base):
    """An accepted upload waiting to be (or being) processed: the file itself, in the store.

    Kept in the database rather than in the accepting process's memory so that any replica's
    background executor or ``iphub scheduler`` can process it, and a run whose process died can
    be resumed. Deleted when its run ends; a failed run keeps only the first bytes (the cap).
    """

    __tablename__ = "upload_payloads"

    run_id: Mapped[RunFK] = mapped_column(primary_key=True)
    filename: Mapped[str] = mapped_column(sa.String(300))
    metadata_prefix: Mapped[str] = mapped_column(sa.String(40))
    size: Mapped[int] = mapped_column(sa.BigInteger)
    sha256: Mapped[str] = mapped_column(sa.String(64))
    data: Mapped[bytes] = mapped_column(sa.LargeBinary)
    created_at: Mapped[DefaultNow]
