"""Read-only views of the store for the console: sets, the latest harvest per endpoint, and
the latest reprocess runs with their progress."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import case, func, select
from sqlalchemy.orm import Session

from store.models import Endpoint, HarvestRun, Office, PublishedRecord
from store.reprocessing import ReprocessChunk, ReprocessJob


@dataclass(frozen=True)
class SetRow:
    spec: str
    office_code: str
    ip_type: str
    records: int
    deleted: int


@dataclass(frozen=True)
class EndpointStatus:
    office_code: str
    endpoint: Endpoint
    run: HarvestRun | None


def sets(session: Session) -> list[SetRow]:
    """One row per office × IP type present in the published records (what ListSets shows)."""
    deleted = func.sum(case((PublishedRecord.deleted, 1), else_=0))
    rows = session.execute(
        select(
            PublishedRecord.office_code,
            PublishedRecord.ip_type,
            func.count(PublishedRecord.id),
            deleted,
        )
        .group_by(PublishedRecord.office_code, PublishedRecord.ip_type)
        .order_by(PublishedRecord.office_code, PublishedRecord.ip_type)
    )
    return [SetRow(f"{o}:{t}", o, t, n, int(d or 0)) for o, t, n, d in rows]


def latest_runs(session: Session) -> list[EndpointStatus]:
    """Every endpoint with its most recent run (None when never harvested)."""
    latest = (
        select(HarvestRun.endpoint_id, func.max(HarvestRun.id).label("run_id"))
        .group_by(HarvestRun.endpoint_id)
        .subquery()
    )
    rows = session.execute(
        select(Office.code, Endpoint, HarvestRun)
        .join(Endpoint, Endpoint.office_id == Office.id)
        .outerjoin(latest, latest.c.endpoint_id == Endpoint.id)
        .outerjoin(HarvestRun, HarvestRun.id == latest.c.run_id)
        .order_by(Office.code, Endpoint.id)
    )
    return [EndpointStatus(code, endpoint, run) for code, endpoint, run in rows]


def offices(session: Session) -> list[Office]:
    return list(session.scalars(select(Office).order_by(Office.code)))


@dataclass(frozen=True)
class ReprocessStatus:
    office_code: str
    run: HarvestRun
    selection: dict
    total: int
    chunks: int
    chunks_done: int
    processed: int


def reprocess_runs(session: Session, limit: int = 20) -> list[ReprocessStatus]:
    """The latest reprocess runs, newest first, with their chunks done and records processed."""
    chunks = (
        select(
            ReprocessChunk.run_id,
            func.count().label("chunks"),
            func.sum(case((ReprocessChunk.done, 1), else_=0)).label("done"),
            func.sum(ReprocessChunk.processed).label("processed"),
        )
        .group_by(ReprocessChunk.run_id)
        .subquery()
    )
    rows = session.execute(
        select(Office.code, HarvestRun, ReprocessJob.selection, ReprocessJob.total,
               chunks.c.chunks, chunks.c.done, chunks.c.processed)
        .join(HarvestRun, HarvestRun.office_id == Office.id)
        .join(ReprocessJob, ReprocessJob.run_id == HarvestRun.id)
        .outerjoin(chunks, chunks.c.run_id == HarvestRun.id)
        .order_by(HarvestRun.id.desc())
        .limit(limit)
    )  # fmt: skip
    return [
        ReprocessStatus(code, run, selection or {}, total, n or 0, int(done or 0), int(seen or 0))
        for code, run, selection, total, n, done, seen in rows
    ]
