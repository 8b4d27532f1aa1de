"""Test-feed tables: test deliveries, their records, and the coordinator's limits.

Kept apart from the harvest tables on purpose: nothing here is a ``HarvestRun``, a
``SourceRecord`` or a ``PublishedRecord``, so a test delivery can never reach OAI-PMH, the
monitoring figures, the quality lifecycle or an office's pushed feedback, and purging one is a
plain delete of its own rows.
"""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from store.base import Base
from store.columns import DefaultNow, IntPK, OfficeCode

SOURCES = ("upload", "endpoint")
STATUSES = ("running", "succeeded", "partial", "failed")


class TestDelivery(Base):
    """One test delivery of an office: an uploaded file or a walk of a test endpoint."""

    __tablename__ = "test_deliveries"
    __table_args__ = (sa.Index("ix_test_deliveries_office", "office_code", "created_at"),)
    __test__ = False  # not a pytest test class, whatever its name says

    id: Mapped[IntPK]
    office_code: Mapped[OfficeCode]
    #: "upload" | "endpoint"
    source: Mapped[str] = mapped_column(sa.String(10))
    #: the file name, or the endpoint's base URL
    label: Mapped[str] = mapped_column(sa.String(500))
    metadata_prefix: Mapped[str] = mapped_column(sa.String(40))
    #: "running" | "succeeded" | "partial" | "failed"
    status: Mapped[str] = mapped_column(sa.String(12), default="running")
    #: why it failed or stopped early, in one sentence for office staff
    message: Mapped[str | None] = mapped_column(sa.Text)
    created_by: Mapped[str] = mapped_column(sa.String(200), default="")
    created_at: Mapped[DefaultNow]
    finished_at: Mapped[datetime | None] = mapped_column(sa.DateTime)
    records: Mapped[int] = mapped_column(sa.Integer, default=0)
    valid: Mapped[int] = mapped_column(sa.Integer, default=0)
    invalid: Mapped[int] = mapped_column(sa.Integer, default=0)
    failed: Mapped[int] = mapped_column(sa.Integer, default=0)
    deleted: Mapped[int] = mapped_column(sa.Integer, default=0)
    #: True when the delivery held more records than the limit and only the first were checked
    limited: Mapped[bool] = mapped_column(sa.Boolean, default=False)


class TestRecord(Base):
    """One record of a test delivery: the office's bytes as sent, the ST.96 the hub made of
    them, and every finding (mapping, schema, quality rules) as plain dictionaries."""

    __tablename__ = "test_records"
    __table_args__ = (sa.Index("ix_test_records_delivery", "delivery_id", "position"),)
    __test__ = False

    id: Mapped[IntPK]
    delivery_id: Mapped[int] = mapped_column(
        sa.ForeignKey("test_deliveries.id", ondelete="CASCADE")
    )
    position: Mapped[int] = mapped_column(sa.Integer)
    identifier: Mapped[str] = mapped_column(sa.String(500))
    ip_type: Mapped[str | None] = mapped_column(sa.String(20))
    #: "valid" | "invalid" | "skipped" (schemas absent) | "failed" (not processed) | "deleted"
    outcome: Mapped[str] = mapped_column(sa.String(10))
    raw: Mapped[bytes | None] = mapped_column(sa.LargeBinary)
    st96: Mapped[bytes | None] = mapped_column(sa.LargeBinary)
    error: Mapped[str | None] = mapped_column(sa.Text)
    findings: Mapped[list] = mapped_column(sa.JSON, default=list)


class TestFeedSettings(Base):
    """The coordinator's limits (one row, id 1); a None column falls back to the setting
    ``TEST_FEED_MAX_RECORDS`` / ``TEST_FEED_RETENTION_DAYS``."""

    __tablename__ = "test_feed_settings"
    __test__ = False

    id: Mapped[IntPK]
    max_records: Mapped[int | None] = mapped_column(sa.Integer)
    retention_days: Mapped[float | None] = mapped_column(sa.Float)
    updated_by: Mapped[str] = mapped_column(sa.String(200), default="")
    updated_at: Mapped[DefaultNow]
