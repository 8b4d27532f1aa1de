"""One chunk of a reprocess run: map its originals again, store what changed, mark it done.

The unit every path runs (in process, in a local process pool, in a Celery worker), and what
makes a run resumable and its tasks idempotent:

1. *claim*: a short transaction counts the attempt (``attempts``), unless the chunk is done;
2. *map*: the chunk's selected originals go through :func:`harvester.pool.map_records`
   (``process_record``) outside any transaction, so workers map in parallel even on SQLite;
3. *store*: one transaction first marks the chunk done (``UPDATE … WHERE NOT done``: a second
   process on the same chunk waits for the first one's commit, then finds it done and stores
   nothing), then writes the records through the ingest's own page writer
   (:func:`harvester.ingest._write`: published rows, finding lifecycle, feedback, figures),
   then adds the chunk's counts to its run (the run's row is locked first: one run's chunks
   store in turn, see :func:`_lock_run`). A process killed anywhere before the commit leaves
   the chunk not done and nothing of it stored: the next attempt does it all.

What is republished, per original:

* same ST.96, oai_dc, validation and application number as published: only its findings go
  through the lifecycle; its feedback and datestamp change only if the findings did
  (``"updated"``), else nothing visible changes (``"unchanged"``) but its processing version;
* different renderings: republished with a new datestamp (``"updated"``), or published for
  the first time when it had failed before (``"new"``);
* :class:`~mappings.errors.SourceError`: the error is kept on the original, a record published
  earlier stays as it was (``"failed"``), as in a harvest;
* an original replaced by a harvest between the map and the store steps (other bytes) is left
  to that harvest, which published it already (``"unchanged"``).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from types import SimpleNamespace
from typing import Any

from sqlalchemy import bindparam, select, update

from harvester import ingest
from harvester.client import Header
from harvester.ingest import Target, tune_page_transaction
from harvester.pool import Mapped, map_records
from harvester.reprocess.selection import Selection, conditions, office_prefixes
from mappings.errors import SourceError
from mappings.model import ProcessedRecord
from mappings.version import processing_version
from store.base import utcnow
from store.database import Database
from store.models import HarvestRun, PublishedRecord, SourceRecord
from store.pages import Source
from store.reprocessing import ReprocessChunk
from store.rows import PUBLISHED_COLUMNS, PublishedRow

COUNTED = ("new", "updated", "unchanged", "failed")

_SOURCES = SourceRecord.__table__
_PUBLISHED = PublishedRecord.__table__
_CHUNKS = ReprocessChunk.__table__
_RUNS = HarvestRun.__table__
#: What the published record is made of: equal on all of them = nothing to republish.
_RENDERED = ("ip_type", "st96", "dc", "validation_status", "validation_errors",
             "application_number")  # fmt: skip


@dataclass(frozen=True)
class ChunkSpec:
    """A range of an office's source ids, of a run (``chunk_id`` None: a dry run's chunk)."""

    office_id: int
    office_code: str
    first_id: int
    last_id: int
    selection: Selection
    run_id: int | None = None
    chunk_id: int | None = None


@dataclass
class ChunkResult:
    """What a chunk did; ``skipped`` when another process had done it already."""

    counts: dict[str, int] = field(default_factory=lambda: dict.fromkeys(COUNTED, 0))
    skipped: bool = False

    @property
    def processed(self) -> int:
        return sum(self.counts.values())


@dataclass(frozen=True, slots=True)
class Original:
    id: int
    metadata_prefix: str
    sha256: str | None
    raw: bytes


def run_chunk(
    db: Database, spec: ChunkSpec, repository_identifier: str, *, dry_run: bool = False
) -> ChunkResult:
    """Claim, map and store one chunk (see the module docstring). A dry run stores in a
    transaction it rolls back: the counts are exact, nothing is written."""
    if spec.chunk_id is not None and not _claim(db, spec.chunk_id):
        return ChunkResult(skipped=True)
    originals = _load_originals(db, spec)
    results = _map(originals, spec.office_code)
    with db.session() as session:
        tune_page_transaction(session)
        if spec.chunk_id is not None and not _mark_done(session, spec.chunk_id):
            return ChunkResult(skipped=True)
        if spec.run_id is not None:
            _lock_run(session, spec.run_id)
        result = ChunkResult()
        _store(session, spec, originals, results, repository_identifier, result.counts)
        if dry_run:
            session.rollback()
            return result
        if spec.chunk_id is not None:
            _count(session, spec, result)
        return result


def _claim(db: Database, chunk_id: int) -> bool:
    with db.session() as session:
        claimed = session.execute(
            update(_CHUNKS)
            .where(_CHUNKS.c.id == chunk_id, _CHUNKS.c.done.is_(False))
            .values(attempts=_CHUNKS.c.attempts + 1, started_at=utcnow())
        )
        return claimed.rowcount == 1


def _mark_done(session, chunk_id: int) -> bool:
    marked = session.execute(
        update(_CHUNKS)
        .where(_CHUNKS.c.id == chunk_id, _CHUNKS.c.done.is_(False))
        .values(done=True, done_at=utcnow())
    )
    return marked.rowcount == 1


def _lock_run(session, run_id: int) -> None:
    """Take the run's row lock before storing: the quality figures of the run are added up
    read-modify-write (``store.findings``), so two chunks of one run storing at once
    would lose one's figures. The store steps of a run's chunks take turns; their mapping, most
    of the work, stays parallel. (SQLite has a single writer anyway.)"""
    session.execute(select(_RUNS.c.id).where(_RUNS.c.id == run_id).with_for_update())


def _count(session, spec: ChunkSpec, result: ChunkResult) -> None:
    """The chunk's figures, last: the run's row is shared by every chunk of the run, so its
    lock is held for as short a time as possible."""
    session.execute(
        update(_CHUNKS).where(_CHUNKS.c.id == spec.chunk_id).values(processed=result.processed)
    )
    counts = result.counts
    session.execute(
        update(_RUNS)
        .where(_RUNS.c.id == spec.run_id)
        .values(pages=_RUNS.c.pages + 1, **{k: _RUNS.c[k] + counts[k] for k in COUNTED})
    )


def _load_originals(db: Database, spec: ChunkSpec) -> list[Original]:
    with db.session() as session:
        where = conditions(spec.selection, spec.office_id, spec.office_code,
                           office_prefixes(session, spec.office_id))  # fmt: skip
        s = _SOURCES.c
        query = (
            select(s.id, s.metadata_prefix, s.sha256, s.raw)
            .where(*where, s.id >= spec.first_id, s.id <= spec.last_id)
            .order_by(s.id)
        )
        return [Original(*row) for row in session.execute(query)]


def _map(originals: Sequence[Original], office_code: str) -> dict[int, Mapped]:
    """Each original's ProcessedRecord or SourceError, mapped per metadata prefix."""
    results: dict[int, Mapped] = {}
    prefixes = dict.fromkeys(o.metadata_prefix for o in originals)
    for prefix in prefixes:
        group = [o for o in originals if o.metadata_prefix == prefix]
        mapped = map_records(prefix, office_code, [o.raw for o in group])
        results.update(zip((o.id for o in group), mapped, strict=True))
    return results


def _load_state(session, ids: list[int]) -> dict[int, Source]:
    """The originals' current state and their published rows (every column: the renderings
    are compared), as the ingest's own :class:`Source` and :class:`PublishedRow`. The source
    rows are locked (PostgreSQL; SQLite has one writer anyway) so that a harvest storing a new
    version of one of them meanwhile waits, and then publishes its version over this one."""
    s = _SOURCES.c
    columns = [_PUBLISHED.c[name] for name in PUBLISHED_COLUMNS]
    query = (
        select(s.id, s.source_identifier, s.sha256, s.deleted, s.error, *columns)
        .select_from(_SOURCES.outerjoin(_PUBLISHED, _PUBLISHED.c.source_record_id == s.id))
        .where(s.id.in_(ids))
        .with_for_update(of=_SOURCES)  # a harvest of these records waits for this chunk
    )
    found: dict[int, Source] = {}
    for id_, identifier, digest, deleted, error, *published in session.execute(query):
        row = None
        if published[0] is not None:
            row = PublishedRow(**dict(zip(PUBLISHED_COLUMNS, published, strict=True)), stored=True)
        found[id_] = Source(identifier, id_, digest, deleted, error, row)
    return found


def _same(published: PublishedRow, processed: ProcessedRecord) -> bool:
    new = {name: getattr(processed, name) for name in _RENDERED}
    new["validation_errors"] = list(processed.validation_errors)
    return not published.deleted and all(getattr(published, k) == v for k, v in new.items())


@dataclass
class _Work:
    """What the chunk writes: the ingest's page (its ``kept`` records, whose renderings did not
    change, have their outcome known once the findings are applied), touched sources, and
    processing versions to bump."""

    page: Any = field(default_factory=lambda: ingest._Page())
    touched: dict[int, Source] = field(default_factory=dict)
    versions: list[dict[str, Any]] = field(default_factory=list)


def _store(session, spec, originals, results, repository_identifier, counts) -> None:
    """Write the chunk's changes with the ingest's page writer; fill ``counts``."""
    state = _load_state(session, [o.id for o in originals])
    work = _Work()
    for original in originals:
        source = state.get(original.id)
        if source is None or source.deleted or source.sha256 != original.sha256:
            counts["unchanged"] += 1  # deleted or replaced since: the harvest's business
            continue
        target = Target(spec.office_id, spec.office_code, original.metadata_prefix,
                        repository_identifier)  # fmt: skip
        outcome = _apply(session, target, source, results[original.id], work)
        if outcome is not None:
            counts[outcome] += 1
    if work.touched or work.page.findings or work.page.kept:
        updates = ingest._write(session, SimpleNamespace(id=spec.run_id),
                                list(work.touched.values()), work.page)  # fmt: skip
        for record in work.page.kept:
            counts["updated" if updates[record.id].changed else "unchanged"] += 1
    if work.versions:
        statement = update(_PUBLISHED).where(_PUBLISHED.c.id == bindparam("_id"))
        session.connection().execute(statement, work.versions)


def _apply(session, target: Target, source: Source, result: Mapped, work: _Work) -> str | None:
    """One original's outcome; None when it is only known once the findings are applied."""
    if isinstance(result, SourceError):
        message = str(result) or result.__class__.__name__
        if source.error != message:
            source.set(error=message)
            work.touched[source.id] = source
        return "failed"
    if source.error is not None:
        source.set(error=None)
        work.touched[source.id] = source
    published = source.published
    if published is not None and _same(published, result):
        work.page.kept[published] = result.findings
        version = processing_version(target.metadata_prefix, target.office_code)
        if published.processing_version != version:
            work.versions.append({"_id": published.id, "processing_version": version})
        return None
    header = Header(source.identifier, None)
    outcome, source.published = ingest._publish(session, target, source, published, header,
                                                result)  # fmt: skip
    if outcome == "new":
        work.page.links.append((source, source.published))
    else:
        work.page.changed[source.published] = None
    work.page.findings[source.published] = result.findings
    return outcome
