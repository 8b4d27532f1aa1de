"""Every element the simulated offices generate is declared in its format's coverage table.

The simulator is what the harvester, the mappers and the node are exercised against: a path it
generates that no table declares would be silently dropped in every test run.
"""

from __future__ import annotations

import pytest

from mappings.coverage import TABLES, coverage_report
from simulator import designs, patents
from simulator.generators import GENERATORS
from simulator.offices import OFFICES

RECORDS = 200
SEED = 20240611
#: The ST.66 trademarks per office, the ST.36 patents and the ST.86 designs of every office.
SIMULATED = {"trademarks": OFFICES, "patents": patents.OFFICES, "designs": designs.PROFILES}
CASES = [
    pytest.param(ip_type, office, id=f"{GENERATORS[ip_type].metadata_prefix}-{office}")
    for ip_type, offices in SIMULATED.items()
    for office in sorted(offices)
]


@pytest.mark.parametrize(("ip_type", "office"), CASES)
def test_simulated_records_have_no_unmapped_paths(ip_type: str, office: str) -> None:
    generator = GENERATORS[ip_type]
    prefix = generator.metadata_prefix
    assert prefix in TABLES
    raws = ((prefix, generator.record(office, SEED, index)) for index in range(RECORDS))
    report = coverage_report(office, raws)
    assert report.records == RECORDS
    assert report.failures == []
    assert [(e.path, e.count) for e in report.unmapped] == []
    assert report.counts()["mapped"] > 40
    # attribute values that are numbers or identifiers do not make one path per record
    assert len(report.entries) < 400
