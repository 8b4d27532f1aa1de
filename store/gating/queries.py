"""What the gating pages and API show: deliveries, and the held records behind a breach."""

from __future__ import annotations

from dataclasses import dataclass, field

from flask import abort
from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from mappings.rules.guidance import guidance_for
from store.base import iso_seconds
from store.gating.hold import CRITICAL
from store.gating.judge import colliding
from store.gating.models import GateDelivery, HeldRecord
from store.gating.settings import Limits, limits

#: Records listed per delivery (the figures count them all).
RECORDS_SHOWN = 500


@dataclass
class HeldView:
    """One held record and why it counts against its delivery."""

    oai_identifier: str
    application_number: str | None
    deleted: bool
    validation_status: str
    validation_errors: list[str]
    findings: list[dict] = field(default_factory=list)
    collides_with: str | None = None

    def as_dict(self) -> dict:
        return {
            "identifier": self.oai_identifier,
            "application_number": self.application_number,
            "deleted": self.deleted,
            "validation_status": self.validation_status,
            "validation_errors": self.validation_errors,
            "critical_findings": self.findings,
            "collides_with": self.collides_with,
        }


def deliveries(
    session: Session, office: str | None, state: str | None = None, limit: int = 100
) -> list[GateDelivery]:
    query = select(GateDelivery).order_by(GateDelivery.held_at.desc(), GateDelivery.id.desc())
    if office is not None:
        query = query.where(GateDelivery.office_code == office)
    if state is not None:
        query = query.where(GateDelivery.state == state)
    return list(session.scalars(query.limit(limit)))


def records(session: Session, delivery: GateDelivery) -> list[HeldView]:
    """The delivery's held records that breach something (critical finding, invalid,
    colliding, deleted), up to :data:`RECORDS_SHOWN`."""
    collisions = {}
    if set_limits(session, delivery).collision_share is not None:
        collisions = colliding(session, delivery.run_id, delivery.ip_type)
    query = (
        select(HeldRecord)
        .where(HeldRecord.run_id == delivery.run_id, HeldRecord.ip_type == delivery.ip_type)
        .where(
            or_(
                HeldRecord.critical > 0,
                HeldRecord.validation_status == "invalid",
                HeldRecord.deleted.is_(True),
                HeldRecord.oai_identifier.in_(list(collisions) or [""]),
            )
        )
        .order_by(HeldRecord.id)
        .limit(RECORDS_SHOWN)
    )
    return [_view(row, collisions) for row in session.scalars(query)]


def _view(row: HeldRecord, collisions: dict[str, str]) -> HeldView:
    found = []
    for finding in row.findings or ():
        if finding.get("severity") in CRITICAL:
            guidance = guidance_for(finding["rule_id"])
            found.append({**finding, "guidance": guidance.as_dict() if guidance else None})
    return HeldView(row.oai_identifier, row.application_number, row.deleted,
                    row.validation_status, list(row.validation_errors or [])[:5], found,
                    collisions.get(row.oai_identifier))  # fmt: skip


def may_decide(session: Session, delivery: GateDelivery, role: str, office: str | None) -> bool:
    """A coordinator always; the office's own staff when the coordinator allowed it."""
    if role == "coordinator":
        return True
    if office != delivery.office_code:
        return False
    return set_limits(session, delivery).office_may_release


def decidable(session: Session, delivery_id: int, role: str, office: str | None) -> GateDelivery:
    """The delivery a page or API call decides on: 404 when the caller may not see it (a
    coordinator, or the office's own staff), 403 when it may see it but not decide."""
    delivery = session.get(GateDelivery, delivery_id)
    if delivery is None or (role != "coordinator" and office != delivery.office_code):
        abort(404)
    if not may_decide(session, delivery, role, office):
        abort(403)
    return delivery


def set_limits(session: Session, delivery: GateDelivery) -> Limits:
    return limits(session, delivery.office_code, delivery.ip_type)


def delivery_json(delivery: GateDelivery) -> dict:
    return {
        "id": delivery.id,
        "run": delivery.run_id,
        "office": delivery.office_code,
        "ip_type": delivery.ip_type,
        "state": delivery.state,
        "figures": delivery.figures,
        "breaches": delivery.breaches,
        "held_at": iso_seconds(delivery.held_at),
        "decided_at": iso_seconds(delivery.decided_at),
        "decided_by": delivery.decided_by,
        "release_after": iso_seconds(delivery.release_after),
    }
