"""Throughput of the ST.66 → ST.96 pipeline on one core, against the floor of lxml itself.

Prints records/s for ``process_record`` (parse, map, XSD validate, oai_dc, serialise) and for
the floor: a bare lxml parse of the resulting ST.96 bytes plus XSD validation with the same
compiled schema. The ratio says how much the mapping adds on top of what any validating
pipeline must pay. Target: ≥ 3,000 records/s for ~5 KB trademark records.

Usage: ``python benchmarks/bench_mapping.py [--records N] [--seconds S]``
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

PROJECT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(PROJECT))

from lxml import etree  # noqa: E402

from mappings.pipeline import process_record  # noqa: E402
from xsd.validator import schema_for  # noqa: E402

FIXTURES = sorted((PROJECT / "tests" / "data" / "st66").glob("*-complete.xml"))


def corpus(n: int) -> list[tuple[str, bytes]]:
    """``n`` records cycling over the complete fixtures, each with its own number."""
    base = [(p.name[:2], p.read_bytes()) for p in FIXTURES]
    out = []
    for i in range(n):
        office, raw = base[i % len(base)]
        out.append(
            (office, raw.replace(b"</ApplicationNumber>", f"-{i}</ApplicationNumber>".encode()))
        )
    return out


def rate(fn, items, seconds: float) -> float:
    """Records per second of ``fn`` over ``items``, repeated for at least ``seconds``."""
    done, start = 0, time.perf_counter()
    while True:
        for item in items:
            fn(item)
        done += len(items)
        elapsed = time.perf_counter() - start
        if elapsed >= seconds:
            return done / elapsed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--records", type=int, default=2000)
    parser.add_argument("--seconds", type=float, default=3.0)
    args = parser.parse_args()

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

    pipeline = rate(lambda rec: process_record("st66", rec[1], rec[0]), records, args.seconds)
    floor = rate(lambda b: schema.validate(etree.fromstring(b)), st96, args.seconds)

    print(
        f"records: {len(records)} (mean source size {size / 1024:.1f} KB, "
        f"mean ST.96 size {sum(map(len, st96)) / len(st96) / 1024:.1f} KB), invalid: {invalid}"
    )
    print(f"schema compile (once per process): {compile_s:.2f} s")
    print(f"map+validate (process_record): {pipeline:,.0f} records/s")
    print(f"floor (lxml parse + XSD validate of the ST.96 output): {floor:,.0f} records/s")
    print(f"ratio floor/pipeline: {floor / pipeline:.2f}x")


if __name__ == "__main__":
    main()
