"""``make bench``: run every benchmark at its default size and print the figures.

Each benchmark is a plain script that prints its own figures; this runner only sequences them
(on SQLite, and on PostgreSQL when IPHUB_BENCH_DATABASE_URL is set) so one command reproduces
docs/benchmarks.md. Sizes are set by environment variables so a big run is deliberate:
IPHUB_BENCH_RECORDS (harvest), IPHUB_BENCH_PROVIDER_RECORDS (provider).
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent


def _run(script: str, *args: str) -> int:
    command = [sys.executable, str(HERE / script), *args]
    print(f"\n$ {' '.join(command)}", flush=True)
    return subprocess.call(command)


def main() -> int:
    failures = 0
    pg = os.environ.get("IPHUB_BENCH_DATABASE_URL")
    harvest_n = os.environ.get("IPHUB_BENCH_RECORDS", "10000")
    provider_n = os.environ.get("IPHUB_BENCH_PROVIDER_RECORDS", "100000")
    with tempfile.TemporaryDirectory() as tmp:
        harvest_db = f"sqlite:///{tmp}/harvest.sqlite"
        provider_db = f"sqlite:///{tmp}/provider.sqlite"
        for script, args in [
            ("bench_mapping.py", []),
            ("bench_rules.py", []),
            ("bench_harvest.py", ["--database-url", harvest_db, "--records", harvest_n]),
            ("bench_store.py", []),
            ("bench_provider.py", ["--database-url", provider_db, "--records", provider_n]),
            ("bench_documents.py", []),
        ]:
            if (HERE / script).exists():
                failures += _run(script, *args) != 0
        if pg:
            failures += _run("bench_harvest.py", "--database-url", pg, "--records", harvest_n) != 0
            failures += _run("bench_store.py", "--database-url", pg) != 0
            failures += (
                _run("bench_provider.py", "--database-url", pg, "--records", provider_n) != 0
            )
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
