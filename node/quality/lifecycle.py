"""Applying a record's findings to the store: open, resolved with the date, reopened, accepted.

:func:`apply_findings` is called by the ingest for every record it (re)publishes. It compares
the findings of this harvest with the record's rows, moves each row through its lifecycle,
keeps the per-run figures the trend is drawn from, and renders the feedback document for the
record's OAI-PMH ``about`` container. It reports whether the feedback changed, so a record
whose feedback moved gets a new datestamp and offices harvest the feedback incrementally.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from mappings.model import Finding
from node.quality import feedback
from node.quality.models import QualityFinding, QualityRecordState, QualityRunStats
from node.storage.base import utcnow
from node.storage.models import PublishedRecord

PATH_MAX = 500
#: Severities that count against an office in the trend and the clean share; ``info``
#: findings (generated values, notes) are shown but a record with only those is clean.
COUNTING_SEVERITIES = frozenset({"critical", "error", "warning"})


class FeedbackUpdate(tuple):
    """``(about, changed)``: the feedback bytes for ``PublishedRecord.about`` and whether they
    differ in substance from what the record had (new, resolved, reopened or changed findings).
    """

    __slots__ = ()

    def __new__(cls, about: bytes, changed: bool) -> FeedbackUpdate:
        return super().__new__(cls, (about, changed))

    @property
    def about(self) -> bytes:
        return self[0]

    @property
    def changed(self) -> bool:
        return self[1]


@dataclass
class _Tally:
    """What one record's update changed, for the per-run figures."""

    opened: int = 0
    resolved: int = 0
    changed: bool = False


def apply_findings(
    session: Session,
    published_record: PublishedRecord,
    findings: Iterable[Finding],
    run_id: int | None = None,
    *,
    now: datetime | None = None,
) -> FeedbackUpdate:
    """Upsert the record's finding rows from this harvest's ``findings``; render its feedback.

    Also stores the feedback in ``published_record.about``. Rows are never deleted: a finding
    not produced again is resolved (with the date), one produced again after that is reopened,
    an accepted one stays accepted while it is produced.
    """
    now = now or utcnow()
    rows = _rows(session, published_record.id) if published_record.id is not None else {}
    before_open = counting_open(rows.values())
    tally = _Tally()
    seen = _upsert(session, published_record, rows, findings, run_id, now, tally)
    _resolve_missing(rows, seen, now, tally)
    after_open = counting_open(rows.values())
    _record_figures(session, published_record, run_id, now, before_open, after_open, tally)
    if tally.changed or published_record.about is None:
        about = feedback.render(published_record, rows.values(), now, run_id)
        published_record.about = about
        return FeedbackUpdate(about, True)
    return FeedbackUpdate(published_record.about, False)


def counting(row: QualityFinding) -> bool:
    """Whether a finding counts against the office: open, and not mere information."""
    return row.state == "open" and row.severity in COUNTING_SEVERITIES


def counting_open(rows: Iterable[QualityFinding]) -> int:
    return sum(1 for r in rows if counting(r))


def _rows(session: Session, record_id: int) -> dict[tuple[str, str], QualityFinding]:
    """The record's rows. No autoflush: the ingest flushes once per page, not per record."""
    query = select(QualityFinding).where(QualityFinding.published_record_id == record_id)
    with session.no_autoflush:
        return {(r.rule_id, r.path): r for r in session.scalars(query)}


def _upsert(
    session: Session,
    record: PublishedRecord,
    rows: dict[tuple[str, str], QualityFinding],
    findings: Iterable[Finding],
    run_id: int | None,
    now: datetime,
    tally: _Tally,
) -> set[tuple[str, str]]:
    seen: set[tuple[str, str]] = set()
    for finding in findings:
        key = (finding.rule_id, finding.path[:PATH_MAX])
        if key in seen:
            continue
        seen.add(key)
        row = rows.get(key)
        if row is None:
            row = _new_row(record, finding, key[1], run_id, now)
            session.add(row)
            rows[key] = row
            tally.opened += finding.severity in COUNTING_SEVERITIES
            tally.changed = True
            continue
        _seen_again(row, finding, run_id, now, tally)
    return seen


def _new_row(
    record: PublishedRecord, finding: Finding, path: str, run_id: int | None, now: datetime
) -> QualityFinding:
    return QualityFinding(
        record=record,  # the id is set at the ingest's flush (new records have none yet)
        office_code=record.office_code,
        ip_type=record.ip_type,
        rule_id=finding.rule_id,
        severity=finding.severity,
        path=path,
        message=finding.message,
        suggestion=finding.suggestion,
        generated=finding.generated,
        state="open",
        first_seen_at=now,
        last_seen_at=now,
        reopened=0,
        first_run_id=run_id,
        last_run_id=run_id,
    )


def _seen_again(
    row: QualityFinding, finding: Finding, run_id: int | None, now: datetime, tally: _Tally
) -> None:
    """A known finding produced again: reopen it if it was resolved, refresh its wording."""
    if row.state == "resolved":
        row.state = "open"
        row.resolved_at = None
        row.reopened += 1
        tally.opened += finding.severity in COUNTING_SEVERITIES
        tally.changed = True
    new = (finding.severity, finding.message, finding.suggestion, finding.generated)
    if new != (row.severity, row.message, row.suggestion, row.generated):
        row.severity, row.message, row.suggestion, row.generated = new
        tally.changed = True
    row.last_seen_at = now
    row.last_run_id = run_id


def _resolve_missing(
    rows: dict[tuple[str, str], QualityFinding],
    seen: set[tuple[str, str]],
    now: datetime,
    tally: _Tally,
) -> None:
    """Findings this harvest no longer produces are resolved, accepted ones included."""
    for key, row in rows.items():
        if key in seen or row.state == "resolved":
            continue
        if counting(row):
            tally.resolved += 1
        row.state = "resolved"
        row.resolved_at = now
        tally.changed = True


def _record_figures(
    session: Session,
    record: PublishedRecord,
    run_id: int | None,
    now: datetime,
    before_open: int,
    after_open: int,
    tally: _Tally,
) -> None:
    """Keep the record's open count and add this record's deltas to the run's figures."""
    state = None
    if record.id is not None:
        with session.no_autoflush:
            state = session.get(QualityRecordState, record.id)
    is_new = state is None
    if is_new:
        state = QualityRecordState(
            record=record, office_code=record.office_code, ip_type=record.ip_type
        )
        session.add(state)
    was_clean = (not is_new) and state.open_count == 0
    state.open_count = after_open
    state.checked_at = now
    if run_id is None:
        return
    stats = run_stats(session, run_id, record.office_code, record.ip_type, now)
    stats.checked += 1
    stats.checked_clean += after_open == 0
    stats.records_delta += is_new
    stats.clean_delta += (after_open == 0) - was_clean
    stats.open_delta += after_open - before_open
    stats.opened += tally.opened
    stats.resolved += tally.resolved


def run_stats(
    session: Session, run_id: int, office_code: str, ip_type: str, now: datetime | None = None
) -> QualityRunStats:
    """The figures row of (run, office, IP type), created on first use.

    Kept in ``session.info`` for the session's life: the harvest loop asks for it once per
    record, and a query each time would be one more round trip per record.
    """
    cache = session.info.setdefault("iphub.quality.run_stats", {})
    key = (run_id, office_code, ip_type)
    cached = cache.get(key)
    if cached is not None and cached in session:
        return cached
    query = select(QualityRunStats).where(
        QualityRunStats.run_id == run_id,
        QualityRunStats.office_code == office_code,
        QualityRunStats.ip_type == ip_type,
    )
    with session.no_autoflush:
        stats = session.scalar(query)
    if stats is None:
        stats = QualityRunStats(
            run_id=run_id,
            office_code=office_code,
            ip_type=ip_type,
            at=now or utcnow(),
            checked=0,
            checked_clean=0,
            records_delta=0,
            clean_delta=0,
            open_delta=0,
            opened=0,
            resolved=0,
        )
        session.add(stats)
    cache[key] = stats
    return stats
