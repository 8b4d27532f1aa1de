"""Fixtures of the harvester tests: a scripted office served in a thread, fast settings, and a
way to run the harvester's CLI in a real subprocess against the test's database."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from harvester.faults import RetryPolicy
from harvester.settings import HarvestSettings
from store.models import Endpoint, Office
from tests.harvester.fakeoffice import FakeOffice, serve

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def fast() -> HarvestSettings:
    """Retries without real waiting, so fault tests take milliseconds."""
    policy = RetryPolicy(max_retries=6, base_delay=0.001, max_delay=0.01, retry_after_cap=0.05)
    return HarvestSettings(timeout=10, policy=policy, lease_ttl=30)


@pytest.fixture
def office() -> FakeOffice:
    return FakeOffice("KH", records=30, page_size=10)


@pytest.fixture
def office_url(office: FakeOffice) -> Iterator[str]:
    with serve(office) as url:
        yield url


def add_endpoint(db, url: str, code: str = "KH", prefix: str = "st66", **fields) -> int:
    """An office (created when missing) with one endpoint; returns the endpoint id."""
    from sqlalchemy import select

    with db.session() as session:
        office = session.scalar(select(Office).where(Office.code == code))
        if office is None:
            office = Office(code=code, name=f"Office {code}")
            session.add(office)
        endpoint = Endpoint(url=url, metadata_prefix=prefix, **fields)
        office.endpoints.append(endpoint)
        session.flush()
        return endpoint.id


@pytest.fixture
def endpoint(db, office_url: str) -> int:
    return add_endpoint(db, office_url)


@pytest.fixture
def instance(database, tmp_path: Path) -> Path:
    """An instance folder whose config.py points a subprocess at this test's database."""
    url, schema = database
    folder = tmp_path / "instance"
    folder.mkdir(exist_ok=True)
    (folder / "config.py").write_text(
        f"DATABASE_URL = {url!r}\nDATABASE_SCHEMA = {schema!r}\nSECRET_KEY = 'test-secret'\n"
        "HARVEST_BACKOFF_BASE = 0.001\nHARVEST_BACKOFF_MAX = 0.01\n"
        "HARVEST_RETRY_AFTER_CAP = 0.05\n"
    )
    return folder


def iphub(instance: Path, *args: str, timeout: float = 300) -> subprocess.CompletedProcess:
    """The real ``iphub`` command (``iphub.cli:main``, as installed) on the test's database."""
    env = {**os.environ, "IPHUB_INSTANCE_PATH": str(instance), "PYTHONPATH": str(ROOT),
           "IPHUB_HARVEST_WORKERS": "1"}  # fmt: skip
    for key in ("IPHUB_DATABASE_URL", "IPHUB_SECRET_KEY"):
        env.pop(key, None)
    return subprocess.run([sys.executable, "-m", "iphub.cli", *args], env=env, cwd=ROOT,
                          capture_output=True, text=True, timeout=timeout)  # fmt: skip


def cli_process(instance: Path, *args: str, workers: int = 1, **popen) -> subprocess.Popen:
    """``iphub <args>`` (the harvester's commands) in a real process on the test database."""
    # One mapping process each unless asked: the tests check coordination between processes,
    # and a pool of workers per subprocess only makes them slower to start and to stop.
    env = {**os.environ, "IPHUB_INSTANCE_PATH": str(instance), "PYTHONPATH": str(ROOT),
           "IPHUB_HARVEST_WORKERS": str(workers)}  # fmt: skip
    for key in ("IPHUB_DATABASE_URL", "IPHUB_SECRET_KEY"):
        env.pop(key, None)
    return subprocess.Popen([sys.executable, "-m", "iphub.harvest_cli", *args], env=env, cwd=ROOT,
                            **popen)  # fmt: skip
