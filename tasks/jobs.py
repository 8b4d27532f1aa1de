"""The tasks: a reprocessing chunk and a harvest, and the functions that enqueue them.

Both are idempotent, so a message delivered twice (its worker died after the work but before
the acknowledgement) changes nothing the second time: a chunk done already is skipped
(:func:`harvester.reprocess.chunk.run_chunk`), a harvest takes its endpoint's lease (one
harvest per endpoint at a time, on every machine) and stores only what changed since.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy.exc import OperationalError

from harvester.reprocess import runs
from harvester.reprocess.driver import chunk_in_process, process_database
from harvester.runner import harvest_endpoint
from harvester.settings import HarvestSettings
from tasks.app import celery_app, node_config

log = logging.getLogger("iphub.tasks")

#: Retries of a task whose database was unreachable, and the delay between them (seconds).
DB_RETRIES, DB_RETRY_DELAY = 10, 5


def _database() -> tuple[str, str | None]:
    config = node_config()
    return config["DATABASE_URL"], config.get("DATABASE_SCHEMA")


@celery_app.task(name="iphub.reprocess_chunk", bind=True, max_retries=DB_RETRIES)
def reprocess_chunk(self, chunk_id: int) -> dict[str, int]:
    """Do one chunk of a reprocess run (skipped when done already)."""
    config = node_config()
    try:
        result = chunk_in_process(_database(), config.get("REPOSITORY_IDENTIFIER", "iphub.local"),
                                  chunk_id)  # fmt: skip
    except OperationalError as error:  # the store is away: the chunk waits for it
        raise self.retry(exc=error, countdown=DB_RETRY_DELAY) from error
    except Exception as error:  # a bug: the run stops with the error instead of waiting forever
        runs.fail_chunk(process_database(*_database()), chunk_id,
                        f"chunk {chunk_id}: {error.__class__.__name__}: {error}")  # fmt: skip
        raise
    log.info(
        "chunk %s: %s", chunk_id, "skipped (done already)" if result.skipped else result.counts
    )
    return result.counts


@celery_app.task(name="iphub.harvest", bind=True, max_retries=DB_RETRIES)
def harvest(self, endpoint_id: int, full: bool = False) -> str:
    """Harvest one endpoint (skipped when another process holds its lease)."""
    settings = HarvestSettings.from_config(node_config())
    try:
        summary = harvest_endpoint(process_database(*_database()), endpoint_id, settings, full=full)
    except OperationalError as error:
        raise self.retry(exc=error, countdown=DB_RETRY_DELAY) from error
    log.info("%s", summary.line())
    return summary.line()


def enqueue_chunks(chunk_ids: Sequence[int]) -> None:
    """Send chunk ids to the workers (a chunk sent twice is done once)."""
    for chunk_id in chunk_ids:
        reprocess_chunk.delay(chunk_id)


@dataclass(frozen=True)
class Enqueued:
    """What the scheduler logs for a harvest handed to the workers."""

    endpoint_id: int
    task_id: str
    status: str = "enqueued"  # never "failed": the worker's run says how it went

    def line(self) -> str:
        return f"endpoint={self.endpoint_id} harvest enqueued (task {self.task_id})"


def enqueue_harvest(_db, endpoint_id: int, _settings=None, *, full: bool = False) -> Enqueued:
    """The scheduler's ``harvest`` callable when a broker is configured."""
    return Enqueued(endpoint_id, harvest.delay(endpoint_id, full).id)
