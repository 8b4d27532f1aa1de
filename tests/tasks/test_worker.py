"""The Celery path against the local RabbitMQ with real ``iphub worker`` processes: a worker
killed mid-chunk is replaced and the run ends with every record processed once; the scheduler
enqueues harvests that the workers run one per endpoint at a time; the console lists them."""

from __future__ import annotations

import itertools
import subprocess
import time

from sqlalchemy import select, update

from harvester.scheduler import Scheduler
from simulator.server import SimulatedOffice
from simulator.serving import running
from store.models import HarvestRun, PublishedRecord
from store.reprocessing import ReprocessChunk
from tasks.app import configure
from tasks.jobs import enqueue_harvest
from tasks.status import engine_status
from tests.harvester.conftest import add_endpoint
from tests.harvester.reprocess.conftest import iphub_process, live_sources
from tests.harvester.reprocess.test_resume import assert_processed_once

TIMEOUT = 180


def _chunk_in_progress(db) -> ReprocessChunk | None:
    """A chunk a worker has started and not finished, once some chunks are done."""
    with db.session() as session:
        chunks = session.scalars(select(ReprocessChunk)).all()
    if sum(c.done for c in chunks) < 2:
        return None
    return next((c for c in chunks if c.attempts and not c.done), None)


def test_killed_worker_is_replaced_and_every_record_is_processed_once(
    db, harvested, workers, broker, instance
):
    with db.session() as session:  # every record outdated: a real change to republish
        session.execute(update(PublishedRecord).values(processing_version="old"))
    first = workers.start("first")
    coordinator = iphub_process(instance, "reprocess", "--chunk-size", "4", "--quiet",
                                env=broker, stdout=subprocess.PIPE, text=True)  # fmt: skip
    deadline = time.monotonic() + TIMEOUT
    while (busy := _chunk_in_progress(db)) is None and time.monotonic() < deadline:
        assert coordinator.poll() is None, "the run ended before the worker could be killed"
        time.sleep(0.005)
    assert busy is not None, "the worker never got going"
    workers.kill(first)
    workers.start("replacement")

    out, _ = coordinator.communicate(timeout=TIMEOUT)

    assert coordinator.returncode == 0, out
    with db.session() as session:
        run = session.scalars(select(HarvestRun).where(HarvestRun.kind == "reprocess")).one()
        again = session.get(ReprocessChunk, busy.id)
    assert "succeeded" in out and f"run {run.id}" in out
    assert again.done and again.attempts >= 2, "the killed chunk was delivered again"
    assert_processed_once(db, run.id)
    assert run.unchanged == len(live_sources(db)), "same renderings: datestamps kept"


def test_scheduler_enqueues_harvests_the_workers_run_one_at_a_time(app, db, fast, workers, broker):
    office = SimulatedOffice("KH", records=120, seed=9, page_size=20)
    with running(office) as url:
        endpoint_id = add_endpoint(db, url)
        config = {**app.config, "BROKER_URL": broker["IPHUB_BROKER_URL"],
                  "BROKER_QUEUE": broker["IPHUB_BROKER_QUEUE"]}  # fmt: skip
        celery = configure(config)
        workers.start("one")
        workers.start("two")
        names = {workers.name("one"), workers.name("two")}
        workers.wait_ready(celery, "one", "two")
        scheduler = Scheduler(db, fast, harvest=enqueue_harvest)
        scheduler._run(endpoint_id)
        scheduler._run(endpoint_id)  # the same endpoint twice: the lease lets one run at a time
        deadline = time.monotonic() + TIMEOUT
        while time.monotonic() < deadline:
            status = engine_status(config)
            queued = sum(q.messages or 0 for q in status.queues)
            ours = [w for w in status.workers if w.name in names]  # others share the broker
            busy = sum(w.active for w in ours)
            with db.session() as session:
                runs = session.scalars(select(HarvestRun).order_by(HarvestRun.id)).all()
            # both workers answered this inspection, so none of ours can have a task unseen
            answered = {w.name for w in ours} == names
            ended = bool(runs) and all(r.status != "running" for r in runs)
            if answered and ended and not queued and not busy:
                break
            time.sleep(0.2)
    assert {w.name for w in status.workers} >= names
    prefix = broker["IPHUB_BROKER_QUEUE"]
    assert [q.name for q in status.queues] == [f"{prefix}.harvest", f"{prefix}.reprocess"]
    assert runs and runs[0].status == "succeeded"
    spans = [(r.started_at, r.ended_at) for r in runs]
    assert all(a[1] <= b[0] for a, b in itertools.pairwise(spans)), "never at once"
    with db.session() as session:
        published = session.scalars(select(PublishedRecord.oai_identifier)).all()
    assert len(published) == len(set(published)) == sum(r.new for r in runs)
