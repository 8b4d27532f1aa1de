"""Reading quality data: filtered finding lists, counts, worst fields, trends, office comparison.

Shared by the JSON API and the dashboard so both always show the same figures. Counts are
GROUP BY queries on the indexed finding table; the trend sums the per-run deltas kept by
:mod:`store.findings` (one row per run and IP type, so it stays cheap however many
records an office has), per run or per harvest cycle of the office.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from sqlalchemy import Select, case, func, select
from sqlalchemy.orm import Session

from node.params import ParamError, bounded_int
from store.base import iso_seconds
from store.models import HarvestRun, PublishedRecord
from store.quality_models import STATES, QualityFinding, QualityRecordState, QualityRunStats

SEVERITY_RANK = {"critical": 0, "error": 1, "warning": 2, "info": 3}
MAX_LIMIT = 500
_SEVERITY_ORDER = case(SEVERITY_RANK, value=QualityFinding.severity, else_=9)


class FilterError(ValueError):
    """A filter value is not one of the allowed values (message for the API caller)."""


@dataclass(frozen=True)
class Filters:
    """Finding filters from a query string; empty means "any"."""

    office: str | None = None
    ip_type: str | None = None
    rule: str | None = None
    severity: str | None = None
    state: str | None = "open"
    record_id: int | None = None

    @classmethod
    def from_args(cls, args, office: str | None) -> Filters:
        """From request args; ``office`` is the office the caller is already authorised for."""
        state = args.get("state", "open") or None
        if state == "all":
            state = None
        if state and state not in STATES:
            raise FilterError(f"state must be one of {', '.join(STATES)} or all")
        severity = args.get("severity") or None
        if severity and severity not in SEVERITY_RANK:
            raise FilterError(f"severity must be one of {', '.join(SEVERITY_RANK)}")
        try:
            record = bounded_int(args.get("record"), "record", 0, minimum=1) or None
        except ParamError as error:
            raise FilterError(str(error)) from None
        return cls(
            office=office,
            ip_type=args.get("ip_type") or None,
            rule=args.get("rule") or None,
            severity=severity,
            state=state,
            record_id=record,
        )

    def apply(self, query: Select) -> Select:
        f = QualityFinding
        for column, value in (
            (f.office_code, self.office),
            (f.ip_type, self.ip_type),
            (f.rule_id, self.rule),
            (f.severity, self.severity),
            (f.state, self.state),
            (f.published_record_id, self.record_id),
        ):
            if value is not None:
                query = query.where(column == value)
        return query


@dataclass(frozen=True)
class Page:
    total: int
    limit: int
    offset: int
    items: list[tuple[QualityFinding, PublishedRecord]] = field(default_factory=list)


def findings_page(session: Session, filters: Filters, limit: int = 50, offset: int = 0) -> Page:
    """One page of findings (with their records), worst first then newest, and the total."""
    limit = max(1, min(limit, MAX_LIMIT))
    offset = max(0, offset)
    total = session.scalar(filters.apply(select(func.count(QualityFinding.id)))) or 0
    query = filters.apply(
        select(QualityFinding, PublishedRecord).join(
            PublishedRecord, PublishedRecord.id == QualityFinding.published_record_id
        )
    ).order_by(_SEVERITY_ORDER, QualityFinding.id.desc())
    rows = session.execute(query.limit(limit).offset(offset)).all()
    return Page(total, limit, offset, [(f, r) for f, r in rows])


def iter_findings(
    session: Session, filters: Filters, batch: int = 1000
) -> Iterator[tuple[QualityFinding, PublishedRecord]]:
    """All findings matching ``filters``, by id, fetched by keyset in batches (CSV export)."""
    last = 0
    while True:
        query = filters.apply(
            select(QualityFinding, PublishedRecord)
            .join(PublishedRecord, PublishedRecord.id == QualityFinding.published_record_id)
            .where(QualityFinding.id > last)
        ).order_by(QualityFinding.id)
        rows = session.execute(query.limit(batch)).all()
        if not rows:
            return
        yield from ((f, r) for f, r in rows)
        last = rows[-1][0].id


def counts(session: Session, office: str | None, ip_type: str | None = None) -> list[dict]:
    """Findings per rule, severity and state (the dashboard's table and the API summary)."""
    f = QualityFinding
    query = select(f.rule_id, f.severity, f.state, func.count(f.id)).group_by(
        f.rule_id, f.severity, f.state
    )
    query = Filters(office=office, ip_type=ip_type, state=None).apply(query)
    table: dict[tuple[str, str], dict] = {}
    for rule_id, severity, state, n in session.execute(query):
        entry = table.setdefault(
            (rule_id, severity),
            {"rule": rule_id, "severity": severity, **dict.fromkeys(STATES, 0)},
        )
        entry[state] += n
    return sorted(
        table.values(), key=lambda e: (SEVERITY_RANK.get(e["severity"], 9), -e["open"], e["rule"])
    )


def by_severity(rows: list[dict]) -> dict[str, int]:
    """Open findings per severity, from :func:`counts` rows."""
    totals = dict.fromkeys(SEVERITY_RANK, 0)
    for row in rows:
        totals[row["severity"]] = totals.get(row["severity"], 0) + row["open"]
    return totals


_POSITION = re.compile(r"\[\d+\]")


def worst_fields(session: Session, office: str | None, limit: int = 10) -> list[dict]:
    """The ST.96 paths with the most open findings that count (positions merged)."""
    f = QualityFinding
    query = Filters(office=office).apply(
        select(f.path, f.rule_id, func.count(f.id))
        .where(f.severity != "info")
        .group_by(f.path, f.rule_id)
    )
    merged: dict[str, dict] = {}
    for path, rule_id, n in session.execute(query):
        key = _POSITION.sub("", path)
        entry = merged.setdefault(key, {"path": key, "open": 0, "rules": set()})
        entry["open"] += n
        entry["rules"].add(rule_id)
    ranked = sorted(merged.values(), key=lambda e: (-e["open"], e["path"]))[:limit]
    return [{**e, "rules": sorted(e["rules"])} for e in ranked]


@dataclass(frozen=True)
class TrendPoint:
    """The figures after a harvest run (``runs`` = that run) or a harvest cycle (its runs);
    ``at`` is when the (first) run started."""

    run_id: int
    at: datetime
    open: int
    records: int
    clean: int
    checked: int
    checked_clean: int
    runs: tuple[int, ...] = ()

    @property
    def clean_share(self) -> float:
        return self.clean / self.records if self.records else 1.0

    def as_dict(self) -> dict:
        return {
            "run_id": self.run_id,
            "runs": list(self.runs or (self.run_id,)),
            "at": iso_seconds(self.at),
            "open_findings": self.open,
            "records": self.records,
            "clean_records": self.clean,
            "clean_share": round(self.clean_share, 4),
            "checked_in_run": self.checked,
            "clean_in_run": self.checked_clean,
        }


#: A run starting longer than this after the previous run of a cycle ended begins a new cycle.
CYCLE_GAP = timedelta(hours=1)


@dataclass
class _RunFigures:
    """One run's deltas (summed over its IP types) and what places it in a harvest cycle."""

    run_id: int
    started: datetime
    ended: datetime  # when the run ended, else when it last checked records
    keys: set[tuple] = field(default_factory=set)
    deltas: list[int] = field(default_factory=lambda: [0] * 5)


def _run_figures(session: Session, office: str | None, ip_type: str | None) -> list[_RunFigures]:
    """Per run, in start order: deltas of open, records, clean, checked, checked clean."""
    s, run = QualityRunStats, HarvestRun
    query = (
        select(
            s.run_id,
            s.at,
            s.office_code,
            s.ip_type,
            run.endpoint_id,
            run.started_at,
            run.ended_at,
            s.open_delta,
            s.records_delta,
            s.clean_delta,
            s.checked,
            s.checked_clean,
        )
        .join(run, run.id == s.run_id)
        .order_by(run.started_at, s.run_id)
    )
    if office:
        query = query.where(s.office_code == office)
    if ip_type:
        query = query.where(s.ip_type == ip_type)
    runs: dict[int, _RunFigures] = {}
    for run_id, at, code, kind, endpoint_id, started, ended, *deltas in session.execute(query):
        figures = runs.get(run_id)
        if figures is None:
            figures = runs[run_id] = _RunFigures(run_id, started, ended or at)
        figures.ended = max(figures.ended, ended or at)
        figures.keys.add((code, endpoint_id, kind))
        figures.deltas = [total + (d or 0) for total, d in zip(figures.deltas, deltas, strict=True)]
    return list(runs.values())


def _point(runs: list[_RunFigures], totals: list[int]) -> TrendPoint:
    """The point after ``runs``; ``totals`` are the running open, records and clean counts."""
    checked = sum(r.deltas[3] for r in runs)
    checked_clean = sum(r.deltas[4] for r in runs)
    first = runs[0]
    ids = tuple(r.run_id for r in runs)
    return TrendPoint(first.run_id, first.started, *totals, checked, checked_clean, ids)


def _cumulate(groups: list[list[_RunFigures]]) -> list[TrendPoint]:
    points, totals = [], [0, 0, 0]
    for group in groups:
        for figures in group:
            totals = [t + d for t, d in zip(totals, figures.deltas[:3], strict=True)]
        points.append(_point(group, totals))
    return points


def _cycles(runs: list[_RunFigures]) -> list[list[_RunFigures]]:
    """Runs grouped into the office's harvest cycles.

    A cycle is the office's endpoints (IP types) harvested one after the other or side by
    side: it ends when an endpoint comes round again, or when nothing ran for
    :data:`CYCLE_GAP`. So a first harvest of patents, trademarks and designs is one cycle.
    """
    cycles: list[list[_RunFigures]] = []
    seen: set[tuple] = set()
    last = None
    for figures in runs:
        if not cycles or figures.keys & seen or figures.started - last > CYCLE_GAP:
            cycles.append([])
            seen, last = set(), figures.ended
        cycles[-1].append(figures)
        seen |= figures.keys
        last = max(last, figures.ended)
    return cycles


def trend(session: Session, office: str | None, ip_type: str | None = None) -> list[TrendPoint]:
    """Open findings and share of clean records after each harvest run (running totals)."""
    return _cumulate([[r] for r in _run_figures(session, office, ip_type)])


def trend_by_cycle(
    session: Session, office: str | None, ip_type: str | None = None
) -> list[TrendPoint]:
    """The same after each harvest cycle of the office (all its IP types together)."""
    return _cumulate(_cycles(_run_figures(session, office, ip_type)))


def office_overview(session: Session, office: str | None = None) -> list[dict]:
    """Per office: records checked, clean share, open / accepted / resolved findings."""
    r = QualityRecordState
    records = select(
        r.office_code,
        func.count(r.published_record_id),
        func.sum(case((r.open_count == 0, 1), else_=0)),
    ).group_by(r.office_code)
    f = QualityFinding
    states = select(f.office_code, f.state, func.count(f.id)).group_by(f.office_code, f.state)
    severities = (
        select(f.office_code, f.severity, func.count(f.id))
        .where(f.state == "open")
        .group_by(f.office_code, f.severity)
    )
    if office:
        records = records.where(r.office_code == office)
        states = states.where(f.office_code == office)
        severities = severities.where(f.office_code == office)
    table: dict[str, dict] = defaultdict(_office_entry)
    for code, total, clean in session.execute(records):
        table[code].update(office=code, records=total, clean=int(clean or 0))
    for code, state, n in session.execute(states):
        table[code]["office"] = code
        table[code][state] = n
    for code, severity, n in session.execute(severities):
        table[code]["severity"][severity] = n
    for entry in table.values():
        entry["clean_share"] = (
            round(entry["clean"] / entry["records"], 4) if entry["records"] else 1.0
        )
    return sorted(table.values(), key=lambda e: e["office"])


def _office_entry() -> dict:
    return {
        "office": "",
        "records": 0,
        "clean": 0,
        **dict.fromkeys(STATES, 0),
        "severity": dict.fromkeys(SEVERITY_RANK, 0),
    }
