"""The simulator's planted quality defects give findings that name real fields of the simulated
records (issue 18): a source field the office can look up in the record it sent."""

from __future__ import annotations

import pytest

from mappings.coverage import TABLES
from mappings.pipeline import process_record
from mappings.source_fields import record_paths
from mappings.xmlsafe import parse_xml
from simulator import designs, patents
from simulator.generators import generator
from simulator.offices import OFFICES

CASES = [
    *(("trademarks", code) for code in sorted(OFFICES)),
    *(("patents", code) for code in sorted(patents.OFFICES)),
    *(("designs", code) for code in sorted(designs.PROFILES)),
]
SEED = 3
#: defective records checked per office and IP type
SAMPLE = 4


def _defective(ip_type: str, office: str):
    """The first :data:`SAMPLE` records of the office carrying a planted defect."""
    gen = generator(ip_type, office)
    found = []
    for index in range(400):
        if gen.defects(office, SEED, index):
            found.append(gen.record(office, SEED, index))
            if len(found) == SAMPLE:
                break
    return gen.metadata_prefix, found


@pytest.mark.parametrize(("ip_type", "office"), CASES, ids=[f"{t}-{o}" for t, o in CASES])
def test_every_source_field_is_a_field_of_the_record(ip_type: str, office: str) -> None:
    prefix, records = _defective(ip_type, office)
    assert records
    named = 0
    for raw in records:
        present = record_paths(prefix, parse_xml(raw))
        for finding in process_record(prefix, raw, office).findings:
            if finding.source_field is None:
                assert finding.generated, f"{finding.rule_id} at {finding.path} names no field"
                continue
            field = finding.source_field.split("[@", 1)[0]  # an unmapped attribute's element
            if field in present:
                named += 1
                continue
            # a field the record lacks: it is where the missing value belongs
            assert finding.rule_id.endswith("-MISSING"), (finding.rule_id, field)
            assert field in TABLES[prefix], field
            assert any(field.startswith(p + "/") for p in present), field
    assert named, "the defects name fields the records hold"
