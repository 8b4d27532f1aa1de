"""A page is stored in a fixed number of SQL statements, whatever its size, quality included:
new records with findings, updated ones whose findings resolve or stay, and reopened ones.
"""

from __future__ import annotations

from contextlib import contextmanager
from datetime import datetime

from sqlalchemy import event, func, select

from harvester.client import Header, Item
from harvester.ingest import Target, ingest_items
from simulator import trademark_plan, trademark_xml
from store.base import utcnow
from store.models import HarvestRun, Office, PublishedRecord
from store.quality_models import QualityFinding, QualityRecordState, QualityRunStats

SEED = 3
#: The most statements a page may take (the count is checked equal for both sizes, too).
BOUND = 20


@contextmanager
def counted(engine):
    statements: list[str] = []

    def count(conn, cursor, statement, parameters, context, executemany):
        statements.append(
            " ".join(statement.split()[:3]) + (" (executemany)" if executemany else "")
        )

    event.listen(engine, "before_cursor_execute", count)
    try:
        yield statements
    finally:
        event.remove(engine, "before_cursor_execute", count)


def _versions(index: int) -> tuple[bytes, bytes]:
    """The record as planned (with its planted defects), and a second version: repaired, or
    for a record without defects the same record with different bytes."""
    tm = trademark_plan.plan("KH", SEED, index)
    first = trademark_xml.render(tm)
    fixes = trademark_plan.repairs(tm)
    second = (
        trademark_xml.render(trademark_plan.apply_changes(tm, fixes)) if fixes else first + b" "
    )
    return first, second


def _page(indexes, version: int, datestamp: datetime) -> list[Item]:
    return [Item(Header(f"KH-{i}", datestamp), _versions(i)[version], None) for i in indexes]


def _pages(size: int, start: int) -> list[int]:
    """``size`` indexes from ``start`` with a quarter (at least two) carrying defects."""
    defective = [
        i for i in range(start, start + 400) if trademark_plan.plan("KH", SEED, i).defects
    ][: max(2, size // 4)]
    clean = [
        i for i in range(start, start + 400) if not trademark_plan.plan("KH", SEED, i).defects
    ][: size - len(defective)]
    return defective + clean


def _ingest(db, target: Target, run_id: int, items: list[Item], outcome: str) -> list[str]:
    with counted(db.engine) as statements, db.session() as session:
        run = session.get(HarvestRun, run_id)
        statements.clear()  # the run's own load is the caller's
        counts, failed = ingest_items(session, target, run, items)
    assert not failed, failed
    assert counts[outcome] == len(items), counts
    return statements


def test_page_statements_do_not_grow_with_page_size(db):
    with db.session() as session:
        office = Office(code="KH", name="Office KH")
        session.add(office)
        session.flush()
        target = Target(office.id, "KH", "st66")
        runs = [HarvestRun(office_id=office.id, kind="harvest", started_at=utcnow()) for _ in "ab"]
        session.add_all(runs)
        session.flush()
        run_ids = [run.id for run in runs]
    seen: dict[int, list[list[str]]] = {}
    for size, start, run_id in ((8, 0, run_ids[0]), (60, 1000, run_ids[1])):
        indexes = _pages(size, start)
        assert len(indexes) == size
        stamp = datetime(2026, 1, 1)
        seen[size] = [
            _ingest(db, target, run_id, _page(indexes, 0, stamp), "new"),  # new, findings opened
            _ingest(
                db, target, run_id, _page(indexes, 1, stamp), "updated"
            ),  # updated, some resolved
            _ingest(db, target, run_id, _page(indexes, 0, stamp), "updated"),  # reopened
        ]
    for small, large in zip(seen[8], seen[60], strict=True):
        assert len(large) <= BOUND, large
        assert small == large, (small, large)

    with db.session() as session:
        records = session.scalar(select(func.count(PublishedRecord.id)))
        assert records == 68
        assert session.scalar(select(func.count(QualityRecordState.published_record_id))) == 68
        states = dict(
            session.execute(
                select(QualityFinding.state, func.count(QualityFinding.id)).group_by(
                    QualityFinding.state
                )
            ).all()
        )
        reopened = session.scalar(select(func.sum(QualityFinding.reopened)))
        stats = session.scalars(select(QualityRunStats)).all()
        missing_about = session.scalar(
            select(func.count(PublishedRecord.id)).where(PublishedRecord.about.is_(None))
        )
    assert states.get("open", 0) > 0
    assert reopened > 0  # the repaired findings came back with the first version
    assert missing_about == 0
    assert sum(s.checked for s in stats) == 3 * 68
    assert sum(s.records_delta for s in stats) == 68
