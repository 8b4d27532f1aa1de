"""Test-feed fixtures: offices in the store, fast settings, a simulated office with its planted
defects as the test endpoint, and a way to count what a test delivery must never touch."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from store.models import HarvestRun, Office, PublishedRecord, SourceRecord
from store.monitoring_models import MonitorAlert, OfficeCount
from store.notify_models import Delivery
from store.quality_models import QualityFinding

# the simulated test endpoint: KH's trademarks, 24 records over pages of 10, planted defects
from tests.node.monitoring.conftest import office, office_url

__all__ = ["office", "office_url"]

#: Tables a test delivery may not write to: publication, harvest accounting, quality
#: lifecycle, monitoring figures, pushed feedback.
UNTOUCHED = (PublishedRecord, SourceRecord, HarvestRun, QualityFinding, OfficeCount,
             MonitorAlert, Delivery)  # fmt: skip


@pytest.fixture
def config() -> dict:
    """What the test feed reads of the app config: fast retries, local endpoints allowed."""
    return {
        "NOTIFY_ALLOW_PRIVATE": True,
        "HARVEST_BACKOFF_BASE": 0.001,
        "HARVEST_BACKOFF_MAX": 0.01,
        "HARVEST_RETRY_AFTER_CAP": 0.05,
        "HARVEST_TIMEOUT": 5,
    }


@pytest.fixture
def offices(db) -> None:
    with db.session() as session:
        session.add_all([Office(code="KH", name="Cambodia"), Office(code="TH", name="Thailand")])


def untouched_counts(db) -> dict[str, int]:
    with db.session() as session:
        return {
            model.__tablename__: session.scalar(select(func.count()).select_from(model))
            for model in UNTOUCHED
        }
