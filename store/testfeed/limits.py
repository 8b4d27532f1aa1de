"""The test feed's limits: what the coordinator set (``test_feed_settings``) over the settings.

Like Europeana's Metis sandbox (at most 1,000 records, kept 7 days): a test delivery is for
trying a format, not for loading a register, and what it stored does not stay for ever.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy.orm import Session

from store.base import utcnow
from store.testfeed.models import TestFeedSettings

SETTINGS_ID = 1


@dataclass(frozen=True)
class TestFeedLimits:
    """What one test delivery may hold and how long it is kept."""

    __test__ = False  # not a pytest test class

    #: records checked per delivery; the rest are counted as not read (``TEST_FEED_MAX_RECORDS``)
    max_records: int = 1000
    #: days a delivery is kept before the purge removes it (``TEST_FEED_RETENTION_DAYS``)
    retention_days: float = 7.0
    #: bytes an uploaded test file may have (``TEST_FEED_MAX_BYTES``)
    max_bytes: int = 50 * 2**20
    #: seconds a test endpoint is walked before the delivery stops (``TEST_FEED_TIME_BUDGET``)
    time_budget: float = 120.0

    @classmethod
    def from_config(cls, config: Mapping[str, Any]) -> TestFeedLimits:
        return cls(
            max_records=int(config.get("TEST_FEED_MAX_RECORDS", cls.max_records)),
            retention_days=float(config.get("TEST_FEED_RETENTION_DAYS", cls.retention_days)),
            max_bytes=int(config.get("TEST_FEED_MAX_BYTES", cls.max_bytes)),
            time_budget=float(config.get("TEST_FEED_TIME_BUDGET", cls.time_budget)),
        )

    def expires(self, created_at: datetime) -> datetime:
        return created_at + timedelta(days=self.retention_days)


def current(session: Session, config: Mapping[str, Any]) -> TestFeedLimits:
    """The limits in force: the coordinator's row over the settings."""
    limits = TestFeedLimits.from_config(config)
    row = session.get(TestFeedSettings, SETTINGS_ID)
    if row is None:
        return limits
    if row.max_records is not None:
        limits = replace(limits, max_records=row.max_records)
    if row.retention_days is not None:
        limits = replace(limits, retention_days=row.retention_days)
    return limits


def save(
    session: Session, *, max_records: int | None, retention_days: float | None, by: str
) -> None:
    """The coordinator's limits; None leaves a limit as it was. Refuses nonsense at once."""
    if max_records is not None and max_records < 1:
        raise ValueError("the record limit must be at least 1")
    if retention_days is not None and retention_days <= 0:
        raise ValueError("the retention must be more than 0 days")
    row = session.get(TestFeedSettings, SETTINGS_ID)
    if row is None:
        row = TestFeedSettings(id=SETTINGS_ID)
        session.add(row)
    if max_records is not None:
        row.max_records = max_records
    if retention_days is not None:
        row.retention_days = retention_days
    row.updated_by, row.updated_at = by, utcnow()
