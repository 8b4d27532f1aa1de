"""Runs as JSON: the one shape of ``GET /api/v1/runs`` and ``iphub runs --json``."""

from __future__ import annotations

from sqlalchemy import select

from store import liveness
from store.base import iso_seconds
from store.database import Database
from store.models import HarvestRun, Office


def run_json(run: HarvestRun, office_code: str | None = None) -> dict:
    """One run as JSON (also used by ``iphub runs --json``)."""
    seconds = (run.ended_at - run.started_at).total_seconds() if run.ended_at else None
    return {
        "id": run.id,
        "office": office_code,
        "endpoint_id": run.endpoint_id,
        "kind": run.kind,
        "status": run.status,
        "started_at": iso_seconds(run.started_at),
        "ended_at": iso_seconds(run.ended_at),
        "seconds": seconds,
        "window_from": iso_seconds(run.window_from),
        "pages": run.pages,
        "new": run.new,
        "updated": run.updated,
        "unchanged": run.unchanged,
        "deleted": run.deleted,
        "failed": run.failed,
        "checkpoint": bool(run.checkpoint_token),
        "last_error": run.last_error,
        "errors": run.errors or [],
    }


def list_runs(db: Database, office: str | None = None, limit: int = 50) -> list[dict]:
    """Latest runs first, optionally of one office (runs whose process is gone marked
    interrupted first)."""
    liveness.reap(db)
    with db.session() as session:
        query = select(HarvestRun, Office.code).join(Office, Office.id == HarvestRun.office_id)
        if office:
            query = query.where(Office.code == office.upper())
        query = query.order_by(HarvestRun.id.desc()).limit(limit)
        return [run_json(run, code) for run, code in session.execute(query)]
