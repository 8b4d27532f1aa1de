"""Rows as plain objects, for code that writes many of them with Core.

An ORM object's attributes are instrumented: each read or write of one costs about a
microsecond of bookkeeping (history, events, the identity map), and creating one sets up its
instance state. The ingest sets a dozen columns of every published record, reads them back to
insert or update a page in bulk, and never needs the session to track them.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from store.models import PublishedRecord

#: The columns of ``published_records`` (``id`` first), as the store names them.
PUBLISHED_COLUMNS: tuple[str, ...] = tuple(c.key for c in PublishedRecord.__table__.columns)


@dataclass(slots=True, eq=False)
class PublishedRow:
    """A ``published_records`` row: every column, with the model's defaults; ``stored`` says
    whether it came from the store (written by UPDATE) or is new (written by INSERT)."""

    oai_identifier: str
    office_code: str
    id: int | None = None
    source_record_id: int | None = None
    ip_type: str = ""
    set_spec: str = ""
    datestamp: datetime | None = None
    st96: bytes | None = None
    dc: bytes | None = None
    validation_status: str = "skipped"
    validation_errors: list = field(default_factory=list)
    application_number: str | None = None
    about: bytes | None = None
    deleted: bool = False
    processing_version: str | None = None
    stored: bool = False

    def values(self, names: Iterable[str]) -> dict[str, Any]:
        """The columns ``names`` as a dict, for a bulk INSERT or ``executemany`` UPDATE."""
        return {name: getattr(self, name) for name in names}


_missing = set(PUBLISHED_COLUMNS) - set(PublishedRow.__slots__)
if _missing:  # a column added to the model must be added here too
    raise RuntimeError(f"PublishedRow lacks columns {sorted(_missing)}")
