"""The scheduler: schedules from the database, and several processes never overlapping."""

from __future__ import annotations

import itertools
import re
import signal
import threading
import time

import pytest
from apscheduler.triggers.cron import CronTrigger
from apscheduler.triggers.interval import IntervalTrigger
from sqlalchemy import update
from sqlalchemy.exc import OperationalError

from harvester.scheduler import Scheduler, parse_schedule
from store.models import Endpoint
from tests.harvester.conftest import add_endpoint, cli_process


def test_parse_schedule():
    assert isinstance(parse_schedule("0 2 * * *"), CronTrigger)
    assert parse_schedule("every 6h").interval.total_seconds() == 6 * 3600
    assert parse_schedule("every 30m").interval.total_seconds() == 1800
    with pytest.raises(ValueError, match="neither 'every"):
        parse_schedule("sometimes")


def test_schedule_changes_in_the_database_take_effect(db, fast):
    first = add_endpoint(db, "http://a/oai", schedule="every 6h")
    add_endpoint(db, "http://b/oai", code="XX", schedule="")
    scheduler = Scheduler(db, fast, harvest=lambda *a: None)
    scheduler.sync()
    job = scheduler.scheduler.get_job(f"endpoint:{first}")
    assert isinstance(job.trigger, IntervalTrigger) and len(scheduler.schedules) == 1
    with db.session() as session:
        session.execute(update(Endpoint).where(Endpoint.id == first).values(schedule="0 3 * * *"))
    scheduler.sync()
    assert isinstance(scheduler.scheduler.get_job(f"endpoint:{first}").trigger, CronTrigger)
    with db.session() as session:
        session.execute(update(Endpoint).where(Endpoint.id == first).values(enabled=False))
    scheduler.sync()
    assert scheduler.scheduler.get_job(f"endpoint:{first}") is None


LEASE = re.compile(r"lease (acquired|released) key=(\S+) holder=(\S+) at=([\d.]+)")


def _intervals(logs: list[str]) -> list[tuple[float, float, str]]:
    opened, intervals = {}, []
    for text in logs:
        for event, key, holder, at in LEASE.findall(text):
            if event == "acquired":
                opened[(key, holder)] = float(at)
            else:
                intervals.append((opened.pop((key, holder)), float(at), holder))
    intervals += [(start, float("inf"), holder) for (_, holder), start in opened.items()]
    return sorted(intervals)


def test_periodic_jobs_run_beside_the_harvests_and_a_crash_is_only_logged(db, fast, caplog):
    calls = []

    def broken() -> None:
        calls.append("broken")
        raise RuntimeError("boom")

    scheduler = Scheduler(db, fast, harvest=lambda *a: None,
                          periodic=[("monitor-check", broken, 3600.0)])  # fmt: skip
    job = scheduler.scheduler.get_job("monitor-check")
    assert job.trigger.interval.total_seconds() == 3600
    job.func()  # what APScheduler calls
    assert calls == ["broken"] and "monitor-check crashed" in caplog.text


def test_two_scheduler_processes_never_harvest_one_endpoint_at_once(
    db, instance, office, office_url, tmp_path
):
    office.records = dict(list(office.records.items())[:5])
    office.hook = lambda args: time.sleep(0.15)  # each run lasts a while
    add_endpoint(db, office_url, schedule="every 1s")
    logs = [tmp_path / "scheduler-1.log", tmp_path / "scheduler-2.log"]
    command = ("scheduler", "--reload-interval", "1")
    processes = [cli_process(instance, *command, stderr=log.open("w"), stdout=log.open("a"))
                 for log in logs]  # fmt: skip
    deadline = time.monotonic() + 120  # each process compiles the ST.96 schemas first
    while time.monotonic() < deadline:
        if sum(log.read_text().count("lease released") for log in logs) >= 4:
            break
        time.sleep(0.5)
    for process in processes:
        process.send_signal(signal.SIGINT)
    for process in processes:
        process.wait(timeout=120)  # a run in progress finishes its page first
    texts = [log.read_text() for log in logs]
    intervals = _intervals(texts)
    assert len(intervals) >= 3, texts
    for (_, end, _), (start, _, _) in itertools.pairwise(intervals):
        assert end <= start, f"two holders at once: {intervals}"
    assert (
        sum("skipped: already being harvested" in t for t in texts) >= 1
        or len({holder.split(":")[1] for *_, holder in intervals}) == 2
    ), "both processes took part"


@pytest.mark.parametrize(
    "error",
    [
        RuntimeError("a bug met on one endpoint"),
        OperationalError("SELECT 1", {}, Exception("refused")),
    ],
    ids=["bug", "store-down"],
)
def test_a_crashing_run_is_one_log_line(db, fast, caplog, error):
    """The scheduler logs one line per failed run, never a traceback (every 15 s otherwise)."""

    def crash(*_args):
        raise error

    scheduler = Scheduler(db, fast, harvest=crash)
    with caplog.at_level("INFO", "iphub.harvester"):
        scheduler._run(1)
    errors = [r for r in caplog.records if r.levelname == "ERROR"]
    assert len(errors) == 1 and errors[0].exc_info is None
    assert "endpoint=1 harvest stopped" in errors[0].getMessage()


def test_slow_endpoints_never_hold_up_another(db, fast):
    """Eleven offices whose harvests hang (more than APScheduler's default of ten threads):
    a twelfth endpoint is still harvested on time."""
    slow = [add_endpoint(db, f"http://{i}/oai", code=f"S{i}", schedule="every 1s")
            for i in range(11)]  # fmt: skip
    quick = add_endpoint(db, "http://quick/oai", code="Q", schedule="every 3s")
    release, started, done = threading.Event(), set(), threading.Event()

    def harvest(_db, endpoint_id, _settings):
        started.add(endpoint_id)
        if endpoint_id == quick:
            done.set()
        else:
            release.wait(60)

    scheduler = Scheduler(db, fast, harvest=harvest)
    thread = threading.Thread(target=scheduler.start, daemon=True)
    thread.start()
    try:
        assert done.wait(15), f"the quick endpoint waited: {len(started)} harvests started"
        assert set(slow) <= started
    finally:
        release.set()
        scheduler.stop()
        thread.join(10)
