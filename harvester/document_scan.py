"""The documents pass's first half: which files the office's new or changed records reference.

:func:`scan_office` reads each record's ST.96 once (a record is rescanned only when its bytes
change) and queues a ``RecordDocument`` row per reference, with the URL it is fetched from
(the office's ``DocumentSource`` pattern for a bare file name); :mod:`harvester.documents`
then fetches what is queued.
"""

from __future__ import annotations

import hashlib
import logging
from dataclasses import asdict, dataclass
from urllib.parse import quote

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from mappings.errors import SourceError
from store.base import utcnow
from store.database import Database
from store.document_models import DocumentScan, DocumentSource, RecordDocument
from store.document_refs import Reference, read_references
from store.models import Office, PublishedRecord, SourceRecord

log = logging.getLogger("iphub.harvester.documents")

BATCH = 200


@dataclass
class DocumentCounts:
    """What one documents pass did; ``fetched`` includes ``duplicates`` (already stored)."""

    scanned: int = 0
    fetched: int = 0
    duplicates: int = 0
    failed: int = 0
    refused: int = 0
    skipped: int = 0

    def as_dict(self) -> dict[str, int]:
        return asdict(self)

    def line(self) -> str:
        return (
            f"documents: {self.fetched} fetched ({self.duplicates} already stored), "
            f"{self.failed} failed, {self.refused} refused, {self.skipped} skipped"
        )


def _unscanned(office_code: str):
    """Published records of the office whose references are unknown at their current version."""
    return (
        select(PublishedRecord, SourceRecord.sha256)
        .outerjoin(SourceRecord, SourceRecord.id == PublishedRecord.source_record_id)
        .outerjoin(DocumentScan, DocumentScan.published_record_id == PublishedRecord.id)
        .where(
            PublishedRecord.office_code == office_code,
            PublishedRecord.deleted.is_(False),
            PublishedRecord.st96.is_not(None),
            or_(
                DocumentScan.published_record_id.is_(None),
                DocumentScan.datestamp != PublishedRecord.datestamp,
                DocumentScan.source_sha256.is_distinct_from(SourceRecord.sha256),
            ),
        )
        .order_by(PublishedRecord.id)
        .limit(BATCH)
    )


def scan_office(
    db: Database, office_code: str, run_id: int | None, counts: DocumentCounts | None = None
) -> DocumentCounts:
    """Register the references of every record needing it, one committed batch at a time."""
    counts = counts if counts is not None else DocumentCounts()
    while True:
        with db.session() as session:
            rows = session.execute(_unscanned(office_code)).all()
            if not rows:
                return counts
            pattern = document_pattern(session, office_code)
            for record, source_sha in rows:
                counts.skipped += register(session, record, source_sha, run_id, pattern)
            counts.scanned += len(rows)


def requeue_skipped(db: Database, office_code: str) -> int:
    """Queue the references skipped for want of an endpoint once the office configures one."""
    with db.session() as session:
        pattern = document_pattern(session, office_code)
        if not pattern:
            return 0
        rows = session.scalars(
            select(RecordDocument).where(
                RecordDocument.office_code == office_code, RecordDocument.status == "skipped"
            )
        ).all()
        for row in rows:
            row.url = _format(pattern, row.reference, office_code, row.ip_type)
            row.status, row.error = "pending", None
        return len(rows)


def document_pattern(session: Session, office_code: str) -> str | None:
    """The office's documents URL pattern, when it configured an enabled one."""
    return session.scalar(
        select(DocumentSource.url_pattern)
        .join(Office, Office.id == DocumentSource.office_id)
        .where(Office.code == office_code, DocumentSource.enabled.is_(True))
    )


def register(
    session: Session,
    record: PublishedRecord,
    source_sha: str | None,
    run_id: int | None,
    pattern: str | None,
) -> int:
    """Make the record's rows match its references and note the scan.

    A new version from the office (source digest changed) queues every reference again: the
    office may have replaced an image under the same name. A re-render of the same source
    (mapping upgrade, feedback moving the datestamp) only queues references that are new.
    Returns how many references were skipped (no URL to fetch them from).
    """
    scan = session.get(DocumentScan, record.id)
    st96_sha = hashlib.sha256(record.st96).hexdigest()
    if scan is not None and scan.st96_sha256 == st96_sha:
        _mark_scanned(session, record, source_sha, st96_sha, scan)
        return 0
    refetch = scan is None or source_sha is None or scan.source_sha256 != source_sha
    existing = {
        row.reference: row
        for row in session.scalars(
            select(RecordDocument).where(RecordDocument.published_record_id == record.id)
        )
    }
    skipped = 0
    for reference in _read(record):
        row = existing.pop(reference.reference, None)
        url = resolve_url(reference, record, pattern)
        if row is None or refetch:
            row = row or RecordDocument(
                published_record_id=record.id, reference=reference.reference
            )
            _queue_row(row, run_id, url)
            skipped += url is None
        _describe(row, record, reference)
        session.add(row)
    for gone in existing.values():
        session.delete(gone)
    _mark_scanned(session, record, source_sha, st96_sha, scan)
    return skipped


def _read(record: PublishedRecord) -> list[Reference]:
    try:
        return read_references(record.st96, record.ip_type)
    except SourceError as error:  # published ST.96 is ours and well-formed; be safe anyway
        log.warning("record %s: cannot read references: %s", record.id, error)
        return []


def _describe(row: RecordDocument, record: PublishedRecord, reference: Reference) -> None:
    row.office_code, row.ip_type = record.office_code, record.ip_type
    row.role, row.sequence, row.path = reference.role, reference.sequence, reference.path
    row.claimed_type = reference.claimed_type


def _queue_row(row: RecordDocument, run_id: int | None, url: str | None) -> None:
    row.url, row.run_id, row.attempts = url, run_id, 0
    row.status = "pending" if url else "skipped"
    row.error = None if url else "the office has no documents endpoint configured"


def _mark_scanned(session, record, source_sha, st96_sha, scan: DocumentScan | None) -> None:
    scan = scan or DocumentScan(published_record_id=record.id)
    scan.datestamp, scan.source_sha256, scan.st96_sha256 = record.datestamp, source_sha, st96_sha
    scan.scanned_at = utcnow()
    session.add(scan)


def resolve_url(reference: Reference, record: PublishedRecord, pattern: str | None) -> str | None:
    """Where to fetch the file: the record's own URL, else the office's pattern."""
    if reference.location:
        return reference.location
    if not pattern:
        return None
    return _format(pattern, reference.reference, record.office_code, record.ip_type)


def _format(pattern: str, filename: str, office: str, ip_type: str) -> str:
    return pattern.format(filename=quote(filename, safe=""), office=office, ip_type=ip_type)


# -- fetching -------------------------------------------------------------------------------------
