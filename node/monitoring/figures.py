"""Freshness and completeness per office × IP type, computed from the database.

The same :class:`SetFigures` feed the console, the office portal, the third parties' status
page, the alerts and ``/metrics``: one set of queries (a handful of grouped SELECTs, none per
record), so every view and every process tells the same story.

A run belongs to the IP type of its endpoint's metadata prefix; a run of an ``st96`` endpoint
(any IP type) or an upload belongs to the IP types its records were checked under
(``quality_run_stats``), else to every IP type the office publishes.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import func, select, true
from sqlalchemy.orm import Session

from mappings.pipeline import SUPPORTED_PREFIXES
from store.models import IP_TYPES, Endpoint, HarvestRun, Office, PublishedRecord
from store.monitoring_models import MonitorAlert, OfficeCount
from store.quality_models import QualityFinding, QualityRunStats

SUCCESS = ("succeeded", "partial")


@dataclass
class SetFigures:
    """What the hub knows about one office × IP type."""

    office: str
    ip_type: str
    last_harvest: datetime | None = None
    last_change: datetime | None = None
    held: int = 0
    at_office: int | None = None
    counted_at: datetime | None = None
    #: (kind, status) → runs
    runs: Counter = field(default_factory=Counter)
    #: longest run of consecutive failed runs at the end of an endpoint's history
    failing_streak: int = 0
    open_findings: dict[str, int] = field(default_factory=dict)
    open_alerts: list[MonitorAlert] = field(default_factory=list)

    @property
    def set_spec(self) -> str:
        return f"{self.office}:{self.ip_type}"

    @property
    def completeness(self) -> float | None:
        """Records held over records at the office (None until the office was counted)."""
        if not self.at_office:
            return None
        return self.held / self.at_office

    def freshness(self, now: datetime) -> float | None:
        """Seconds since the last new or changed record (None when nothing was ever held)."""
        if self.last_change is None:
            return None
        return max((now - self.last_change).total_seconds(), 0.0)


def ip_type_of(prefix: str | None) -> str | None:
    """The IP type an endpoint's prefix stands for; None for ``st96`` (any type)."""
    ip_type = SUPPORTED_PREFIXES.get(prefix or "")
    return ip_type if ip_type in IP_TYPES else None


def collect(session: Session, office: str | None = None) -> list[SetFigures]:
    """Figures of every office × IP type the hub harvests or holds (or of one office)."""
    sets: dict[tuple[str, str], SetFigures] = {}

    def entry(code: str, ip_type: str) -> SetFigures:
        key = (code, ip_type)
        if key not in sets:
            sets[key] = SetFigures(code, ip_type)
        return sets[key]

    _held(session, office, entry)
    published = defaultdict(set)
    for code, ip_type in list(sets):
        published[code].add(ip_type)
    endpoints = _endpoints(session, office)
    for code, ip_type, _ in endpoints.values():
        if ip_type:
            entry(code, ip_type)
    _runs(session, office, endpoints, published, entry)
    _office_counts(session, office, entry)
    _findings(session, office, entry)
    _alerts(session, office, entry)
    return sorted(sets.values(), key=lambda s: (s.office, s.ip_type))


def _held(session, office, entry) -> None:
    """Records held (not deleted) and the last change: a new, changed or deleted record (a
    withdrawal is an update from the office too). Two grouped index scans: every row from
    ``ix_published_office_type_datestamp``, the deleted ones from ``ix_published_deleted``."""
    every = select(
        PublishedRecord.office_code,
        PublishedRecord.ip_type,
        func.count(),
        func.max(PublishedRecord.datestamp),
    ).group_by(PublishedRecord.office_code, PublishedRecord.ip_type)
    deleted = (
        select(PublishedRecord.office_code, PublishedRecord.ip_type, func.count())
        .where(PublishedRecord.deleted == true())
        .group_by(PublishedRecord.office_code, PublishedRecord.ip_type)
    )
    if office:
        every = every.where(PublishedRecord.office_code == office)
        deleted = deleted.where(PublishedRecord.office_code == office)
    gone = {(code, ip_type): n for code, ip_type, n in session.execute(deleted)}
    for code, ip_type, count, latest in session.execute(every):
        figures = entry(code, ip_type)
        figures.held = count - gone.get((code, ip_type), 0)
        figures.last_change = latest


def _endpoints(session, office) -> dict[int, tuple[str, str | None, datetime]]:
    query = select(Endpoint.id, Office.code, Endpoint.metadata_prefix, Endpoint.created_at).join(
        Office, Office.id == Endpoint.office_id
    )
    if office:
        query = query.where(Office.code == office)
    return {i: (code, ip_type_of(prefix), at) for i, code, prefix, at in session.execute(query)}


def _runs(session, office, endpoints, published, entry) -> None:
    query = (
        select(HarvestRun.id, Office.code, HarvestRun.endpoint_id, HarvestRun.kind,
               HarvestRun.status, HarvestRun.ended_at)
        .join(Office, Office.id == HarvestRun.office_id)
        .order_by(HarvestRun.id)
    )  # fmt: skip
    if office:
        query = query.where(Office.code == office)
    checked = defaultdict(set)
    stats = select(QualityRunStats.run_id, QualityRunStats.ip_type)
    for run_id, ip_type in session.execute(stats):
        checked[run_id].add(ip_type)
    streaks: dict[tuple[str, int | None, str], int] = {}
    for run_id, code, endpoint_id, kind, status, ended in session.execute(query):
        declared = endpoints.get(endpoint_id, (code, None, None))[1]
        types = {declared} if declared else checked[run_id] or published[code]
        for ip_type in types:
            figures = entry(code, ip_type)
            figures.runs[(kind, status)] += 1
            if status in SUCCESS and ended and (figures.last_harvest or ended) <= ended:
                figures.last_harvest = ended
            if status != "running":  # consecutive failed runs, per endpoint
                key = (code, endpoint_id, ip_type)
                streaks[key] = streaks.get(key, 0) + 1 if status == "failed" else 0
    for (code, _, ip_type), streak in streaks.items():
        figures = entry(code, ip_type)
        figures.failing_streak = max(figures.failing_streak, streak)


def _office_counts(session, office, entry) -> None:
    """The latest count of each endpoint, summed per office × IP type."""
    latest = (
        select(OfficeCount.endpoint_id, func.max(OfficeCount.id).label("id"))
        .group_by(OfficeCount.endpoint_id)
        .subquery()
    )
    query = select(OfficeCount).join(latest, latest.c.id == OfficeCount.id)
    if office:
        query = query.where(OfficeCount.office_code == office)
    for row in session.scalars(query):
        if row.ip_type not in IP_TYPES:
            continue
        figures = entry(row.office_code, row.ip_type)
        figures.at_office = (figures.at_office or 0) + row.records
        figures.counted_at = max(figures.counted_at or row.counted_at, row.counted_at)


def _findings(session, office, entry) -> None:
    query = (
        select(QualityFinding.office_code, QualityFinding.ip_type, QualityFinding.severity,
               func.count())
        .where(QualityFinding.state == "open")
        .group_by(QualityFinding.office_code, QualityFinding.ip_type, QualityFinding.severity)
    )  # fmt: skip
    if office:
        query = query.where(QualityFinding.office_code == office)
    for code, ip_type, severity, count in session.execute(query):
        entry(code, ip_type).open_findings[severity] = count


def _alerts(session, office, entry) -> None:
    query = select(MonitorAlert).where(MonitorAlert.state == "open").order_by(MonitorAlert.id)
    if office:
        query = query.where(MonitorAlert.office_code == office)
    for alert in session.scalars(query):
        entry(alert.office_code, alert.ip_type).open_alerts.append(alert)


def for_sets(figures: Iterable[SetFigures], allowed) -> list[SetFigures]:
    """Only the sets ``allowed(office, ip_type)`` lets the caller see."""
    return [f for f in figures if allowed(f.office, f.ip_type)]
