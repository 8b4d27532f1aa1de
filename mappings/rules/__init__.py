"""Data-quality rules over mapped ST.96 records (issue 8).

``run_rules(ip_type, st96_root, mapping_findings)`` returns the record's findings: the mapping's
own (unknown vocabulary values, unmapped elements, generated values, ...) followed by the
findings of every rule of the registry that applies to the IP type. Rules are pure and cheap;
see :mod:`mappings.rules.engine` for what a rule is and one module per family for the rules.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import date
from fnmatch import fnmatchcase

from lxml import etree

from mappings.model import Finding, ProcessedRecord
from mappings.rules import (
    codes,
    coverage,
    dates,
    designs,
    generated,
    harvest,
    mapping,
    parties,
    patents,
    trademarks,
    xsd,
)
from mappings.rules.engine import IP_TYPES, RecordContext, Rule

__all__ = ["REGISTRY", "Rule", "check_processed", "rules_for", "run_rules"]

FAMILIES = (trademarks, patents, designs, parties, dates, codes, xsd, coverage, mapping, generated,
            harvest)  # fmt: skip

REGISTRY: dict[str, Rule] = {}
for _family in FAMILIES:
    for _rule in _family.RULES:
        if _rule.id in REGISTRY:
            raise RuntimeError(f"rule id {_rule.id} is declared twice")
        REGISTRY[_rule.id] = _rule

_BY_TYPE: dict[str, tuple[Rule, ...]] = {
    ip_type: tuple(r for r in REGISTRY.values() if r.check and ip_type in r.ip_types)
    for ip_type in IP_TYPES
}


def rules_for(ip_type: str) -> tuple[Rule, ...]:
    """The checked rules applying to ``ip_type`` (mapping-reported rules excluded)."""
    return _BY_TYPE.get(ip_type, ())


def run_rules(
    ip_type: str,
    st96_root: etree._Element | None,
    mapping_findings: Iterable[Finding] = (),
    *,
    validation_errors: Iterable[str] = (),
    today: date | None = None,
) -> tuple[Finding, ...]:
    """All findings of one record: the mapping's, then the rules', without duplicates.

    ``validation_errors`` are the XSD errors of an *invalid* record (not the reason of a
    skipped validation). When a mapper already reported a defect (same rule id, or one of the
    rule's aliases, at the same place) its finding wins: it knows what the source said.
    """
    mapped = tuple(mapping_findings)
    if st96_root is None:
        return mapped
    ctx = RecordContext(
        ip_type,
        st96_root,
        mapped,
        tuple(validation_errors),
        (today or date.today()).isoformat(),
    )
    reported = _Reported(mapped)
    found = dict.fromkeys(mapped)  # ordered, without duplicates
    for r in _BY_TYPE.get(ip_type, ()):
        for finding in r.check(ctx, r):
            if not reported.covers(r, finding, ctx):
                found[finding] = None
    return tuple(found)


def check_processed(
    processed: ProcessedRecord, *, today: date | None = None
) -> tuple[Finding, ...]:
    """``run_rules`` for a pipeline result: parses its ST.96 bytes once more (≈ 50 µs)."""
    root = None
    if processed.st96:
        root = etree.fromstring(processed.st96, _PARSER)
    errors = processed.validation_errors if processed.validation_status == "invalid" else ()
    return run_rules(
        processed.ip_type, root, processed.findings, validation_errors=errors, today=today
    )


_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False)


_POSITION = re.compile(r"\[\d+\]")


def _normal(path: str) -> str:
    """Paths compared without positions: mappers often point at ``Applicant``, not ``[2]``."""
    return _POSITION.sub("", path)


#: (rule id, its aliases, a mapping's rule id) → whether that id reports the rule's defect
#: (``fnmatch`` once per pair, not once per finding).
_REPORTS: dict[tuple[str, tuple[str, ...], str], bool] = {}


def _reports(r: Rule, mapped_id: str) -> bool:
    key = (r.id, r.aliases, mapped_id)
    hit = _REPORTS.get(key)
    if hit is None:
        hit = mapped_id == r.id or any(fnmatchcase(mapped_id, a) for a in r.aliases)
        if len(_REPORTS) < 10_000:  # mapping ids are a small set; odd input must not grow it
            _REPORTS[key] = hit
    return hit


class _Reported:
    """The mapping's findings indexed for the "mapper wins" comparison (their paths only when
    a rule's finding has to be compared with them: most records never need it)."""

    __slots__ = ("_keys", "ids", "mapped")

    def __init__(self, mapped: tuple[Finding, ...]) -> None:
        self.mapped = mapped
        self.ids = {f.rule_id for f in mapped}
        self._keys: set[tuple[str, str]] | None = None

    def covers(self, r: Rule, finding: Finding, ctx: RecordContext) -> bool:
        if not self.ids:
            return False
        ids = [i for i in self.ids if _reports(r, i)]
        if not ids:
            return False
        if finding.path == r.path_for(ctx.ip_type):  # a record-level finding: the id suffices
            return True
        if self._keys is None:
            self._keys = {(f.rule_id, _normal(f.path)) for f in self.mapped}
        path = _normal(finding.path)
        return any((i, path) in self._keys for i in ids)
