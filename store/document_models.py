"""Document tables: blobs, which published record references which blob, and fetch state.

``Document`` is one blob of the content-addressed store (so one row however many records use
it). ``RecordDocument`` is one reference of one published record ("the mark image file
``KH-TM-1.png``"): its role, where it was fetched from, and how that went. Its ``status`` is
also the harvester's work queue and checkpoint: ``pending`` rows are what is left to fetch, so
a killed run loses nothing, and ``failed``/``refused`` rows are the office's feedback.
"""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from store.base import Base
from store.columns import DefaultNow, IntPK, IpType, OfficeCode, OfficeFK, PublishedRecordFK

ROLES = ("mark-image", "design-view", "drawing", "full-text", "document")
STATUSES = ("pending", "fetched", "failed", "refused", "skipped")


class Document(Base):
    """One stored blob, named by the SHA-256 of its bytes."""

    __tablename__ = "documents"

    sha256: Mapped[str] = mapped_column(sa.String(64), primary_key=True)
    size: Mapped[int] = mapped_column(sa.BigInteger)
    mime_type: Mapped[str] = mapped_column(sa.String(100))
    created_at: Mapped[DefaultNow]


class RecordDocument(Base):
    """One document a published record references, and the state of fetching it."""

    __tablename__ = "record_documents"
    __table_args__ = (
        sa.UniqueConstraint("published_record_id", "reference"),
        sa.Index("ix_record_documents_grant", "sha256", "office_code", "ip_type"),
        sa.Index("ix_record_documents_queue", "office_code", "status"),
    )

    id: Mapped[IntPK]
    published_record_id: Mapped[PublishedRecordFK]
    office_code: Mapped[OfficeCode]
    ip_type: Mapped[IpType]
    #: The file name or URL exactly as the record gives it (``com:FileName``).
    reference: Mapped[str] = mapped_column(sa.String(1000))
    #: One of :data:`ROLES`.
    role: Mapped[str] = mapped_column(sa.String(20), default="document")
    #: Position among the record's references (listing order).
    sequence: Mapped[int] = mapped_column(sa.Integer, default=0)
    #: ST.96 path of the element holding the reference (where feedback points).
    path: Mapped[str] = mapped_column(sa.String(300), default="")
    #: MIME type the record claims (format category or extension); None when it claims none.
    claimed_type: Mapped[str | None] = mapped_column(sa.String(100))
    #: The URL it was (or will be) fetched from; None when no documents endpoint is known.
    url: Mapped[str | None] = mapped_column(sa.String(2000))
    sha256: Mapped[str | None] = mapped_column(sa.ForeignKey("documents.sha256"))
    #: One of :data:`STATUSES`.
    status: Mapped[str] = mapped_column(sa.String(12), default="pending")
    error: Mapped[str | None] = mapped_column(sa.Text)
    attempts: Mapped[int] = mapped_column(sa.Integer, default=0)
    run_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("harvest_runs.id", ondelete="SET NULL")
    )
    fetched_at: Mapped[datetime | None] = mapped_column(sa.DateTime)

    document: Mapped[Document | None] = relationship()


class DocumentScan(Base):
    """Which version of a published record its references were read from.

    A record is scanned again when its hub datestamp or its source digest differ from the ones
    noted here; this is what lets the harvester find the records to scan with one query,
    however (and in however many runs) they were ingested.
    """

    __tablename__ = "document_scans"

    published_record_id: Mapped[PublishedRecordFK] = mapped_column(primary_key=True)
    datestamp: Mapped[datetime] = mapped_column(sa.DateTime)
    source_sha256: Mapped[str | None] = mapped_column(sa.String(64))
    #: Digest of the ST.96 read: a re-render with the same bytes (e.g. feedback moved the
    #: datestamp) changes nothing, so documents are not fetched again.
    st96_sha256: Mapped[str | None] = mapped_column(sa.String(64))
    scanned_at: Mapped[DefaultNow]


class DocumentSource(Base):
    """An office's documents endpoint, for records that give bare file names.

    ``url_pattern`` is a ``str.format`` pattern with ``{filename}`` (URL-quoted), and
    optionally ``{office}``, ``{ip_type}``, e.g. ``https://tm.example.gov/images/{filename}``.
    """

    __tablename__ = "document_sources"

    office_id: Mapped[OfficeFK] = mapped_column(primary_key=True)
    url_pattern: Mapped[str] = mapped_column(sa.String(500))
    enabled: Mapped[bool] = mapped_column(sa.Boolean, default=True)
    created_at: Mapped[DefaultNow]


TABLES = (
    Document.__table__,
    RecordDocument.__table__,
    DocumentScan.__table__,
    DocumentSource.__table__,
)


def create_missing_tables(engine: sa.Engine) -> None:
    """Create this package's tables where the migrations have not yet (tests, benchmarks)."""
    Base.metadata.create_all(engine, tables=list(TABLES), checkfirst=True)
