"""Bulk inserts (COPY and pipelined INSERT … RETURNING on PostgreSQL, SQLAlchemy's bulk INSERT on
SQLite) store exactly what a plain INSERT would, on both databases."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import insert, select

from store import bulk
from store.bulk import insert_rows, insert_rows_returning_ids
from store.models import Office, PublishedRecord
from store.quality_models import QualityFinding

PUBLISHED = PublishedRecord.__table__
FINDINGS = QualityFinding.__table__
MOMENT = datetime(2026, 11, 26, 12, 30, 5)


def published(n: int) -> dict:
    return {
        "oai_identifier": f"oai:iphub.local:KH/trademarks/{n}",
        "source_record_id": None,
        "office_code": "KH",
        "ip_type": "trademarks",
        "set_spec": "KH:trademarks",
        "datestamp": MOMENT,
        "st96": b"<tmk:Trademark \xc3\xa9\x00\xff/>" + bytes([n % 256]),
        "dc": None,
        "validation_status": "invalid",
        "validation_errors": [f"/tmk:Trademark: error {n}", 'é "quoted" \\ tab\t'],
        "application_number": f"KH/{n}",
        "about": None,
        "deleted": False,
    }


def finding_row(record_id: int) -> dict:
    return {
        "published_record_id": record_id, "rule_id": "TM-X", "path": "/tmk:Trademark/tmk:A",
        "severity": "warning", "message": "tab\there, new\nline, back\\slash, «é»",
        "suggestion": "", "generated": True, "office_code": "KH", "ip_type": "trademarks",
        "state": "open", "first_seen_at": MOMENT, "last_seen_at": MOMENT, "resolved_at": None,
        "accepted_at": None, "accepted_by": None, "reopened": 0, "first_run_id": None,
        "last_run_id": None,
    }  # fmt: skip


def test_ids_come_back_in_row_order_and_values_round_trip(db):
    rows = [published(n) for n in range(250)]
    with db.session() as session:
        ids = insert_rows_returning_ids(session.connection(), PUBLISHED, rows, "oai_identifier")
    assert len(set(ids)) == 250
    with db.session() as session:
        stored = {r.id: r for r in session.scalars(select(PublishedRecord))}
    for id_, row in zip(ids, rows, strict=True):
        record = stored[id_]
        assert record.oai_identifier == row["oai_identifier"]
        assert record.st96 == row["st96"]
        assert record.validation_errors == row["validation_errors"]
        assert (record.datestamp, record.deleted, record.dc) == (MOMENT, False, None)


def test_rows_without_ids_round_trip_and_roll_back_with_their_transaction(db):
    with db.session() as session:
        session.add(Office(code="KH", name="Cambodia"))
        [record_id] = insert_rows_returning_ids(
            session.connection(), PUBLISHED, [published(1)], "oai_identifier"
        )
    finding = finding_row(record_id)
    rows = [{**finding, "path": f"/tmk:Trademark/tmk:A[{i}]"} for i in range(300)]
    with db.session() as session:
        insert_rows(session.connection(), FINDINGS, rows)
    try:
        with db.session() as session:
            insert_rows(session.connection(), FINDINGS, [{**finding, "path": "/x"}])
            raise RuntimeError("abandon the transaction")
    except RuntimeError:
        pass
    with db.session() as session:
        stored = session.scalars(select(QualityFinding).order_by(QualityFinding.id)).all()
    assert [f.path for f in stored] == [r["path"] for r in rows]
    assert stored[0].message == finding["message"]
    assert stored[0].generated is True
    assert stored[0].resolved_at is None


def test_nothing_to_insert_is_no_statement(db):
    with db.session() as session:
        assert insert_rows_returning_ids(session.connection(), PUBLISHED, [], "id") == []
        insert_rows(session.connection(), FINDINGS, [])


def test_stored_exactly_as_sqlalchemy_stores_them(db):
    """The fast paths (binary COPY, the driver's executemany with converted values) leave
    the same column values as SQLAlchemy's own INSERT: same text for datetimes on SQLite,
    which queries compare as strings."""
    moment = datetime(2026, 11, 26, 12, 30, 5, 120)
    with db.session() as session:
        [record_id] = insert_rows_returning_ids(
            session.connection(), PUBLISHED, [published(1)], "oai_identifier"
        )
        row = {**finding_row(record_id), "first_seen_at": moment, "resolved_at": MOMENT}
        insert_rows(session.connection(), FINDINGS, [{**row, "path": "/fast"}])
        session.execute(insert(FINDINGS), [{**row, "path": "/sqlalchemy"}])
    with db.engine.connect() as connection:
        stored = connection.exec_driver_sql(
            "SELECT * FROM quality_findings ORDER BY path"
        ).all()  # raw driver values: text on SQLite, as stored
    fast, reference = (dict(r._mapping) for r in stored)
    for values in (fast, reference):
        del values["id"], values["path"]
    assert fast == reference


def test_sqlite_splits_statements_at_its_bound_value_limit(db, monkeypatch):
    """Ids still come back in row order when the rows take several INSERT … RETURNING."""
    monkeypatch.setattr(bulk, "_SQLITE_VARIABLES", 40)  # three published rows a statement
    rows = [published(n) for n in range(10)]
    with db.session() as session:
        ids = insert_rows_returning_ids(session.connection(), PUBLISHED, rows, "oai_identifier")
    with db.session() as session:
        stored = dict(
            session.execute(select(PublishedRecord.id, PublishedRecord.oai_identifier)).all()
        )
    assert [stored[i] for i in ids] == [r["oai_identifier"] for r in rows]
