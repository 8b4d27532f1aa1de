"""Harvest throughput: harvest + map + validate + store, against a bare sickle loop.

A simulated office runs in a separate process (so it does not share our GIL). The floor is
sickle itself iterating the same endpoint's ListRecords (``for record in
Sickle(url).ListRecords(...)``), nothing stored; then the harvester harvests the same records
into a fresh store (SQLite file or a PostgreSQL schema made for the run). Prints records/s of
both, their ratio (goal ≥ 0.5, and ≥ 1,000 records/s), and the peak RSS of this process
(VmHWM; goal < 300 MB for 100,000 records). The ST.96 schema set is compiled before timing:
it is a once-per-process cost, not a per-record one.

Usage: ``python benchmarks/bench_harvest.py [--database-url URL] [--records N] [--page-size P]``
"""

from __future__ import annotations

import argparse
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

from harvester.runner import harvest_endpoint  # noqa: E402
from harvester.settings import HarvestSettings  # noqa: E402
from node import migrate  # noqa: E402
from node.config import normalise_database_url  # noqa: E402
from node.storage.database import Database  # noqa: E402
from node.storage.models import Endpoint, Office, PublishedRecord  # noqa: E402

SERVE = """
import sys, threading
from harvester.simulator.server import SimulatedOffice, serve_in_thread
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


def peak_rss_mb() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return float("nan")


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


def warm_up() -> None:
    from harvester.simulator.trademarks import TrademarkGenerator
    from mappings.pipeline import process_record

    process_record("st66", TrademarkGenerator().record("KH", 1, 0), "KH")


def harvest(db: Database, url: str) -> tuple[int, float, str]:
    with db.session() as session:
        office = Office(code="KH", name="Cambodia")
        office.endpoints.append(Endpoint(url=url, metadata_prefix="st66"))
        session.add(office)
        session.flush()
        endpoint_id = office.endpoints[0].id
    started = time.perf_counter()
    summary = harvest_endpoint(db, endpoint_id, HarvestSettings())
    seconds = time.perf_counter() - started
    with db.session() as session:
        stored = session.scalar(select(func.count()).select_from(PublishedRecord))
    return stored, seconds, summary.line()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database-url", help="default: a SQLite file in a temp directory")
    parser.add_argument("--records", type=int, default=10_000)
    parser.add_argument("--page-size", type=int, default=100)
    args = parser.parse_args()
    warm_up()
    process, url = start_office(args.records, args.page_size)
    try:
        n_floor, t_floor = floor(url)
        with tempfile.TemporaryDirectory() as tmp:
            db, remove = fresh_store(args.database_url, tmp)
            try:
                stored, t_harvest, line = harvest(db, url)
                backend = db.engine.dialect.name
            finally:
                remove()
    finally:
        process.stdin.close()
        process.wait(timeout=10)
    floor_rate, rate = n_floor / t_floor, args.records / t_harvest
    print(f"backend            {backend}")
    print(f"records            {args.records:,} (published {stored:,}; rest deleted at office)")
    print(f"floor (sickle)     {floor_rate:,.0f} records/s  ({t_floor:.1f}s)")
    print(f"harvest            {rate:,.0f} records/s  ({t_harvest:.1f}s)  {line}")
    print(f"ratio              {rate / floor_rate:.2f}   (goal >= 0.5, >= 1,000 records/s)")
    print(f"peak RSS (VmHWM)   {peak_rss_mb():.0f} MB   (goal < 300 MB)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
