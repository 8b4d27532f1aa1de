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

import logging
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import requests
from sqlalchemy import and_, func, or_, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from harvester.document_scan import DocumentCounts, requeue_skipped, scan_office
from harvester.faults import HarvestFault, HTTPFault, RetryPolicy, retry_after, with_retries
from harvester.transport import timed_body
from mappings.model import Finding
from store.base import utcnow
from store.database import Database
from store.document_files import DocumentStore, StoredBlob, open_store
from store.document_findings import findings_by_record
from store.document_models import Document, RecordDocument
from store.document_sniff import DEFAULT_MAX_BYTES, Refused, check

log = logging.getLogger("iphub.harvester.documents")

USER_AGENT = "iphub-harvester/1.0 (documents)"

#: ``(session, published_record_id, findings)``: see :func:`harvest_documents`.
FindingsHook = Callable[[Session, int, list[Finding]], None]
BATCH = 200


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
    :func:`store.findings.apply_document_findings`, which touches those rules only (the
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
