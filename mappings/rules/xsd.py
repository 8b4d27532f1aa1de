"""Schema rule: one finding per XSD error of the official ST.96 schema, at the error's path.

The validator (``xsd.validator.validate``) already runs in the pipeline; its messages start with
the element path (``/tmk:Trademark/com:ApplicationNumber: Element ...``), which becomes the
finding's path so the dashboard can highlight the element.
"""

from __future__ import annotations

from mappings.model import Finding
from mappings.rules.engine import ALL, RecordContext, Rule, rule

FAMILY = "xsd"


def split_error(error: str) -> tuple[str, str]:
    """``"/a/b: message"`` → ``("/a/b", "message")``; errors without a path keep the root."""
    head, sep, tail = error.partition(": ")
    if sep and (head.startswith("/") or head.startswith("line ")):
        return head, tail
    return "", error


def _xsd_errors(ctx: RecordContext, r: Rule) -> list[Finding]:
    """The pipeline may already have turned the errors into findings: then it has nothing to add."""
    if not ctx.validation_errors or any(f.rule_id == r.id for f in ctx.mapping_findings):
        return []
    out = []
    for error in ctx.validation_errors:
        if error.startswith("... more errors"):
            continue
        path, message = split_error(error)
        if not path.startswith("/"):
            path = ctx.root_path
        out.append(r.finding(ctx, path=path, message=f"Schema error: {message}"))
    return out


RULES = (
    rule(
        "XSD-INVALID",
        "error",
        ALL,
        "(the element named by the schema error)",
        "The record does not validate against the official ST.96 V6_0 schema, so it cannot "
        "be served as ST.96.",
        "Fix the element named in the message; the ST.96 schema says what it must contain.",
        family=FAMILY,
        check=_xsd_errors,
    ),
)
