"""Expired test deliveries go, with their records; the coordinator's retention decides (the
scheduler's job that runs the purge: tests/node/monitoring/test_jobs.py)."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest
from sqlalchemy import func, select, update

from harvester.testfeed.run import try_upload
from store.base import utcnow
from store.testfeed import limits as feed_limits
from store.testfeed.models import TestDelivery, TestRecord
from store.testfeed.purge import purge_expired

GOOD = (
    Path(__file__).resolve().parents[2] / "data" / "quality" / "KH-trademark.st66.xml"
).read_bytes()


def aged(db, config, days: float) -> int:
    """A test delivery of one record, made ``days`` ago."""
    delivery_id = try_upload(db, config, "KH", "KH-1.xml", GOOD, "st66")
    with db.session() as session:
        session.execute(update(TestDelivery).where(TestDelivery.id == delivery_id)
                        .values(created_at=utcnow() - timedelta(days=days)))  # fmt: skip
    return delivery_id


def remaining(db) -> tuple[set[int], int]:
    with db.session() as session:
        ids = set(session.scalars(select(TestDelivery.id)))
        return ids, session.scalar(select(func.count()).select_from(TestRecord))


def test_deliveries_past_the_retention_are_purged_with_their_records(db, offices, config):
    old, fresh = aged(db, config, 8), aged(db, config, 6)
    assert purge_expired(db, config) == 1
    assert remaining(db) == ({fresh}, 1)
    assert old not in remaining(db)[0]
    assert purge_expired(db, config) == 0


def test_the_coordinators_retention_is_the_one_applied(db, offices, config):
    two_days = aged(db, config, 2)
    with db.session() as session:
        feed_limits.save(session, max_records=None, retention_days=1, by="coordinator")
    assert purge_expired(db, config) == 1 and two_days not in remaining(db)[0]


def test_the_setting_is_the_default_retention(db, offices, config):
    aged(db, config, 2)
    assert purge_expired(db, {**config, "TEST_FEED_RETENTION_DAYS": 3}) == 0
    assert purge_expired(db, {**config, "TEST_FEED_RETENTION_DAYS": 1.5}) == 1


@pytest.mark.parametrize(("records", "days"), [(0, None), (None, 0), (-5, None)])
def test_nonsense_limits_are_refused(db, records, days):
    with db.session() as session, pytest.raises(ValueError):
        feed_limits.save(session, max_records=records, retention_days=days, by="c")


def test_a_delivery_left_running_by_a_dead_process_is_ended_by_the_purge(db, offices, config):
    recent, abandoned = aged(db, config, 0), aged(db, config, 0.5)
    with db.session() as session:
        session.execute(update(TestDelivery).values(status="running", finished_at=None))
        session.execute(update(TestDelivery).where(TestDelivery.id == recent)
                        .values(created_at=utcnow()))  # fmt: skip
    assert purge_expired(db, config) == 0
    with db.session() as session:
        states = {d.id: (d.status, d.message) for d in session.scalars(select(TestDelivery))}
    assert states[recent] == ("running", None)
    assert states[abandoned][0] == "failed" and "send the test again" in states[abandoned][1]
