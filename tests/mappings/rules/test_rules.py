"""The rules engine: every defect the offices named is found, clean records stay clean, the
mapper's own finding wins over a duplicate, and the registry is well formed."""

from __future__ import annotations

from datetime import date

import pytest
from lxml import etree
from quality_support import BASES, DATA, DEFECTS, defect_params

from mappings.model import SEVERITIES, Finding
from mappings.pipeline import process_record
from mappings.rules import REGISTRY, check_processed, rules_for, run_rules
from mappings.rules.engine import IP_TYPES, element_path

TODAY = date(2026, 11, 26)


def _findings(prefix: str, raw: bytes) -> tuple[Finding, ...]:
    return check_processed(process_record(prefix, raw, "KH"), today=TODAY)


@pytest.mark.parametrize("defect", defect_params())
def test_defect_is_found(defect):
    ids = [f.rule_id for f in _findings(defect.prefix, defect.bad())]
    assert defect.rule_id in ids


@pytest.mark.parametrize("defect", DEFECTS, ids=[d.name for d in DEFECTS])
def test_fixed_record_does_not_have_it(defect):
    ids = [f.rule_id for f in _findings(defect.prefix, defect.good())]
    assert defect.rule_id not in ids


@pytest.mark.parametrize("base", sorted(BASES))
def test_bases_have_no_errors(base):
    prefix, name = BASES[base]
    findings = _findings(prefix, (DATA / name).read_bytes())
    assert [f for f in findings if f.severity in ("critical", "error")] == []


def test_findings_are_unique_and_point_at_st96_paths():
    for defect in DEFECTS:
        findings = _findings(defect.prefix, defect.bad())
        assert len(findings) == len(set(findings))
        for finding in findings:
            if finding.rule_id != "MAP-UNMAPPED-ELEMENT":  # points at the source element
                assert finding.path.startswith(("/tmk:", "/pat:", "/dgn:")), finding


def test_mapper_finding_wins_over_the_same_tree_finding():
    defect = next(d for d in DEFECTS if d.rule_id == "TM-NICE-CLASS-INVALID")
    findings = _findings(defect.prefix, defect.bad())
    assert [f.rule_id for f in findings].count("TM-NICE-CLASS-INVALID") == 1


def test_alias_suppresses_the_rules_twin():
    defect = next(d for d in DEFECTS if d.rule_id == "TM-DATE-REGISTRATION-BEFORE-APPLICATION")
    ids = [f.rule_id for f in _findings(defect.prefix, defect.bad())]
    assert "DATE-REGISTRATION-BEFORE-FILING" not in ids


def test_tree_rule_fires_without_mapper():
    """ST.96 input: the registration-before-filing tree check reports it itself."""
    raw = (DATA / "KH-design.st96.xml").read_bytes()
    raw = raw.replace(b"<com:RegistrationDate>2007-09-02", b"<com:RegistrationDate>1990-01-01")
    raw = raw.replace(
        b"<dgn:DesignTitleText",
        b"<com:ApplicationDate>2000-01-01</com:ApplicationDate><dgn:DesignTitleText",
    )
    root = etree.fromstring(raw)
    ids = [f.rule_id for f in run_rules("designs", root, (), today=TODAY)]
    assert "DATE-REGISTRATION-BEFORE-FILING" in ids


def test_future_dates_allowed_for_expiry():
    raw = (DATA / "KH-design.st96.xml").read_bytes().replace(b"2022-09-02", b"2099-09-02")
    root = etree.fromstring(raw)
    assert "DATE-IN-FUTURE" not in {f.rule_id for f in run_rules("designs", root, today=TODAY)}


def test_unreadable_date_and_partial_dates():
    raw = (DATA / "KH-design.st96.xml").read_bytes()
    root = etree.fromstring(
        raw.replace(b"2007-09-02</com:RegistrationDate>", b"2007-02-30</com:RegistrationDate>")
    )
    found = [f for f in run_rules("designs", root, today=TODAY) if f.rule_id == "DATE-INVALID"]
    assert [f.path for f in found] == ["/dgn:Design/com:RegistrationDate"]
    partial = etree.fromstring(
        raw.replace(b"2007-09-02</com:RegistrationDate>", b"2007-09</com:RegistrationDate>")
    )
    assert "DATE-INVALID" not in {f.rule_id for f in run_rules("designs", partial, today=TODAY)}


def test_country_code_checked_in_st96_input():
    raw = (
        (DATA / "KH-patent.st96.xml")
        .read_bytes()
        .replace(b"<com:CountryCode>KH</com:CountryCode>", b"<com:CountryCode>UK</com:CountryCode>")
    )
    found = [
        f
        for f in run_rules("patents", etree.fromstring(raw), today=TODAY)
        if f.rule_id == "CODE-COUNTRY-INVALID"
    ]
    assert len(found) == 1 and "'UK'" in found[0].message


def test_xsd_errors_become_findings_when_the_pipeline_did_not():
    root = etree.fromstring((DATA / "KH-design.st96.xml").read_bytes())
    errors = ("/dgn:Design/com:ColourIndicator: 'maybe' is not a valid value", "line 3: odd")
    found = [
        f
        for f in run_rules("designs", root, validation_errors=errors, today=TODAY)
        if f.rule_id == "XSD-INVALID"
    ]
    assert [f.path for f in found] == ["/dgn:Design/com:ColourIndicator", "/dgn:Design"]


def test_no_tree_means_mapping_findings_only():
    mapped = (Finding("VOCAB-UNKNOWN-VALUE", "warning", "/x", "m"),)
    assert run_rules("trademarks", None, mapped) == mapped


def test_element_path_positions_only_when_needed():
    root = etree.fromstring(
        b'<a xmlns="http://www.wipo.int/standards/XMLSchema/ST96/Common"><b/><c/><c/></a>'
    )
    assert element_path(root[0]) == "/com:a/com:b"
    assert element_path(root[2]) == "/com:a/com:c[2]"


def test_registry_is_well_formed():
    assert len(REGISTRY) >= 30
    for rule in REGISTRY.values():
        assert rule.severity in SEVERITIES
        assert rule.ip_types and rule.ip_types <= set(IP_TYPES)
        assert rule.message and rule.suggestion
        assert rule.id == rule.id.upper() and " " not in rule.id
    assert {r.family for r in REGISTRY.values()} == {
        "trademarks",
        "patents",
        "designs",
        "parties",
        "dates",
        "codes",
        "xsd",
        "coverage",
        "mapping",
        "generated",
        "harvest",
    }
    assert all(r.check for r in rules_for("patents"))
