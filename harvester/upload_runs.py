"""Upload runs: accepted at once, stored in the database, processed by whoever claims them.

Why not in the request: a 20,000-record upload takes longer than a gunicorn worker's timeout,
and a worker killed half-way left 14,600 records stored and the run "running" for ever. So:

1. :func:`accept` stores the file (``upload_payloads``) and a run of kind ``upload`` with status
   ``pending``, in one transaction; the API answers 202 with the run's id and URL.
2. :func:`process_pending` claims pending runs through the database lease ``upload:<OFFICE>``
   (one upload of an office at a time, on any replica) and ingests them page by page; each page
   and the run's counts commit together, so ``run.pages`` says exactly where a run stands.
3. Whoever holds no lease may claim a run again: a run left ``running`` (or marked
   ``interrupted``) by a process that died is resumed after its last committed page, once the
   lease has expired or its holder is a dead process on this host. The web process's
   :class:`BackgroundUploads` thread, ``iphub scheduler`` and ``iphub upload`` all call it.
4. A run that fails is ``failed`` with the reason, never left ``running``; its stored file is
   cut to ``keep_rejected_bytes`` (size and SHA-256 stay on the row). A finished run's file is
   deleted: every record of it is kept as a source record.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from itertools import islice

from sqlalchemy import select, update

from harvester.client import Item
from harvester.ingest import Target, ingest_items, ip_type_for
from harvester.run_summary import RunSummary
from harvester.settings import HarvestSettings
from harvester.upload import (
    DEFAULT_LIMITS,
    UploadLimits,
    records_in_upload,
)
from store import locks, uploads
from store.base import iso_seconds, utcnow
from store.database import Database
from store.gating.settings import gated_types
from store.harvest_state import UploadPayload
from store.models import HarvestRun, Office
from store.run_end import run_finished
from store.uploads import CLAIMABLE, unsupported

log = logging.getLogger("iphub.harvester")

BATCH = 100


def accept(db: Database, office_code: str, filename: str, data: bytes, metadata_prefix: str) -> int:
    """Store an upload and its pending run (:func:`store.uploads.accept`); the run's id.
    Raises UploadError when refused (unknown office, a prefix no mapping reads)."""
    if ip_type_for(metadata_prefix) == "unknown":
        raise unsupported(metadata_prefix)
    return uploads.accept(db, office_code, filename, data, metadata_prefix)


def _claimable(db: Database, run_id: int | None) -> list[tuple[int, str]]:
    """(run id, office code) of upload runs with a stored file, oldest first."""
    with db.session() as session:
        query = (
            select(HarvestRun.id, Office.code)
            .join(UploadPayload, UploadPayload.run_id == HarvestRun.id)
            .join(Office, Office.id == HarvestRun.office_id)
            .where(HarvestRun.kind == "upload", HarvestRun.status.in_(CLAIMABLE))
            .order_by(HarvestRun.id)
        )
        if run_id is not None:
            query = query.where(HarvestRun.id == run_id)
        return [(row.id, row.code) for row in session.execute(query)]


def process_pending(
    db: Database, settings: HarvestSettings, limits: UploadLimits, *, run_id: int | None = None
) -> list[RunSummary]:
    """Claim and process every claimable upload run (or only ``run_id``) whose office's lease
    is free; runs of an office busy elsewhere are left for the next call. The summaries."""
    done = []
    for claimed_id, office_code in _claimable(db, run_id):
        lease = locks.acquire(db, f"upload:{office_code}", ttl=settings.lease_ttl)
        if lease is None:
            continue
        with lease:
            summary = _process_claimed(db, claimed_id, settings, limits, lease)
        if summary is not None:
            log.info("%s", summary.line())
            done.append(summary)
    return done


def _process_claimed(
    db: Database,
    run_id: int,
    settings: HarvestSettings,
    limits: UploadLimits,
    lease: locks.Lease,
) -> RunSummary | None:
    """Process a run we hold the lease for; None when it was finished meanwhile."""
    started = time.monotonic()
    with db.session() as session:
        run = session.get(HarvestRun, run_id)
        payload = session.get(UploadPayload, run_id)
        if run is None or payload is None or run.status not in CLAIMABLE:
            return None
        office = session.get(Office, run.office_id)
        gated = gated_types(session, office.code)  # IP types whose deliveries are judged first
        target = Target(office.id, office.code, payload.metadata_prefix,
                        settings.repository_identifier, gated)  # fmt: skip
        summary = _summary_of(run, office.code, payload.metadata_prefix)
        resumed_at = run.pages
        run.status, run.ended_at = "running", None
        filename, data = payload.filename, payload.data
    try:
        items = records_in_upload(filename, data, limits)
        for batch in _batches(items, skip=resumed_at):
            if lease.lost:  # another process took the run over; it resumes from our last page
                return summary
            _store(db, target, run_id, batch, summary)
    except Exception as error:  # any bug or store failure: the run says so, never "running"
        log.exception("upload run %s failed", run_id)
        summary.seconds = time.monotonic() - started
        _finish(db, run_id, summary, "failed", f"processing failed: {_sentence(error)}", limits)
        return summary
    summary.seconds = time.monotonic() - started
    status = _status(summary)
    message = f"resumed after page {resumed_at}" if resumed_at else ""
    _finish(db, run_id, summary, status, message, limits)
    return summary


def _sentence(error: Exception) -> str:
    text = " ".join(str(error).split())[:300]
    return f"{error.__class__.__name__}: {text}" if text else error.__class__.__name__


def _summary_of(run: HarvestRun, office_code: str, prefix: str) -> RunSummary:
    summary = RunSummary(office_code, prefix, run.id, "running", pages=run.pages)
    for outcome in summary.counts:
        summary.counts[outcome] = getattr(run, outcome) or 0
    return summary


def _batches(items: Iterator[Item], *, skip: int) -> Iterator[list[Item]]:
    """Pages of BATCH items, after the first ``skip`` pages (already stored by an earlier
    attempt: reading is deterministic, so page k is the same items every time)."""
    for _ in islice(iter(lambda: list(islice(items, BATCH)), []), skip):
        pass
    while batch := list(islice(items, BATCH)):
        yield batch


def _store(
    db: Database, target: Target, run_id: int, batch: list[Item], summary: RunSummary
) -> None:
    """One page and the run's counts in one transaction: the resume point is exact."""
    with db.session() as session:
        run = session.get(HarvestRun, run_id)
        counts, _ = ingest_items(session, target, run, batch)
        for outcome, n in counts.items():
            setattr(run, outcome, getattr(run, outcome) + n)
            summary.counts[outcome] += n
        run.pages += 1
        errors = [{"at": iso_seconds(utcnow()), "page": run.pages, "kind": "record",
                   "message": i.error} for i in batch if i.error]  # fmt: skip
        if errors:
            run.errors = [*(run.errors or []), *errors][-500:]
            run.last_error = errors[-1]["message"]
    summary.pages += 1


def _status(summary: RunSummary) -> str:
    """An upload none of whose records could be processed has failed (the run keeps the
    records' own errors as its last error); one with some failed records is partial."""
    failed = summary.counts["failed"]
    if not failed:
        return "succeeded"
    return "failed" if failed == sum(summary.counts.values()) else "partial"


def _finish(
    db: Database,
    run_id: int,
    summary: RunSummary,
    status: str,
    message: str,
    limits: UploadLimits,
) -> None:
    """End the run; drop its stored file, or keep only its first bytes when it failed."""
    with db.session() as session:
        run = session.get(HarvestRun, run_id)
        run.status, run.ended_at = status, utcnow()
        if message:
            run.last_error = message
        payload = session.get(UploadPayload, run_id)
        if payload is not None and status != "failed":
            session.delete(payload)
        elif payload is not None:
            session.execute(
                update(UploadPayload)
                .where(UploadPayload.run_id == run_id)
                .values(data=payload.data[: limits.keep_rejected_bytes])
            )
    summary.status, summary.message = status, message
    run_finished(db, run_id)  # monitoring figures and the office's pushed feedback


def upload(
    db: Database,
    office_code: str,
    filename: str,
    data: bytes,
    metadata_prefix: str,
    settings: HarvestSettings,
    limits: UploadLimits = DEFAULT_LIMITS,
) -> RunSummary:
    """Accept and process an upload now (``iphub upload``, small API uploads): the same path
    as the background, claimed at once. Another upload of the office in progress leaves this
    one pending (status ``pending``) for the node or ``iphub scheduler`` to process."""
    run_id = accept(db, office_code, filename, data, metadata_prefix)
    done = process_pending(db, settings, limits, run_id=run_id)
    if done:
        return done[0]
    message = "queued behind another upload of this office; the node processes it next"
    return RunSummary(office_code.upper(), metadata_prefix, run_id, "pending", message=message)


#: ``app.extensions`` key of the web process's :class:`BackgroundUploads`.
BACKGROUND_KEY = "iphub.background_uploads"


class BackgroundUploads:
    """One thread per web process that drains pending uploads after a request accepted one
    (the composition root, :mod:`iphub.app`, gives it to the node's upload API).

    Processing is claimed through the database lease, so several processes draining at once
    never process a run twice; a process killed mid-run leaves it for the next claimer.
    """

    def __init__(self, db: Database, settings: HarvestSettings, limits: UploadLimits) -> None:
        self.db, self.settings, self.limits = db, settings, limits
        self._executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="iphub-uploads")
        self._lock = threading.Lock()
        self._queued: Future | None = None

    def process(self, run_id: int) -> list[RunSummary]:
        """Process one accepted run now, in the caller's thread (small uploads, in the request)."""
        return process_pending(self.db, self.settings, self.limits, run_id=run_id)

    def kick(self) -> Future:
        """Make sure a drain runs after now (one queued at most: it takes every pending run)."""
        with self._lock:
            if self._queued is None or self._queued.running() or self._queued.done():
                self._queued = self._executor.submit(self._drain)
            return self._queued

    def _drain(self) -> list[RunSummary]:
        """Process until no run is left; runs whose office's lease is held elsewhere are
        retried while that lease may still expire (a dead holder's), then left to the
        scheduler."""
        done: list[RunSummary] = []
        idle_since = time.monotonic()
        try:
            while _claimable(self.db, None):
                finished = process_pending(self.db, self.settings, self.limits)
                done += finished
                if finished:
                    idle_since = time.monotonic()
                elif time.monotonic() - idle_since > 2 * self.settings.lease_ttl:
                    break
                else:
                    time.sleep(min(5.0, self.settings.lease_ttl / 3))
        except Exception:  # the database went away: the next kick or the scheduler retries
            log.exception("background upload processing stopped")
        return done
