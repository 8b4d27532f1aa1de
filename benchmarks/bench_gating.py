"""What delivery gating adds to harvest time: ``bench_harvest.py`` without and with ``--gate``.

Runs alternate in ABBA order (off, on, on, off, ...) so that a drift of the machine's load
moves both sides alike; each run is a fresh process, a fresh store and the same simulated
office. Prints every run's harvest seconds (wall, and CPU of the harvesting process), the
median of each side and the overhead of the medians (goal < 5 %), with the load average and
the command. On a shared machine wall time swings with the others' load; with ``--workers 1``
on SQLite every part of the harvest but the simulated office runs in the measured process, so
its CPU time is the steadier figure.

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
CPU = re.compile(r"^harvest cpu\s+([\d.]+)s", re.MULTILINE)
BESIDE = re.compile(r"^checkpoint beside\s+([\d.]+)s", re.MULTILINE)


def one_run(records: int, workers: int, url: str | None, gate: bool) -> tuple[float, float, float]:
    """Harvest seconds (wall, CPU of the harvesting process) of one ``bench_harvest.py`` run
    (its own store and office), and the seconds of the SQLite checkpoint it left beside the
    run (not in the harvest's time: reported so that the work moved is seen)."""
    with tempfile.TemporaryDirectory() as tmp:
        database = url or f"sqlite:///{tmp}/harvest.sqlite"
        command = [sys.executable, str(HERE / "bench_harvest.py"), "--records", str(records),
                   "--workers", str(workers), "--database-url", database, "--no-floor-after",
                   *(["--gate"] if gate else [])]  # fmt: skip
        output = subprocess.run(command, capture_output=True, text=True, check=True).stdout
    wall, cpu, beside = SECONDS.search(output), CPU.search(output), BESIDE.search(output)
    if wall is None or cpu is None:
        raise RuntimeError(f"no harvest figure in:\n{output}")
    return float(wall.group(1)), float(cpu.group(1)), float(beside.group(1)) if beside else 0.0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database-url", help="default: a SQLite file per run")
    parser.add_argument("--records", type=int, default=5_000)
    parser.add_argument("--pairs", type=int, default=3)
    parser.add_argument("--workers", type=int, default=0)
    args = parser.parse_args()
    load_before = os.getloadavg()
    times: dict[bool, list[tuple[float, float, float]]] = {False: [], True: []}
    for pair in range(args.pairs):
        order = (False, True) if pair % 2 == 0 else (True, False)
        for gate in order:
            wall, cpu, beside = one_run(args.records, args.workers, args.database_url, gate)
            times[gate].append((wall, cpu, beside))
            name = f"run {pair + 1}{'b' if gate == order[1] else 'a'}"
            state = "on " if gate else "off"
            print(f"{name}  gating {state}  {wall:.2f}s wall  {cpu:.2f}s cpu  "
                  f"{beside:.2f}s checkpoint beside", flush=True)  # fmt: skip
    backend = "postgresql" if args.database_url else "sqlite"
    print(f"database           {backend}, {args.records:,} records, {args.pairs} pairs (ABBA), "
          f"workers {args.workers}")  # fmt: skip
    for index, what in ((0, "wall"), (1, "cpu ")):
        off = statistics.median(t[index] for t in times[False])
        on = statistics.median(t[index] for t in times[True])
        print(f"median {what} off/on {off:.2f}s / {on:.2f}s   overhead {(on - off) / off:+.1%}"
              "   (goal < 5 %)")  # fmt: skip
    beside = statistics.median(t[2] for t in times[True])
    print(f"checkpoint beside  {beside:.2f}s median with gating (SQLite: the promotion's WAL "
          "checkpoint, in a thread of its own after the run, not in its time)")  # fmt: skip
    loads = (" ".join(f"{x:.2f}" for x in moment) for moment in (load_before, os.getloadavg()))
    command = shlex.join([Path(sys.executable).name, *sys.argv])
    print("load average       {} before, {} after\ncommand            {}".format(*loads, command))
    return 0


if __name__ == "__main__":
    sys.exit(main())
