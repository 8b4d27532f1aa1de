"""Never two harvests of one endpoint at once: the lease row."""

from __future__ import annotations

import subprocess
import sys
import threading
from datetime import timedelta

import pytest
from sqlalchemy import insert, update

from harvester.runner import harvest_endpoint
from store import locks
from store.harvest_state import HarvestLease


@pytest.fixture(autouse=True)
def _quiet_heartbeats(monkeypatch, db):
    """Leases a test leaves held stop beating when it ends: the test's schema is dropped next,
    and a heartbeat against a dropped table only fills the log."""
    held: list[locks.Lease] = []
    start = locks.Lease.__init__

    def tracked(self, *args, **kwargs):
        start(self, *args, **kwargs)
        held.append(self)

    monkeypatch.setattr(locks.Lease, "__init__", tracked)
    yield
    for lease in held:
        lease._stop.set()


def test_second_acquire_fails_until_release(db):
    first = locks.acquire(db, "endpoint:1", ttl=30)
    assert first is not None
    assert locks.acquire(db, "endpoint:1", ttl=30) is None
    assert locks.acquire(db, "endpoint:2", ttl=30) is not None
    first.release()
    assert locks.acquire(db, "endpoint:1", ttl=30) is not None


def test_expired_lease_is_taken_over(db):
    old = locks.acquire(db, "k", ttl=30, holder="otherhost:1:x")
    old._stop.set()
    with db.engine.begin() as connection:
        connection.execute(update(HarvestLease).values(expires_at=locks.utc_now() - timedelta(1)))
    new = locks.acquire(db, "k", ttl=30)
    assert new is not None and locks.current_holder(db, "k") == new.holder
    assert not old.renew(), "the old holder learns it lost the lease"


def test_lease_of_a_dead_process_on_this_host_is_taken_over_at_once(db):
    dead = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"],
                          capture_output=True, text=True, check=True).stdout.strip()  # fmt: skip
    now = locks.utc_now()
    with db.engine.begin() as connection:
        connection.execute(insert(HarvestLease).values(
            key="k", holder=f"{locks.socket.gethostname()}:{dead}:x", acquired_at=now,
            expires_at=now + timedelta(hours=1),
        ))  # fmt: skip
    assert locks.acquire(db, "k", ttl=30) is not None


def test_concurrent_harvests_of_one_endpoint_run_once(db, endpoint, office, fast):
    office.hook = lambda args: __import__("time").sleep(0.1)
    results = []
    threads = [threading.Thread(target=lambda: results.append(harvest_endpoint(db, endpoint, fast)))
               for _ in range(2)]  # fmt: skip
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    statuses = sorted(r.status for r in results)
    assert statuses == ["skipped", "succeeded"], [r.line() for r in results]
    skipped = next(r for r in results if r.status == "skipped")
    assert "already being harvested" in skipped.line()


def test_cli_harvest_skips_an_endpoint_being_harvested(db, endpoint, runner):
    from iphub.harvest_cli import harvest

    lease = locks.acquire(db, f"endpoint:{endpoint}", ttl=30)
    result = runner.invoke(harvest, ["KH"])
    lease.release()
    assert result.exit_code == 0, result.output
    assert "skipped: already being harvested by" in result.output
