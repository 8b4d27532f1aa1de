"""A harvest against each hostile endpoint ends within its deadline, with a clear reason,
bounded memory, and nothing already stored lost (issue 16, items 1–4 and 6).

Each test starts from an endpoint harvested once from the office's honest path, points it at
one attack, and harvests again (in full, so that list attacks meet several pages).
"""

from __future__ import annotations

import time
from dataclasses import replace

import pytest
from sqlalchemy import select

from harvester.runner import harvest_endpoint
from harvester.transport import Limits
from store.models import Endpoint, HarvestRun, PublishedRecord, SourceRecord
from store.quality_models import QualityFinding
from tests.harvester.hostile.conftest import (
    DEADLINE,
    MEMORY_GROWTH_MB,
    Stored,
    peak_memory,
    point_at,
)
from tests.harvester.hostile.office import bomb
from tests.serving import serve


def attack(db, endpoint: int, url: str, settings, name: str, *, full: bool = True):
    """Harvest ``endpoint`` from the attack's path; its summary, checked for time and memory."""
    point_at(db, endpoint, f"{url}/{name}")
    started = time.monotonic()
    with peak_memory() as peak:
        summary = harvest_endpoint(db, endpoint, settings, full=full)
    elapsed = time.monotonic() - started
    assert elapsed < DEADLINE, f"{name}: {elapsed:.1f}s: {summary.line()}"
    assert peak.growth_mb < MEMORY_GROWTH_MB, (
        f"{name}: peak RSS {peak.peak_mb:.0f} MB, {peak.growth_mb:.0f} MB more than before"
    )
    return summary


def assert_nothing_lost(db, before: Stored) -> None:
    after = Stored.of(db)
    assert before.sources <= after.sources, "a stored source record changed or vanished"
    published = {(ident, deleted) for ident, _, deleted in after.published}
    assert {(ident, deleted) for ident, _, deleted in before.published} <= published


ENDINGS = [
    pytest.param("token-repeat", "repeated resumption token", id="token-repeat"),
    pytest.param("token-cycle", "cycled back to resumption token", id="token-cycle"),
    pytest.param("slow-drip", "HARVEST_REQUEST_DEADLINE", id="slow-drip"),
    pytest.param("gzip-bomb", "HARVEST_MAX_PAGE_BYTES", id="gzip-bomb"),
    pytest.param("deflate-bomb", "HARVEST_MAX_PAGE_BYTES", id="deflate-bomb"),
    pytest.param("huge-page", "HARVEST_MAX_WIRE_BYTES", id="huge-page"),
    pytest.param("xxe", "DOCTYPE", id="xxe"),
    pytest.param("billion-laughs", "DOCTYPE", id="billion-laughs"),
    pytest.param("deep-nesting", "depth", id="deep-nesting"),
    pytest.param("redirect-file", "outside its own site", id="redirect-file"),
    pytest.param("redirect-node", "outside its own site", id="redirect-node"),
]


@pytest.mark.parametrize(("name", "reason"), ENDINGS)
def test_hostile_answer_ends_the_run_with_its_reason(
    db, app, harvested, hostile, hostile_url, hostile_settings, name, reason
):
    endpoint, before = harvested
    if name.endswith("-bomb"):  # made before the harvest, not while it waits for an answer
        bomb(name.removesuffix("-bomb"))
    with serve(app, "/oai") as node_url:  # the node itself, for redirect-node
        hostile.node_url = node_url
        summary = attack(db, endpoint, hostile_url, hostile_settings, name)
    assert summary.status == "failed", summary.line()
    assert reason in summary.message, summary.message
    assert_nothing_lost(db, before)
    with db.session() as session:
        stored = session.scalars(select(SourceRecord.raw)).all()
    assert not any(b"root:" in raw for raw in stored if raw), "a local file reached the store"


@pytest.mark.parametrize("name", ["token-repeat", "token-cycle"])
def test_token_loop_is_not_resumed_by_the_next_run(
    db, harvested, hostile, hostile_url, hostile_settings, name
):
    endpoint, _ = harvested
    summary = attack(db, endpoint, hostile_url, hostile_settings, name)
    asked = len(hostile.requests)
    assert summary.status == "failed" and summary.pages <= 3
    with db.session() as session:
        assert session.get(HarvestRun, summary.run_id).checkpoint_token is None
    attack(db, endpoint, hostile_url, hostile_settings, name)
    first = hostile.requests[asked]
    assert "resumptionToken" not in first, "the next run must not resume the loop"
    assert len(hostile.requests) - asked <= 4


def test_time_budget_cuts_a_dripping_page(db, harvested, hostile_url, hostile_settings):
    """A budget shorter than the request deadline: the run stops inside the request."""
    endpoint, before = harvested
    settings = replace(hostile_settings, time_budget=1.0, limits=Limits(deadline=60))
    summary = attack(db, endpoint, hostile_url, settings, "slow-drip")
    assert summary.status == "interrupted" and "time budget" in summary.message
    assert summary.seconds < 3
    assert_nothing_lost(db, before)


def test_future_datestamp_is_clamped_and_reported(
    db, harvested, hostile, hostile_url, hostile_settings
):
    endpoint, before = harvested
    planted = hostile.plant("future-datestamp")
    summary = attack(db, endpoint, hostile_url, hostile_settings, "future-datestamp", full=False)
    assert summary.status == "succeeded" and summary.counts["new"] == 1
    with db.session() as session:
        mark = session.get(Endpoint, endpoint).last_datestamp
        run = session.get(HarvestRun, summary.run_id)
        assert mark <= run.started_at, "the next `from` must not pass the run's start"
        finding = session.execute(
            select(QualityFinding.rule_id, QualityFinding.message)
            .join(PublishedRecord, PublishedRecord.id == QualityFinding.published_record_id)
            .where(PublishedRecord.oai_identifier.endswith(planted))
        ).all()
    assert [rule for rule, _ in finding if rule == "HARVEST-DATESTAMP-FUTURE"], finding
    # the office goes on adding records: the next incremental run finds them
    hostile.clock = run.started_at
    added = hostile.add(500)
    summary = attack(db, endpoint, hostile_url, hostile_settings, "future-datestamp", full=False)
    assert summary.counts["new"] == 1, summary.line()
    assert not hostile.requests[-1]["from"].startswith("2205")
    with db.session() as session:
        assert session.scalar(
            select(SourceRecord.id).where(SourceRecord.source_identifier == added)
        )
    assert_nothing_lost(db, before)


def test_poisoned_mark_from_an_earlier_version_is_repaired(
    db, harvested, hostile, hostile_url, hostile_settings
):
    """An endpoint whose stored mark is already 2205 lists everything once, then is fine."""
    endpoint, _ = harvested
    with db.session() as session:
        session.get(Endpoint, endpoint).last_datestamp = hostile.records[
            hostile.plant("future-datestamp")
        ].datestamp
    summary = attack(db, endpoint, hostile_url, hostile_settings, "future-datestamp", full=False)
    assert summary.status == "succeeded" and "from" not in hostile.requests[-1]
    with db.session() as session:
        assert session.get(Endpoint, endpoint).last_datestamp.year < 2205


def test_long_identifier_is_a_failed_record_not_a_failed_page(
    db, harvested, hostile, hostile_url, hostile_settings
):
    endpoint, before = harvested
    hostile.plant("long-identifier")
    for _ in range(2):  # and the same on a rerun
        summary = attack(db, endpoint, hostile_url, hostile_settings, "long-identifier")
        assert summary.status == "partial" and summary.counts["failed"] == 1, summary.line()
        assert summary.counts["unchanged"] == 30
    with db.session() as session:
        row = session.execute(
            select(SourceRecord.source_identifier, SourceRecord.raw, SourceRecord.error).where(
                SourceRecord.source_identifier.startswith("overlong:")
            )
        ).one()
    assert row.raw and b"<Transaction" in row.raw, "the raw record is kept"
    assert "5,009 characters" in row.error
    assert_nothing_lost(db, before)
