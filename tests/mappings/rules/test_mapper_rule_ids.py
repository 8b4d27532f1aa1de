"""Every rule id a mapper can emit is in the rules registry, with fix guidance.

A mapper reports a finding by a rule id written in its code (``ctx.report("TM-...", ...)``,
``Finding("MAP-...", ...)``); an id missing from the registry reaches offices without a
description in ``docs/rules.md`` and without guidance on how to fix it. The ids are collected
from the source of ``mappings/`` (the rules package aside): every string that is a rule id, and
every f-string id (``f"TM-{kind.upper()}-NAME-MISSING"``) as a pattern.
"""

from __future__ import annotations

import ast
import re
from fnmatch import fnmatchcase
from pathlib import Path

import pytest

from mappings.rules import REGISTRY, Rule
from mappings.rules.guidance import guidance_for

MAPPINGS = Path(__file__).resolve().parents[3] / "mappings"
RULE_ID = re.compile(
    r"(TM|PAT|DES|SRC|MAP|VOCAB|ST96|SG-TM|DC|GENERATED|PARTY|DATE|CODE|XSD|HARVEST)-[A-Z0-9*-]+"
)


def _id_of(node: ast.expr) -> str | None:
    """The rule id a string or f-string node spells (``*`` for a formatted part), else None."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        text = node.value
    elif isinstance(node, ast.JoinedStr):
        text = "".join(v.value if isinstance(v, ast.Constant) else "*" for v in node.values)
    else:
        return None
    return text if RULE_ID.fullmatch(text) else None


def emitted_ids() -> dict[str, str]:
    """Rule id (or f-string pattern) → the module that can emit it."""
    found: dict[str, str] = {}
    for path in sorted(MAPPINGS.rglob("*.py")):
        if "rules" in path.relative_to(MAPPINGS).parts:
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            rule_id = _id_of(node) if isinstance(node, ast.Constant | ast.JoinedStr) else None
            if rule_id:
                found.setdefault(rule_id, str(path.relative_to(MAPPINGS.parent)))
    return found


def registered(rule_id: str) -> Rule | None:
    """The registry's rule for ``rule_id``: its own, or the rule it is an alias of (a pattern
    id ``TM-*-NAME-MISSING`` must match one of them)."""
    for rule in REGISTRY.values():
        names = (rule.id, *rule.aliases)
        if any(fnmatchcase(rule_id, n) or fnmatchcase(n, rule_id) for n in names):
            return rule
    return None


EMITTED = emitted_ids()


def test_the_scan_finds_the_mappers_ids() -> None:
    """The collector sees ids written both ways (a literal and an f-string)."""
    assert "TM-MADRID-REFERENCE-MISSING" in EMITTED
    assert "MAP-UNMAPPED-ELEMENT" in EMITTED
    assert "TM-*-NAME-MISSING" in EMITTED
    assert "UTF-8" not in EMITTED


@pytest.mark.parametrize("rule_id", sorted(EMITTED))
def test_every_emitted_rule_id_is_registered_with_guidance(rule_id: str) -> None:
    rule = registered(rule_id)
    assert rule is not None, (
        f"{EMITTED[rule_id]} emits {rule_id}, which is not in the rules registry: declare it "
        "in a mappings/rules family (mappings/rules/mapping.py for mapper-reported ids) and "
        "give it fix guidance in mappings/rules/guidance.toml"
    )
    assert guidance_for(rule.id) is not None, f"add [{rule.id}] to mappings/rules/guidance.toml"


def test_an_unregistered_id_fails() -> None:
    assert registered("TM-NOT-A-RULE-ANYWHERE") is None
