"""Mapping in worker processes (HARVEST_WORKERS) stores exactly what mapping in process does."""

from __future__ import annotations

import logging
import multiprocessing
import os
import pickle
from dataclasses import replace

from sqlalchemy import delete, select

from harvester import pool
from harvester.runner import harvest_endpoint
from mappings.errors import MalformedXMLError
from store.models import PublishedRecord, SourceRecord
from tests.harvester.conftest import add_endpoint
from tests.harvester.fakeoffice import FakeOffice, serve

BROKEN = b"<Transaction xmlns='urn:not-st66'><broken/></Transaction>"
EMPTY = b"<Transaction xmlns='http://www.wipo.int/standards/XMLSchema/trademarks'/>"
HOLLOW = (b"<Transaction xmlns='http://www.wipo.int/standards/XMLSchema/trademarks'>"
          b"<TradeMarkTransactionBody/></Transaction>")  # fmt: skip


def _office() -> FakeOffice:
    """40 records in pages of 15: three that cannot be processed, one deleted."""
    office = FakeOffice("KH", records=40, page_size=15)
    idents = list(office.records)
    for ident, payload in zip(idents[3:6], (BROKEN, EMPTY, HOLLOW), strict=True):
        office.update(ident, payload)
    office.delete(idents[20])
    return office


def _rows(db) -> tuple[list, list]:
    """Everything the harvest decided, without ids and harvest times."""
    with db.session() as session:
        sources = [
            (s.source_identifier, s.sha256, s.raw, s.error, s.deleted)
            for s in session.scalars(select(SourceRecord).order_by(SourceRecord.source_identifier))
        ]
        ordered = select(PublishedRecord).order_by(PublishedRecord.oai_identifier)
        published = [
            (p.oai_identifier, p.ip_type, p.set_spec, p.st96, p.dc, p.validation_status,
             p.validation_errors, p.application_number, p.deleted,
             session.get(SourceRecord, p.source_record_id).source_identifier)
            for p in session.scalars(ordered)
        ]  # fmt: skip
    return sources, published


def _forget(db) -> None:
    with db.session() as session:
        session.execute(delete(PublishedRecord))
        session.execute(delete(SourceRecord))


def test_processed_record_and_errors_survive_pickling():
    from simulator.trademark_xml import TrademarkGenerator

    raw = TrademarkGenerator().record("KH", 1, 0)
    good, bad = pool.map_records("st66", "KH", [raw, b"<not xml"])
    assert pickle.loads(pickle.dumps(good)) == good
    again = pickle.loads(pickle.dumps(bad))
    assert isinstance(again, MalformedXMLError) and str(again) == str(bad)


def test_two_workers_store_exactly_what_one_stores(db, fast):
    office = _office()
    with serve(office) as url:
        endpoint = add_endpoint(db, url)
        one = harvest_endpoint(db, endpoint, replace(fast, workers=1), full=True)
        rows_one = _rows(db)
        _forget(db)
        two = harvest_endpoint(db, endpoint, replace(fast, workers=2), full=True)
        rows_two = _rows(db)
    assert one.counts == two.counts and one.status == two.status == "partial"
    assert two.counts["failed"] == 3 and two.counts["new"] == 36
    assert rows_two == rows_one
    sources, published = rows_two
    errors = {ident: error for ident, _, _, error, _ in sources if error}
    idents = list(office.records)
    assert set(errors) == set(idents[3:6]), "each failing record is stored with its error"
    assert all(raw for _, _, raw, error, _ in sources if error), "with its bytes"
    assert len(published) == 36


def crash_in_worker(prefix: str, office: str, raws):
    """A worker that dies (as if killed) while mapping; in the harvest process it maps."""
    if multiprocessing.parent_process() is not None:
        os._exit(1)
    return ORIGINAL_MAP(prefix, office, raws)


ORIGINAL_MAP = pool.map_records


def test_dead_worker_page_is_mapped_in_process(db, fast, monkeypatch, caplog):
    office = FakeOffice("KH", records=30, page_size=10)
    office.update(list(office.records)[7], BROKEN)
    monkeypatch.setattr(pool, "map_records", crash_in_worker)
    with serve(office) as url, caplog.at_level(logging.WARNING, "iphub.harvester"):
        summary = harvest_endpoint(db, add_endpoint(db, url), replace(fast, workers=2))
    assert summary.status == "partial", summary.line()
    assert summary.counts["new"] == 29 and summary.counts["failed"] == 1, "no record lost"
    assert "mapping this page's" in caplog.text or "mapping pool broken" in caplog.text
    with db.session() as session:
        bad = session.scalar(select(SourceRecord).where(SourceRecord.error.is_not(None)))
        assert bad.source_identifier == list(office.records)[7] and b"not-st66" in bad.raw
    monkeypatch.undo()
    pool.shutdown()  # the next test gets a healthy pool


def test_worker_setting():
    assert pool.worker_count(0) == (os.cpu_count() or 1)
    assert pool.worker_count(1) == 1 and pool.worker_count(3) == 3
    assert not pool.RecordMapper(1).parallel
