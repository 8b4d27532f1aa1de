"""``make bench``: run every benchmark at its default size and print the figures.

Each benchmark is a plain script that prints its own figures; this runner only sequences them
(on SQLite, and on PostgreSQL when IPHUB_BENCH_DATABASE_URL is set) so one command reproduces
docs/benchmarks.md. Sizes are set by environment variables so a big run is deliberate:
IPHUB_BENCH_RECORDS (harvest), IPHUB_BENCH_PROVIDER_RECORDS (provider),
IPHUB_BENCH_REPROCESS_RECORDS (reprocessing; its broker figures need RabbitMQ at
IPHUB_BENCH_BROKER_URL, default the local one, and are left out when it cannot be reached).
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent


def _run(script: str, *args: str) -> int:
    command = [sys.executable, str(HERE / script), *args]
    print(f"\n$ {' '.join(command)}", flush=True)
    return subprocess.call(command)


def _broker_reachable() -> bool:
    """Whether the reprocessing benchmark's broker answers (its figures need it)."""
    from urllib.parse import urlsplit

    url = os.environ.get("IPHUB_BENCH_BROKER_URL", "amqp://guest:guest@127.0.0.1:5672//")
    parts = urlsplit(url)
    try:
        socket.create_connection((parts.hostname or "127.0.0.1", parts.port or 5672), 3).close()
    except OSError:
        print(f"(broker {parts.hostname}:{parts.port or 5672} unreachable: reprocessing "
              "through the broker is not measured)")  # fmt: skip
        return False
    return True


def main() -> int:
    failures = 0
    pg = os.environ.get("IPHUB_BENCH_DATABASE_URL")
    harvest_n = os.environ.get("IPHUB_BENCH_RECORDS", "10000")
    provider_n = os.environ.get("IPHUB_BENCH_PROVIDER_RECORDS", "100000")
    reprocess_n = os.environ.get("IPHUB_BENCH_REPROCESS_RECORDS", "5000")
    broker = [] if _broker_reachable() else ["--no-broker"]
    with tempfile.TemporaryDirectory() as tmp:
        harvest_db = f"sqlite:///{tmp}/harvest.sqlite"
        provider_db = f"sqlite:///{tmp}/provider.sqlite"
        for script, args in [
            ("bench_mapping.py", []),
            ("bench_rules.py", []),
            ("bench_harvest.py", ["--database-url", harvest_db, "--records", harvest_n]),
            ("bench_gating.py", ["--records", "5000"]),
            ("bench_store.py", []),
            ("bench_provider.py", ["--database-url", provider_db, "--records", provider_n]),
            ("bench_documents.py", []),
            ("bench_reprocess.py", ["--records", reprocess_n, *broker]),
        ]:
            if (HERE / script).exists():
                failures += _run(script, *args) != 0
        if pg:
            failures += _run("bench_harvest.py", "--database-url", pg, "--records", harvest_n) != 0
            failures += _run("bench_store.py", "--database-url", pg) != 0
            failures += (
                _run("bench_provider.py", "--database-url", pg, "--records", provider_n) != 0
            )
            failures += (
                _run("bench_reprocess.py", "--database-url", pg, "--records", reprocess_n, *broker)
                != 0
            )
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
