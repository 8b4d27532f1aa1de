"""Expired test deliveries removed: by ``iphub scheduler`` (a monitoring job,
``TEST_FEED_PURGE_INTERVAL``) and by ``iphub test-feed purge``.

The retention in force when the purge runs decides (a coordinator who shortens it sees older
deliveries go at the next purge). Records are deleted before their deliveries, in pages, so a
purge never holds a long lock and works whether or not the store enforces ``ON DELETE``.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import delete, select

from harvester.testfeed import limits as feed_limits
from node.storage.base import utcnow
from node.storage.database import Database
from node.testfeed.models import TestDelivery, TestRecord

PAGE = 200


def purge_expired(db: Database, config: Mapping[str, Any], *, now: datetime | None = None) -> int:
    """Delete every delivery older than the retention, with its records; how many went."""
    now = now or utcnow()
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
