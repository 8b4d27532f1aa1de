"""Monitoring tables: office-side counts, application-year counts, thresholds and alerts.

Everything the freshness and completeness figures need lives here or in the harvest tables,
so every process (node replicas, scheduler, ``iphub harvest``) reports the same numbers and
nothing is kept only in one process's memory.
"""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from store.base import Base
from store.columns import DefaultNow, IntPK, IpType, OfficeCode

ALERT_KINDS = ("quiet", "count-gap", "failing")
ALERT_STATES = ("open", "resolved")


class OfficeCount(Base):
    """How many records an office endpoint lists: ``completeListSize`` of a full harvest, or a
    scheduled ListIdentifiers count (``source``); the latest row per endpoint is the figure."""

    __tablename__ = "monitor_office_counts"
    __table_args__ = (sa.Index("ix_monitor_office_counts_endpoint", "endpoint_id", "counted_at"),)

    id: Mapped[IntPK]
    endpoint_id: Mapped[int] = mapped_column(sa.ForeignKey("endpoints.id", ondelete="CASCADE"))
    office_code: Mapped[OfficeCode]
    ip_type: Mapped[IpType]
    records: Mapped[int] = mapped_column(sa.Integer)
    #: "harvest" (completeListSize seen during a full run) | "probe" (ListIdentifiers count)
    source: Mapped[str] = mapped_column(sa.String(10))
    counted_at: Mapped[DefaultNow]


class YearCount(Base):
    """Records held per year of application, per office × IP type (recomputed when records
    changed since ``computed_at``): what the gaps by year are found in."""

    __tablename__ = "monitor_year_counts"
    __table_args__ = (sa.UniqueConstraint("office_code", "ip_type", "year"),)

    id: Mapped[IntPK]
    office_code: Mapped[OfficeCode]
    ip_type: Mapped[IpType]
    #: 0 = records whose application (or registration) year could not be read
    year: Mapped[int] = mapped_column(sa.Integer)
    records: Mapped[int] = mapped_column(sa.Integer)
    computed_at: Mapped[DefaultNow]


class FeedThreshold(Base):
    """A coordinator's alert thresholds for one office × IP type (``ip_type`` "" = every type
    of the office); a None column falls back to the ``MONITOR_*`` setting."""

    __tablename__ = "monitor_thresholds"
    __table_args__ = (sa.UniqueConstraint("office_code", "ip_type"),)

    id: Mapped[IntPK]
    office_code: Mapped[OfficeCode]
    ip_type: Mapped[str] = mapped_column(sa.String(20), default="")
    quiet_days: Mapped[float | None] = mapped_column(sa.Float)
    count_gap: Mapped[float | None] = mapped_column(sa.Float)
    failed_runs: Mapped[int | None] = mapped_column(sa.Integer)


class MonitorAlert(Base):
    """One alert of one office × IP type and kind: open while the condition holds, then
    resolved with the date (never deleted; a new row when it comes back)."""

    __tablename__ = "monitor_alerts"
    __table_args__ = (sa.Index("ix_monitor_alerts_office_state", "office_code", "state"),)

    id: Mapped[IntPK]
    office_code: Mapped[OfficeCode]
    ip_type: Mapped[IpType]
    #: "quiet" | "count-gap" | "failing"
    kind: Mapped[str] = mapped_column(sa.String(20))
    #: "open" | "resolved"
    state: Mapped[str] = mapped_column(sa.String(10), default="open")
    message: Mapped[str] = mapped_column(sa.Text)
    details: Mapped[dict] = mapped_column(sa.JSON, default=dict)
    opened_at: Mapped[DefaultNow]
    last_seen_at: Mapped[DefaultNow]
    resolved_at: Mapped[datetime | None] = mapped_column(sa.DateTime)
