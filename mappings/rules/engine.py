"""The rules engine: what a rule is, the context it reads, and how findings are collected.

A rule is a value (id, severity, IP types, ST.96 path, message, suggestion) plus a pure check
function over one :class:`RecordContext`. Checks use XPath compiled once at import (lxml's
``etree.XPath``), never strings built per record: rule checking runs inside the harvest loop
for every record, so it has to stay a small fraction of mapping and validation time.

Rules reported by the mappings themselves (unmapped elements, unknown vocabulary values,
generated values) are declared too, with ``check=None``: they are documented and listed by
``iphub rules`` like the others, but their findings come from ``mapping_findings``.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date

from lxml import etree

from mappings.model import SEVERITIES, Finding

IP_TYPES = ("trademarks", "patents", "designs")
ALL = frozenset(IP_TYPES)

NS = {
    "tmk": "http://www.wipo.int/standards/XMLSchema/ST96/Trademark",
    "com": "http://www.wipo.int/standards/XMLSchema/ST96/Common",
    "dgn": "http://www.wipo.int/standards/XMLSchema/ST96/Design",
    "pat": "http://www.wipo.int/standards/XMLSchema/ST96/Patent",
}
_PREFIX_OF = {uri: prefix for prefix, uri in NS.items()}

ROOT_PATHS = {
    "trademarks": "/tmk:Trademark",
    "patents": "/pat:BibliographicData",
    "designs": "/dgn:Design",
}


def xpath(expression: str) -> etree.XPath:
    """Compile an XPath once, with the ST.96 prefixes (call at import time, never per record)."""
    return etree.XPath(expression, namespaces=NS, smart_strings=False)


def element_path(el: etree._Element) -> str:
    """``/tmk:Trademark/tmk:ApplicantBag/tmk:Applicant[2]`` style path of an element.

    Positions are added only where siblings share the name, so paths stay readable for staff.
    """
    steps = []
    node: etree._Element | None = el
    while node is not None:
        qname = etree.QName(node)
        step = f"{_PREFIX_OF.get(qname.namespace or '', 'ns')}:{qname.localname}"
        parent = node.getparent()
        if parent is not None:
            same = [s for s in parent.iterchildren(node.tag)]
            if len(same) > 1:
                step += f"[{same.index(node) + 1}]"
        steps.append(step)
        node = parent
    return "/" + "/".join(reversed(steps))


LANGUAGE_ATTR = "{http://www.wipo.int/standards/XMLSchema/ST96/Common}languageCode"

#: Element kinds found by their name's ending, for the value checks (dates and codes).
SUFFIX_KINDS = (
    ("Date", "date"),
    ("CountryCode", "region"),
    ("OfficeCode", "region"),
    ("LanguageCode", "language"),
)
_TAG_KINDS: dict[object, str | None] = {}
_LANGUAGE_ATTRS = etree.XPath(
    ".//*[@com:languageCode]", namespaces={"com": NS["com"]}, smart_strings=False
)


def _learn(tag: object) -> str | None:
    """The kind of a tag seen for the first time (comments and PIs have none)."""
    kind = None
    if isinstance(tag, str):
        local = tag.rsplit("}", 1)[-1]
        kind = next((k for suffix, k in SUFFIX_KINDS if local.endswith(suffix)), None)
    if len(_TAG_KINDS) < 10_000:  # ST.96 has a few thousand names; odd input must not grow it
        _TAG_KINDS[tag] = kind
    return kind


@dataclass(frozen=True, slots=True)
class RecordContext:
    """What a check may read: the ST.96 tree, the mapping's findings and the reference date."""

    ip_type: str
    root: etree._Element
    mapping_findings: tuple[Finding, ...] = ()
    validation_errors: tuple[str, ...] = ()
    today: str = field(default_factory=lambda: date.today().isoformat())
    _scan: dict[str, list[etree._Element]] = field(default_factory=dict)

    @property
    def root_path(self) -> str:
        return ROOT_PATHS.get(self.ip_type, "")

    def elements(self, kind: str) -> list[etree._Element]:
        """Leaf elements of ``kind`` ("date", "region", "language", "language-attr").

        The tree is walked once per record for all value rules (one pass is several times
        cheaper than one XPath per rule matching on name endings).
        """
        if not self._scan:
            self._walk()
        return self._scan.get(kind, [])

    def _walk(self) -> None:
        scan: dict[str, list[etree._Element]] = {"": []}
        kinds, unknown = _TAG_KINDS, _learn
        for el in self.root.iter():
            tag = el.tag
            kind = kinds[tag] if tag in kinds else unknown(tag)
            if kind is not None and not len(el):
                scan.setdefault(kind, []).append(el)
        scan["language-attr"] = _LANGUAGE_ATTRS(self.root)
        self._scan.update(scan)


Check = Callable[[RecordContext, "Rule"], Iterable[Finding]]


@dataclass(frozen=True, slots=True)
class Rule:
    """One quality rule: a stable id offices can cite, and the check that applies it."""

    id: str
    severity: str
    ip_types: frozenset[str]
    path: str
    message: str
    suggestion: str
    family: str
    check: Check | None = None  # None: the finding is reported by the mappings
    #: Mapping rule ids (fnmatch patterns) that report the same defect; their finding wins.
    aliases: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        if self.severity not in SEVERITIES:
            raise ValueError(f"rule {self.id}: severity {self.severity!r} not in {SEVERITIES}")

    @property
    def origin(self) -> str:
        return "mapping" if self.check is None else "rules"

    def path_for(self, ip_type: str) -> str:
        """The documented path with ``{root}`` replaced by the record root of ``ip_type``."""
        return self.path.replace("{root}", ROOT_PATHS.get(ip_type, ""))

    def finding(
        self,
        ctx: RecordContext,
        *,
        path: str | None = None,
        message: str | None = None,
        suggestion: str | None = None,
        generated: bool = False,
    ) -> Finding:
        """A finding of this rule; message and path default to the rule's own."""
        return Finding(
            self.id,
            self.severity,
            path if path is not None else self.path_for(ctx.ip_type),
            message if message is not None else self.message,
            self.suggestion if suggestion is None else suggestion,
            generated,
        )


def rule(
    id: str,
    severity: str,
    ip_types: Iterable[str],
    path: str,
    message: str,
    suggestion: str,
    *,
    family: str,
    check: Check | None = None,
    aliases: tuple[str, ...] = (),
) -> Rule:
    """Shorthand used by the family modules (keeps their tables one call per rule)."""
    return Rule(
        id, severity, frozenset(ip_types), path, message, suggestion, family, check, aliases
    )


_SIMPLE = re.compile(r"(\.//)?[a-z]+:[A-Za-z]+(/[a-z]+:[A-Za-z]+)*\Z")


def has_text(expression: str) -> Callable[[etree._Element], bool]:
    """A test "does ``expression`` (relative) find an element with text?", compiled once.

    Plain paths use lxml's ElementPath (``iterfind`` with Clark names), several times cheaper
    per call than an XPath evaluation; anything else (unions, predicates) is XPath.
    """
    if not _SIMPLE.match(expression):
        compiled = xpath(f"boolean({expression}[normalize-space()])")
        return lambda el: bool(compiled(el))
    clark = re.sub(r"([a-z]+):([A-Za-z]+)", lambda m: f"{{{NS[m[1]]}}}{m[2]}", expression)

    def test(el: etree._Element) -> bool:
        return any(found.text and found.text.strip() for found in el.iterfind(clark))

    return test


def missing(expression: str) -> Check:
    """A check that fires once when ``expression`` (relative to the root) finds no text."""
    present = has_text(expression)

    def check(ctx: RecordContext, r: Rule) -> Iterator[Finding]:
        if not present(ctx.root):
            yield r.finding(ctx)

    return check


def incomplete(container: str, required: dict[str, str]) -> Check:
    """A check that fires per ``container`` element lacking any ``required`` child text.

    ``required`` maps a relative XPath to the word used in the message ("country", ...).
    """
    found = xpath(container)
    tests = [(has_text(expr), word) for expr, word in required.items()]

    def check(ctx: RecordContext, r: Rule) -> Iterator[Finding]:
        for el in found(ctx.root):
            lacking = [word for test, word in tests if not test(el)]
            if lacking:
                message = f"{r.message} Missing: {', '.join(lacking)}."
                yield r.finding(ctx, path=element_path(el), message=message)

    return check


def each(expression: str, bad: Callable[[str], bool], message: str) -> Check:
    """A check that fires per element found by ``expression`` whose value is bad.

    ``message`` is formatted with ``value``.
    """
    found = xpath(expression)

    def check(ctx: RecordContext, r: Rule) -> Iterator[Finding]:
        yield from bad_values(ctx, r, found(ctx.root), bad, message)

    return check


def each_kind(kind: str, bad: Callable[[str], bool], message: str) -> Check:
    """Like :func:`each`, over the leaf elements of a kind (see ``RecordContext.elements``)."""

    def check(ctx: RecordContext, r: Rule) -> Iterator[Finding]:
        yield from bad_values(ctx, r, ctx.elements(kind), bad, message)

    return check


def bad_values(
    ctx: RecordContext,
    r: Rule,
    elements: Iterable[etree._Element],
    bad: Callable[[str], bool],
    message: str,
) -> Iterator[Finding]:
    """Findings for the elements whose stripped text is ``bad`` (paths computed only then)."""
    for el in elements:
        value = (el.text or "").strip()
        if bad(value):
            yield r.finding(ctx, path=element_path(el), message=message.format(value=value))
