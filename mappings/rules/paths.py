"""Location paths of the rules: compiled once at import, answered from the record walk.

A :class:`Path` (``tmk:PriorityBag/tmk:Priority``, ``.//tmk:GoodsServicesBag//tmk:ClassNumber``)
selects what the same XPath selects, from the walk's index of elements by tag
(:class:`~mappings.rules.engine.RecordContext`), never by an XPath evaluation per record; the
string-value helpers give XPath's ``string()`` and ``normalize-space()`` semantics.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

from lxml import etree

from mappings.rules.engine import clark, index_tag

if TYPE_CHECKING:
    from mappings.rules.engine import RecordContext


_STEP = re.compile(r"(//|/)?([a-z]+:[A-Za-z]+|\*)")
Steps = tuple[tuple[str | None, bool], ...]


@dataclass(frozen=True, slots=True)
class Path:
    """A location path from the record root, made of names and ``*`` joined by ``/`` or
    ``//`` (an optional leading ``.//``): ``tmk:PriorityBag/tmk:Priority``,
    ``.//tmk:GoodsServicesBag//tmk:ClassNumber``. It selects what the same XPath selects.

    Its elements are found from the walk's index of its last step's tag, each one checked
    upward against the steps before, stopping at the first mismatch: no XPath per record.
    """

    #: (Clark tag, or None for ``*``; whether ``//`` leads to the step), root first.
    steps: Steps
    #: A plain child path (no ``*``, no ``//``): the tags above the last step, upward.
    above: tuple[str, ...] | None

    @classmethod
    def parse(cls, expression: str) -> Path | None:
        """The path, or None when the expression is not one (predicates, functions...)."""
        text = expression.strip()
        descendant_first = text.startswith(".//")
        text = text[3:] if descendant_first else text
        steps = []
        pos = 0
        while pos < len(text):
            match = _STEP.match(text, pos)
            if match is None or (pos == 0) == bool(match[1]):
                return None
            name = match[2]
            tag = None if name == "*" else clark(name)
            steps.append((tag, match[1] == "//" or (pos == 0 and descendant_first)))
            pos = match.end()
        if not steps or steps[-1][0] is None:
            return None
        plain = all(tag is not None and not descendant for tag, descendant in steps)
        above = tuple(tag for tag, _ in reversed(steps[:-1])) if plain else None
        return cls(tuple(steps), above)

    def matches(self, el: etree._Element, ctx: RecordContext) -> bool:
        """Whether ``el`` (which has the last step's tag) is at this path from the root."""
        if self.above is None:
            return _match_above(el, len(self.steps) - 1, self.steps, ctx)
        node = el.getparent()
        for tag in self.above:
            if node is None or ctx.tag(node) != tag:
                return False
            node = node.getparent()
        return node is ctx.root


def _match_above(node: etree._Element, i: int, steps: Steps, ctx: RecordContext) -> bool:
    """``node`` stands for step ``i``: do the steps before it match its ancestors?"""
    root = ctx.root
    descendant = steps[i][1]
    parent = node.getparent()
    if i == 0:
        return node is not root if descendant else parent is root
    tag = steps[i - 1][0]
    while parent is not None and parent is not root:
        if (tag is None or ctx.tag(parent) == tag) and _match_above(parent, i - 1, steps, ctx):
            return True
        if not descendant:
            return False
        parent = parent.getparent()
    return False


@dataclass(frozen=True, slots=True, eq=False)
class Paths:
    """A union of :class:`Path` (``a | b``), grouped by last tag for :meth:`RecordContext.find`."""

    paths: tuple[Path, ...]
    by_tag: dict[str, tuple[Path, ...]]

    @classmethod
    def parse(cls, expression: str) -> Paths | None:
        """The union, or None when one of its members is not a :class:`Path`."""
        paths = [Path.parse(p) for p in expression.split("|")]
        if not all(paths):
            return None
        by_tag: dict[str, tuple[Path, ...]] = {}
        for path in paths:
            tag = path.steps[-1][0]
            by_tag[tag] = (*by_tag.get(tag, ()), path)
            index_tag(tag)
        return cls(tuple(paths), by_tag)

    def contains(self, ctx: RecordContext, el: etree._Element) -> bool:
        """Whether ``el`` is at one of the paths from the record root."""
        group = self.by_tag.get(ctx.tag(el))
        return group is not None and any(p.matches(el, ctx) for p in group)


def paths(expression: str) -> Paths:
    """:meth:`Paths.parse` for expressions that must be paths (call at import time)."""
    parsed = Paths.parse(expression)
    if parsed is None:
        raise ValueError(f"not a location path: {expression!r}")
    return parsed


#: XML white space (what ``normalize-space()`` strips; ``str.strip()`` strips more).
XML_SPACE = " \t\n\r"
_STRING = etree.XPath("string()")


def string_value(el: etree._Element) -> str:
    """XPath's string value of an element: its text, or all of its descendants' text."""
    return (el.text or "") if not len(el) else _STRING(el)


def normalized_nonblank(el: etree._Element) -> bool:
    """XPath's ``[normalize-space()]``: the string value has more than XML white space."""
    return bool(string_value(el).strip(XML_SPACE))


def has_element_text(el: etree._Element) -> bool:
    """ElementPath tests of :func:`has_text`: the element's own text is not blank."""
    text = el.text
    return bool(text and text.strip())
