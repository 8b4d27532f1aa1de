"""Serving a large document keeps a worker's memory flat (issue 9).

Generates a document of ``--size-mb`` MB (default 100) straight into a filesystem store, serves
the node under gunicorn (one sync worker) or werkzeug in a subprocess, reads the worker's
``VmRSS``/``VmHWM`` from ``/proc`` after a warm-up request, downloads the whole document and a
few ranges (single, suffix, multipart), reads them again and prints the figures. Exits 1 when
the worker's resident memory grew by ``--limit-mb`` (default 20) or more: the view streams from
the store in 256 KiB chunks and must never hold a file in memory.

    python benchmarks/bench_documents.py [--size-mb 100] [--server gunicorn|werkzeug]
"""

from __future__ import annotations

import argparse
import hashlib
import os
import signal
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

import requests

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

CHUNK = 1024 * 1024


def serve_app():
    """The WSGI app the subprocess serves (gunicorn calls this factory)."""
    from node import create_app
    from node.documents import init_app
    from node.extensions import DOCUMENT_STORE

    app = create_app()
    if DOCUMENT_STORE not in app.extensions:  # until create_app registers documents itself
        init_app(app)
    return app


def _content(size: int) -> Iterator[bytes]:
    """A PDF header then random bytes, generated chunk by chunk (nothing kept in memory)."""
    first = b"%PDF-1.4\n"
    yield first
    remaining = size - len(first)
    while remaining > 0:
        chunk = os.urandom(min(CHUNK, remaining))
        remaining -= len(chunk)
        yield chunk


def prepare(size: int) -> tuple[str, str]:
    """Database, store and one published record referencing the big document; (url, sha)."""
    from node import create_app
    from store import migrate
    from store.document_files import open_store
    from store.document_models import Document, RecordDocument, create_missing_tables
    from store.models import PublishedRecord

    app = create_app()
    db = app.extensions["iphub.db"]
    migrate.upgrade(db)
    create_missing_tables(db.engine)
    store = open_store(app.config["DOCUMENT_STORE"])
    blob = store.put(_content(size))
    with db.session() as session:
        record = PublishedRecord(
            oai_identifier="oai:iphub.local:KH/trademarks/BIG-1",
            office_code="KH",
            ip_type="trademarks",
            set_spec="KH:trademarks",
            st96=b"<x/>",
        )
        session.add(record)
        session.add(Document(sha256=blob.sha256, size=blob.size, mime_type="application/pdf"))
        session.flush()
        session.add(
            RecordDocument(
                published_record_id=record.id,
                office_code="KH",
                ip_type="trademarks",
                reference="big.pdf",
                role="full-text",
                sha256=blob.sha256,
                status="fetched",
            )
        )
    db.dispose()
    return f"/documents/KH/trademarks/{blob.sha256}", blob.sha256


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_server(kind: str, port: int, env: dict) -> subprocess.Popen:
    here = str(Path(__file__).resolve().parent)
    if kind == "gunicorn":
        command = [
            sys.executable,
            "-m",
            "gunicorn",
            "--chdir",
            here,
            "-w",
            "1",
            "-k",
            "sync",
            "--timeout",
            "300",
            "-b",
            f"127.0.0.1:{port}",
            "bench_documents:serve_app()",
        ]
    else:
        code = (
            f"import sys; sys.path.insert(0, {here!r}); import bench_documents as b; "
            f"from werkzeug.serving import run_simple; "
            f"run_simple('127.0.0.1', {port}, b.serve_app(), threaded=False)"
        )
        command = [sys.executable, "-c", code]
    return subprocess.Popen(command, env=env, cwd=ROOT, stderr=subprocess.DEVNULL)


def worker_pid(server: subprocess.Popen, kind: str) -> int:
    """gunicorn: the single worker (child of the master); werkzeug: the process itself."""
    if kind != "gunicorn":
        return server.pid
    for _ in range(100):
        children = Path(f"/proc/{server.pid}/task/{server.pid}/children").read_text().split()
        if children:
            return int(children[0])
        time.sleep(0.1)
    raise RuntimeError("gunicorn started no worker")


def reset_peak(pid: int) -> bool:
    """Reset ``VmHWM`` to the current RSS (Linux ≥ 4.0, own process or root), so the peak read
    afterwards is the peak of the measured requests, not of start-up."""
    try:
        Path(f"/proc/{pid}/clear_refs").write_text("5")
    except OSError:
        return False
    return True


def memory(pid: int) -> dict[str, int]:
    """VmRSS and VmHWM of ``pid`` in kB."""
    found = {}
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        key, _, value = line.partition(":")
        if key in ("VmRSS", "VmHWM"):
            found[key] = int(value.split()[0])
    return found


def wait_ready(base: str, url: str) -> None:
    for _ in range(200):
        try:
            if requests.head(base + url, timeout=2).status_code == 200:
                return
        except requests.ConnectionError:
            pass
        time.sleep(0.1)
    raise RuntimeError("server did not come up")


def download(base: str, url: str, headers: dict | None = None) -> tuple[int, int, str, float]:
    """(status, bytes, sha256, seconds) of one streamed GET."""
    started, digest, size = time.perf_counter(), hashlib.sha256(), 0
    with requests.get(base + url, headers=headers or {}, stream=True, timeout=300) as response:
        for chunk in response.iter_content(CHUNK):
            digest.update(chunk)
            size += len(chunk)
    return response.status_code, size, digest.hexdigest(), time.perf_counter() - started


def exercise(base: str, url: str, sha: str, size: int) -> list[str]:
    """The full download and the range requests; returns report lines (raises on a mismatch)."""
    lines = []
    status, got, digest, seconds = download(base, url)
    if (status, got, digest) != (200, size, sha):
        raise AssertionError(f"full download: {status}, {got} bytes, sha {digest}")
    lines.append(
        f"full GET: {got / 2**20:.0f} MiB in {seconds:.2f}s ({got / 2**20 / seconds:.0f} MiB/s)"
    )
    middle = size // 2
    for header, expected in (
        (f"bytes={middle}-{middle + 10 * CHUNK - 1}", 10 * CHUNK),
        ("bytes=-1048576", CHUNK),
        ("bytes=0-1023,50000000-50999999,-4096", None),
    ):
        status, got, _, seconds = download(base, url, {"Range": header})
        if status != 206 or (expected is not None and got != expected):
            raise AssertionError(f"{header}: {status}, {got} bytes")
        lines.append(f"Range {header}: 206, {got} bytes in {seconds:.3f}s")
    return lines


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size-mb", type=int, default=100)
    parser.add_argument("--server", choices=("gunicorn", "werkzeug"), default="gunicorn")
    parser.add_argument("--limit-mb", type=float, default=20.0)
    args = parser.parse_args(argv)
    size = args.size_mb * 1024 * 1024
    with tempfile.TemporaryDirectory(prefix="iphub-bench-docs-") as tmp:
        env = {
            **os.environ,
            "IPHUB_INSTANCE_PATH": tmp,
            "PYTHONPATH": str(ROOT),
            "IPHUB_DATABASE_URL": f"sqlite:///{tmp}/bench.sqlite",
            "IPHUB_DOCUMENT_STORE": f"{tmp}/documents",
        }
        os.environ.update(
            {
                k: env[k]
                for k in ("IPHUB_INSTANCE_PATH", "IPHUB_DATABASE_URL", "IPHUB_DOCUMENT_STORE")
            }
        )
        started = time.perf_counter()
        url, sha = prepare(size)
        print(f"generated and stored {args.size_mb} MB in {time.perf_counter() - started:.1f}s")
        port = _free_port()
        server = start_server(args.server, port, env)
        try:
            return _measure(args, server, f"http://127.0.0.1:{port}", url, sha, size)
        finally:
            server.send_signal(signal.SIGTERM)
            server.wait(timeout=30)


def _measure(args, server, base: str, url: str, sha: str, size: int) -> int:
    wait_ready(base, url)
    pid = worker_pid(server, args.server)
    download(base, url, {"Range": "bytes=0-1023"})  # warm-up: every code path imported
    peak_reset = reset_peak(pid)
    before = memory(pid)
    lines = exercise(base, url, sha, size)
    after = memory(pid)
    peak = after["VmHWM"] if peak_reset else after["VmRSS"]
    growth = (max(peak, after["VmRSS"]) - before["VmRSS"]) / 1024
    print(f"server: {args.server}, worker pid {pid}")
    for line in lines:
        print("  " + line)
    print(
        f"worker VmRSS before {before['VmRSS'] / 1024:.1f} MB (VmHWM {before['VmHWM'] / 1024:.1f})"
        f", after {after['VmRSS'] / 1024:.1f} MB (VmHWM {after['VmHWM'] / 1024:.1f})"
    )
    what = "peak during requests" if peak_reset else "RSS after"
    print(f"RSS growth ({what} − RSS before): {growth:.1f} MB (limit {args.limit_mb:.0f} MB)")
    if growth >= args.limit_mb:
        print("FAIL: serving a document must not grow the worker's memory by that much")
        return 1
    print("OK")
    return 0


if __name__ == "__main__":
    sys.exit(main())
