"""Values too long for their column: the same outcome on SQLite and PostgreSQL, and never a
failed page (issue 16, item 6)."""

from __future__ import annotations

import hashlib
from dataclasses import replace
from datetime import datetime

import pytest
from sqlalchemy import select

from harvester.bounds import APPLICATION_NUMBER_MAX, identifier_room
from harvester.client import Header, Item
from harvester.ingest import Target, ingest_items
from mappings.pipeline import process_record
from simulator import trademark_plan, trademark_xml
from store.base import utcnow
from store.models import HarvestRun, Office, PublishedRecord, SourceRecord
from store.quality_models import QualityFinding

STAMP = datetime(2026, 1, 1)


@pytest.fixture
def page(db):
    """(target, run id, a function ingesting items in one transaction)."""
    with db.session() as session:
        office = Office(code="KH", name="Office KH")
        session.add(office)
        session.flush()
        run = HarvestRun(office_id=office.id, kind="harvest", started_at=utcnow(), errors=[])
        session.add(run)
        session.flush()
        target, run_id = Target(office.id, "KH", "st66"), run.id

    def ingest(items, mapped=None):
        with db.session() as session:
            return ingest_items(session, target, session.get(HarvestRun, run_id), items,
                                mapped=mapped)  # fmt: skip

    return target, run_id, ingest


def _record(index: int) -> bytes:
    return trademark_xml.render(trademark_plan.plan("KH", 3, index))


@pytest.mark.parametrize("extra", [1, 4_709], ids=["one-too-many", "5009-characters"])
def test_long_identifier_fails_its_record_only(db, page, extra):
    target, _, ingest = page
    room = identifier_room(target.repository_identifier, target.office_code)
    long = "oai:kh:" + "x" * (room - 7 + extra)
    items = [Item(Header("KH-1", STAMP), _record(1)), Item(Header(long, STAMP), _record(2))]
    counts, failed = ingest(items)
    assert counts["new"] == 1 and counts["failed"] == 1 and len(failed) == 1
    with db.session() as session:
        kept = session.execute(select(SourceRecord.source_identifier, SourceRecord.raw,
                                      SourceRecord.error)
                               .where(SourceRecord.error.is_not(None))).one()  # fmt: skip
    assert kept.source_identifier.startswith("overlong:") and kept.raw == _record(2)
    assert f"identifier is {len(long):,} characters" in kept.error
    counts, _ = ingest(items)  # the same page again finds the same rows
    assert counts["unchanged"] == 1 and counts["failed"] == 1


def test_overlong_application_number_is_a_finding_not_a_failure(db, page):
    _, _, ingest = page
    raw = _record(4)
    processed = process_record("st66", raw, "KH")
    number = "9" * (APPLICATION_NUMBER_MAX + 1)
    mapped = {hashlib.sha256(raw).hexdigest():
              replace(processed, application_number=number)}  # fmt: skip
    counts, _ = ingest([Item(Header("KH-4", STAMP), raw)], mapped)
    assert counts["new"] == 1
    with db.session() as session:
        stored = session.scalar(select(PublishedRecord.application_number))
        rules = set(session.scalars(select(QualityFinding.rule_id)))
    assert stored is None and "HARVEST-VALUE-TOO-LONG" in rules


def test_future_datestamp_is_a_finding(db, page):
    _, _, ingest = page
    ingest([Item(Header("KH-5", datetime(2205, 5, 31, 23, 59, 59)), _record(5)),
            Item(Header("KH-6", STAMP), _record(6))])  # fmt: skip
    with db.session() as session:
        flagged = session.scalars(
            select(PublishedRecord.oai_identifier)
            .join(QualityFinding, QualityFinding.published_record_id == PublishedRecord.id)
            .where(QualityFinding.rule_id == "HARVEST-DATESTAMP-FUTURE")
        ).all()
    assert [i.rsplit("/", 1)[1] for i in flagged] == ["KH-5"]
