"""A real ``iphub harvest`` killed mid-list (SIGKILL) resumes from its checkpoint."""

from __future__ import annotations

import signal
import time

from sqlalchemy import func, select

from harvester.runner import harvest_endpoint
from simulator.server import SimulatedOffice
from simulator.serving import running
from store.models import HarvestRun, PublishedRecord, SourceRecord
from tests.harvester.conftest import add_endpoint, cli_process


def _pages_done(db) -> int:
    with db.session() as session:
        return session.scalar(select(func.max(HarvestRun.pages))) or 0


def test_killed_harvest_resumes_without_loss_or_duplicates(db, instance, fast):
    office = SimulatedOffice("KH", records=1500, seed=3, page_size=50)
    with running(office) as url:
        endpoint_id = add_endpoint(db, url)
        process = cli_process(instance, "harvest", "KH", "--quiet")
        deadline = time.monotonic() + 120
        while _pages_done(db) < 5 and process.poll() is None and time.monotonic() < deadline:
            time.sleep(0.05)
        assert process.poll() is None, "the harvest must still be running when killed"
        process.send_signal(signal.SIGKILL)
        process.wait()
        with db.session() as session:
            killed = session.scalars(select(HarvestRun)).one()
            assert killed.status == "running" and killed.checkpoint_token
            pages_before, new_before = killed.pages, killed.new

        summary = harvest_endpoint(db, endpoint_id, fast)

    assert summary.status == "succeeded", summary.line()
    assert pages_before + summary.pages == 30, "continued from the checkpoint, not from page 1"
    with db.session() as session:
        runs = session.scalars(select(HarvestRun).order_by(HarvestRun.id)).all()
        assert [r.status for r in runs] == ["interrupted", "succeeded"]
        assert any(e["kind"] == "resumed" for e in runs[1].errors)
        identifiers = list(session.scalars(select(SourceRecord.source_identifier)))
        published = session.scalar(select(func.count()).select_from(PublishedRecord))
    assert sorted(identifiers) == sorted(office.identifier(i) for i in range(1500))
    assert new_before + summary.counts["new"] == published, "no record published twice"
