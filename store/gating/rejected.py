"""The source versions of rejected deliveries, which ``iphub reprocess`` must not publish.

A rejection drops the held versions, but the source rows keep the office's bytes (nothing is
lost). Reprocessing maps stored bytes again and publishes them, ungated: it would publish
what the coordinator rejected. So a rejection records, per record, the source version it
rejected (``sha256`` and ``harvested_at`` of the source row then), and the reprocess
selection leaves out every source row still holding exactly that version
(:func:`not_rejected`). The record's served version stays as it is, as after the rejection.

Nothing has to clear a mark: when the office sends other bytes (or the same bytes again, in
a later delivery), the harvest rewrites the source row with a new ``harvested_at``, the mark
no longer matches, and the new delivery goes through the gate as any other. A mark is
replaced by the record's next rejection.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ColumnElement, Table, delete, exists, insert, literal, select
from sqlalchemy.orm import Session
from sqlalchemy.types import DateTime, Integer

from store.gating.hold import HELD
from store.gating.models import RejectedSource
from store.models import SourceRecord

REJECTED = RejectedSource.__table__
_SOURCES = SourceRecord.__table__


def mark_rejected(
    session: Session, delivery_id: int, run_id: int, ip_type: str, now: datetime
) -> None:
    """Record the source versions of (run, IP type)'s held versions, before they are dropped
    (a held deletion needs none: a deleted original is never reprocessed)."""
    held = select(HELD.c.source_record_id).where(
        HELD.c.run_id == run_id, HELD.c.ip_type == ip_type, HELD.c.deleted.is_(False),
        HELD.c.source_record_id.is_not(None),
    )  # fmt: skip
    session.execute(delete(REJECTED).where(REJECTED.c.source_record_id.in_(held)))
    rows = select(
        _SOURCES.c.id, _SOURCES.c.sha256, _SOURCES.c.harvested_at,
        literal(delivery_id, Integer()), literal(now, DateTime()),
    ).where(_SOURCES.c.id.in_(held))  # fmt: skip
    columns = ["source_record_id", "sha256", "harvested_at", "delivery_id", "rejected_at"]
    session.execute(insert(REJECTED).from_select(columns, rows))


def not_rejected(sources: Table = _SOURCES) -> ColumnElement[bool]:
    """Source rows not holding a rejected version (the reprocess selection's condition)."""
    return ~exists().where(
        REJECTED.c.source_record_id == sources.c.id,
        REJECTED.c.sha256 == sources.c.sha256,
        REJECTED.c.harvested_at == sources.c.harvested_at,
    )
