"""Fixtures for the mapping tests: the ST.66 sample records and the shared reference data."""

from __future__ import annotations

import sys
from collections import Counter
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

import pytest

from tests.schemas import needs_st96

PROJECT = Path(__file__).resolve().parents[2]
if str(PROJECT) not in sys.path:
    # The venv's editable install predates the mappings package (its finder maps only node and
    # xsd); until it is reinstalled, make the project root importable for these tests.
    sys.path.insert(0, str(PROJECT))
DATA = PROJECT / "tests" / "data"
SHARED = PROJECT.parent / "shared"
OFFICE_FORMATS = SHARED / "office-formats" / "trademarks"
ST66_FILES = sorted((DATA / "st66").glob("*.xml"))
IPAS_OFFICES = ("BN", "ID", "KH", "LA", "MY", "PH", "TH", "VN")

#: Office export paths and WIPO's examples exist only in ../shared; schemas are located apart.
needs_shared = pytest.mark.skipif(not SHARED.is_dir(), reason="../shared not present")
__all__ = ["needs_shared", "needs_st96"]


@pytest.fixture(scope="session")
def oai_dc_schema(oai_xsd_dir: Path):
    """oai_dc.xsd, compiled once (skips, naming `iphub xsd fetch`, when not installed)."""
    from lxml import etree

    return etree.XMLSchema(etree.parse(str(oai_xsd_dir / "oai_dc.xsd")))


def office_of(path: Path) -> str:
    """Fixture files are named OFFICE-description.xml."""
    return path.name.split("-", 1)[0]


@pytest.fixture(params=ST66_FILES, ids=lambda p: p.stem)
def st66_file(request: pytest.FixtureRequest) -> Path:
    return request.param


def defect_findings(findings) -> set[str]:
    """Rule ids of the findings that point at a defect (warnings and worse)."""
    return {f.rule_id for f in findings if f.severity in ("critical", "error", "warning")}


def check_generated_records(
    generator: Any,
    map_record: Callable,
    ip_type: str,
    office: str,
    defect_rules: Mapping[str, str],
    records: int,
) -> Counter[str]:
    """Map `records` simulated records of `office`: each maps to valid ST.96 and its planted
    defects produce exactly their findings (`defect_rules`). Returns the defects seen."""
    from lxml import etree

    from mappings.vocabulary import load_vocabulary
    from xsd.validator import validate

    vocab = load_vocabulary(office)
    seen: Counter[str] = Counter()
    for index in range(records):
        plan = generator.plan(office, 11, index)
        out, findings = map_record(etree.fromstring(generator.record(office, 11, index)), vocab)
        assert validate(out, ip_type) == ("valid", ()), (office, index)
        expected = {defect_rules[d] for d in plan.defects}
        assert defect_findings(findings) == expected, (office, index, plan.defects)
        seen.update(plan.defects)
    return seen
