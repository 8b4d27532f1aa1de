"""Fixtures of the hostile-endpoint suite: the hostile office served in a thread, an endpoint
already harvested from its honest path (so a test can check nothing stored is lost), settings
with small deadlines and limits, and a meter of the harvest's peak memory."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, replace
from pathlib import Path

import pytest
from sqlalchemy import select, update

from harvester.faults import RetryPolicy
from harvester.runner import harvest_endpoint
from harvester.settings import HarvestSettings
from harvester.transport import Limits
from store.models import Endpoint, PublishedRecord, SourceRecord
from tests.harvester.conftest import add_endpoint
from tests.harvester.hostile.office import HostileOffice
from tests.serving import serve

MB = 1024 * 1024
#: Every hostile harvest ends within this many seconds.
DEADLINE = 12.0
#: What a hostile harvest may add to the process's peak memory.
MEMORY_GROWTH_MB = 100


@pytest.fixture
def hostile_settings() -> HarvestSettings:
    """One retry, one mapping process (so its memory is this process's), small bounds."""
    policy = RetryPolicy(max_retries=1, base_delay=0.001, max_delay=0.01, retry_after_cap=0.05)
    limits = Limits(deadline=1.5, max_wire_bytes=2 * MB, max_page_bytes=4 * MB)
    return HarvestSettings(timeout=1.0, policy=policy, limits=limits, lease_ttl=30,
                           time_budget=DEADLINE - 2, workers=1)  # fmt: skip


@pytest.fixture
def hostile() -> HostileOffice:
    return HostileOffice()


@pytest.fixture
def hostile_url(hostile: HostileOffice) -> Iterator[str]:
    with serve(hostile, join_timeout=1) as url:
        yield url


@dataclass
class Stored:
    """What the store holds of the office: (identifier, sha256, deleted) of the sources and
    (identifier, datestamp, deleted) of the published records."""

    sources: set[tuple]
    published: set[tuple]

    @classmethod
    def of(cls, db) -> Stored:
        with db.session() as session:
            sources = session.execute(
                select(SourceRecord.source_identifier, SourceRecord.sha256, SourceRecord.deleted)
            )
            published = session.execute(select(PublishedRecord.oai_identifier,
                                               PublishedRecord.datestamp,
                                               PublishedRecord.deleted))  # fmt: skip
            return cls({tuple(r) for r in sources}, {tuple(r) for r in published})


@pytest.fixture
def harvested(db, hostile_url, hostile_settings) -> tuple[int, Stored]:
    """The office's endpoint, harvested once from its honest path: (endpoint id, stored)."""
    endpoint = add_endpoint(db, hostile_url)
    # the first harvest of a process compiles the ST.96 schemas: not part of any deadline
    summary = harvest_endpoint(db, endpoint, replace(hostile_settings, time_budget=600))
    assert summary.status == "succeeded" and summary.counts["new"] == 30, summary.line()
    return endpoint, Stored.of(db)


def point_at(db, endpoint: int, url: str) -> None:
    with db.session() as session:
        session.execute(update(Endpoint).where(Endpoint.id == endpoint).values(url=url))


def _status_kb(field: str) -> int:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1])
    raise LookupError(field)


@dataclass
class Peak:
    before_mb: float = 0.0
    peak_mb: float = 0.0

    @property
    def growth_mb(self) -> float:
        return self.peak_mb - self.before_mb


@contextmanager
def peak_memory() -> Iterator[Peak]:
    """This process's peak RSS over the block (Linux: VmHWM reset through clear_refs)."""
    Path("/proc/self/clear_refs").write_text("5")
    peak = Peak(before_mb=_status_kb("VmRSS") / 1024)
    yield peak
    peak.peak_mb = _status_kb("VmHWM") / 1024
