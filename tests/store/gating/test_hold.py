"""A gated page is stored in a fixed number of statements too, and touches no published row:
the held versions go to their own table, one DELETE and one INSERT a page."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import func, select

from harvester.ingest import Target
from store.base import utcnow
from store.gating.models import HeldRecord
from store.models import HarvestRun, Office, PublishedRecord
from tests.harvester.test_ingest_statements import BOUND, _ingest, _page, _pages


def test_gated_pages_take_fixed_statements_and_publish_nothing(db):
    with db.session() as session:
        office = Office(code="KH", name="Office KH")
        session.add(office)
        session.flush()
        target = Target(office.id, "KH", "st66", gated=frozenset({"trademarks"}))
        run = HarvestRun(office_id=office.id, kind="harvest", started_at=utcnow())
        session.add(run)
        session.flush()
        run_id = run.id
    stamp = datetime(2026, 1, 1)
    seen = {}
    for size, start in ((8, 0), (60, 1000)):
        indexes = _pages(size, start)
        seen[size] = [
            _ingest(db, target, run_id, _page(indexes, 0, stamp), "new"),
            _ingest(db, target, run_id, _page(indexes, 1, stamp), "new"),  # still never published
        ]
    for small, large in zip(seen[8], seen[60], strict=True):
        assert len(large) <= BOUND and small == large, (small, large)
        assert not any("published_records" in s for s in large), large

    with db.session() as session:
        assert session.scalar(select(func.count(PublishedRecord.id))) == 0
        assert session.scalar(select(func.count(HeldRecord.id))) == 68  # the newest of each
