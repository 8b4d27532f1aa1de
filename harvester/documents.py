"""After a run's records are ingested: fetch the images and PDFs they reference.

Two steps, both resumable because their state is rows, not memory:

1. **scan** — every published record of the office whose references were not yet read at its
   current version (no ``DocumentScan``, or a different datestamp or source digest) is parsed
   and its ``com:FileName`` references become ``RecordDocument`` rows with status ``pending``;
2. **fetch** — each ``pending`` row (and each ``failed`` one not yet retried by this run) is
   downloaded with the harvester's retry policy, sniffed, and stored once by content. One row is
   committed at a time, so a killed run loses one download at most and the next run picks up
   the remaining ``pending`` rows.

Where a file comes from: an absolute URL the record gives (``com:fileLocationURI`` or a URL as
file name), else the office's :class:`~store.document_models.DocumentSource` pattern, else it
is ``skipped`` (the office publishes no documents endpoint). A file that cannot be fetched is
``failed``, one that is not what the record claims is ``refused``; both are quality findings
(see :mod:`store.document_findings`), never a failed run. A record whose new file fails keeps
its previous document (like ingest keeps an office's last good record).
"""

from __future__ import annotations

import hashlib
import logging
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from typing import Any
from urllib.parse import quote

import requests
from sqlalchemy import and_, func, or_, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from harvester.faults import HarvestFault, HTTPFault, RetryPolicy, retry_after, with_retries
from harvester.transport import timed_body
from mappings.errors import SourceError
from mappings.model import Finding
from store.base import utcnow
from store.database import Database
from store.document_files import DocumentStore, StoredBlob, open_store
from store.document_findings import findings_by_record
from store.document_models import Document, DocumentScan, DocumentSource, RecordDocument
from store.document_refs import Reference, read_references
from store.document_sniff import DEFAULT_MAX_BYTES, Refused, check
from store.models import Office, PublishedRecord, SourceRecord

log = logging.getLogger("iphub.harvester.documents")

USER_AGENT = "iphub-harvester/1.0 (documents)"

#: ``(session, published_record_id, findings)``: see :func:`harvest_documents`.
FindingsHook = Callable[[Session, int, list[Finding]], None]
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


@dataclass(frozen=True)
class FetchOptions:
    """How to fetch: the harvester's timeout and retry policy, and the size limit."""

    timeout: float = 30.0
    policy: RetryPolicy = field(default_factory=RetryPolicy)
    max_bytes: int = DEFAULT_MAX_BYTES
    #: Seconds one file may take in all, however slowly it drips.
    deadline: float = 300.0

    @classmethod
    def from_settings(cls, settings: Any, max_bytes: int | None = None) -> FetchOptions:
        """From a :class:`~harvester.settings.HarvestSettings` (or anything alike)."""
        return cls(
            timeout=float(getattr(settings, "timeout", 30.0)),
            policy=getattr(settings, "policy", RetryPolicy()),
            max_bytes=max_bytes or int(getattr(settings, "document_max_bytes", DEFAULT_MAX_BYTES)),
            deadline=getattr(getattr(settings, "limits", None), "deadline", 300.0),
        )


def harvest_documents(
    db: Database,
    store: DocumentStore | str,
    office_code: str,
    run_id: int | None,
    settings: Any = None,
    *,
    http: requests.Session | None = None,
    sleep: Callable[[float], None] = time.sleep,
    on_findings: FindingsHook | None = None,
) -> DocumentCounts:
    """Scan the office's new or changed records, then fetch what is pending. Never raises for
    a document: every failure ends up on its row.

    ``on_findings(session, published_record_id, findings)`` is called, in the session that
    holds the record's rows, for every record whose documents were attempted, with its
    complete list of document findings (empty when all are fine now): the quality feedback
    opens and resolves its ``DOC-*`` findings from it — pass
    :func:`node.quality.apply_document_findings`, which touches those rules only (the
    harvest's findings and the run figures stay as they are) and gives the record a new
    datestamp when its feedback changed.
    """
    store = open_store(store) if isinstance(store, str) else store
    options = (
        settings if isinstance(settings, FetchOptions) else FetchOptions.from_settings(settings)
    )
    counts = DocumentCounts()
    scan_office(db, office_code, run_id, counts)
    requeue_skipped(db, office_code)
    own_http = http is None
    http = http or _session()
    fetcher = Fetcher(db, store, http, options, sleep)
    try:
        fetcher.fetch_pending(office_code, run_id, counts)
    finally:
        if own_http:
            http.close()
    if on_findings is not None:
        report_findings(db, sorted(fetcher.touched), on_findings)
    log.info("office=%s run=%s %s", office_code, run_id, counts.line())
    return counts


def report_findings(db: Database, record_ids: list[int], hook: FindingsHook) -> None:
    """Hand each record's current document findings to ``hook``, a batch per transaction."""
    for start in range(0, len(record_ids), BATCH):
        batch = record_ids[start : start + BATCH]
        with db.session() as session:
            found = findings_by_record(session, batch)
            for record_id in batch:
                hook(session, record_id, found.get(record_id, []))


def _session() -> requests.Session:
    session = requests.Session()
    session.headers["User-Agent"] = USER_AGENT
    return session


# -- scanning -------------------------------------------------------------------------------------


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


class Fetcher:
    """Downloads pending rows one by one into the store."""

    def __init__(self, db, store, http, options: FetchOptions, sleep) -> None:
        self.db: Database = db
        self.store: DocumentStore = store
        self.http: requests.Session = http
        self.options = options
        self.sleep = sleep
        #: Published records whose documents this pass attempted (for the findings hook).
        self.touched: set[int] = set()

    def fetch_pending(self, office_code: str, run_id: int | None, counts: DocumentCounts) -> None:
        """Work through the queue; each row is claimed for this run before it is fetched."""
        while True:
            with self.db.session() as session:
                ids = session.scalars(_queue(office_code, run_id)).all()
            if not ids:
                return
            for row_id in ids:
                self.fetch_one(row_id, run_id, counts)

    def fetch_one(self, row_id: int, run_id: int | None, counts: DocumentCounts) -> None:
        with self.db.session() as session:
            row = session.get(RecordDocument, row_id)
            url, claimed, name = row.url, row.claimed_type, row.reference
        outcome, detail = self._download(url, claimed, name)
        with self.db.session() as session:
            row = session.get(RecordDocument, row_id)
            if row is None:  # the record changed meanwhile; its new rows are queued anew
                return
            self.touched.add(row.published_record_id)
            row.run_id, row.attempts, row.fetched_at = run_id, row.attempts + 1, utcnow()
            if isinstance(outcome, StoredBlob):
                _stored(session, row, outcome, detail, counts)
            else:
                row.status, row.error = outcome, detail
                setattr(counts, outcome, getattr(counts, outcome) + 1)

    def _download(self, url: str, claimed: str | None, name: str):
        """(StoredBlob, mime) on success, else ("failed" | "refused", why)."""
        sniffed: list[str] = []

        def attempt() -> StoredBlob:
            sniffed.clear()
            return self._get(url, lambda head: sniffed.append(check(head, claimed)))

        try:
            blob = with_retries(attempt, self.options.policy, self._on_fault(name), self.sleep)
        except Refused as refused:
            return "refused", f"{name}: {refused}"
        except HarvestFault as fault:
            return "failed", f"{name}: {fault.kind}: {fault}"
        return blob, sniffed[0]

    def _get(self, url: str, inspect) -> StoredBlob:
        with self.http.get(url, stream=True, timeout=self.options.timeout) as response:
            if response.status_code >= 400:
                raise HTTPFault(
                    response.status_code,
                    f"HTTP {response.status_code} from {url}",
                    retry_after=retry_after(response),
                )
            declared = response.headers.get("Content-Length", "")
            if declared.isdigit() and int(declared) > self.options.max_bytes:
                raise Refused(f"the file is larger than the {self.options.max_bytes} bytes allowed")
            return self.store.put(
                timed_body(response, self.options.deadline),
                inspect=inspect,
                max_bytes=self.options.max_bytes,
            )

    def _on_fault(self, name: str):
        def on_fault(fault: HarvestFault, attempt: int, delay: float | None) -> None:
            then = f"retry in {delay:.1f}s" if delay is not None else "giving up"
            log.warning(
                "document %s: %s: %s (attempt %d, %s)", name, fault.kind, fault, attempt, then
            )

        return on_fault


def _queue(office_code: str, run_id: int | None):
    """Row ids to fetch: pending ones, and failed ones this run has not tried yet."""
    wanted = RecordDocument.status == "pending"
    if run_id is not None:
        not_yet = or_(RecordDocument.run_id.is_(None), RecordDocument.run_id != run_id)
        wanted = or_(wanted, and_(RecordDocument.status == "failed", not_yet))
    return (
        select(RecordDocument.id)
        .where(RecordDocument.office_code == office_code, wanted)
        .order_by(RecordDocument.id)
        .limit(BATCH)
    )


def _stored(session: Session, row: RecordDocument, blob: StoredBlob, mime: str, counts) -> None:
    """Point the row at the blob; the Document row is created once, whoever comes first."""
    if session.get(Document, blob.sha256) is None:
        try:
            with session.begin_nested():
                session.add(Document(sha256=blob.sha256, size=blob.size, mime_type=mime))
        except IntegrityError:  # another harvest stored the same bytes a moment ago
            counts.duplicates += 1
    else:
        counts.duplicates += 1
    row.sha256, row.status, row.error = blob.sha256, "fetched", None
    counts.fetched += 1


def run_counts(session: Session, run_id: int) -> dict[str, int]:
    """Documents per status last attempted by ``run_id``: the run's figures, from the rows."""
    rows = session.execute(
        select(RecordDocument.status, func.count())
        .where(RecordDocument.run_id == run_id)
        .group_by(RecordDocument.status)
    )
    return {status: count for status, count in rows}
