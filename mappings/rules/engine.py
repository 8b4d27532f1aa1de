"""The rules engine: what a rule is, the context it reads, and how findings are collected.

A rule is a value (id, severity, IP types, ST.96 path, message, suggestion) plus a pure check
function over one :class:`RecordContext`. Rule checking runs inside the harvest loop for every
record, so it has to stay a small fraction of mapping and validation time: the tree is walked
once per record (:meth:`RecordContext.elements`, :meth:`RecordContext.find`) and every check
reads lists from that walk. Location paths are compiled once at import (:class:`Path`) and
answered from the walk's index of elements by tag, never by an XPath evaluation per record;
XPath (compiled once too) remains for the few expressions a :class:`Path` cannot say.

Rules reported by the mappings themselves (unmapped elements, unknown vocabulary values,
generated values) are declared too, with ``check=None``: they are documented and listed by
``iphub rules`` like the others, but their findings come from ``mapping_findings``.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import TypeVar

from lxml import etree

from mappings.model import SEVERITIES, Finding

T = TypeVar("T")

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


def clark(name: str) -> str:
    """``com:Name`` → ``{http://...Common}Name``."""
    prefix, _, local = name.partition(":")
    return f"{{{NS[prefix]}}}{local}"


#: Tag → its step in :func:`element_path` (``com:Name``), learned as tags are met.
_STEPS: dict[str, str] = {}


def _step(tag: str) -> str:
    step = _STEPS.get(tag)
    if step is None:
        qname = etree.QName(tag)
        step = f"{_PREFIX_OF.get(qname.namespace or '', 'ns')}:{qname.localname}"
        if len(_STEPS) < 10_000:  # odd input must not grow it without bound
            _STEPS[tag] = step
    return step


def element_path(el: etree._Element) -> str:
    """``/tmk:Trademark/tmk:ApplicantBag/tmk:Applicant[2]`` style path of an element.

    Positions are added only where siblings share the name, so paths stay readable for staff.
    """
    steps = []
    node: etree._Element | None = el
    while node is not None:
        tag = node.tag
        step = _step(tag)
        parent = node.getparent()
        if parent is not None and len(parent) > 1:  # an only child needs no position
            same = list(parent.iterchildren(tag))
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
#: Elements carrying ``com:languageCode`` (the attribute step keeps libxml2 from testing a
#: predicate on every element: several times cheaper than ``.//*[@com:languageCode]``).
_LANGUAGE_ATTRS = xpath("descendant::*/@com:languageCode/..")

#: Tags the walk lists by tag for :meth:`RecordContext.tagged` (the ends of every
#: :class:`Path`, registered at import).
_INDEXED: set[str] = set()
#: Tag → (value kind or None, indexed?), or None when the walk has nothing to do with it.
_TAG_INFO: dict[object, tuple[str | None, bool] | None] = {}
_UNSEEN = object()


def index_tag(tag: str) -> None:
    """Have the walk list the elements of ``tag`` (call at import time)."""
    if tag not in _INDEXED:
        _INDEXED.add(tag)
        _TAG_INFO.clear()  # learned before the registration: learn again


def _learn(tag: object) -> tuple[str | None, bool] | None:
    """What the walk does with a tag seen for the first time (comments and PIs: nothing)."""
    kind = None
    indexed = False
    if isinstance(tag, str):
        local = tag.rsplit("}", 1)[-1]
        kind = next((k for suffix, k in SUFFIX_KINDS if local.endswith(suffix)), None)
        indexed = tag in _INDEXED
    info = (kind, indexed) if kind is not None or indexed else None
    if len(_TAG_INFO) < 10_000:  # ST.96 has a few thousand names; odd input must not grow it
        _TAG_INFO[tag] = info
    return info


def _walk(root: etree._Element) -> tuple[dict[str, list], dict[str, list]]:
    """One pass over the record: leaf elements by value kind, and indexed elements by tag."""
    leaves: dict[str, list[etree._Element]] = {kind: [] for _, kind in SUFFIX_KINDS}
    index: dict[str, list[etree._Element]] = {}
    known = _TAG_INFO
    for el in root.iter():
        tag = el.tag
        info = known.get(tag, _UNSEEN)
        if info is None:
            continue
        if info is _UNSEEN:
            info = _learn(tag)
            if info is None:
                continue
        kind, indexed = info
        if kind is not None and not len(el):
            leaves[kind].append(el)
        if indexed:
            group = index.get(tag)
            if group is None:
                index[tag] = [el]
            else:
                group.append(el)
    return leaves, index


@dataclass(frozen=True, slots=True)
class RecordContext:
    """What a check may read: the ST.96 tree, the mapping's findings and the reference date."""

    ip_type: str
    root: etree._Element
    mapping_findings: tuple[Finding, ...] = ()
    validation_errors: tuple[str, ...] = ()
    today: str = field(default_factory=lambda: date.today().isoformat())
    _scan: dict[str, list[etree._Element]] = field(default_factory=dict)
    _index: dict[str, list[etree._Element]] = field(default_factory=dict)
    _found: dict[int, list[etree._Element]] = field(default_factory=dict)
    _order: dict[etree._Element, int] = field(default_factory=dict)
    #: Tags of the elements paths were checked against (lxml builds a new string on each
    #: ``.tag`` read; the proxies kept as keys also make ``getparent`` cheaper next time).
    _tags: dict[etree._Element, object] = field(default_factory=dict)
    _memo: dict[object, object] = field(default_factory=dict)

    @property
    def root_path(self) -> str:
        return ROOT_PATHS.get(self.ip_type, "")

    def elements(self, kind: str) -> list[etree._Element]:
        """Leaf elements of ``kind`` ("date", "region", "language"), or the elements with a
        ``com:languageCode`` ("language-attr"), in document order.

        The tree is walked once per record for all rules (one pass is several times cheaper
        than one XPath per rule matching on name endings).
        """
        if not self._scan:
            self._build()
        if kind == "language-attr":
            found = self._scan.get(kind)
            if found is None:
                found = self._scan[kind] = _LANGUAGE_ATTRS(self.root)
            return found
        return self._scan.get(kind, [])

    def tagged(self, tag: str) -> list[etree._Element]:
        """The elements of an indexed tag (see :func:`index_tag`), in document order."""
        if not self._scan:
            self._build()
        return self._index.get(tag, [])

    def find(self, paths: Paths) -> list[etree._Element]:
        """The elements at any of ``paths`` from the root, in document order, each once
        (remembered for the record: several rules read the same places)."""
        found = self._found.get(id(paths))
        if found is None:
            found = self._found[id(paths)] = self._find(paths)
        return found

    def _find(self, paths: Paths) -> list[etree._Element]:
        groups = [
            [el for el in self.tagged(tag) if any(p.matches(el, self) for p in group)]
            for tag, group in paths.by_tag.items()
        ]
        groups = [g for g in groups if g]
        if len(groups) <= 1:
            return groups[0] if groups else []
        return self.in_document_order(el for g in groups for el in g)

    def any(self, paths: Paths, test: Callable[[etree._Element], bool]) -> bool:
        """Whether an element at ``paths`` passes ``test`` (tested before its path, and only
        until one does: cheaper than :meth:`find` for a yes/no question)."""
        for tag, group in paths.by_tag.items():
            for el in self.tagged(tag):
                if test(el) and any(p.matches(el, self) for p in group):
                    return True
        return False

    def exists(self, paths: Paths) -> bool:
        """Whether there is an element at ``paths``."""
        return self.any(paths, _anything)

    def in_document_order(self, elements: Iterable[etree._Element]) -> list[etree._Element]:
        """``elements`` sorted in document order (positions computed on first need)."""
        if not self._order:
            self._order.update((node, i) for i, node in enumerate(self.root.iter()))
        return sorted(elements, key=self._order.__getitem__)

    def tag(self, el: etree._Element) -> object:
        """``el.tag``, read once per record."""
        tag = self._tags.get(el)
        if tag is None:
            tag = self._tags[el] = el.tag
        return tag

    def memo(self, compute: Callable[[RecordContext], T]) -> T:
        """``compute(self)``, computed once per record (for values several rules read)."""
        try:
            return self._memo[compute]  # type: ignore[return-value]
        except KeyError:
            value = self._memo[compute] = compute(self)
            return value

    def _build(self) -> None:
        leaves, index = _walk(self.root)
        self._scan.update(leaves)
        self._index.update(index)


def _anything(el: etree._Element) -> bool:
    return True


# ── location paths ─────────────────────────────────────────────────────────────────────────


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


# ── rules ──────────────────────────────────────────────────────────────────────────────────


Check = Callable[["RecordContext", "Rule"], Iterable[Finding]]

#: (documented path, ip_type) → the path with ``{root}`` written out.
_ROOTED: dict[tuple[str, str], str] = {}


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
        key = (self.path, ip_type)
        rooted = _ROOTED.get(key)
        if rooted is None:
            rooted = _ROOTED[key] = self.path.replace("{root}", ROOT_PATHS.get(ip_type, ""))
        return rooted

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

    def at(self, ctx: RecordContext, el: etree._Element, message: str) -> Finding:
        """A finding of this rule about element ``el`` (its path computed only now)."""
        return self.finding(ctx, path=element_path(el), message=message)


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
