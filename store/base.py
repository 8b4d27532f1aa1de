"""The declarative base shared by every model module, with a stable naming convention.

The convention gives constraints predictable names, so Alembic migrations generated on SQLite
and PostgreSQL agree.
"""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import MetaData
from sqlalchemy.orm import DeclarativeBase

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    """Base of all iphub tables."""

    metadata = MetaData(naming_convention=NAMING_CONVENTION)


def utcnow() -> datetime:
    """Naive UTC now, truncated to whole seconds: the node's OAI-PMH granularity."""
    return datetime.now(UTC).replace(tzinfo=None, microsecond=0)


def iso_seconds(moment: datetime | None) -> str | None:
    """A naive UTC moment as ISO 8601 with ``Z``, in whole seconds; None stays None.

    The one formatter of moments the hub writes out: the JSON APIs, the pushed notifications,
    the run errors, the feedback document (``store.feedback.utc``, cached) and the CLI. Whole
    seconds: the OAI-PMH granularity, and what the store keeps (:func:`utcnow`); the few
    sub-second moments (a run ended by :func:`store.liveness.reap`, lease clocks) are shown
    the same way, so no output carries a fraction of a second."""
    return moment.replace(microsecond=0).isoformat() + "Z" if moment else None
