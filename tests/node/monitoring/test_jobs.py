"""The scheduler's periodic jobs: expired test deliveries are purged with the monitoring jobs
(the purge itself: tests/store/testfeed/test_purge.py)."""

from __future__ import annotations

from node.monitoring import jobs
from tests.store.testfeed.test_purge import aged, remaining
from tests.testfeed_support import config, offices

__all__ = ["config", "offices"]


def test_the_scheduler_purges_expired_test_deliveries(db, offices, config):
    old = aged(db, config, 30)
    periodic = {name: (call, seconds) for name, call, seconds in jobs.scheduled(db, config)}
    call, seconds = periodic["test-feed-purge"]
    assert seconds == 3600
    assert call() == 1 and old not in remaining(db)[0]
