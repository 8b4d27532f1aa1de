"""Harvest and publication tables: what came from each office and what the node serves.

Two record tables on purpose: ``SourceRecord`` keeps the office's bytes exactly as received (the
original is never lost, even when it cannot be parsed), ``PublishedRecord`` keeps the ST.96 the
node serves, rendered once at ingest so serving is a byte copy.
"""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from store.base import Base
from store.columns import DefaultNow, IntPK, IpType, OfficeCode, OfficeFK

IP_TYPES = ("patents", "trademarks", "designs")


class Office(Base):
    """An originating IP office (ST.3 code such as KH)."""

    __tablename__ = "offices"

    id: Mapped[IntPK]
    code: Mapped[str] = mapped_column(sa.String(8), unique=True)
    name: Mapped[str] = mapped_column(sa.String(200))
    created_at: Mapped[DefaultNow]

    endpoints: Mapped[list[Endpoint]] = relationship(
        back_populates="office", cascade="all, delete-orphan", order_by="Endpoint.id"
    )


class Endpoint(Base):
    """One harvest target: office URL × metadata prefix × optional set, with its own cursor."""

    __tablename__ = "endpoints"
    __table_args__ = (sa.UniqueConstraint("office_id", "url", "metadata_prefix", "set_spec"),)

    id: Mapped[IntPK]
    office_id: Mapped[OfficeFK]
    url: Mapped[str] = mapped_column(sa.String(500))
    metadata_prefix: Mapped[str] = mapped_column(sa.String(40))
    set_spec: Mapped[str] = mapped_column(sa.String(200), default="")
    #: cron expression ("0 2 * * *") or interval ("every 6h"); empty = only on demand.
    schedule: Mapped[str] = mapped_column(sa.String(100), default="")
    enabled: Mapped[bool] = mapped_column(sa.Boolean, default=True)
    #: "YYYY-MM-DD" or "YYYY-MM-DDThh:mm:ssZ", as the office's Identify declares.
    granularity: Mapped[str] = mapped_column(sa.String(30), default="")
    #: Highest source datestamp of the last successful run: the next run's ``from``.
    last_datestamp: Mapped[datetime | None] = mapped_column(sa.DateTime)
    #: Fallback for offices whose ListRecords is broken: ListIdentifiers + GetRecord.
    use_get_record: Mapped[bool] = mapped_column(sa.Boolean, default=False)
    created_at: Mapped[DefaultNow]

    office: Mapped[Office] = relationship(back_populates="endpoints")


class HarvestRun(Base):
    """One harvest (or upload) of one endpoint: what happened, counted, with its checkpoint."""

    __tablename__ = "harvest_runs"
    __table_args__ = (sa.Index("ix_harvest_runs_office_started", "office_id", "started_at"),)

    id: Mapped[IntPK]
    office_id: Mapped[OfficeFK]
    endpoint_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("endpoints.id", ondelete="SET NULL")
    )
    #: "harvest", "full", "upload", "reprocess"
    kind: Mapped[str] = mapped_column(sa.String(20), default="harvest")
    #: "running", "succeeded", "partial", "failed", "interrupted"
    status: Mapped[str] = mapped_column(sa.String(20), default="running")
    started_at: Mapped[DefaultNow]
    ended_at: Mapped[datetime | None] = mapped_column(sa.DateTime)
    window_from: Mapped[datetime | None] = mapped_column(sa.DateTime)
    window_until: Mapped[datetime | None] = mapped_column(sa.DateTime)
    pages: Mapped[int] = mapped_column(sa.Integer, default=0)
    new: Mapped[int] = mapped_column(sa.Integer, default=0)
    updated: Mapped[int] = mapped_column(sa.Integer, default=0)
    unchanged: Mapped[int] = mapped_column(sa.Integer, default=0)
    deleted: Mapped[int] = mapped_column(sa.Integer, default=0)
    failed: Mapped[int] = mapped_column(sa.Integer, default=0)
    #: Resumption token of the next page not yet processed: where a killed run resumes.
    checkpoint_token: Mapped[str | None] = mapped_column(sa.Text)
    #: Highest source datestamp seen so far in this run.
    max_datestamp: Mapped[datetime | None] = mapped_column(sa.DateTime)
    last_error: Mapped[str | None] = mapped_column(sa.Text)
    #: Every fault met, in order: [{"at": iso, "page": n, "kind": ..., "message": ...}].
    errors: Mapped[list] = mapped_column(sa.JSON, default=list)
    #: The lease (``harvest_leases``) of the process doing the run: a "running" run whose lease
    #: expired or whose holder died is marked "interrupted" (:mod:`store.liveness`).
    lease_key: Mapped[str | None] = mapped_column(sa.String(100))
    lease_holder: Mapped[str | None] = mapped_column(sa.String(200))


class SourceRecord(Base):
    """A record exactly as the office sent it; kept even when it cannot be parsed or mapped."""

    __tablename__ = "source_records"
    __table_args__ = (sa.UniqueConstraint("office_id", "source_identifier", "metadata_prefix"),)

    id: Mapped[IntPK]
    office_id: Mapped[OfficeFK]
    source_identifier: Mapped[str] = mapped_column(sa.String(300))
    source_datestamp: Mapped[datetime | None] = mapped_column(sa.DateTime)
    metadata_prefix: Mapped[str] = mapped_column(sa.String(40))
    raw: Mapped[bytes | None] = mapped_column(sa.LargeBinary)
    sha256: Mapped[str | None] = mapped_column(sa.String(64))
    deleted: Mapped[bool] = mapped_column(sa.Boolean, default=False)
    #: Why the record is not published (parse, safety or mapping error); None when fine.
    error: Mapped[str | None] = mapped_column(sa.Text)
    harvested_at: Mapped[DefaultNow]
    run_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("harvest_runs.id", ondelete="SET NULL")
    )


class PublishedRecord(Base):
    """What the node serves: pre-rendered ST.96 and oai_dc, keyed for keyset paging."""

    __tablename__ = "published_records"
    __table_args__ = (
        sa.Index("ix_published_datestamp_id", "datestamp", "id"),
        sa.Index("ix_published_office_type_datestamp", "office_code", "ip_type", "datestamp", "id"),
        #: the few deleted records per set, for monitoring's records-held figure (a partial
        #: index: SQLite would otherwise read every row's blobs to reach the flag)
        sa.Index(
            "ix_published_deleted",
            "office_code",
            "ip_type",
            sqlite_where=sa.text("deleted = 1"),
            postgresql_where=sa.text("deleted = true"),
        ),
    )

    id: Mapped[IntPK]
    oai_identifier: Mapped[str] = mapped_column(sa.String(400), unique=True)
    source_record_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("source_records.id", ondelete="SET NULL"), unique=True
    )
    office_code: Mapped[OfficeCode]
    ip_type: Mapped[IpType]
    #: Leaf set, e.g. "KH:trademarks"; the record is also in every ancestor set ("KH").
    set_spec: Mapped[str] = mapped_column(sa.String(100))
    datestamp: Mapped[DefaultNow]
    st96: Mapped[bytes | None] = mapped_column(sa.LargeBinary)
    dc: Mapped[bytes | None] = mapped_column(sa.LargeBinary)
    #: "valid", "invalid" (not served as st96), "skipped" (schemas absent)
    validation_status: Mapped[str] = mapped_column(sa.String(10), default="skipped")
    validation_errors: Mapped[list] = mapped_column(sa.JSON, default=list)
    application_number: Mapped[str | None] = mapped_column(sa.String(100))
    #: Pre-rendered children of the OAI-PMH ``about`` container (feedback document), or None.
    about: Mapped[bytes | None] = mapped_column(sa.LargeBinary)
    deleted: Mapped[bool] = mapped_column(sa.Boolean, default=False)
    #: What produced ``st96``/``dc``/findings (``mappings.version.processing_version``): the
    #: mapping, vocabulary and rules versions; ``iphub reprocess --outdated`` redoes the others.
    processing_version: Mapped[str | None] = mapped_column(sa.String(100))
