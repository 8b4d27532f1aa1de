"""The harvest keeps PostgreSQL's statistics current as it fills the store (see
harvester/planner_stats.py); SQLite needs none."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import inspect, text

from harvester.planner_stats import COLUMNS, GrowthAnalyzer
from store.bulk import insert_rows
from store.models import Office, SourceRecord


def _add_sources(db, office_id: int, start: int, n: int) -> None:
    rows = [
        {"office_id": office_id, "source_identifier": f"oai:x:{i}", "metadata_prefix": "st66",
         "raw": b"<r/>", "sha256": None, "deleted": False, "error": None,
         "source_datestamp": None, "harvested_at": datetime(2026, 1, 1), "run_id": None}
        for i in range(start, start + n)
    ]  # fmt: skip
    with db.session() as session:
        insert_rows(session.connection(), SourceRecord.__table__, rows)


def _planner_rows(db) -> float:
    with db.session() as session:
        query = "SELECT reltuples FROM pg_class WHERE oid = to_regclass('source_records')"
        return session.execute(text(query)).scalar()


def test_tables_are_analysed_each_time_they_double(db):
    analyzer = GrowthAnalyzer(db, min_growth=100)
    if db.engine.dialect.name != "postgresql":
        analyzer.grew(10_000)
        assert analyzer.analyses == 0
        return
    with db.session() as session:
        office = Office(code="KH", name="Cambodia")
        session.add(office)
        session.flush()
        office_id = office.id
    assert _planner_rows(db) <= 0  # never analysed: the planner assumes an empty table

    _add_sources(db, office_id, 0, 60)
    analyzer.grew(60)
    assert analyzer.analyses == 0  # below the minimum growth

    _add_sources(db, office_id, 60, 90)
    analyzer.grew(90)
    assert (analyzer.analyses, _planner_rows(db)) == (1, 150)

    _add_sources(db, office_id, 150, 100)
    analyzer.grew(100)
    assert analyzer.analyses == 1  # 100 more is not yet double the 150 analysed

    _add_sources(db, office_id, 250, 60)
    analyzer.grew(60)
    assert (analyzer.analyses, _planner_rows(db)) == (2, 310)


def test_the_analysed_columns_exist(db):
    """A column renamed in the models but not here would make the harvest's analyses fail."""
    with db.engine.connect() as connection:
        inspector = inspect(connection)
        for table, columns in COLUMNS.items():
            names = {c["name"] for c in inspector.get_columns(table)}
            assert set(columns) <= names, table
