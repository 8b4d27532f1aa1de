"""Benchmark of the OAI-PMH provider: throughput, depth independence, memory, and the floor.

    python benchmarks/bench_provider.py --database-url postgresql://postgres@127.0.0.1/bench \\
        --records 1000000

1. Seed the store up to ``--records`` published records (``simulator.demo.seed``; skipped when the
   store already holds that many).
2. Serve the node under gunicorn, one sync worker, on a local port.
3. Harvest ListRecords (st96) to the end with sickle: records/s, pages, bytes; the worker's RSS
   (VmRSS from /proc, sampled every 0.2 s) during the harvest.
4. Time the first page, the second page, and the page at 90 % of the list (a token positioned
   there is signed with the same secret, as any replica would): page 90 % / page 1 must stay
   near 1, the point of keyset paging.
5. The floor: a static file server (python http.server) serving the same page bytes to the same
   client loop; provider rate / static rate says how close the provider is to a byte copy.
"""

from __future__ import annotations

import argparse
import functools
import http.server
import os
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from datetime import UTC, datetime
from pathlib import Path

import requests
from lxml import etree
from sickle import Sickle
from sickle.iterator import OAIResponseIterator
from sqlalchemy import func, select, text

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from node import create_app  # noqa: E402
from node.oai.resumption import ResumeState, TokenCodec  # noqa: E402
from simulator.demo import seed  # noqa: E402
from store import migrate  # noqa: E402
from store.models import PublishedRecord  # noqa: E402

SECRET = "bench-secret"
OAI = "{http://www.openarchives.org/OAI/2.0/}"
OFFICES = ["KH", "TH", "VN", "PH", "MY", "ID", "SG", "LA", "BN"]


def wsgi():
    """gunicorn entry (``bench_provider:wsgi()``): the app with the provider registered."""
    from node import oai
    from node.extensions import OAI_VIEW_RESOLVER
    from node.oai import client_view

    app = create_app()
    if "oai" not in app.blueprints:
        app.register_blueprint(oai.bp)
        oai.init_app(app)
    # Measure the provider, not access control: no credentials, no rate limit.
    app.extensions[OAI_VIEW_RESOLVER] = client_view.open_resolver
    return app


def prepare(url: str, records: int, instance: str) -> None:
    app = create_app({"DATABASE_URL": url, "SECRET_KEY": SECRET})
    db = app.extensions["iphub.db"]
    migrate.upgrade(db)
    with db.session() as session:
        present = session.execute(select(func.count()).select_from(PublishedRecord)).scalar()
    if present < records:
        started = time.monotonic()
        seed.seed(db, records - present, OFFICES, "iphub.local")
        print(f"seeded {records - present} records in {time.monotonic() - started:.1f} s")
    elif present > records:
        print(f"note: the store holds {present} records (more than --records)")
    db.dispose()


def serve(url: str, port: int, page_size: int, instance: str) -> subprocess.Popen:
    env = dict(
        os.environ,
        IPHUB_DATABASE_URL=url,
        IPHUB_SECRET_KEY=SECRET,
        IPHUB_OAI_PAGE_SIZE=str(page_size),
        IPHUB_INSTANCE_PATH=instance,
    )
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "gunicorn",
            "-w",
            "1",
            "-b",
            f"127.0.0.1:{port}",
            "--timeout",
            "120",
            "--chdir",
            str(Path(__file__).parent),
            "bench_provider:wsgi()",
        ],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{port}/oai"
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        try:
            requests.get(base, params={"verb": "Identify"}, timeout=30)
            return process
        except requests.RequestException:
            time.sleep(0.2)
    process.terminate()
    raise RuntimeError("gunicorn did not start")


def worker_pid(master: int) -> int:
    children = Path(f"/proc/{master}/task/{master}/children").read_text().split()
    return int(children[0])


def rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


class RssSampler(threading.Thread):
    def __init__(self, pid: int) -> None:
        super().__init__(daemon=True)
        self.pid, self.peak, self.samples, self.stop = pid, 0.0, [], threading.Event()

    def run(self) -> None:
        while not self.stop.is_set():
            value = rss_mb(self.pid)
            self.samples.append(value)
            self.peak = max(self.peak, value)
            time.sleep(0.2)


def harvest(base: str, encoding: str) -> tuple[int, int, int, float]:
    """Walk ListRecords with sickle; (records, pages, bytes, seconds)."""
    sickle = Sickle(
        base, iterator=OAIResponseIterator, headers={"Accept-Encoding": encoding}, max_retries=0
    )
    records = pages = size = 0
    started = time.monotonic()
    for response in sickle.ListRecords(metadataPrefix="st96"):
        pages += 1
        size += len(response.raw)
        records += sum(1 for _ in response.xml.iter(f"{OAI}record"))
    return records, pages, size, time.monotonic() - started


def timed_get(base: str, params: dict, repeat: int = 5) -> float:
    times = []
    for _ in range(repeat):
        started = time.monotonic()
        response = requests.get(base, params=params, headers={"Accept-Encoding": "identity"})
        response.content  # noqa: B018 - read the whole body
        times.append(time.monotonic() - started)
    return statistics.median(times)


def token_at(url: str, fraction: float, page_size: int) -> tuple[str, int]:
    """A ListRecords st96 token positioned at ``fraction`` of the list."""
    app = create_app({"DATABASE_URL": url, "SECRET_KEY": SECRET})
    db = app.extensions["iphub.db"]
    t = PublishedRecord.__table__
    visible = (t.c.deleted) | (t.c.st96.is_not(None) & (t.c.validation_status != "invalid"))
    with db.session() as session:
        total = session.execute(select(func.count()).select_from(t).where(visible)).scalar()
        cursor = int(total * fraction)
        row = session.execute(
            select(t.c.datestamp, t.c.id)
            .where(visible)
            .order_by(t.c.datestamp, t.c.id)
            .offset(cursor - 1)
            .limit(1)
        ).one()
    db.dispose()
    now = datetime.now(UTC).replace(tzinfo=None, microsecond=0)
    state = ResumeState(
        "ListRecords", "st96", None, None, now, None, row.datestamp, row.id, cursor, total
    )
    return TokenCodec(SECRET, 3600).dumps(state), cursor


def static_floor(page: bytes, pages: int, records_per_page: int) -> float:
    """records/s of the same client loop against a static file server serving ``page``."""
    folder = tempfile.mkdtemp()
    Path(folder, "page.xml").write_bytes(page)
    handler = functools.partial(QuietHandler, directory=folder)
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    url = f"http://127.0.0.1:{server.server_port}/page.xml"
    session = requests.Session()
    started = time.monotonic()
    for _ in range(pages):
        content = session.get(url, headers={"Accept-Encoding": "identity"}).content
        sum(1 for _ in etree.fromstring(content).iter(f"{OAI}record"))
    elapsed = time.monotonic() - started
    server.shutdown()
    return pages * records_per_page / elapsed


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args) -> None:
        pass


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--database-url", required=True)
    parser.add_argument("--records", type=int, required=True)
    parser.add_argument("--page-size", type=int, default=200)
    parser.add_argument("--port", type=int, default=8765)
    parser.add_argument("--encoding", default="identity", help="Accept-Encoding of the harvest")
    args = parser.parse_args()
    instance = tempfile.mkdtemp(prefix="iphub-bench-")
    prepare(args.database_url, args.records, instance)
    if not args.database_url.startswith("sqlite"):
        from store.database import Database

        db = Database(args.database_url)
        with db.engine.begin() as connection:
            connection.execute(text("ANALYZE published_records"))
        db.dispose()
    server = serve(args.database_url, args.port, args.page_size, instance)
    base = f"http://127.0.0.1:{args.port}/oai"
    try:
        report(args, base, server)
    finally:
        server.terminate()
        server.wait()


def report(args, base: str, server: subprocess.Popen) -> None:
    worker = worker_pid(server.pid)
    first = {"verb": "ListRecords", "metadataPrefix": "st96"}
    first_page = timed_get(base, first)
    page_bytes = requests.get(base, params=first, headers={"Accept-Encoding": "identity"}).content
    token2 = etree.fromstring(page_bytes).find(f".//{OAI}resumptionToken").text
    second_page = timed_get(base, {"verb": "ListRecords", "resumptionToken": token2})
    token90, cursor90 = token_at(args.database_url, 0.9, args.page_size)
    deep_page = timed_get(base, {"verb": "ListRecords", "resumptionToken": token90})
    sampler = RssSampler(worker)
    rss_before = rss_mb(worker)
    sampler.start()
    records, pages, size, seconds = harvest(base, args.encoding)
    sampler.stop.set()
    sampler.join()
    per_page = records / pages
    floor = static_floor(page_bytes, min(pages, 400), round(per_page))
    rate = records / seconds
    print(
        f"store: {args.database_url.split('://')[0]}, {args.records} records, "
        f"page size {args.page_size}, Accept-Encoding {args.encoding}"
    )
    print(
        f"harvest: {records} records, {pages} pages, {size / 1e6:.0f} MB in {seconds:.1f} s "
        f"= {rate:.0f} records/s, {size / 1e6 / seconds:.1f} MB/s"
    )
    print(
        f"page 1 (with COUNT): {first_page * 1000:.0f} ms; page 2: {second_page * 1000:.0f} ms;"
        f" page at 90 % (cursor {cursor90}): {deep_page * 1000:.0f} ms; "
        f"90 %/page 1 = {deep_page / first_page:.2f}, 90 %/page 2 = {deep_page / second_page:.2f}"
    )
    print(f"worker RSS: {rss_before:.0f} MB before, peak {sampler.peak:.0f} MB during the harvest")
    print(
        f"floor (static server, same client loop): {floor:.0f} records/s; "
        f"provider/floor = {rate / floor:.2f}"
    )


if __name__ == "__main__":
    main()
