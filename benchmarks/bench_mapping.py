"""Throughput of the ST.66 → ST.96 pipeline on one core, against the floor of lxml itself.

Prints records/s for ``process_record`` (parse, map, XSD validate, oai_dc, serialise) and for
the floor: a bare lxml parse of the resulting ST.96 bytes plus XSD validation with the same
compiled schema. The ratio says how much the mapping adds on top of what any validating
pipeline must pay. Target: ≥ 3,000 records/s for ~5 KB trademark records.

Both are timed in short alternating rounds (pipeline, floor, pipeline, floor, ...) so that load
from other processes on a shared machine hits both alike; each figure is the best round, in
CPU time of this process (``time.process_time``, what one core spends) and in wall time
(``time.perf_counter``). The ratio is the median of the per-round ratios (CPU time). On a busy
machine compare the ratio, or run it under ``nice -n -5`` (needs privileges).

Usage: ``python benchmarks/bench_mapping.py [--records N] [--rounds R] [--round-seconds S]``
"""

from __future__ import annotations

import statistics
import sys
import time
from pathlib import Path

from common import corpus, one_round, round_arguments
from lxml import etree

from mappings.pipeline import process_record
from xsd.validator import schema_for

TARGET = 3000


def main() -> None:
    args = round_arguments(__doc__, records=400, rounds=15, round_seconds=0.2)

    records = corpus(args.records)
    size = sum(len(raw) for _, raw in records) / len(records)
    t0 = time.perf_counter()
    schema = schema_for("trademarks")
    compile_s = time.perf_counter() - t0
    if schema is None:
        print("ST.96 schemas not found: set IPHUB_ST96_XSD_DIR (validation would be skipped)")
        sys.exit(1)
    outputs = [process_record("st66", raw, office) for office, raw in records]
    invalid = sum(r.validation_status != "valid" for r in outputs)
    st96 = [r.st96 for r in outputs]

    def pipeline(rec: tuple[str, bytes]) -> None:
        process_record("st66", rec[1], rec[0])

    def floor(data: bytes) -> None:
        schema.validate(etree.fromstring(data))

    rounds = []
    for _ in range(args.rounds):
        p = one_round(pipeline, records, args.round_seconds)
        f = one_round(floor, st96, args.round_seconds)
        rounds.append((p, f))
    p_cpu = min(p[0] for p, _ in rounds)
    p_wall = min(p[1] for p, _ in rounds)
    f_cpu = min(f[0] for _, f in rounds)
    f_wall = min(f[1] for _, f in rounds)
    ratio = statistics.median(p[0] / f[0] for p, f in rounds)

    print(f"command: {' '.join([Path(sys.executable).name, *sys.argv])}")
    print(
        f"records: {len(records)} (mean source size {size / 1024:.1f} KB, "
        f"mean ST.96 size {sum(map(len, st96)) / len(st96) / 1024:.1f} KB, "
        f"mean oai_dc size {sum(len(r.dc) for r in outputs) / len(outputs) / 1024:.1f} KB), "
        f"invalid: {invalid}"
    )
    print(f"schema compile (once per process): {compile_s:.2f} s")
    print(
        f"rounds: {args.rounds} x ({args.round_seconds:.2f} s pipeline + "
        f"{args.round_seconds:.2f} s floor), best round shown"
    )
    print(
        f"map+validate (process_record): {1 / p_cpu:,.0f} records/s CPU time "
        f"({p_cpu * 1e6:.0f} µs/record), {1 / p_wall:,.0f} records/s wall"
    )
    print(
        f"floor (lxml parse + XSD validate of the ST.96 output): {1 / f_cpu:,.0f} records/s "
        f"CPU time ({f_cpu * 1e6:.0f} µs/record), {1 / f_wall:,.0f} records/s wall"
    )
    print(f"ratio pipeline/floor (CPU time, median of rounds): {ratio:.2f}x")
    print(
        f"target {TARGET:,} records/s CPU: {'met' if 1 / p_cpu >= TARGET else 'NOT met'}; "
        f"on an idle machine (floor ≈ 20,000 records/s) this ratio means "
        f"≈ {20000 / ratio:,.0f} records/s"
    )


if __name__ == "__main__":
    main()
