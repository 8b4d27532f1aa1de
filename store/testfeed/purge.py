"""Expired test deliveries removed: by ``iphub scheduler`` (a monitoring job,
``TEST_FEED_PURGE_INTERVAL``) and by ``iphub test-feed purge``; the same pass ends deliveries
left ``running`` by a process that died (:func:`end_abandoned`).

The retention in force when the purge runs decides (a coordinator who shortens it sees older
deliveries go at the next purge). Records are deleted before their deliveries, in pages, so a
purge never holds a long lock and works whether or not the store enforces ``ON DELETE``.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import delete, select, update

from store.base import utcnow
from store.database import Database
from store.testfeed import limits as feed_limits
from store.testfeed.models import TestDelivery, TestRecord

PAGE = 200
#: A delivery still running this long after its time budget was left by a process that died.
ABANDONED_AFTER = timedelta(minutes=10)
ABANDONED = "the check stopped before it ended (the node restarted); send the test again"


def end_abandoned(db: Database, config: Mapping[str, Any], *, now: datetime | None = None) -> int:
    """Mark ``failed`` the deliveries a dead process left ``running``; how many."""
    now = now or utcnow()
    with db.session() as session:
        budget = feed_limits.current(session, config).time_budget
        cutoff = now - timedelta(seconds=budget) - ABANDONED_AFTER
        ended = session.execute(
            update(TestDelivery)
            .where(TestDelivery.status == "running", TestDelivery.created_at < cutoff)
            .values(status="failed", message=ABANDONED, finished_at=now)
        )
        return ended.rowcount or 0


def purge_expired(db: Database, config: Mapping[str, Any], *, now: datetime | None = None) -> int:
    """Delete every delivery older than the retention, with its records; how many went.
    Deliveries abandoned ``running`` are ended first."""
    now = now or utcnow()
    end_abandoned(db, config, now=now)
    with db.session() as session:
        retention = feed_limits.current(session, config).retention_days
    cutoff = now - timedelta(days=retention)
    purged = 0
    while True:
        with db.session() as session:
            ids = list(session.scalars(
                select(TestDelivery.id).where(TestDelivery.created_at < cutoff)
                .order_by(TestDelivery.id).limit(PAGE)
            ))  # fmt: skip
            if not ids:
                return purged
            session.execute(delete(TestRecord).where(TestRecord.delivery_id.in_(ids)))
            session.execute(delete(TestDelivery).where(TestDelivery.id.in_(ids)))
        purged += len(ids)
