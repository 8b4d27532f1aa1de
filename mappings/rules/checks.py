"""The check builders the rule families declare their rules with (``missing``, ``each``...).

Each returns a :data:`~mappings.rules.engine.Check`: compiled once at import, then run per
record over the :class:`~mappings.rules.engine.RecordContext` walk.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence

from lxml import etree

from mappings.model import Finding
from mappings.rules.engine import NS, Check, RecordContext, Rule, xpath
from mappings.rules.paths import Paths, has_element_text, normalized_nonblank, paths

_SIMPLE = re.compile(r"(\.//)?[a-z]+:[A-Za-z]+(/[a-z]+:[A-Za-z]+)*\Z")


def has_text(expression: str) -> Callable[[etree._Element], bool]:
    """A test "does ``expression`` (relative) find an element with text?", compiled once.

    Plain paths use lxml's ElementPath (``iterfind`` with Clark names) and the element's own
    text; anything else is XPath ``boolean(expression[normalize-space()])``.
    """
    if not _SIMPLE.match(expression):
        compiled = xpath(f"boolean({expression}[normalize-space()])")
        return lambda el: bool(compiled(el))
    clark_path = re.sub(r"([a-z]+):([A-Za-z]+)", lambda m: f"{{{NS[m[1]]}}}{m[2]}", expression)

    def test(el: etree._Element) -> bool:
        return any(has_element_text(found) for found in el.iterfind(clark_path))

    return test


def _root_test(expression: str) -> Callable[[RecordContext], bool]:
    """:func:`has_text` from the record root, answered from the walk where it can be.

    The same semantics: a plain path tests its elements' own text; otherwise the XPath
    ``expression[normalize-space()]`` puts the predicate on the union's *last* member only.
    """
    members = [Paths.parse(p) for p in expression.split("|")]
    if not all(members):
        test = has_text(expression)
        return lambda ctx: test(ctx.root)
    *plain, last = members
    last_test = has_element_text if _SIMPLE.match(expression) else normalized_nonblank

    def present(ctx: RecordContext) -> bool:
        return any(ctx.exists(p) for p in plain) or ctx.any(last, last_test)

    return present


def missing(expression: str) -> Check:
    """A check that fires once when ``expression`` (relative to the root) finds no text."""
    present = _root_test(expression)

    def check(ctx: RecordContext, r: Rule) -> Sequence[Finding]:
        return () if present(ctx) else (r.finding(ctx),)

    return check


def incomplete(container: str, required: dict[str, str]) -> Check:
    """A check that fires per ``container`` element lacking any ``required`` child text.

    ``required`` maps a relative XPath to the word used in the message ("country", ...).
    """
    found = paths(container)
    tests = [(has_text(expr), word) for expr, word in required.items()]

    def check(ctx: RecordContext, r: Rule) -> list[Finding]:
        out = []
        for el in ctx.find(found):
            lacking = [word for test, word in tests if not test(el)]
            if lacking:
                message = f"{r.message} Missing: {', '.join(lacking)}."
                out.append(r.at(ctx, el, message))
        return out

    return check


def each(expression: str, bad: Callable[[str], bool], message: str) -> Check:
    """A check that fires per element found by ``expression`` whose value is bad.

    ``message`` is formatted with ``value``.
    """
    found = paths(expression)

    def check(ctx: RecordContext, r: Rule) -> list[Finding]:
        return bad_values(ctx, r, ctx.find(found), bad, message)

    return check


def each_kind(kind: str, bad: Callable[[str], bool], message: str) -> Check:
    """Like :func:`each`, over the leaf elements of a kind (see ``RecordContext.elements``)."""

    def check(ctx: RecordContext, r: Rule) -> list[Finding]:
        return bad_values(ctx, r, ctx.elements(kind), bad, message)

    return check


def bad_values(
    ctx: RecordContext,
    r: Rule,
    elements: Iterable[etree._Element],
    bad: Callable[[str], bool],
    message: str,
) -> list[Finding]:
    """Findings for the elements whose stripped text is ``bad`` (paths computed only then)."""
    out = []
    for el in elements:
        value = (el.text or "").strip()
        if bad(value):
            out.append(r.at(ctx, el, message.format(value=value)))
    return out
