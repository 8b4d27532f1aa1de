"""A page's quality figures: each record's open count, and the run's figures row per office and
IP type (``quality_run_stats``, what the trend is drawn from), kept by :mod:`store.findings`."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from store import pages
from store.base import utcnow
from store.quality_models import QualityRecordState, QualityRunStats

_STATES = QualityRecordState.__table__


def record_figures(
    session: Session, checked: Sequence[Any], run_id: int | None, now: datetime
) -> None:
    """Keep each record's open count and add its deltas to the run's figures.

    The deltas are summed per (office, IP type) in plain integers and added to the run's
    figures row once per page: its attributes are ORM-instrumented, and seven updates
    per record were a tenth of the harvest process's time. Records the page inserted
    have no state row yet: only the others are looked up.
    """
    if not checked:
        return
    connection = session.connection()
    known = [item.record.id for item in checked if not item.fresh]
    states: dict[int, int] = {}
    if known:
        query = select(_STATES.c.published_record_id, _STATES.c.open_count).where(
            _STATES.c.published_record_id.in_(known)
        )
        states = dict(connection.execute(query).all())
    new: list[dict] = []
    changed: list[dict] = []
    deltas: defaultdict[tuple[str, str], PageDeltas] = defaultdict(PageDeltas)
    for item in checked:
        record = item.record
        before = states.get(record.id)
        values = {"open_count": item.after_open, "checked_at": now}
        if before is None:
            new.append({"published_record_id": record.id, "office_code": record.office_code,
                        "ip_type": record.ip_type, **values})  # fmt: skip
        else:
            changed.append({"_id": record.id, **values})
        deltas[record.office_code, record.ip_type].add(item, before)
    pages.insert_rows(connection, _STATES, new)
    pages.update_rows(connection, _STATES, changed, key="published_record_id")
    if run_id is not None:
        for (office_code, ip_type), sums in deltas.items():
            sums.add_to(run_stats(session, run_id, office_code, ip_type, now))


@dataclass(slots=True)
class PageDeltas:
    """A page's additions to one run figures row (see :class:`QualityRunStats`)."""

    checked: int = 0
    checked_clean: int = 0
    records_delta: int = 0
    clean_delta: int = 0
    open_delta: int = 0
    opened: int = 0
    resolved: int = 0

    def add(self, item: Any, open_before: int | None) -> None:
        """One record's deltas (``item``: a checked record of :class:`store.findings.PagePlan`;
        ``open_before`` None: checked the first time)."""
        is_new = open_before is None
        was_clean = (not is_new) and open_before == 0
        after_open = item.after_open
        self.checked += 1
        self.checked_clean += after_open == 0
        self.records_delta += is_new
        self.clean_delta += (after_open == 0) - was_clean
        self.open_delta += after_open - item.before_open
        self.opened += item.tally.opened
        self.resolved += item.tally.resolved

    def add_to(self, stats: QualityRunStats) -> None:
        for name in self.__slots__:
            setattr(stats, name, getattr(stats, name) + getattr(self, name))


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
