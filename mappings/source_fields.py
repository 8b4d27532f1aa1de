"""Which field of the office's own export a finding is about (issue 18): ST.96 path → source path.

A quality rule runs on the ST.96 tree and names an ST.96 path; office staff fix their own
register, whose fields they know by their export's names. The coverage tables say, per source
path, which ST.96 path it fills; :func:`source_field` reads them backwards. This is the one
place that does: the tables' form is the mapping framework's business, and when the tables
offer their own inverse lookup this module is the only caller to switch.

A table value names its ST.96 target first (``/tmk:Trademark/com:RegistrationNumber``),
sometimes with more targets or notes after it (``... (and, for a Madrid designation,
/tmk:Trademark/tmk:InternationalMarkIdentifierBag/...)``): every absolute ST.96 path in the
value counts. The answer is, in order:

1. the source paths that fill exactly the finding's ST.96 path;
2. else the closest common source ancestor of the source paths filling its descendants (a rule
   on ``com:Contact/com:Name`` points at the source's name element, whose parts fill
   ``com:EntityName``, ``com:PersonName``...);
3. else the source path of its nearest ST.96 ancestor that the table names.

None when nothing is found, or when the answer would be the record itself (a rule on the whole
record has no one field to fix): a source field is never guessed. When several source paths
fill the same ST.96 path (IPAS's ``wo:`` extension beside ST.66, an ST.36 national party
wrapper beside the standard one, the three IPOS record kinds), the one the record holds wins,
then the one whose nearest ancestor the record holds, then the table's first (the standard
form): ``present`` answers whether the record holds a source path (:class:`Held`, or the set
:func:`record_paths` lists).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Container, Iterable, Mapping
from functools import cache, lru_cache

from lxml import etree

from mappings.coverage import TABLES
from mappings.framework.table import CoverageTable
from mappings.framework.walk import root_path, source_paths
from mappings.model import Finding, NotMapped
from mappings.rules.engine import ROOT_PATHS

__all__ = ["PASSTHROUGH", "record_paths", "source_field", "with_source_fields"]

#: Metadata prefixes whose source is ST.96 itself: the ST.96 path is the office's own field.
PASSTHROUGH = frozenset({"st96"})

#: Rules whose finding path already is the source path (the coverage walk's own findings).
SOURCE_PATH_RULES = frozenset({"MAP-UNMAPPED-ELEMENT", "MAP-UNMAPPED-ATTRIBUTE"})

_ST96_PATH = re.compile(r"/(?:tmk|com|pat|dgn):[\w:/@]*[\w]")
_POSITION = re.compile(r"\[\d+\]")
_ATTRIBUTE = re.compile(r"\[(@[^\]=]+)\]")
_ROOTS = frozenset(ROOT_PATHS.values())


def normal_path(path: str) -> str:
    """An ST.96 path as the tables write it: no positions (``Applicant[2]``), attributes as
    steps (``/@com:sequenceNumber``), no trailing slash."""
    path = _ATTRIBUTE.sub(r"/\1", _POSITION.sub("", path.strip()))
    return path.rstrip("/")


class _Inverse:
    """One coverage table read backwards: ST.96 path → the source paths filling it, in table
    order, and the source paths of the record itself (those filling the ST.96 root)."""

    def __init__(self, table: Mapping[str, str | NotMapped]) -> None:
        self.targets: dict[str, list[str]] = {}
        self.roots: set[str] = set()
        for source, value in table.items():
            if isinstance(value, NotMapped):
                continue
            for target in dict.fromkeys(normal_path(p) for p in _ST96_PATH.findall(value)):
                if target in _ROOTS:
                    self.roots.add(source)
                self.targets.setdefault(target, []).append(source)
        self._slash = {t for t in self.targets if "//" in t}

    def exact(self, path: str) -> list[list[str]]:
        """The source lists of ``path`` (one list: a table target may say ``//``, any depth)."""
        found = self.targets.get(path)
        if found:
            return [found]
        if "//" in path:  # a finding's own "any depth" (``com:PostalAddress//com:CountryCode``)
            return [s for t, s in self.targets.items() if _descendant_match(path, t)]
        return [self.targets[t] for t in self._slash if _descendant_match(t, path)]

    def below(self, path: str) -> list[list[str]]:
        """The source lists of every target under ``path``."""
        head = path + "/"
        return [sources for target, sources in self.targets.items() if target.startswith(head)]

    def is_record(self, source: str) -> bool:
        """Whether ``source`` is the record itself or above it (the envelope)."""
        return any(root == source or root.startswith(source + "/") for root in self.roots)


def _descendant_match(pattern: str, path: str) -> bool:
    """``/a//c`` (a table's "any depth") against a concrete ``/a/b/c``."""
    head, _, tail = pattern.partition("//")
    return path.startswith(head + "/") and path.endswith("/" + tail)


@cache
def _inverse(prefix: str) -> _Inverse | None:
    table = TABLES.get(prefix)
    return _Inverse(table) if table is not None else None


def source_field(
    format_prefix: str, st96_path: str, present: Container[str] | None = None
) -> str | None:
    """The office's source path (coverage-table notation) that the ST.96 path comes from, or
    None when the format has no table, the path names the whole record, or no table entry
    leads to it. ``present``: the record's own source paths, to choose between variants."""
    if format_prefix in PASSTHROUGH:
        path = normal_path(st96_path)
        return None if path in _ROOTS or not path else path
    candidates = _candidates(format_prefix, normal_path(st96_path))
    if not candidates:
        return None
    if present is None:
        return _common(format_prefix, [sources[0] for sources in candidates])
    chosen = _present_first(candidates, present)
    return _common(format_prefix, chosen) if chosen else None


@lru_cache(maxsize=4096)
def _candidates(prefix: str, path: str) -> tuple[tuple[str, ...], ...]:
    """Per ST.96 target reached, its source paths in table order (see the module's steps)."""
    inverse = _inverse(prefix)
    if inverse is None or not path or path in _ROOTS:
        return ()
    found = inverse.exact(path) or inverse.below(path)  # below: their common ancestor
    parent = path
    while not found:
        parent = parent.rpartition("/")[0].rstrip("/")
        if not parent or parent in _ROOTS:
            break
        found = inverse.exact(parent)
    return tuple(tuple(sources) for sources in found)


def _present_first(candidates: tuple[tuple[str, ...], ...], present: Container[str]) -> list[str]:
    """Per target, the source path the record holds best (itself, else its deepest held
    ancestor, else the table's first); only the targets the record holds when some are. A
    source path outside the record's own root (another record kind's) is never chosen."""
    best = []
    for sources in candidates:
        source = max(sources, key=lambda s: _held_depth(s, present))  # the first of equals
        if _held_depth(source, present):
            best.append(source)
    held = [source for source in best if source in present]
    return held or best


def _held_depth(source: str, present: Container[str]) -> int:
    """How many leading steps of ``source`` the record holds (0: not even its root)."""
    path = source
    while path:
        if path in present:
            return path.count("/") + (path == source)
        path = path.rpartition("/")[0]
    return 0


def _common(prefix: str, sources: list[str]) -> str | None:
    """The closest common ancestor of ``sources`` (itself when one), None if that is the
    record or above it."""
    steps = sources[0].split("/")
    for other in sources[1:]:
        other_steps = other.split("/")
        same = 0
        while same < min(len(steps), len(other_steps)) and steps[same] == other_steps[same]:
            same += 1
        steps = steps[:same]
    common = "/".join(steps)
    inverse = _inverse(prefix)
    if not common or (inverse is not None and inverse.is_record(common)):
        return None
    return common


def record_paths(format_prefix: str, root: etree._Element) -> frozenset[str]:
    """Every element path of a source record in its table's notation (what ``iphub coverage``
    reads), for :func:`source_field`'s choice between variants."""
    return frozenset(path for path, _ in source_paths(root, TABLES[format_prefix]))


def with_source_fields(
    format_prefix: str, findings: Iterable[Finding], source_root: etree._Element | None
) -> tuple[Finding, ...]:
    """``findings`` with their source field filled where a mapper did not say it: the finding
    path itself for the coverage walk's findings, the inverse lookup for the rest. A value the
    hub generated has none (nothing at source holds it)."""
    lookup = _Lookup(format_prefix, source_root)
    return tuple(_with_source(finding, lookup) for finding in findings)


class _Lookup:
    """:func:`source_field` for one record, asking the record itself (:class:`Held`) only
    about the source paths in question."""

    __slots__ = ("held", "prefix")

    def __init__(self, prefix: str, root: etree._Element | None) -> None:
        self.prefix = prefix
        table = TABLES.get(prefix)
        self.held = Held(table, root) if root is not None and table is not None else None

    def __call__(self, st96_path: str) -> str | None:
        candidates = _candidates(self.prefix, normal_path(st96_path))
        if self.held is None or not candidates:
            return source_field(self.prefix, st96_path)
        if len(candidates) == 1 and len(candidates[0]) == 1:  # no choice: only the record kind
            only, start = candidates[0][0], self.held.start
            inside = only == start or only.startswith(start + "/")
            return source_field(self.prefix, st96_path) if inside else None
        return source_field(self.prefix, st96_path, self.held)


class Held:
    """Whether a source record holds a source path (``path in held``), answered by following
    the path's steps down the tree, each path once: a record's findings ask about a few
    paths, and listing all of the record's paths (:func:`record_paths`) cost more than the
    rest of the lookup. Steps as the tables name them (:mod:`mappings.framework.table`): the
    local name in the root's namespace, ``wo:Name`` in a declared extension namespace,
    ``{}Name`` without namespace, ``{uri}Name`` otherwise."""

    __slots__ = ("_children", "_found", "extensions", "namespace", "start")

    def __init__(self, table: CoverageTable, root: etree._Element) -> None:
        self.extensions = tuple(sorted(table.extensions.items()))
        tag = root.tag
        self.namespace = tag[: tag.index("}") + 1] if tag[0] == "{" else ""
        self.start = root_path(root, table)
        self._found: dict[str, list[etree._Element]] = {self.start: [root]}
        self._children: dict[str, dict[object, list[etree._Element]]] = {}

    def __contains__(self, path: object) -> bool:
        return isinstance(path, str) and bool(self._elements(path))

    def _elements(self, path: str) -> list[etree._Element]:
        found = self._found.get(path)
        if found is None:
            parent, _, step = path.rpartition("/")
            found = []
            if parent:
                children = self._children_by_tag(parent)
                found.extend(children.get(_step_tag(step, self.namespace, self.extensions), ()))
            self._found[path] = found
        return found

    def _children_by_tag(self, path: str) -> dict[object, list[etree._Element]]:
        children = self._children.get(path)
        if children is None:
            children = self._children[path] = {}
            for el in self._elements(path):
                for child in el:
                    children.setdefault(child.tag, []).append(child)
        return children


@lru_cache(maxsize=4096)
def _step_tag(step: str, namespace: str, extensions: tuple[tuple[str, str], ...]) -> str:
    """The Clark name a table step stands for in a record whose root is in ``namespace``."""
    if step.startswith("{}"):
        return step[2:]
    if step.startswith("{"):
        return step
    short, colon, local = step.partition(":")
    uri = dict(extensions).get(short) if colon else None
    return f"{{{uri}}}{local}" if uri is not None else namespace + step


def _with_source(finding: Finding, lookup: Callable[[str], str | None]) -> Finding:
    if finding.source_field is not None or finding.generated:
        return finding
    if finding.rule_id in SOURCE_PATH_RULES:
        return finding.with_source(finding.path)
    found = lookup(finding.path)
    return finding if found is None else finding.with_source(found)
