"""Delivery gating tables: the coordinator's thresholds, each gated delivery's decision, and
the versions a held delivery would publish.

Held versions live in their own table, never in ``published_records``: the OAI-PMH provider's
queries (:mod:`node.oai.query`) stay exactly as they were, so the common path (nothing held)
pays nothing, and the version a third party is served stays the previous one until release.
"""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from store.base import Base
from store.columns import DefaultNow, IntPK, IpType, OfficeCode, RunFK

#: What a gated delivery's decision can be: ``passed`` (within every threshold, published at
#: once), ``held`` (in quarantine), ``released`` / ``rejected`` (decided by a person, or
#: ``released`` by the auto-release job: ``decided_by`` says which).
DECISIONS = ("passed", "held", "released", "rejected")


class GateSetting(Base):
    """Thresholds of one office × IP type; a share is a fraction (0.2 = 20 %), None = off."""

    __tablename__ = "gate_settings"
    __table_args__ = (sa.UniqueConstraint("office_code", "ip_type"),)

    id: Mapped[IntPK]
    office_code: Mapped[OfficeCode]
    ip_type: Mapped[IpType]
    #: records with a critical or error finding, of the records the delivery (re)publishes
    critical_share: Mapped[float | None] = mapped_column(sa.Float)
    #: records failing ST.96 XSD validation, of the records the delivery (re)publishes
    invalid_share: Mapped[float | None] = mapped_column(sa.Float)
    #: records the delivery would remove (deleted, or no longer listed) of those held before
    count_drop: Mapped[float | None] = mapped_column(sa.Float)
    #: records whose application number another record of the set also has
    collision_share: Mapped[float | None] = mapped_column(sa.Float)
    office_may_release: Mapped[bool] = mapped_column(sa.Boolean, default=False)
    auto_release_hours: Mapped[float | None] = mapped_column(sa.Float)
    updated_at: Mapped[DefaultNow]
    updated_by: Mapped[str | None] = mapped_column(sa.String(200))


class GateDelivery(Base):
    """One gated run's decision for one IP type, with the figures and the thresholds it breached."""

    __tablename__ = "gate_deliveries"
    __table_args__ = (
        sa.UniqueConstraint("run_id", "ip_type"),
        sa.Index("ix_gate_deliveries_state", "state", "office_code"),
    )

    id: Mapped[IntPK]
    run_id: Mapped[RunFK]
    office_code: Mapped[OfficeCode]
    ip_type: Mapped[IpType]
    state: Mapped[str] = mapped_column(sa.String(10))
    #: {"records": n, "critical": n, "invalid": n, "deleted": n, "held_before": n, ...}
    figures: Mapped[dict] = mapped_column(sa.JSON, default=dict)
    #: [{"threshold": "critical_share", "value": 0.8, "limit": 0.2}, ...]
    breaches: Mapped[list] = mapped_column(sa.JSON, default=list)
    held_at: Mapped[DefaultNow]
    decided_at: Mapped[datetime | None] = mapped_column(sa.DateTime)
    decided_by: Mapped[str | None] = mapped_column(sa.String(200))
    #: when the auto-release job releases it (None: never)
    release_after: Mapped[datetime | None] = mapped_column(sa.DateTime)


class HeldRecord(Base):
    """A version a gated run would publish: written by the ingest in place of the published
    row, promoted on release, dropped on rejection (the source bytes stay in the store)."""

    __tablename__ = "gate_held_records"
    __table_args__ = (
        sa.Index("ix_gate_held_run", "run_id", "id"),
        sa.Index("ix_gate_held_identifier", "oai_identifier"),
    )

    id: Mapped[IntPK]
    run_id: Mapped[RunFK]
    oai_identifier: Mapped[str] = mapped_column(sa.String(400))
    source_record_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("source_records.id", ondelete="SET NULL")
    )
    #: the version served now (None: a record never published)
    published_record_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("published_records.id", ondelete="SET NULL")
    )
    office_code: Mapped[OfficeCode]
    ip_type: Mapped[IpType]
    set_spec: Mapped[str] = mapped_column(sa.String(100))
    # the small columns the judge and the pages filter on come before the renderings: SQLite
    # reads a row's columns in order, through the overflow pages of any blob before them
    validation_status: Mapped[str] = mapped_column(sa.String(10), default="skipped")
    application_number: Mapped[str | None] = mapped_column(sa.String(100))
    processing_version: Mapped[str | None] = mapped_column(sa.String(100))
    deleted: Mapped[bool] = mapped_column(sa.Boolean, default=False)
    #: findings of severity critical or error (what ``critical_share`` counts)
    critical: Mapped[int] = mapped_column(sa.Integer, default=0)
    st96: Mapped[bytes | None] = mapped_column(sa.LargeBinary)
    dc: Mapped[bytes | None] = mapped_column(sa.LargeBinary)
    validation_errors: Mapped[list] = mapped_column(sa.JSON, default=list)
    #: the record's findings as dicts of :class:`mappings.model.Finding` (one per rule and
    #: path, as the finding rows will be), applied on release
    findings: Mapped[list] = mapped_column(sa.JSON, default=list)
    held_at: Mapped[DefaultNow]
    #: a record never published: its open count and feedback, computed while the run stored
    #: the page (None otherwise), so that its promotion only copies (:mod:`store.gating.fresh`)
    open_count: Mapped[int | None] = mapped_column(sa.Integer)
    about: Mapped[bytes | None] = mapped_column(sa.LargeBinary)


class RejectedSource(Base):
    """The source version (the office's bytes) of a record whose held version was rejected:
    ``iphub reprocess`` leaves it out until the office sends other bytes."""

    __tablename__ = "gate_rejected_sources"

    source_record_id: Mapped[int] = mapped_column(
        sa.ForeignKey("source_records.id", ondelete="CASCADE"),
        primary_key=True,
        autoincrement=False,
    )
    sha256: Mapped[str | None] = mapped_column(sa.String(64))
    #: the source row's ``harvested_at`` then: new bytes (even the same again) change it
    harvested_at: Mapped[datetime | None] = mapped_column(sa.DateTime)
    delivery_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("gate_deliveries.id", ondelete="SET NULL")
    )
    rejected_at: Mapped[DefaultNow]
