"""Quality tables: one row per (record, rule, path) finding with its lifecycle, per-run figures,
and the discussion around findings and rules.

Rows are never deleted: a finding that a later harvest no longer produces is *resolved* with
the date, one that comes back is *reopened* (same row, counter incremented), so an office sees
what it fixed and when. ``office_code`` and ``ip_type`` are copied from the published record so
dashboard and API filters need no join.
"""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from store.base import Base
from store.columns import DefaultNow, IntPK, IpType, OfficeCode, PublishedRecordFK, RunFK
from store.models import PublishedRecord

STATES = ("open", "resolved", "accepted")
#: States that count against the office (an accepted finding stays visible but does not count).
COUNTING = ("open",)
COMMENT_KINDS = ("comment", "rule-change", "mapping-fix", "accept", "reopen")


class QualityFinding(Base):
    """One finding of one record, identified by rule and ST.96 path, across harvests."""

    __tablename__ = "quality_findings"
    __table_args__ = (
        sa.UniqueConstraint("published_record_id", "rule_id", "path"),
        sa.Index("ix_quality_findings_office_state", "office_code", "state", "severity"),
        sa.Index("ix_quality_findings_office_rule", "office_code", "rule_id", "state"),
    )

    id: Mapped[IntPK]
    #: looked up through the unique constraint, whose leading column it is (no index of its own)
    published_record_id: Mapped[PublishedRecordFK]
    office_code: Mapped[OfficeCode]
    ip_type: Mapped[IpType]
    rule_id: Mapped[str] = mapped_column(sa.String(80))
    severity: Mapped[str] = mapped_column(sa.String(10))
    path: Mapped[str] = mapped_column(sa.String(500))
    message: Mapped[str] = mapped_column(sa.Text)
    suggestion: Mapped[str] = mapped_column(sa.Text, default="")
    generated: Mapped[bool] = mapped_column(sa.Boolean, default=False)
    #: the office's own source field (source path, coverage-table notation); None when there is
    #: no one field at source (a generated value, a rule on the whole record)
    source_field: Mapped[str | None] = mapped_column(sa.String(500))
    #: "open" | "resolved" | "accepted"
    state: Mapped[str] = mapped_column(sa.String(10), default="open")
    first_seen_at: Mapped[DefaultNow]
    last_seen_at: Mapped[DefaultNow]
    resolved_at: Mapped[datetime | None] = mapped_column(sa.DateTime)
    accepted_at: Mapped[datetime | None] = mapped_column(sa.DateTime)
    accepted_by: Mapped[str | None] = mapped_column(sa.String(254))
    reopened: Mapped[int] = mapped_column(sa.Integer, default=0)
    first_run_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("harvest_runs.id", ondelete="SET NULL")
    )
    last_run_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("harvest_runs.id", ondelete="SET NULL")
    )

    record: Mapped[PublishedRecord] = relationship()


class QualityRunStats(Base):
    """Per harvest run, office and IP type: what the run's records changed in the figures.

    Deltas, not totals: computing totals per record would cost a count query per record in the
    harvest loop. The trend sums them in run order (see :mod:`node.quality.queries`).
    """

    __tablename__ = "quality_run_stats"
    __table_args__ = (sa.UniqueConstraint("run_id", "office_code", "ip_type"),)

    id: Mapped[IntPK]
    run_id: Mapped[RunFK]
    office_code: Mapped[OfficeCode]
    ip_type: Mapped[IpType]
    at: Mapped[DefaultNow]
    #: Records checked in this run, and how many of them had no open finding.
    checked: Mapped[int] = mapped_column(sa.Integer, default=0)
    checked_clean: Mapped[int] = mapped_column(sa.Integer, default=0)
    #: Change of the number of records checked at least once (new records).
    records_delta: Mapped[int] = mapped_column(sa.Integer, default=0)
    #: Change of the number of clean records and of open findings.
    clean_delta: Mapped[int] = mapped_column(sa.Integer, default=0)
    open_delta: Mapped[int] = mapped_column(sa.Integer, default=0)
    opened: Mapped[int] = mapped_column(sa.Integer, default=0)
    resolved: Mapped[int] = mapped_column(sa.Integer, default=0)


class QualityRecordState(Base):
    """Per published record: its open-finding count at the last check (for clean-share deltas)."""

    __tablename__ = "quality_record_states"

    published_record_id: Mapped[PublishedRecordFK] = mapped_column(primary_key=True)
    office_code: Mapped[OfficeCode]
    ip_type: Mapped[IpType]
    open_count: Mapped[int] = mapped_column(sa.Integer, default=0)
    checked_at: Mapped[DefaultNow]

    record: Mapped[PublishedRecord] = relationship()


class QualityComment(Base):
    """A comment, proposal or decision on a finding or on a rule (finding_id None)."""

    __tablename__ = "quality_comments"
    __table_args__ = (
        sa.Index("ix_quality_comments_finding", "finding_id"),
        sa.Index("ix_quality_comments_rule", "rule_id", "office_code"),
    )

    id: Mapped[IntPK]
    finding_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("quality_findings.id", ondelete="CASCADE")
    )
    rule_id: Mapped[str] = mapped_column(sa.String(80))
    #: The office the discussion belongs to; None for a coordinator's note on a rule for all.
    office_code: Mapped[str | None] = mapped_column(sa.String(8))
    #: "comment" | "rule-change" | "mapping-fix" | "accept" | "reopen"
    kind: Mapped[str] = mapped_column(sa.String(20), default="comment")
    body: Mapped[str] = mapped_column(sa.Text)
    author: Mapped[str] = mapped_column(sa.String(254))
    author_role: Mapped[str] = mapped_column(sa.String(20))
    created_at: Mapped[DefaultNow]
