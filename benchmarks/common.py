"""What the mapping benchmarks share: the project on ``sys.path``, the ST.66 corpus, the
command line and one timed round.

Imported by the scripts in this folder as ``common`` (they are run as
``python benchmarks/bench_*.py``, which puts this folder first on ``sys.path``).
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

PROJECT = Path(__file__).resolve().parent.parent
if str(PROJECT) not in sys.path:
    sys.path.insert(0, str(PROJECT))

FIXTURES = sorted((PROJECT / "tests" / "data" / "st66").glob("*-complete.xml"))


def corpus(n: int) -> list[tuple[str, bytes]]:
    """``n`` records cycling over the complete fixtures, each with its own number."""
    base = [(p.name[:2], p.read_bytes()) for p in FIXTURES]
    return [
        (office, raw.replace(b"</ApplicationNumber>", f"-{i}</ApplicationNumber>".encode()))
        for i, (office, raw) in ((i, base[i % len(base)]) for i in range(n))
    ]


def round_arguments(
    doc: str, records: int, rounds: int, round_seconds: float
) -> argparse.Namespace:
    """``--records``, ``--rounds`` and ``--round-seconds`` with these defaults."""
    parser = argparse.ArgumentParser(description=doc.splitlines()[0])
    parser.add_argument("--records", type=int, default=records)
    parser.add_argument("--rounds", type=int, default=rounds)
    parser.add_argument("--round-seconds", type=float, default=round_seconds)
    return parser.parse_args()


def one_round(fn, items, seconds: float) -> tuple[float, float]:
    """(CPU seconds per record, wall seconds per record) of ``fn`` over ``items``, repeated
    for at least ``seconds`` of CPU time."""
    done = 0
    cpu0, wall0 = time.process_time(), time.perf_counter()
    while True:
        for item in items:
            fn(item)
        done += len(items)
        cpu = time.process_time() - cpu0
        if cpu >= seconds:
            return cpu / done, (time.perf_counter() - wall0) / done
