"""Test-feed fixtures: offices in the store, fast settings (:mod:`tests.testfeed_support`), a
simulated office with its planted defects as the test endpoint, and a way to count what a test
delivery must never touch."""

from __future__ import annotations

from sqlalchemy import func, select

from store.models import HarvestRun, PublishedRecord, SourceRecord
from store.monitoring_models import MonitorAlert, OfficeCount
from store.notify_models import Delivery
from store.quality_models import QualityFinding

# the simulated test endpoint: KH's trademarks, 24 records over pages of 10, planted defects
from tests.node.monitoring.conftest import office, office_url
from tests.testfeed_support import config, offices  # shared with the store's purge tests

__all__ = ["config", "office", "office_url", "offices"]

#: Tables a test delivery may not write to: publication, harvest accounting, quality
#: lifecycle, monitoring figures, pushed feedback.
UNTOUCHED = (PublishedRecord, SourceRecord, HarvestRun, QualityFinding, OfficeCount,
             MonitorAlert, Delivery)  # fmt: skip


def untouched_counts(db) -> dict[str, int]:
    with db.session() as session:
        return {
            model.__tablename__: session.scalar(select(func.count()).select_from(model))
            for model in UNTOUCHED
        }
