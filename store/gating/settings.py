"""The coordinator's gating thresholds per office × IP type.

Gating is off for a set until at least one threshold is set: a set without thresholds is
ingested as before (published page by page), so the common path pays nothing.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from store.base import utcnow
from store.gating.models import GateSetting
from store.models import Office

#: The thresholds, in the order pages and the CLI show them, with what each measures.
THRESHOLDS: dict[str, str] = {
    "critical_share": "records with a critical or error finding",
    "invalid_share": "records failing ST.96 XSD validation",
    "count_drop": "drop in records held against the last delivery",
    "collision_share": "records sharing an application number with another record",
}


@dataclass(frozen=True, slots=True)
class Limits:
    """A set's thresholds as plain values (None: that threshold is off)."""

    critical_share: float | None = None
    invalid_share: float | None = None
    count_drop: float | None = None
    collision_share: float | None = None
    office_may_release: bool = False
    auto_release_hours: float | None = None

    @property
    def active(self) -> bool:
        return any(getattr(self, name) is not None for name in THRESHOLDS)

    @classmethod
    def of(cls, row: GateSetting | None) -> Limits:
        if row is None:
            return cls()
        return cls(row.critical_share, row.invalid_share, row.count_drop, row.collision_share,
                   bool(row.office_may_release), row.auto_release_hours)  # fmt: skip


def limits(session: Session, office_code: str, ip_type: str) -> Limits:
    query = select(GateSetting).where(
        GateSetting.office_code == office_code, GateSetting.ip_type == ip_type
    )
    return Limits.of(session.scalars(query).first())


def gated_types(session: Session, office_code: str) -> frozenset[str]:
    """The office's IP types whose runs are gated (held until the delivery is judged)."""
    query = select(GateSetting).where(GateSetting.office_code == office_code)
    return frozenset(row.ip_type for row in session.scalars(query) if Limits.of(row).active)


def gated_types_of(db, office_code: str) -> frozenset[str]:
    """:func:`gated_types` in a transaction of its own (the runner, before its run opens)."""
    with db.session() as session:
        return gated_types(session, office_code)


def set_limits(
    session: Session, office_code: str, ip_type: str, actor: str | None, **values
) -> GateSetting:
    """Create or change a set's thresholds; a value passed as None turns that one off.

    The office must be configured: thresholds under a mistyped code would gate nothing."""
    unknown = set(values) - set(Limits.__slots__)
    if unknown:
        raise ValueError(f"unknown gating settings: {sorted(unknown)}")
    if session.scalar(select(Office.id).where(Office.code == office_code)) is None:
        raise ValueError(f"unknown office {office_code}: add it first (iphub office add)")
    for name in THRESHOLDS:
        share = values.get(name)
        if share is not None and not 0 <= share <= 1:
            raise ValueError(f"{name} is a share between 0 and 1, not {share}")
    hours = values.get("auto_release_hours")
    if hours is not None and hours <= 0:
        raise ValueError("auto_release_hours must be positive")
    query = select(GateSetting).where(
        GateSetting.office_code == office_code, GateSetting.ip_type == ip_type
    )
    row = session.scalars(query).first()
    if row is None:
        row = GateSetting(office_code=office_code, ip_type=ip_type, office_may_release=False)
        session.add(row)
    for name, value in values.items():
        setattr(row, name, bool(value) if name == "office_may_release" else value)
    row.updated_at, row.updated_by = utcnow(), actor
    session.flush()
    return row


def listing(session: Session, office_code: str | None = None) -> list[GateSetting]:
    query = select(GateSetting).order_by(GateSetting.office_code, GateSetting.ip_type)
    if office_code is not None:
        query = query.where(GateSetting.office_code == office_code)
    return list(session.scalars(query))
