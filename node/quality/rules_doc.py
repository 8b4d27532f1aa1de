"""``docs/rules.md``, generated from the rule registry (a test keeps the file up to date).

Run ``iphub rules --markdown > docs/rules.md`` after adding or changing a rule.
"""

from __future__ import annotations

from pathlib import Path

from mappings.rules import FAMILIES, REGISTRY
from mappings.rules.engine import Rule
from mappings.rules.guidance import guidance_for
from store.document_findings import FETCH_FAILED, REFUSED

#: Findings of the documents pass: not in the registry, but staff meet them like any other.
DOCUMENT_RULES = (FETCH_FAILED, REFUSED)

DOC_PATH = Path(__file__).resolve().parents[2] / "docs" / "rules.md"

_HEADER = """# Data-quality rules

Generated from the registry in `mappings/rules/` by `iphub rules --markdown`; do not edit by
hand (`tests/mappings/rules/test_docs.py` checks it is current).

Every finding names a rule by its stable id. *Reported by* says who produces it: **rules** are
checked on the mapped ST.96 record by `mappings.rules.run_rules`; **mapping** findings are
reported by the mapper while it reads the office's source record (it alone knows what the
source said). A mapper may report further ids of its own; they are passed through unchanged.
Findings whose `generated` flag is set mark a value the hub derived, with what it was derived
from in the message.

`{root}` stands for the record root of the IP type: `/tmk:Trademark`, `/pat:BibliographicData`
or `/dgn:Design`.

Severities: **critical** (the record cannot be used), **error** (a required or wrong value),
**warning** (a value that should be given or checked), **info** (for information).
"""


_GUIDANCE_INTRO = """The same texts appear with every finding in the office portal, the JSON API
(`guidance`), the CSV export (`guidance_what`, `guidance_why`, `guidance_fix`) and the feedback
records (`fb:Guidance`). They live in `mappings/rules/guidance.toml`."""


def _path(rule: Rule) -> str:
    """The rule's path with the record root written out when it applies to one IP type."""
    if len(rule.ip_types) == 1:
        return rule.path_for(next(iter(rule.ip_types)))
    return rule.path


def _row(rule: Rule) -> str:
    cells = (
        f"`{rule.id}`",
        rule.severity,
        ", ".join(sorted(rule.ip_types)),
        f"`{_path(rule)}`",
        rule.message,
        rule.suggestion,
        rule.origin,
    )
    return "| " + " | ".join(c.replace("|", "\\|") for c in cells) + " |"


def _guidance_section(rule_ids: list[str]) -> list[str]:
    """Per rule, the plain-language guidance for office staff (``guidance.toml``)."""
    parts = ["\n## Fix guidance for office staff\n", _GUIDANCE_INTRO]
    for rule_id in rule_ids:
        guidance = guidance_for(rule_id)
        if guidance is None:
            continue
        parts.append(f"\n### `{rule_id}`\n")
        parts.append(f"- **What is wrong:** {guidance.what}")
        parts.append(f"- **Why it matters:** {guidance.why}")
        parts.append(f"- **How to fix it:** {guidance.fix}")
    return parts


def markdown() -> str:
    """The whole page, one table per family, in registry order, then the fix guidance."""
    parts = [_HEADER]
    for family in FAMILIES:
        rules = [r for r in REGISTRY.values() if r.family == family.FAMILY]
        title = (family.__doc__ or family.FAMILY).strip().splitlines()[0]
        parts.append(f"\n## {family.FAMILY}\n\n{title}\n")
        parts.append(
            "| id | severity | IP types | ST.96 path | message | suggested fix | reported by |"
        )
        parts.append("|---|---|---|---|---|---|---|")
        parts.extend(_row(r) for r in rules)
    parts.extend(_guidance_section([*REGISTRY, *DOCUMENT_RULES]))
    return "\n".join(parts) + "\n"


def listing() -> list[str]:
    """Plain lines for the terminal: id, severity, IP types, path, message."""
    width = max(len(r.id) for r in REGISTRY.values())
    lines = []
    for r in REGISTRY.values():
        types = ",".join(sorted(r.ip_types))
        lines.append(f"{r.id:<{width}}  {r.severity:<8} {types:<28} {_path(r)}")
        lines.append(f"{'':<{width}}  {r.message}")
    return lines
