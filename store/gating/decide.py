"""Gating decisions: judging a run's delivery when it ends, release, rejection, auto-release.

Every decision is one transaction with its deliveries of pushed feedback (``gate.held``,
``gate.released``, ``gate.rejected``: :func:`store.outbox.enqueue`, signed by the
sender), so a decision and its notice are stored together or not at all.
"""

from __future__ import annotations

import logging
from datetime import datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from store.base import utcnow
from store.database import Database
from store.gating import promote
from store.gating.judge import held_types, judge, run_office
from store.gating.models import GateDelivery
from store.gating.queries import delivery_json
from store.gating.rejected import mark_rejected
from store.gating.settings import limits
from store.models import HarvestRun
from store.outbox import enqueue

log = logging.getLogger("iphub.gating")

HELD, RELEASED, REJECTED = "gate.held", "gate.released", "gate.rejected"
#: ``decided_by`` of decisions nobody made by hand
BY_GATE, BY_TIMER = "gate", "auto-release"


class NotHeld(Exception):
    """The delivery is not (or no longer) in quarantine."""


def close_run(session: Session, run_id: int, now: datetime | None = None) -> list[GateDelivery]:
    """Judge each IP type the run held versions of: publish it at once when it keeps within
    its thresholds, otherwise keep it in quarantine. Runs of ungated sets hold nothing."""
    run = session.get(HarvestRun, run_id)
    if run is None:
        return []
    now = now or utcnow()
    office = run_office(session, run)
    decided = []
    for ip_type in held_types(session, run_id):
        found = _delivery(session, run_id, ip_type)
        if found is not None and found.state != "held":  # a resumed run held more since
            found = None
        set_limits = limits(session, office, ip_type)
        verdict = judge(session, run, ip_type, set_limits)
        delivery = found or GateDelivery(run_id=run_id, office_code=office, ip_type=ip_type)
        delivery.figures, delivery.breaches = verdict.figures, verdict.breaches
        delivery.held_at = now
        if found is None:
            session.add(delivery)
        if verdict.breaches:
            delivery.state = "held"
            hours = set_limits.auto_release_hours
            delivery.release_after = now + timedelta(hours=hours) if hours else None
            session.flush()
            _notify(session, delivery, HELD)
        else:
            delivery.state = "passed"
            _promote(session, delivery, BY_GATE, now)
        decided.append(delivery)
    return decided


def _delivery(session: Session, run_id: int, ip_type: str) -> GateDelivery | None:
    query = select(GateDelivery).where(
        GateDelivery.run_id == run_id, GateDelivery.ip_type == ip_type
    )
    return session.scalars(query).first()


def _promote(session: Session, delivery: GateDelivery, actor: str, now: datetime) -> None:
    delivery.figures = {**delivery.figures,
                        "published": promote.promote(session, delivery.run_id,
                                                     delivery.ip_type, now)}  # fmt: skip
    delivery.decided_at, delivery.decided_by = now, actor


def release(
    session: Session, delivery_id: int, actor: str, now: datetime | None = None
) -> GateDelivery:
    """Publish a held delivery: its versions are served from now on, dated now."""
    delivery = _held(session, delivery_id)
    delivery.state = "released"
    _promote(session, delivery, actor, now or utcnow())
    session.flush()
    _notify(session, delivery, RELEASED)
    return delivery


def reject(
    session: Session, delivery_id: int, actor: str, now: datetime | None = None
) -> GateDelivery:
    """Drop a held delivery's versions: the served ones stay, the source bytes stay stored
    (marked rejected: reprocessing leaves them out, :mod:`store.gating.rejected`)."""
    delivery = _held(session, delivery_id)
    now = now or utcnow()
    mark_rejected(session, delivery.id, delivery.run_id, delivery.ip_type, now)
    dropped = promote.discard(session, delivery.run_id, delivery.ip_type)
    delivery.figures = {**delivery.figures, "discarded": dropped}
    delivery.state = "rejected"
    delivery.decided_at, delivery.decided_by = now, actor
    session.flush()
    _notify(session, delivery, REJECTED)
    return delivery


def decide(session: Session, delivery_id: int, action: str, actor: str) -> GateDelivery:
    """``release`` or ``reject`` (the pages', the API's and the CLI's one entry)."""
    return (release if action == "release" else reject)(session, delivery_id, actor)


def _held(session: Session, delivery_id: int) -> GateDelivery:
    query = select(GateDelivery).where(GateDelivery.id == delivery_id).with_for_update()
    delivery = session.scalars(query).first()
    if delivery is None or delivery.state != "held":
        raise NotHeld(f"delivery {delivery_id} is not in quarantine")
    return delivery


def auto_release(db: Database, now: datetime | None = None) -> list[int]:
    """Release every held delivery whose ``release_after`` has come; their ids."""
    now = now or utcnow()
    with db.session() as session:
        due = list(session.scalars(
            select(GateDelivery.id).where(GateDelivery.state == "held",
                                          GateDelivery.release_after <= now)
        ))  # fmt: skip
    released = []
    for delivery_id in due:
        try:
            with db.session() as session:
                release(session, delivery_id, BY_TIMER, now)
            released.append(delivery_id)
        except NotHeld:  # decided meanwhile by a person or another replica
            continue
    return released


def close_run_safely(db: Database, run_id: int) -> None:
    """The end-of-run hook's call: never raises (a failure leaves the versions held, and the
    delivery undecided: nothing is published that was not judged). The promotion is the
    run's last large write: on SQLite its WAL is checkpointed beside the run
    (:meth:`store.database.Database.large_write`)."""
    try:
        with db.large_write() as session:
            close_run(session, run_id)
    except Exception:
        log.exception("run=%s gating failed; its held versions stay held", run_id)


def delivery_data(delivery: GateDelivery) -> dict:
    """The decision as an event's data (the notify sender adds links and the signature)."""
    gate = {**delivery_json(delivery), "path": f"/api/v1/gating/deliveries/{delivery.id}"}
    return {"office": delivery.office_code, "gate": gate}


def _notify(session: Session, delivery: GateDelivery, event: str) -> None:
    enqueue(session, delivery.office_code, event, delivery_data(delivery))
