"""A real ``iphub reprocess`` killed mid-run (SIGKILL) goes on where it stopped when run
again: every chunk done once, every record processed once, nothing counted twice."""

from __future__ import annotations

import signal
import subprocess
import time

from sqlalchemy import func, select, update

from harvester.reprocess.driver import Options, reprocess
from harvester.reprocess.selection import Selection
from store.models import HarvestRun, PublishedRecord
from store.quality_models import QualityRunStats
from store.reprocessing import ReprocessChunk, ReprocessJob
from tests.harvester.reprocess.conftest import iphub_process, live_sources


def _chunks_done(db) -> int:
    with db.session() as session:
        return session.scalar(
            select(func.count()).select_from(ReprocessChunk).where(ReprocessChunk.done)
        )


def _kill_mid_run(db, process: subprocess.Popen, chunks: int = 3) -> None:
    deadline = time.monotonic() + 120
    while _chunks_done(db) < chunks and process.poll() is None and time.monotonic() < deadline:
        time.sleep(0.01)
    assert process.poll() is None, "the run must still be going when killed"
    process.send_signal(signal.SIGKILL)
    process.wait()


def assert_processed_once(db, run_id: int) -> None:
    """Every chunk done, and each record counted once: in the chunks, in the run's counts and
    in the quality figures (a chunk stored twice would count its records twice)."""
    with db.session() as session:
        total = session.scalar(select(ReprocessJob.total).where(ReprocessJob.run_id == run_id))
        chunks = session.scalars(
            select(ReprocessChunk).where(ReprocessChunk.run_id == run_id)
        ).all()
        run = session.get(HarvestRun, run_id)
        checked = session.scalar(
            select(func.sum(QualityRunStats.checked)).where(QualityRunStats.run_id == run_id)
        )
        published = session.scalar(
            select(func.count())
            .select_from(PublishedRecord)
            .where(PublishedRecord.deleted.is_(False))
        )
    assert all(c.done for c in chunks)
    assert sum(c.processed for c in chunks) == total
    assert run.new + run.updated + run.unchanged + run.failed == total
    assert run.pages == len(chunks), "each chunk's counts added once"
    assert checked == total - run.failed == published
    assert run.status == "succeeded"


def test_killed_reprocess_resumes_where_it_stopped(db, harvested, instance):
    ids = sorted(live_sources(db))
    with db.session() as session:  # every record outdated: a real change to republish
        session.execute(update(PublishedRecord).values(processing_version="old"))
    process = iphub_process(instance, "reprocess", "--chunk-size", "4", "--workers", "1",
                            "--quiet", stdout=subprocess.DEVNULL)  # fmt: skip
    _kill_mid_run(db, process)
    with db.session() as session:
        killed = session.scalars(select(HarvestRun).where(HarvestRun.kind == "reprocess")).one()
        assert killed.status == "running" and 0 < killed.pages < len(ids) / 4

    [summary] = reprocess(db, Selection(), Options(chunk_size=99))

    assert summary.run_id == killed.id and summary.resumed, "the same run goes on"
    assert summary.status == "succeeded", summary.line()
    assert_processed_once(db, killed.id)
    with db.session() as session:
        versions = set(session.scalars(select(PublishedRecord.processing_version)))
    assert "old" not in versions


def test_a_local_pool_of_processes_does_the_chunks_once(db, harvested, database):
    with db.session() as session:
        session.execute(update(PublishedRecord).values(processing_version="old"))
    options = Options(chunk_size=9, workers=2, database=database)
    [summary] = reprocess(db, Selection(outdated=True), options)
    assert summary.status == "succeeded", summary.line()
    assert_processed_once(db, summary.run_id)
