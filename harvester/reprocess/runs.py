"""Reprocess runs: open one per office (or resume the unfinished one), cut it into chunks,
follow its progress, close it.

A run is a :class:`HarvestRun` of kind ``"reprocess"`` with a :class:`ReprocessJob` (its
selection) and :class:`ReprocessChunk` rows (ranges of source ids, keyset over the selected
originals, planned in the transaction that opens the run). Rerunning ``iphub reprocess`` with
the same selection finds the office's unfinished (running, interrupted or failed) run and goes
on with the chunks not done; with another selection the unfinished run is marked interrupted
and a new one starts.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from sqlalchemy import exists, func, select, update

from harvester.reprocess.chunk import ChunkSpec
from harvester.reprocess.selection import Selection, conditions, office_prefixes
from store.base import utcnow
from store.database import Database
from store.models import HarvestRun, Office, SourceRecord
from store.reprocessing import ReprocessChunk, ReprocessJob

KIND = "reprocess"
UNFINISHED = ("running", "interrupted", "failed")

_SOURCES = SourceRecord.__table__
_CHUNKS = ReprocessChunk.__table__
_RUNS = HarvestRun.__table__


@dataclass(frozen=True)
class RunRef:
    """A reprocess run of one office, as plain values."""

    #: None when the selection holds nothing of the office: no run is recorded
    run_id: int | None
    office_id: int
    office_code: str
    selection: Selection
    total: int
    resumed: bool = False


def offices(db: Database, code: str | None) -> list[tuple[int, str]]:
    """(id, code) of the office ``code``, or of every office; LookupError for an unknown code."""
    with db.session() as session:
        query = select(Office.id, Office.code).order_by(Office.code)
        if code:
            query = query.where(Office.code == code.upper())
        found = [tuple(row) for row in session.execute(query)]
    if code and not found:
        raise LookupError(f"no office {code.upper()}")
    return found


def open_run(
    db: Database, office_id: int, office_code: str, selection: Selection, chunk_size: int
) -> RunRef:
    """The office's unfinished run of this selection, or a new planned one (none when the
    selection holds nothing of the office)."""
    wanted = selection.to_json()
    with db.session() as session:
        unfinished = session.execute(
            select(HarvestRun, ReprocessJob)
            .join(ReprocessJob, ReprocessJob.run_id == HarvestRun.id)
            .where(HarvestRun.office_id == office_id, HarvestRun.kind == KIND,
                   HarvestRun.status.in_(UNFINISHED))
            .order_by(HarvestRun.id)
        ).all()  # fmt: skip
        for run, job in unfinished:
            if job.selection == wanted:
                run.status, run.ended_at = "running", None
                return RunRef(run.id, office_id, office_code, selection, job.total, True)
        run = HarvestRun(office_id=office_id, kind=KIND, status="running", errors=[],
                         window_from=selection.since)  # fmt: skip
        session.add(run)
        session.flush()
        for old, _ in unfinished:
            old.status, old.ended_at = "interrupted", old.ended_at or utcnow()
            old.last_error = f"superseded by run {run.id} (another selection)"
        total = _plan(session, run.id, office_id, office_code, selection, chunk_size)
        if total == 0:  # nothing to do: no empty run in the runs list
            session.rollback()
            return RunRef(None, office_id, office_code, selection, 0)
        session.add(ReprocessJob(run_id=run.id, selection=wanted, chunk_size=chunk_size,
                                 total=total, planned_at=utcnow()))  # fmt: skip
        return RunRef(run.id, office_id, office_code, selection, total)


def _plan(session, run_id, office_id, office_code, selection, chunk_size) -> int:
    """Chunk rows over the selected ids; their count of records."""
    rows = [
        {"run_id": run_id, "first_id": first, "last_id": last, "size": size, "attempts": 0,
         "done": False, "processed": 0}
        for first, last, size in chunk_bounds(session, office_id, office_code, selection,
                                              chunk_size)
    ]  # fmt: skip
    if rows:
        session.execute(_CHUNKS.insert(), rows)
    return sum(row["size"] for row in rows)


def chunk_bounds(
    session, office_id: int, office_code: str, selection: Selection, chunk_size: int
) -> Iterator[tuple[int, int, int]]:
    """(first id, last id, records) of each chunk of the selected originals, read as a stream
    in keyset (id) order."""
    where = conditions(selection, office_id, office_code, office_prefixes(session, office_id))
    ids = session.execute(
        select(_SOURCES.c.id).where(*where).order_by(_SOURCES.c.id),
        execution_options={"yield_per": 10_000},
    ).scalars()
    chunk: list[int] = []
    for id_ in ids:
        chunk.append(id_)
        if len(chunk) == chunk_size:
            yield chunk[0], chunk[-1], len(chunk)
            chunk = []
    if chunk:
        yield chunk[0], chunk[-1], len(chunk)


def spec_for_chunk(db: Database, chunk_id: int) -> ChunkSpec | None:
    """A chunk row as a :class:`ChunkSpec` (what a task or a pool process is given: an id);
    None when the chunk no longer exists (its run was deleted)."""
    with db.session() as session:
        row = session.execute(
            select(_CHUNKS.c.run_id, _CHUNKS.c.first_id, _CHUNKS.c.last_id, HarvestRun.office_id,
                   Office.code, ReprocessJob.selection)
            .join(HarvestRun, HarvestRun.id == _CHUNKS.c.run_id)
            .join(Office, Office.id == HarvestRun.office_id)
            .join(ReprocessJob, ReprocessJob.run_id == HarvestRun.id)
            .where(_CHUNKS.c.id == chunk_id)
        ).first()  # fmt: skip
    if row is None:
        return None
    run_id, first, last, office_id, code, selection = row
    return ChunkSpec(office_id, code, first, last, Selection.from_json(selection), run_id,
                     chunk_id)  # fmt: skip


def pending_chunks(db: Database, run: RunRef) -> Iterator[ChunkSpec]:
    """The run's chunks not done yet, in id order."""
    with db.session() as session:
        rows = session.execute(
            select(_CHUNKS.c.id, _CHUNKS.c.first_id, _CHUNKS.c.last_id)
            .where(_CHUNKS.c.run_id == run.run_id, _CHUNKS.c.done.is_(False))
            .order_by(_CHUNKS.c.first_id)
        ).all()
    for chunk_id, first, last in rows:
        yield ChunkSpec(run.office_id, run.office_code, first, last, run.selection,
                        run.run_id, chunk_id)  # fmt: skip


@dataclass(frozen=True)
class Progress:
    """How far a run is: chunks and records done, and its status."""

    status: str
    chunks: int
    chunks_done: int
    records: int
    processed: int

    @property
    def finished(self) -> bool:
        return self.chunks_done == self.chunks


def progress(db: Database, run_id: int) -> Progress:
    with db.session() as session:
        chunks, done, processed = session.execute(
            select(
                func.count(),
                func.count().filter(_CHUNKS.c.done.is_(True)),
                func.coalesce(func.sum(_CHUNKS.c.processed), 0),
            ).where(_CHUNKS.c.run_id == run_id)
        ).one()
        status = session.scalar(select(_RUNS.c.status).where(_RUNS.c.id == run_id))
        total = session.scalar(select(ReprocessJob.total).where(ReprocessJob.run_id == run_id))
    return Progress(status or "unknown", chunks, done, total or 0, processed)


def close_if_done(db: Database, run_id: int) -> bool:
    """Mark the run succeeded (partial when records failed) once every chunk is done; a
    conditional UPDATE, so whichever process finishes the last chunk may call it, and the
    others' calls change nothing. True when the run is (now) closed."""
    with db.session() as session:
        pending = exists().where(_CHUNKS.c.run_id == run_id, _CHUNKS.c.done.is_(False))
        for status, failed in (("succeeded", _RUNS.c.failed == 0), ("partial", _RUNS.c.failed > 0)):
            session.execute(
                update(_RUNS)
                .where(_RUNS.c.id == run_id, _RUNS.c.status == "running", failed, ~pending)
                .values(status=status, ended_at=utcnow())
            )
        return session.scalar(select(_RUNS.c.status).where(_RUNS.c.id == run_id)) != "running"


def interrupt(db: Database, run_id: int, message: str) -> None:
    """A run stopped before its end (Ctrl-C, an error): resumable by the same selection."""
    with db.session() as session:
        session.execute(
            update(_RUNS)
            .where(_RUNS.c.id == run_id, _RUNS.c.status == "running")
            .values(status="interrupted", ended_at=utcnow(), last_error=message)
        )


def fail_chunk(db: Database, chunk_id: int, message: str) -> None:
    """A chunk raised (a bug, not bad data: that is a failed record): its run is marked failed
    with the message, so whoever waits for it stops; rerunning resumes it."""
    with db.session() as session:
        run_id = select(_CHUNKS.c.run_id).where(_CHUNKS.c.id == chunk_id).scalar_subquery()
        session.execute(
            update(_RUNS)
            .where(_RUNS.c.id == run_id, _RUNS.c.status == "running")
            .values(status="failed", ended_at=utcnow(), last_error=message)
        )
