"""What the end of every harvest or upload run tells monitoring and pushed feedback.

The runner and the upload call :func:`run_finished` once, after the run is closed. It only
writes rows (the office's list size seen by a full run, the ``run.finished`` deliveries), in
its own transaction, and never raises: monitoring must not turn a good run into a failed one.
Then a gated run's delivery is judged (:func:`store.gating.decide.close_run_safely`).
"""

from __future__ import annotations

import logging
from datetime import datetime

from sqlalchemy.orm import Session

from mappings.pipeline import SUPPORTED_PREFIXES
from store.base import utcnow
from store.database import Database
from store.gating.decide import close_run_safely
from store.models import Endpoint, HarvestRun
from store.monitoring_models import OfficeCount
from store.outbox import enqueue_run

log = logging.getLogger("iphub.monitoring")


def run_finished(db: Database, run_id: int | None, list_size: int | None = None) -> None:
    """Record a full run's ``completeListSize`` and queue the office's run summary."""
    if run_id is None:
        return
    try:
        with db.session() as session:
            run = session.get(HarvestRun, run_id)
            complete = run.window_from is None and run.status in ("succeeded", "partial")
            if list_size is not None and complete and run.endpoint_id is not None:
                record(session, session.get(Endpoint, run.endpoint_id), list_size,
                              "harvest", run.ended_at)  # fmt: skip
            enqueue_run(session, run)
    except Exception:
        log.exception("run=%s monitoring hook failed (the run itself stands)", run_id)
    close_run_safely(db, run_id)  # after the list size is stored: the gate's count drop reads it


def record(
    session: Session, endpoint: Endpoint, records: int, source: str, now: datetime | None = None
) -> OfficeCount:
    """Store one count of ``endpoint``."""
    row = OfficeCount(
        endpoint_id=endpoint.id,
        office_code=endpoint.office.code,
        ip_type=SUPPORTED_PREFIXES.get(endpoint.metadata_prefix, "unknown"),
        records=records,
        source=source,
        counted_at=now or utcnow(),
    )
    session.add(row)
    return row
