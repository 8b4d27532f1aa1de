"""Throughput of mapping to ST.96 on one core, against the floor of lxml itself, for
trademarks (ST.66), patents (ST.36) and designs (ST.86).

For each IP type three things are timed on the same records:

* **map + validate** — :func:`mappings.pipeline.map_and_validate`: parse the source with the
  hardened parser, map it to ST.96, validate it against the WIPO schema. This is the figure
  the mapping issue sets (target ≥ 3,000 records/s for ~5 KB trademark records).
* **full pipeline** — :func:`mappings.pipeline.process_record`, what a harvest pays per
  record: the above plus the quality rules, the oai_dc rendering and serialising both.
* **floor** — a bare lxml parse of the resulting ST.96 bytes plus XSD validation with the same
  compiled schema: what any validating pipeline must pay.

Trademarks are the complete ST.66 fixtures of tests/data (about 4 KB each); patents and designs
are the simulator's records of every office that has them (defects included). Everything is
timed in short alternating rounds (map+validate, full, floor, map+validate, ...) so load from
other processes hits all alike; each figure is the best round, in CPU time of this process
(``time.process_time``: what one core spends). The ratios are medians of per-round ratios.

Usage: ``python benchmarks/bench_mapping.py [--records N] [--rounds R] [--round-seconds S]``
"""

from __future__ import annotations

import statistics
import sys
import time
from pathlib import Path

from common import corpus, one_round, round_arguments
from lxml import etree

from mappings.pipeline import MAPPERS, map_and_validate, process_record
from simulator.generators import generator
from simulator.offices import OFFICES
from xsd.validator import schema_for

TARGET = 3000
ASSUMED_FLOOR = 20_000  # the measurement of the floor on its machines


def simulated(ip_type: str, n: int) -> list[tuple[str, bytes]]:
    """``n`` records of ``ip_type``, taken in turn from every office that has a profile."""
    offices = []
    for code in sorted(OFFICES):
        try:
            generator(ip_type, code).record(code, 1, 0)
        except (ValueError, KeyError):
            continue
        offices.append(code)
    return [
        (code, generator(ip_type, code).record(code, 1, i // len(offices)))
        for i, code in ((i, offices[i % len(offices)]) for i in range(n))
    ]


def workloads(n: int) -> list[tuple[str, str, list[tuple[str, bytes]]]]:
    return [
        ("trademarks", "st66", corpus(n)),
        ("patents", "st36", simulated("patents", n)),
        ("designs", "st86", simulated("designs", n)),
    ]


def measure(ip_type: str, prefix: str, records, args) -> None:
    t0 = time.perf_counter()
    schema = schema_for(ip_type)
    compile_s = time.perf_counter() - t0
    if schema is None:
        print("ST.96 schemas not found: set IPHUB_ST96_XSD_DIR (validation would be skipped)")
        sys.exit(1)
    outputs = [process_record(prefix, raw, office) for office, raw in records]
    invalid = sum(r.validation_status != "valid" for r in outputs)
    st96 = [r.st96 for r in outputs]

    def mapped(rec: tuple[str, bytes]) -> None:
        map_and_validate(prefix, rec[1], rec[0])

    def full(rec: tuple[str, bytes]) -> None:
        process_record(prefix, rec[1], rec[0])

    def floor(data: bytes) -> None:
        schema.validate(etree.fromstring(data))

    rounds = [
        (
            one_round(mapped, records, args.round_seconds)[0],
            one_round(full, records, args.round_seconds)[0],
            one_round(floor, st96, args.round_seconds)[0],
        )
        for _ in range(args.rounds)
    ]
    m, p, f = (min(r[i] for r in rounds) for i in range(3))
    m_ratio = statistics.median(r[0] / r[2] for r in rounds)
    p_ratio = statistics.median(r[1] / r[2] for r in rounds)
    kb = sum(len(raw) for _, raw in records) / len(records) / 1024
    out_kb = sum(map(len, st96)) / len(st96) / 1024
    print(f"\n{ip_type} ({prefix}): {len(records)} records, mean source {kb:.1f} KB, "
          f"ST.96 {out_kb:.1f} KB, invalid {invalid}; schema compiled once in "
          f"{compile_s:.2f} s")  # fmt: skip
    print(f"  map + validate   {1 / m:8,.0f} records/s  ({m * 1e6:4.0f} µs)  "
          f"{m_ratio:5.2f}x floor")  # fmt: skip
    print(f"  full pipeline    {1 / p:8,.0f} records/s  ({p * 1e6:4.0f} µs)  "
          f"{p_ratio:5.2f}x floor  (+ rules, oai_dc, serialising)")  # fmt: skip
    print(f"  floor            {1 / f:8,.0f} records/s  ({f * 1e6:4.0f} µs)  "
          "lxml parse + XSD validate of the ST.96 output")  # fmt: skip
    if ip_type == "trademarks":
        verdict = "met" if 1 / m >= TARGET else "NOT met"
        print(f"  target {TARGET:,} records/s map + validate (CPU time): {verdict} on this "
              f"machine; {m_ratio:.2f}x the floor is ≈ {ASSUMED_FLOOR / m_ratio:,.0f} records/s "
              f"at the {ASSUMED_FLOOR:,} records/s floor the goal assumes")  # fmt: skip


def main() -> None:
    args = round_arguments(__doc__, records=400, rounds=9, round_seconds=0.2)
    print(f"command: {' '.join([Path(sys.executable).name, *sys.argv])}")
    print(f"rounds: {args.rounds} x 3 x {args.round_seconds:.2f} s; best round, CPU time")
    for ip_type, prefix, records in workloads(args.records):
        assert MAPPERS[prefix][0] == ip_type
        measure(ip_type, prefix, records, args)


if __name__ == "__main__":
    main()
