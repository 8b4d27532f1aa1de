"""Runs whose process is gone are marked "interrupted", not left "running" for ever.

Every run records the lease its process holds (``lease_key``, ``lease_holder``: a harvest
holds ``endpoint:N``; any other long job, an upload for instance, can take a lease of its own
with :func:`store.locks.acquire` and :func:`attach` it). A process that crashes or is
killed stops renewing its lease; once the lease has expired, or its holder is a dead process
on this host (seen at once), :func:`reap` marks the run interrupted. The next harvest of the
endpoint resumes from the run's checkpoint as before.

``reap`` is cheap (one query on the running runs) and idempotent: ``iphub runs``, the runs API,
the console and the scheduler call it before they show or plan anything.
"""

from __future__ import annotations

from sqlalchemy import select, update

from store.database import Database
from store.harvest_state import HarvestLease
from store.locks import holder_is_dead, utc_now
from store.models import HarvestRun

REASON = "the process doing this run ended without finishing it (its lease expired)"


def attach(run: HarvestRun, lease) -> None:
    """Tie ``run`` to the lease its process holds (before the run is first written)."""
    run.lease_key, run.lease_holder = lease.key, lease.holder


def _alive(lease: HarvestLease | None, holder: str | None, moment) -> bool:
    if lease is None or lease.expires_at < moment or holder_is_dead(lease.holder):
        return False
    return holder is None or lease.holder == holder


def _key(run: HarvestRun) -> str | None:
    """The run's lease key; runs from before leases were recorded use their endpoint's."""
    if run.lease_key:
        return run.lease_key
    if run.endpoint_id is not None and run.kind in ("harvest", "full"):
        return f"endpoint:{run.endpoint_id}"
    return None


def reap(db: Database) -> list[int]:
    """Mark the running runs whose lease is gone interrupted; their ids."""
    moment = utc_now()
    with db.session() as session:
        running = session.scalars(select(HarvestRun).where(HarvestRun.status == "running")).all()
        keys = {k for k in map(_key, running) if k}
        if not keys:
            return []
        leases = {
            lease.key: lease
            for lease in session.scalars(select(HarvestLease).where(HarvestLease.key.in_(keys)))
        }
        gone = [
            run.id
            for run in running
            if _key(run) and not _alive(leases.get(_key(run)), run.lease_holder, moment)
        ]
        if gone:
            session.execute(
                update(HarvestRun)
                .where(HarvestRun.id.in_(gone), HarvestRun.status == "running")
                .values(status="interrupted", ended_at=moment, last_error=REASON)
            )
        return gone
