"""Against the real simulator: a large harvest with every fault kind injected stays complete."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from harvester.runner import harvest_endpoint
from simulator.server import SimulatedOffice
from simulator.serving import running
from store.models import HarvestRun, PublishedRecord, SourceRecord
from tests.harvester.conftest import add_endpoint


@pytest.mark.slow  # 40-130 s depending on load: 10,000 records mapped and XSD-validated
def test_10000_records_with_10_percent_faults_all_arrive(db, fast):
    office = SimulatedOffice("KH", records=10_000, seed=7, faults=0.1, fault_delay=0.05,
                             retry_after=0)  # fmt: skip
    with running(office) as url:
        summary = harvest_endpoint(db, add_endpoint(db, url), fast)
    assert summary.status in ("succeeded", "partial"), summary.line()
    injected = office.faults.stats()["injected"]
    assert len(injected) == 8, f"every fault kind was exercised: {injected}"
    with db.session() as session:
        identifiers = set(session.scalars(select(SourceRecord.source_identifier)))
        published = session.scalar(select(func.count()).select_from(PublishedRecord))
        gone = session.scalar(select(func.count()).where(SourceRecord.deleted.is_(True)))
        failed = session.scalars(select(SourceRecord).where(SourceRecord.error.is_not(None)))
        failed = [(s.source_identifier, s.error) for s in failed]
        run = session.get(HarvestRun, summary.run_id)
        kinds = {e["kind"] for e in run.errors}
    expected = {office.identifier(i) for i in range(10_000)}
    assert identifiers == expected, "every record once, none lost, none invented"
    assert not failed, "broken records of bad pages were asked again until good"
    assert published + gone == 10_000, "the office's deleted records are not published"
    assert {"network", "http", "invalid-xml", "not-oai"} <= kinds, kinds
