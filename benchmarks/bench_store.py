"""Storing harvested pages, alone: the ingest's CPU per record, client and database server.

The harvest benchmark (``bench_harvest.py``) runs five kinds of processes on the machine's
cores, so a change to the storing step moves its figure by less than the noise. Here the
simulated office's pages are fetched and mapped first; then only
:func:`harvester.ingest.ingest_items` is timed, page by page, into a fresh store: the CPU of
this thread (``time.thread_time``) and, on PostgreSQL, of the server process serving the
connection (``/proc/<pid>/stat`` of ``pg_backend_pid()``, 10 ms ticks summed over the run).
Each round uses a new store; the best and the median round are printed.

Usage: ``python benchmarks/bench_store.py [--database-url URL] [--records N] [--rounds R]``
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_harvest import fresh_store, start_office
from sqlalchemy import text

from harvester.client import OAIClient, Page
from harvester.ingest import ingest_items, target_for, to_map, tune_page_transaction
from harvester.pool import map_records
from store.models import Endpoint, HarvestRun, Office

TICK = os.sysconf("SC_CLK_TCK")


def server_cpu(pid: int) -> float:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / TICK


def fetch_and_map(records: int) -> tuple[list[Page], dict, str]:
    """Every page of a simulated office, and the mapping of every record (sha256 → result)."""
    process, url = start_office(records, 100)
    try:
        client = OAIClient(url)
        pages = [client.page("ListRecords", metadataPrefix="st66")]
        while pages[-1].token:
            pages.append(client.page("ListRecords", token=pages[-1].token))
    finally:
        process.stdin.close()
        process.wait(timeout=10)
    mapped: dict = {}
    for page in pages:
        _, wanted = to_map(None, None, page.items)
        results = map_records("st66", "KH", list(wanted.values()))
        mapped.update(zip(wanted, results, strict=True))
    return pages, mapped, url


def store_round(url: str | None, pages: list[Page], mapped: dict, office_url: str) -> tuple:
    """(client µs, server µs) per record of storing every page into a new store."""
    with tempfile.TemporaryDirectory() as tmp:
        db, remove = fresh_store(url, tmp)
        try:
            with db.session() as session:
                office = Office(code="KH", name="Cambodia")
                office.endpoints.append(Endpoint(url=office_url, metadata_prefix="st66"))
                session.add(office)
                session.flush()
                run = HarvestRun(office_id=office.id, endpoint_id=office.endpoints[0].id)
                session.add(run)
                session.flush()
                run_id, target = run.id, target_for(office.endpoints[0])
            postgres = db.engine.dialect.name == "postgresql"
            client = server = 0.0
            for page in pages:
                digests, wanted = to_map(None, target, page.items)
                with db.session() as session:
                    backend = postgres and session.scalar(text("SELECT pg_backend_pid()"))
                    before = server_cpu(backend) if backend else 0.0
                    started = time.thread_time()
                    tune_page_transaction(session)
                    run = session.get(HarvestRun, run_id)
                    ingest_items(session, target, run, page.items, digests=digests,
                                 mapped={key: mapped[key] for key in wanted})  # fmt: skip
                    session.commit()
                    client += time.thread_time() - started
                    server += server_cpu(backend) - before if backend else 0.0
        finally:
            remove()
    n = sum(len(page.items) for page in pages)
    return client / n * 1e6, server / n * 1e6


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database-url", help="default: a SQLite file in a temp directory")
    parser.add_argument("--records", type=int, default=5_000)
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()
    pages, mapped, office_url = fetch_and_map(args.records)
    rounds = [store_round(args.database_url, pages, mapped, office_url) for _ in range(args.rounds)]
    clients, servers = [c for c, _ in rounds], [s for _, s in rounds]
    print(f"database       {'postgresql' if servers[0] else 'sqlite (in the client)'}")
    print(f"records        {args.records:,} per round, {args.rounds} rounds")
    for side, figures in (("client", clients), ("server", servers)):
        if any(figures):
            best, median = min(figures), statistics.median(figures)
            print(f"{side} CPU     best {best:.0f} µs/record, median {median:.0f}")
    print(f"command        {' '.join([Path(sys.executable).name, *sys.argv])}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
