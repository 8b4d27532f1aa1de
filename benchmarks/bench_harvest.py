"""Harvest throughput: harvest + map + validate + store, against a bare sickle loop.

A simulated office runs in a separate process (so it does not share our GIL). The floor is
sickle itself iterating the same endpoint's ListRecords (``for record in
Sickle(url).ListRecords(...)``), nothing stored; then the harvester harvests the same records
into a fresh store (SQLite file or a PostgreSQL schema made for the run). Prints records/s of
both, their ratio (goal ≥ 0.5, and ≥ 1,000 records/s), the peak RSS of this process (VmHWM;
goal < 300 MB for 100,000 records) and of the mapping workers (``HARVEST_WORKERS``), the
database, the load average (the figures depend on what else the machine runs) and the command.
The ST.96 schema set is compiled before timing (in the workers, or here when mapping in
process): it is a once-per-process cost, not a per-record one.

The floor is measured before and after the harvest and averaged, so a change of load on a
shared machine during the run moves both figures alike.

Usage: ``python benchmarks/bench_harvest.py [--database-url URL] [--records N] [--page-size P]
[--workers W] [--no-floor-after] [--gate]``; ``--gate`` sets every gating threshold of the
office (none breached), so the run holds, judges and promotes its whole delivery.
"""

from __future__ import annotations

import argparse
import os
import shlex
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

PROJECT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(PROJECT))

from sickle import Sickle  # noqa: E402
from sqlalchemy import create_engine, func, select, text  # noqa: E402

from harvester import pool  # noqa: E402
from harvester.runner import harvest_endpoint  # noqa: E402
from harvester.settings import HarvestSettings  # noqa: E402
from store import migrate  # noqa: E402
from store.database import Database, normalise_database_url  # noqa: E402
from store.gating.settings import THRESHOLDS, set_limits  # noqa: E402
from store.models import Endpoint, Office, PublishedRecord  # noqa: E402

SERVE = """
import sys, threading
from simulator.server import SimulatedOffice
from simulator.serving import serve_in_thread
office = SimulatedOffice("KH", records=int(sys.argv[1]), seed=1, page_size=int(sys.argv[2]))
url, stop = serve_in_thread(office)
print(url, flush=True)
sys.stdin.read()
"""


def start_office(records: int, page_size: int) -> tuple[subprocess.Popen, str]:
    process = subprocess.Popen(
        [sys.executable, "-c", SERVE, str(records), str(page_size)],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True, cwd=PROJECT,
    )  # fmt: skip
    return process, process.stdout.readline().strip()


def status_mb(pid: int | str = "self", field: str = "VmHWM") -> float:
    """A memory figure of /proc/<pid>/status in MB (VmHWM: peak RSS; VmRSS: current)."""
    try:
        lines = Path(f"/proc/{pid}/status").read_text().splitlines()
    except OSError:
        return 0.0
    for line in lines:
        if line.startswith(field + ":"):
            return int(line.split()[1]) / 1024
    return float("nan")


def pss_mb(pid: int | str) -> float:
    """Proportional set size: shared pages counted once across the processes sharing them."""
    try:
        for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
            if line.startswith("Pss:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return 0.0


def helper_pids() -> list[int]:
    """The mapping workers and the forkserver they are forked from."""
    pids = pool.worker_pids()
    try:
        from multiprocessing import forkserver

        server = forkserver._forkserver._forkserver_pid
        if server:
            pids.append(server)
    except AttributeError:
        pass
    return pids


def floor(url: str) -> tuple[int, float]:
    started = time.perf_counter()
    n = sum(1 for _ in Sickle(url, timeout=60).ListRecords(metadataPrefix="st66"))
    return n, time.perf_counter() - started


def fresh_store(url: str | None, tmp: str) -> tuple[Database, callable]:
    """An empty migrated store, and a function that removes it."""
    if not url or url.startswith("sqlite"):
        db = Database(url or f"sqlite:///{tmp}/bench.sqlite")
        migrate.upgrade(db)
        return db, db.dispose
    schema = f"bench_{uuid.uuid4().hex[:8]}"
    admin = create_engine(normalise_database_url(url), isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'CREATE SCHEMA "{schema}"'))
    db = Database(url, schema=schema)
    migrate.upgrade(db)

    def drop() -> None:
        db.dispose()
        with admin.connect() as connection:
            connection.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin.dispose()

    return db, drop


def warm_up(workers: int) -> None:
    """Compile the schema where records will be mapped: in the workers, or here."""
    if pool.worker_count(workers) > 1:
        pool.warm_up(workers, ("trademarks",))
        return
    from mappings.pipeline import process_record
    from simulator.trademark_xml import TrademarkGenerator

    process_record("st66", TrademarkGenerator().record("KH", 1, 0), "KH")


#: CPU seconds of this process during each harvest: with ``--workers 1`` (mapping in process)
#: and SQLite (in process) that is all the harvest's work, a figure the load moves far less
#: than wall time
HARVEST_CPU: list[float] = []


def harvest(
    db: Database, url: str, workers: int = 0, *, gate: bool = False
) -> tuple[int, float, str]:
    with db.session() as session:
        office = Office(code="KH", name="Cambodia")
        office.endpoints.append(Endpoint(url=url, metadata_prefix="st66"))
        session.add(office)
        session.flush()
        endpoint_id = office.endpoints[0].id
        if gate:  # every threshold on, none breached: held, judged, then all promoted
            limits = dict.fromkeys(THRESHOLDS, 1.0)
            set_limits(session, "KH", "trademarks", "bench", **limits)
    started, cpu = time.perf_counter(), time.process_time()
    summary = harvest_endpoint(db, endpoint_id, HarvestSettings(workers=workers))
    seconds = time.perf_counter() - started
    HARVEST_CPU.append(time.process_time() - cpu)
    with db.session() as session:
        stored = session.scalar(select(func.count()).select_from(PublishedRecord))
    return stored, seconds, summary.line()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database-url", help="default: a SQLite file in a temp directory")
    parser.add_argument("--records", type=int, default=10_000)
    parser.add_argument("--page-size", type=int, default=100)
    parser.add_argument(
        "--workers", type=int, default=0, help="HARVEST_WORKERS: 0 = one per CPU, 1 = in process"
    )
    parser.add_argument(
        "--no-floor-after",
        dest="floor_after",
        action="store_false",
        help="measure the sickle floor only before the harvest (default: before and after)",
    )
    parser.add_argument(
        "--gate",
        action="store_true",
        help="gate the delivery (node.gating: every threshold on, none breached)",
    )
    args = parser.parse_args()
    command = shlex.join([Path(sys.executable).name, *sys.argv])
    load_before = os.getloadavg()
    warm_up(args.workers)
    process, url = start_office(args.records, args.page_size)
    try:
        n_floor, t_floor = floor(url)
        with tempfile.TemporaryDirectory() as tmp:
            db, remove = fresh_store(args.database_url, tmp)
            try:
                stored, t_harvest, line = harvest(db, url, args.workers, gate=args.gate)
                n_after, t_after = floor(url) if args.floor_after else (0, 0.0)
                backend = db.engine.dialect.name
                helpers = helper_pids()
                helpers_hwm = sum(status_mb(pid) for pid in helpers)
                helpers_rss = sum(status_mb(pid, "VmRSS") for pid in helpers)
                helpers_pss = sum(pss_mb(pid) for pid in helpers)
                parent_pss = pss_mb("self")
            finally:
                remove()  # waits for a checkpoint left beside the run (SQLite, gated)
            beside = sum(db.checkpoint_seconds)
    finally:
        process.stdin.close()
        process.wait(timeout=10)
    rate = args.records / t_harvest
    floor_rate = (n_floor + n_after) / (t_floor + t_after)  # before and after: load drifts
    parent = status_mb()
    load_after = os.getloadavg()
    workers = pool.worker_count(args.workers)
    print(f"database           {backend}")
    print(f"gating             {'on (every threshold, none breached)' if args.gate else 'off'}")
    print(f"records            {args.records:,} (published {stored:,}; rest deleted at office)")
    print(f"workers            {workers if workers > 1 else 'none (mapping in process)'}"
          f"  (cpus {os.cpu_count()})")  # fmt: skip
    print(f"harvest            {rate:,.0f} records/s  ({t_harvest:.1f}s)  {line}")
    floors = f"{n_floor / t_floor:,.0f} before" + (
        f", {n_after / t_after:,.0f} after the harvest" if n_after else ""
    )
    print(f"harvest cpu        {HARVEST_CPU[-1]:.1f}s in this process")
    print(f"checkpoint beside  {beside:.2f}s   (SQLite WAL checkpoint after the run's "
          "promotion, in a thread of its own: not in the harvest's time)")  # fmt: skip
    print(f"floor (sickle)     {floor_rate:,.0f} records/s  ({floors})")
    print(f"ratio              {rate / floor_rate:.2f}   (goal >= 0.5, >= 1,000 records/s)")
    print(f"VmHWM parent       {parent:.0f} MB   (goal < 300 MB)")
    print(f"worker RSS         {len(helpers)} processes: peak {helpers_hwm:.0f} MB summed, "
          f"now {helpers_rss:.0f} MB (PSS {helpers_pss:.0f} MB)")  # fmt: skip
    print(f"parent + workers   {parent + helpers_hwm:.0f} MB peak RSS summed; "
          f"PSS now {parent_pss + helpers_pss:.0f} MB")  # fmt: skip
    print(f"load average       {' '.join(f'{x:.2f}' for x in load_before)} before, "
          f"{' '.join(f'{x:.2f}' for x in load_after)} after")  # fmt: skip
    print(f"command            {command}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
