"""Alerts: an office gone quiet, counts that diverge, an endpoint that keeps failing.

:func:`evaluate` compares each office × IP type's figures with its thresholds (a coordinator's
:class:`FeedThreshold` row for the set, else for the office, else the ``MONITOR_*`` settings)
and opens, refreshes or resolves :class:`MonitorAlert` rows. Each opening and resolution is
queued as pushed feedback for the office (``alert.opened`` / ``alert.resolved``) in the same
transaction. ``now`` is a parameter so tests control time.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from node.monitoring.figures import SetFigures, collect
from store.base import iso_seconds, utcnow
from store.config import FromConfig, setting
from store.monitoring_models import FeedThreshold, MonitorAlert
from store.outbox import ALERT_OPENED, ALERT_RESOLVED, alert_data, enqueue

DAY = 86400.0


@dataclass(frozen=True)
class Thresholds(FromConfig):
    """When a set is in trouble."""

    quiet_days: float = setting("MONITOR_QUIET_DAYS")
    count_gap: float = setting("MONITOR_COUNT_GAP")
    failed_runs: int = setting("MONITOR_FAILED_RUNS")

    def overridden(self, row: FeedThreshold | None) -> Thresholds:
        if row is None:
            return self
        return Thresholds(
            row.quiet_days if row.quiet_days is not None else self.quiet_days,
            row.count_gap if row.count_gap is not None else self.count_gap,
            row.failed_runs if row.failed_runs is not None else self.failed_runs,
        )


def thresholds_for(session: Session, defaults: Thresholds):
    """A function (office, ip_type) → Thresholds: set row over office row over defaults."""
    rows = {(r.office_code, r.ip_type): r for r in session.scalars(select(FeedThreshold))}

    def lookup(office: str, ip_type: str) -> Thresholds:
        return defaults.overridden(rows.get((office, ""))).overridden(rows.get((office, ip_type)))

    return lookup


def set_threshold(
    session: Session, office: str, ip_type: str = "", **values: float | int | None
) -> FeedThreshold:
    """Create or change a coordinator's thresholds (``quiet_days``, ``count_gap``,
    ``failed_runs``); a None value falls back to the office's or the default."""
    row = session.scalar(
        select(FeedThreshold).where(
            FeedThreshold.office_code == office, FeedThreshold.ip_type == ip_type
        )
    )
    if row is None:
        row = FeedThreshold(office_code=office, ip_type=ip_type)
        session.add(row)
    for name, value in values.items():
        setattr(row, name, value)
    session.flush()
    return row


def conditions(figures: SetFigures, limits: Thresholds, now: datetime) -> dict[str, tuple]:
    """The alert kinds whose condition holds: kind → (message, details)."""
    found = {}
    age = figures.freshness(now)
    if age is not None and age > limits.quiet_days * DAY:
        days = age / DAY
        found["quiet"] = (
            f"No new or changed {figures.ip_type} record from {figures.office} for "
            f"{days:.1f} days (threshold {limits.quiet_days:g}).",
            {"days": round(days, 2), "last_change": iso_seconds(figures.last_change)},
        )
    if figures.at_office:
        divergence = abs(figures.at_office - figures.held) / figures.at_office
        if divergence > limits.count_gap:
            found["count-gap"] = (
                f"{figures.office} lists {figures.at_office} {figures.ip_type} records, the hub "
                f"holds {figures.held} ({divergence:.1%} apart, threshold "
                f"{limits.count_gap:.0%}).",
                {"at_office": figures.at_office, "held": figures.held,
                 "divergence": round(divergence, 4)},
            )  # fmt: skip
    if figures.failing_streak >= limits.failed_runs:
        found["failing"] = (
            f"The {figures.office} {figures.ip_type} endpoint failed "
            f"{figures.failing_streak} runs in a row (threshold {limits.failed_runs}).",
            {"failed_runs": figures.failing_streak},
        )
    return found


@dataclass
class Change:
    alert_id: int
    office: str
    ip_type: str
    kind: str
    event: str  # "alert.opened" | "alert.resolved"


def evaluate(
    session: Session, defaults: Thresholds, *, now: datetime | None = None
) -> list[Change]:
    """Open, refresh and resolve alerts for every set; the openings and resolutions."""
    moment = now or utcnow()
    limits = thresholds_for(session, defaults)
    changes = []
    for figures in collect(session):
        holding = conditions(figures, limits(figures.office, figures.ip_type), moment)
        current = {a.kind: a for a in figures.open_alerts}
        for kind, (message, details) in holding.items():
            alert = current.get(kind)
            if alert is None:
                alert = MonitorAlert(office_code=figures.office, ip_type=figures.ip_type,
                                     kind=kind, state="open", message=message, details=details,
                                     opened_at=moment, last_seen_at=moment)  # fmt: skip
                session.add(alert)
                changes.append(_changed(session, alert, ALERT_OPENED))
            else:
                alert.message, alert.details, alert.last_seen_at = message, details, moment
        for kind, alert in current.items():
            if kind not in holding:
                alert.state, alert.resolved_at, alert.last_seen_at = "resolved", moment, moment
                changes.append(_changed(session, alert, ALERT_RESOLVED))
    return changes


def _changed(session: Session, alert: MonitorAlert, event: str) -> Change:
    session.flush()
    enqueue(session, alert.office_code, event, alert_data(alert))
    return Change(alert.id, alert.office_code, alert.ip_type, alert.kind, event)


def history(session: Session, office: str | None, limit: int = 50) -> list[MonitorAlert]:
    """Alerts newest first (open and resolved) for the portal and console."""
    query = select(MonitorAlert).order_by(MonitorAlert.opened_at.desc(), MonitorAlert.id.desc())
    if office:
        query = query.where(MonitorAlert.office_code == office)
    return list(session.scalars(query.limit(limit)))
