"""Running a reprocess: per office, open (or resume) its run and get its chunks done, in this
process, in a local pool of processes, or by Celery workers through the broker.

Whichever way, a chunk is done by :func:`harvester.reprocess.chunk.run_chunk` given its id, so
the three paths store exactly the same thing and share the checkpoint: a run started with
workers and resumed in process (or the reverse) goes on where it stopped.
"""

from __future__ import annotations

import multiprocessing
import time
from collections.abc import Callable, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field

from sqlalchemy import select

from harvester.reprocess import runs
from harvester.reprocess.chunk import COUNTED, ChunkResult, ChunkSpec, run_chunk
from harvester.reprocess.selection import Selection
from store.database import Database
from store.models import HarvestRun

#: Enqueue chunk ids for workers elsewhere (the Celery path: ``tasks.jobs.enqueue_chunks``).
Enqueue = Callable[[Sequence[int]], None]
#: Receives a progress line now and then.
Report = Callable[[str], None]


@dataclass(frozen=True)
class Options:
    repository_identifier: str = "iphub.local"
    chunk_size: int = 500
    #: processes doing chunks in the local path (1: this process)
    workers: int = 1
    dry_run: bool = False
    #: (database URL, schema) for the local pool's processes, which open their own connections
    database: tuple[str, str | None] | None = None


@dataclass
class OfficeSummary:
    """What a run did for one office, for the one-line report and for tests."""

    office: str
    run_id: int | None
    status: str
    total: int = 0
    counts: dict[str, int] = field(default_factory=lambda: dict.fromkeys(COUNTED, 0))
    seconds: float = 0.0
    resumed: bool = False

    def line(self) -> str:
        c = self.counts
        what = "nothing written" if self.run_id is None else f"run {self.run_id}"
        resumed = ", resumed" if self.resumed else ""
        rate = sum(c.values()) / self.seconds if self.seconds else 0.0
        return (
            f"{self.office} reprocess: {self.status} ({what}{resumed}) — {self.total} selected: "
            f"{c['new']} new, {c['updated']} updated, {c['unchanged']} unchanged, "
            f"{c['failed']} failed in {self.seconds:.1f}s ({rate:.0f} records/s)"
        )


def reprocess(
    db: Database,
    selection: Selection,
    options: Options,
    *,
    enqueue: Enqueue | None = None,
    report: Report | None = None,
    poll: float = 0.5,
) -> list[OfficeSummary]:
    """Reprocess the selection, office by office; with ``enqueue``, hand every office's
    pending chunks to the workers and wait for them. A dry run always runs here."""
    report = report or (lambda _line: None)
    started = time.monotonic()
    if options.dry_run:
        return [_dry_run(db, office, selection, options) for office in runs.offices(db,
                selection.office)]  # fmt: skip
    opened = []
    for office_id, code in runs.offices(db, selection.office):
        run = runs.open_run(db, office_id, code, selection, options.chunk_size)
        opened.append(run)
        if run.run_id is None:
            continue
        if enqueue is not None:
            enqueue([spec.chunk_id for spec in runs.pending_chunks(db, run)])
            continue
        try:
            _run_here(db, run, options, report)
        except BaseException as error:
            runs.interrupt(db, run.run_id, f"{error.__class__.__name__}: {error}")
            raise
        runs.close_if_done(db, run.run_id)
    if enqueue is not None:
        _wait(db, opened, report, poll)
    seconds = time.monotonic() - started
    return [_summary(db, run, seconds) for run in opened]


def _run_here(db: Database, run: runs.RunRef, options: Options, report: Report) -> None:
    chunks = list(runs.pending_chunks(db, run))
    if options.workers <= 1 or len(chunks) <= 1:
        for spec in chunks:
            run_chunk(db, spec, options.repository_identifier)
            _report(db, run, report)
        return
    if options.database is None:
        raise ValueError("local worker processes need Options.database (URL, schema)")
    context = multiprocessing.get_context("forkserver")
    with ProcessPoolExecutor(options.workers, mp_context=context) as pool:
        args = (options.database, options.repository_identifier)
        futures = [pool.submit(chunk_in_process, *args, spec.chunk_id) for spec in chunks]
        for future in futures:
            future.result()
            _report(db, run, report)


_DATABASES: dict[tuple[str, str | None], Database] = {}


def process_database(url: str, schema: str | None) -> Database:
    """This process's own :class:`Database` for ``(url, schema)`` (pool and Celery workers)."""
    key = (url, schema)
    if key not in _DATABASES:
        _DATABASES[key] = Database(url, schema=schema)
    return _DATABASES[key]


def chunk_in_process(
    database: tuple[str, str | None], repository_identifier: str, chunk_id: int
) -> ChunkResult:
    """One chunk by id, in whichever process this runs (a pool's, a Celery worker's); closes
    its run when it was the last chunk. Idempotent: a chunk done already is skipped."""
    db = process_database(*database)
    spec = runs.spec_for_chunk(db, chunk_id)
    if spec is None:
        return ChunkResult(skipped=True)
    result = run_chunk(db, spec, repository_identifier)
    runs.close_if_done(db, spec.run_id)
    return result


def _report(db: Database, run: runs.RunRef, report: Report) -> None:
    done = runs.progress(db, run.run_id)
    report(f"{run.office_code} run {run.run_id}: {done.processed}/{done.records} records, "
           f"{done.chunks_done}/{done.chunks} chunks")  # fmt: skip


def _wait(db: Database, opened: list[runs.RunRef], report: Report, poll: float) -> None:
    """Until every run's chunks are done by the workers (or a chunk failed the run),
    reporting progress."""
    waiting = [run for run in opened if run.run_id is not None]
    while waiting:
        for run in list(waiting):
            done = runs.progress(db, run.run_id)
            if done.finished or done.status != "running":
                runs.close_if_done(db, run.run_id)
                waiting.remove(run)
            else:
                _report(db, run, report)
        if waiting:
            time.sleep(poll)


def _summary(db: Database, run: runs.RunRef, seconds: float) -> OfficeSummary:
    if run.run_id is None:
        return OfficeSummary(run.office_code, None, "nothing selected")
    with db.session() as session:
        row = session.get(HarvestRun, run.run_id)
        counts = {name: getattr(row, name) for name in COUNTED}
        return OfficeSummary(run.office_code, run.run_id, row.status, run.total, counts,
                             seconds, run.resumed)  # fmt: skip


def _dry_run(
    db: Database, office: tuple[int, str], selection: Selection, options: Options
) -> OfficeSummary:
    """Every chunk stored in a transaction rolled back: exact counts, nothing written."""
    office_id, code = office
    started = time.monotonic()
    with db.session() as session:
        bounds = list(runs.chunk_bounds(session, office_id, code, selection, options.chunk_size))
    summary = OfficeSummary(code, None, "dry run")
    for first, last, size in bounds:
        spec = ChunkSpec(office_id, code, first, last, selection)
        result = run_chunk(db, spec, options.repository_identifier, dry_run=True)
        summary.total += size
        for name, count in result.counts.items():
            summary.counts[name] += count
    summary.seconds = time.monotonic() - started
    return summary


def latest_runs(db: Database, limit: int = 20) -> list[HarvestRun]:
    """The latest reprocess runs, newest first (for the console)."""
    with db.session() as session:
        query = select(HarvestRun).where(HarvestRun.kind == runs.KIND)
        return list(session.scalars(query.order_by(HarvestRun.id.desc()).limit(limit)))
