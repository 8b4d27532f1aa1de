"""Test-feed fixtures: offices in the store, fast settings, a simulated office with its planted
defects as the test endpoint, and a way to count what a test delivery must never touch."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from sqlalchemy import func, select

from harvester.simulator.server import SimulatedOffice, running
from node.monitoring.models import MonitorAlert, OfficeCount
from node.notify.models import Delivery
from node.quality.models import QualityFinding
from node.storage.models import HarvestRun, Office, PublishedRecord, SourceRecord

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


@pytest.fixture
def simulated() -> SimulatedOffice:
    """KH's trademarks, 24 records over pages of 10, with the generator's planted defects."""
    return SimulatedOffice("KH", records=24, seed=5, ip_types=("trademarks",), page_size=10)


@pytest.fixture
def simulated_url(simulated) -> Iterator[str]:
    with running(simulated) as url:
        yield url


def untouched_counts(db) -> dict[str, int]:
    with db.session() as session:
        return {
            model.__tablename__: session.scalar(select(func.count()).select_from(model))
            for model in UNTOUCHED
        }
