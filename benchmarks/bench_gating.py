"""What delivery gating adds to harvest time: ``bench_harvest.py`` without and with ``--gate``.

Runs alternate in ABBA order (off, on, on, off, ...) so that a drift of the machine's load
moves both sides alike; each run is a fresh process, a fresh store and the same simulated
office. Prints every run's harvest seconds, the median of each side and the overhead of the
medians (goal < 5 %), with the load average and the command.

Usage: ``python benchmarks/bench_gating.py [--database-url URL] [--records N] [--pairs K]
[--workers W]``
"""

from __future__ import annotations

import argparse
import os
import re
import shlex
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
SECONDS = re.compile(r"^harvest\s+[\d,]+ records/s\s+\(([\d.]+)s\)", re.MULTILINE)


def one_run(records: int, workers: int, url: str | None, gate: bool) -> float:
    """Harvest seconds of one ``bench_harvest.py`` run (its own store and office)."""
    with tempfile.TemporaryDirectory() as tmp:
        database = url or f"sqlite:///{tmp}/harvest.sqlite"
        command = [sys.executable, str(HERE / "bench_harvest.py"), "--records", str(records),
                   "--workers", str(workers), "--database-url", database, "--no-floor-after",
                   *(["--gate"] if gate else [])]  # fmt: skip
        output = subprocess.run(command, capture_output=True, text=True, check=True).stdout
    found = SECONDS.search(output)
    if found is None:
        raise RuntimeError(f"no harvest figure in:\n{output}")
    return float(found.group(1))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database-url", help="default: a SQLite file per run")
    parser.add_argument("--records", type=int, default=5_000)
    parser.add_argument("--pairs", type=int, default=3)
    parser.add_argument("--workers", type=int, default=0)
    args = parser.parse_args()
    load_before = os.getloadavg()
    times: dict[bool, list[float]] = {False: [], True: []}
    for pair in range(args.pairs):
        order = (False, True) if pair % 2 == 0 else (True, False)
        for gate in order:
            seconds = one_run(args.records, args.workers, args.database_url, gate)
            times[gate].append(seconds)
            print(f"run {pair + 1}{'b' if gate == order[1] else 'a'}  gating "
                  f"{'on ' if gate else 'off'}  {seconds:.2f}s", flush=True)  # fmt: skip
    off, on = statistics.median(times[False]), statistics.median(times[True])
    backend = "postgresql" if args.database_url else "sqlite"
    print(f"database           {backend}, {args.records:,} records, {args.pairs} pairs (ABBA)")
    print(f"median off / on    {off:.2f}s / {on:.2f}s")
    print(f"overhead           {(on - off) / off:+.1%}   (goal < 5 %)")
    print(f"load average       {' '.join(f'{x:.2f}' for x in load_before)} before, "
          f"{' '.join(f'{x:.2f}' for x in os.getloadavg())} after")  # fmt: skip
    print(f"command            {shlex.join([Path(sys.executable).name, *sys.argv])}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
