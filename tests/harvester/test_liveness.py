"""Runs whose process is gone are marked interrupted; mapping processes die with the harvest
(issue 16, items 12 and 13)."""

from __future__ import annotations

import os
import signal
import time
from datetime import timedelta
from pathlib import Path

from sqlalchemy import select

from iphub.harvest_cli import runs
from store import liveness, locks
from store.harvest_state import HarvestLease
from store.models import Endpoint, HarvestRun
from store.runs import list_runs
from tests.harvester.conftest import add_endpoint, cli_process


def _run(db, endpoint: int, **fields) -> int:
    with db.session() as session:
        office_id = session.get(Endpoint, endpoint).office_id
        run = HarvestRun(office_id=office_id, endpoint_id=endpoint, kind="harvest", errors=[],
                         **fields)  # fmt: skip
        session.add(run)
        session.flush()
        return run.id


def _lease(db, key: str, holder: str, expires_in: float) -> None:
    with db.session() as session:
        now = locks.utc_now()
        session.add(HarvestLease(key=key, holder=holder, acquired_at=now,
                                 expires_at=now + timedelta(seconds=expires_in)))  # fmt: skip


def _status(db, run_id: int) -> str:
    with db.session() as session:
        return session.get(HarvestRun, run_id).status


def test_reap_marks_runs_without_a_live_lease_interrupted(db):
    first, second, third = (add_endpoint(db, f"http://{n}/oai") for n in "abc")
    me = locks.new_holder_id()
    alive = _run(db, first, lease_key=f"endpoint:{first}", lease_holder=me)
    _lease(db, f"endpoint:{first}", me, 60)
    expired = _run(db, second, lease_key=f"endpoint:{second}", lease_holder="elsewhere:1:x")
    _lease(db, f"endpoint:{second}", "elsewhere:1:x", -1)
    taken_over = _run(db, third, lease_key=f"endpoint:{third}", lease_holder="elsewhere:2:y")
    _lease(db, f"endpoint:{third}", me, 60)  # another process holds it now
    legacy = _run(db, second)  # from before leases were recorded: its endpoint's lease
    done = _run(db, first, status="succeeded")
    assert sorted(liveness.reap(db)) == sorted([expired, taken_over, legacy])
    assert _status(db, alive) == "running" and _status(db, done) == "succeeded"
    assert _status(db, expired) == "interrupted"
    with db.session() as session:
        assert session.get(HarvestRun, expired).last_error == liveness.REASON
    assert liveness.reap(db) == []


def test_runs_command_shows_a_dead_run_interrupted(db, runner):
    endpoint = add_endpoint(db, "http://a/oai")
    dead = f"{os.uname().nodename}:999999999:x"  # no such process on this host
    _run(db, endpoint, lease_key=f"endpoint:{endpoint}", lease_holder=dead)
    _lease(db, f"endpoint:{endpoint}", dead, 600)  # not expired: the dead holder is seen at once
    assert "interrupted" in runner.invoke(runs, []).output


def _descendants(pid: int) -> set[int]:
    """Live (not zombie) processes below ``pid``."""
    children: dict[int, list[int]] = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if fields[0] != "Z":
            children.setdefault(int(fields[1]), []).append(int(stat.parent.name))
    found, todo = set(), [pid]
    while todo:
        for child in children.get(todo.pop(), []):
            found.add(child)
            todo.append(child)
    return found


def _wait(condition, seconds: float) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.2)
    return condition()


def test_kill_9_leaves_no_mapping_process_and_an_interrupted_run(db, instance, office, office_url):
    office.hook = lambda args: time.sleep(0.5)  # a run of many slow pages
    for index in range(30, 300):
        office.add(index)
    add_endpoint(db, office_url)
    process = cli_process(instance, "harvest", "--quiet", workers=2)
    try:
        # the pool exists once the first page is mapped: a forkserver and two workers
        assert _wait(lambda: len(_descendants(process.pid)) >= 3, 120), "no mapping pool"
        assert _wait(lambda: list_runs(db)[0]["pages"] >= 1, 60)
        pool = _descendants(process.pid)
        os.kill(process.pid, signal.SIGKILL)
        process.wait(timeout=10)
    finally:
        if process.poll() is None:
            process.kill()
    alive = lambda: {p for p in pool if Path(f"/proc/{p}").exists() and not _zombie(p)}  # noqa: E731
    assert _wait(lambda: not alive(), 10), f"still alive after kill -9: {alive()}"
    rows = list_runs(db)
    assert rows[0]["status"] == "interrupted" and rows[0]["checkpoint"], rows[0]
    with db.session() as session:
        assert session.scalar(select(HarvestRun.status)) == "interrupted"


def _zombie(pid: int) -> bool:
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0] == "Z"
    except OSError:
        return True
