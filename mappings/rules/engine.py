"""The rules engine: what a rule is, the context it reads, and how findings are collected.

A rule is a value (id, severity, IP types, ST.96 path, message, suggestion) plus a pure check
function over one :class:`RecordContext`. Rule checking runs inside the harvest loop for every
record, so it has to stay a small fraction of mapping and validation time: the tree is walked
once per record (:meth:`RecordContext.elements`, :meth:`RecordContext.find`) and every check
reads lists from that walk. Location paths are compiled once at import
(:class:`~mappings.rules.paths.Path`) and answered from the walk's index of elements by tag,
never by an XPath evaluation per record; XPath (compiled once too) remains for the few
expressions a :class:`Path` cannot say. The
paths are :mod:`mappings.rules.paths`, the check builders the families use
:mod:`mappings.rules.checks`.

Rules reported by the mappings themselves (unmapped elements, unknown vocabulary values,
generated values) are declared too, with ``check=None``: they are documented and listed by
``iphub rules`` like the others, but their findings come from ``mapping_findings``.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING, TypeVar

from lxml import etree

from mappings.model import SEVERITIES, Finding

if TYPE_CHECKING:
    from mappings.rules.paths import Paths

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
    index: defaultdict[str, list[etree._Element]] = defaultdict(list)
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
            index[tag].append(el)
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
