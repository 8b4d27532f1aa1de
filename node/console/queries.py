"""Read-only views of the store for the console: sets and the latest harvest per endpoint."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import case, func, select
from sqlalchemy.orm import Session

from node.storage.models import Endpoint, HarvestRun, Office, PublishedRecord


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
