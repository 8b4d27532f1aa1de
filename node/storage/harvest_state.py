"""Harvester state that is not a record: leases (one harvest per endpoint at a time) and the
hashed upload keys of offices that push their data.

Kept apart from ``models.py`` because these tables are the harvester's machinery, not the
data the node publishes.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import DateTime, ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from node.storage.base import Base, utcnow


class HarvestLease(Base):
    """A time-limited lock on a key such as ``endpoint:12``, held by one process.

    A row instead of an in-process lock so that CLI runs, scheduler replicas and hosts share it
    on SQLite and PostgreSQL alike. The holder renews ``expires_at`` while it works (heartbeat);
    a crashed holder's lease simply runs out.
    """

    __tablename__ = "harvest_leases"

    key: Mapped[str] = mapped_column(String(100), primary_key=True)
    #: "host:pid:random": lets a process on the same host take over from a dead one at once.
    holder: Mapped[str] = mapped_column(String(200))
    acquired_at: Mapped[datetime] = mapped_column(DateTime)
    expires_at: Mapped[datetime] = mapped_column(DateTime)


class OfficeUploadKey(Base):
    """The SHA-256 of an office's upload key (the key itself is shown once, never stored)."""

    __tablename__ = "office_upload_keys"

    office_id: Mapped[int] = mapped_column(
        ForeignKey("offices.id", ondelete="CASCADE"), primary_key=True
    )
    key_sha256: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
