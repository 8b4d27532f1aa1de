"""Writing deliveries: one row per event and active subscription of the office.

Called in the transaction that knows the event (the end of a run, an alert opening or
closing), so the event and its deliveries are stored together or not at all; sending is
:mod:`node.notify.sender`'s job, later and possibly in another process.
"""

from __future__ import annotations

import json
from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from store.base import iso_seconds, utcnow
from store.models import HarvestRun, Office
from store.notify_models import Delivery, Subscription
from store.quality_models import QualityFinding, QualityRunStats

RUN_FINISHED = "run.finished"
ALERT_OPENED = "alert.opened"
ALERT_RESOLVED = "alert.resolved"
TEST = "test"
EVENTS = (RUN_FINISHED, ALERT_OPENED, ALERT_RESOLVED, TEST)
COUNTS = ("new", "updated", "unchanged", "deleted", "failed")


def enqueue(
    session: Session,
    office_code: str,
    event: str,
    data: dict,
    *,
    now: datetime | None = None,
    only: int | None = None,
) -> int:
    """Queue ``event`` for every active subscription of the office (or subscription ``only``);
    the number of deliveries written."""
    query = select(Subscription).where(
        Subscription.office_code == office_code, Subscription.active.is_(True)
    )
    if only is not None:
        query = query.where(Subscription.id == only)
    moment = now or utcnow()
    text = json.dumps(data, sort_keys=True, default=str)
    rows = [
        Delivery(
            subscription_id=s.id,
            office_code=office_code,
            event=event,
            data=text,
            state="pending",
            attempts=0,
            next_attempt_at=moment,
            created_at=moment,
        )
        for s in session.scalars(query)
    ]
    session.add_all(rows)
    return len(rows)


def run_data(session: Session, run: HarvestRun) -> dict:
    """What an office wants to know after a run: the counts, what the run changed in the
    findings, what is open now by severity (links are added by the sender)."""
    office = session.get(Office, run.office_id)
    changed = session.execute(
        select(
            QualityRunStats.ip_type,
            QualityRunStats.checked,
            QualityRunStats.opened,
            QualityRunStats.resolved,
        ).where(QualityRunStats.run_id == run.id)
    ).all()
    open_now = session.execute(
        select(QualityFinding.severity, func.count())
        .where(QualityFinding.office_code == office.code, QualityFinding.state == "open")
        .group_by(QualityFinding.severity)
    ).all()
    return {
        "office": office.code,
        "run": {
            "id": run.id,
            "kind": run.kind,
            "status": run.status,
            "started_at": iso_seconds(run.started_at),
            "ended_at": iso_seconds(run.ended_at),
            "records": {k: getattr(run, k) or 0 for k in COUNTS},
            "last_error": run.last_error,
        },
        "findings": {
            "by_ip_type": [
                {"ip_type": t, "checked": c, "opened": o, "resolved": r} for t, c, o, r in changed
            ],
            "open_by_severity": dict(sorted(open_now)),
        },
    }


def enqueue_run(session: Session, run: HarvestRun) -> int:
    """Queue ``run.finished`` for the run's office."""
    office_code = session.get(Office, run.office_id).code
    return enqueue(session, office_code, RUN_FINISHED, run_data(session, run))


def alert_data(alert) -> dict:
    """A monitoring alert as an event (``store.monitoring_models.MonitorAlert``)."""
    return {
        "office": alert.office_code,
        "alert": {
            "id": alert.id,
            "ip_type": alert.ip_type,
            "kind": alert.kind,
            "state": alert.state,
            "message": alert.message,
            "details": alert.details,
            "opened_at": iso_seconds(alert.opened_at),
            "resolved_at": iso_seconds(alert.resolved_at),
        },
    }
