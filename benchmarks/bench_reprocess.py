"""Reprocessing throughput: ``iphub reprocess`` over N stored originals, in process and through
the broker, with 1 and 2 worker processes, against ``process_record`` alone on the same records.

The store (SQLite file, or a PostgreSQL schema made for the run) is filled with N original
ST.66 trademark records (the complete fixtures of tests/data, about 4 KB each, each with its own
application number, spread over their offices) and published once by a first reprocess (every
record "new"). Then the same N records are reprocessed, timed, four ways:

* **in process, 1**: chunks done one after the other in this process;
* **in process, 2**: a local pool of 2 processes doing chunks (``--workers 2``);
* **broker, 1** / **broker, 2**: ``iphub worker --concurrency 1`` / ``2`` (prefork) taking the
  chunks from RabbitMQ (``--broker-url``, default the local one), this process enqueuing and
  waiting, as ``iphub reprocess`` does. The worker is started and answering before timing.

Each reprocess maps every record again, compares it with what is published and applies its
findings (nothing changed: every record "unchanged", datestamps kept), which is the work of a
reprocess after a code change that affects few records. The floor is ``process_record`` alone
over the same raw bytes in this process (one core). Prints records/s, the ratio to the floor,
the load average and the command.

Usage: ``python benchmarks/bench_reprocess.py [--database-url URL] [--records N]
[--chunk-size C] [--broker-url URL | --no-broker]``
"""

from __future__ import annotations

import argparse
import contextlib
import hashlib
import os
import shlex
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

from bench_harvest import fresh_store
from common import PROJECT, corpus
from sqlalchemy import insert, select, text

from harvester.reprocess.driver import Options, reprocess
from harvester.reprocess.selection import Selection
from mappings.pipeline import process_record
from store.models import Office, SourceRecord

DEFAULT_BROKER = "amqp://guest:guest@127.0.0.1:5672//"


def fill(db, n: int) -> int:
    """N originals in the store (bulk inserts), one office per fixture; returns N."""
    records = corpus(n)
    with db.session() as session:
        offices = {}
        for code in sorted({office for office, _ in records}):
            office = Office(code=code, name=f"Office {code}")
            session.add(office)
            session.flush()
            offices[code] = office.id
        rows = [
            {"office_id": offices[office], "source_identifier": f"oai:{office}:{i}",
             "metadata_prefix": "st66", "raw": raw, "sha256": hashlib.sha256(raw).hexdigest(),
             "deleted": False, "harvested_at": _now()}
            for i, (office, raw) in enumerate(records)
        ]  # fmt: skip
        for start in range(0, len(rows), 5000):
            session.execute(insert(SourceRecord), rows[start : start + 5000])
    return len(records)


def _now():
    from store.base import utcnow

    return utcnow()


def floor(db) -> tuple[int, float]:
    """``process_record`` alone over the stored raw bytes (read first, not timed)."""
    with db.session() as session:
        rows = session.execute(
            select(Office.code, SourceRecord.raw).join(Office, Office.id == SourceRecord.office_id)
        ).all()
    started = time.perf_counter()
    for code, raw in rows:
        process_record("st66", raw, code)
    return len(rows), time.perf_counter() - started


def in_process(db, database, workers: int, chunk_size: int) -> tuple[int, float]:
    options = Options(chunk_size=chunk_size, workers=workers, database=database)
    started = time.perf_counter()
    summaries = reprocess(db, Selection(), options)
    seconds = time.perf_counter() - started
    return sum(sum(s.counts.values()) for s in summaries), seconds


def _instance(tmp: str, database: tuple[str, str | None], broker: str, queue: str) -> Path:
    folder = Path(tmp) / f"instance-{queue}"
    folder.mkdir()
    url, schema = database
    (folder / "config.py").write_text(
        f"DATABASE_URL = {url!r}\nDATABASE_SCHEMA = {schema!r}\nSECRET_KEY = 'bench'\n"
        f"BROKER_URL = {broker!r}\nBROKER_QUEUE = {queue!r}\n"
    )
    return folder


def through_broker(db, database, broker: str, concurrency: int, chunk_size: int, tmp: str):
    """One ``iphub worker --concurrency N``; this process enqueues and waits."""
    from tasks.app import configure
    from tasks.jobs import enqueue_chunks

    queue = f"iphub-bench-{uuid.uuid4().hex[:8]}"
    folder = _instance(tmp, database, broker, queue)
    env = {**os.environ, "IPHUB_INSTANCE_PATH": str(folder), "PYTHONPATH": str(PROJECT)}
    env.pop("IPHUB_DATABASE_URL", None)
    worker = subprocess.Popen(
        [sys.executable, "-m", "iphub.cli", "worker", "--concurrency", str(concurrency),
         "--loglevel", "WARNING", "--name", f"bench@{queue}"],
        env=env, cwd=PROJECT, stdout=subprocess.DEVNULL,
    )  # fmt: skip
    app = configure({"DATABASE_URL": database[0], "DATABASE_SCHEMA": database[1],
                     "BROKER_URL": broker, "BROKER_QUEUE": queue})  # fmt: skip
    try:
        _wait_for_worker(app, f"bench@{queue}")
        started = time.perf_counter()
        summaries = reprocess(db, Selection(), Options(chunk_size=chunk_size),
                              enqueue=enqueue_chunks, poll=0.1)  # fmt: skip
        seconds = time.perf_counter() - started
    finally:
        worker.terminate()
        worker.wait(60)
        _delete_queues(broker, queue)
    return sum(sum(s.counts.values()) for s in summaries), seconds


def _wait_for_worker(app, name: str, timeout: float = 120) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        replies = app.control.ping(timeout=1.0) or ()
        if any(name in reply for reply in replies):  # [{"bench@queue": {"ok": "pong"}}, ...]
            return
    raise RuntimeError(f"worker {name} did not answer within {timeout:.0f}s")


def _delete_queues(broker: str, queue: str) -> None:
    from kombu import Connection

    with Connection(broker, connect_timeout=5) as connection:
        for kind in ("harvest", "reprocess"):
            with contextlib.suppress(Exception):  # never declared
                connection.channel().queue_delete(f"{queue}.{kind}")


def configurations(db, database, args, tmp: str) -> list[tuple[str, int, object]]:
    """(where, worker processes, function timing it) of each measured way."""
    runs = [
        ("in process", k, lambda k=k: in_process(db, database, k, args.chunk_size)) for k in (1, 2)
    ]
    if not args.no_broker:
        runs += [
            ("broker", k, lambda k=k: through_broker(db, database, args.broker_url, k,
                                                     args.chunk_size, tmp))
            for k in (1, 2)
        ]  # fmt: skip
    return runs


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database-url", help="default: a SQLite file in a temp directory")
    parser.add_argument("--records", type=int, default=5_000)
    parser.add_argument("--chunk-size", type=int, default=500)
    parser.add_argument("--broker-url", default=os.environ.get("IPHUB_BENCH_BROKER_URL",
                                                               DEFAULT_BROKER))  # fmt: skip
    parser.add_argument("--no-broker", action="store_true", help="only the in-process figures")
    args = parser.parse_args()
    command = shlex.join([Path(sys.executable).name, *sys.argv])
    load_before = os.getloadavg()
    with tempfile.TemporaryDirectory() as tmp:
        db, remove = fresh_store(args.database_url, tmp)
        try:
            database = _database(db, args.database_url, tmp)
            n = fill(db, args.records)
            first = in_process(db, database, 2, args.chunk_size)
            print(f"first publication (every record new), 2 local processes: {_rate(*first)}",
                  flush=True)  # fmt: skip
            n_floor, t_floor = floor(db)
            floor_rate = n_floor / t_floor
            print(f"process_record alone, 1 process: {floor_rate:,.0f} records/s", flush=True)
            runs = configurations(db, database, args, tmp)
            for where, workers, run in runs:
                done, seconds = run()
                assert done == n, f"{done} of {n} records reprocessed"
                rate = done / seconds
                print(f"{where:10} {workers} worker process(es): {rate:,.0f} records/s "
                      f"({seconds:.1f}s), ratio to process_record alone {rate / floor_rate:.2f}",
                      flush=True)  # fmt: skip
            backend = db.engine.dialect.name
        finally:
            remove()
    print(
        f"{n:,} stored originals on {backend}, chunks of {args.chunk_size}; load average "
        f"{load_before[0]:.2f} before, {os.getloadavg()[0]:.2f} after; {os.cpu_count()} CPUs"
    )
    print(f"command: {command}")
    return 0


def _rate(done: int, seconds: float) -> str:
    return f"{done / seconds:,.0f} records/s ({done:,} in {seconds:.1f}s)"


def _database(db, url: str | None, tmp: str) -> tuple[str, str | None]:
    """(URL, schema) the worker processes connect with: the store ``fresh_store`` made."""
    if db.is_sqlite:
        return str(db.engine.url), None
    with db.session() as session:
        return url, session.scalar(text("SELECT current_schema()"))


if __name__ == "__main__":
    sys.exit(main())
