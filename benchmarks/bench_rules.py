"""What rule checking adds to mapping and validation, for ~5 KB trademark records.

Times ``map_and_validate`` (parse, map, XSD validate: what the rules are an overhead on) and
``run_rules`` on the resulting ST.96 tree, in short alternating rounds (so load from other
processes hits both alike), in CPU time of this process. Prints records/s of each and the
overhead of the rules relative to map + validate: the target is ≤ 30 %. ``check_processed``
(which parses the ST.96 bytes once more) is timed too, as the ingest would call it if it had
no tree at hand.

Usage: ``python benchmarks/bench_rules.py [--records N] [--rounds R] [--round-seconds S]``
"""

from __future__ import annotations

import statistics
import sys

from common import corpus, one_round, round_arguments
from lxml import etree

from mappings.pipeline import map_and_validate, process_record
from mappings.rules import check_processed, run_rules

TARGET = 0.30


def timed(fn, items, seconds: float) -> float:
    """CPU seconds per item of ``fn`` over ``items``, repeated for about ``seconds``."""
    return one_round(fn, items, seconds)[0]


def main() -> None:
    args = round_arguments(__doc__, records=200, rounds=7, round_seconds=1.0)
    records = corpus(args.records)
    processed = [process_record("st66", raw, office) for office, raw in records]
    trees = [(p, etree.fromstring(p.st96)) for p in processed]
    size = sum(len(raw) for _, raw in records) / len(records)

    def pipeline(item):
        return map_and_validate("st66", item[1], item[0])

    def rules(item):
        return run_rules("trademarks", item[1], item[0].findings)

    pipe_t, rule_t, check_t, ratios = [], [], [], []
    for _ in range(args.rounds):
        p = timed(pipeline, records, args.round_seconds)
        r = timed(rules, trees, args.round_seconds)
        c = timed(check_processed, processed, args.round_seconds / 2)
        pipe_t.append(p)
        rule_t.append(r)
        check_t.append(c)
        ratios.append(r / p)
    ratio = statistics.median(ratios)
    print(f"records: {len(records)} of {size / 1024:.1f} KB on average")
    print(f"map+validate (map_and_validate): {1 / min(pipe_t):6.0f} records/s")
    print(
        f"run_rules on the ST.96 tree:   {1 / min(rule_t):8.0f} records/s "
        f"({min(rule_t) * 1e6:.0f} µs/record)"
    )
    print(f"check_processed (re-parse):    {1 / min(check_t):8.0f} records/s")
    print(f"overhead of the rules: {ratio:.1%} of map+validate (target ≤ {TARGET:.0%})")
    sys.exit(0 if ratio <= TARGET else 1)


if __name__ == "__main__":
    main()
