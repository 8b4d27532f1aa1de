"""The one walk over a source record against its format's coverage table, exact by namespace.

Every element is keyed by namespace and local name (a Clark name): a table step ``Name`` is an
element of the record root's namespace, ``wo:Name`` one of the extension namespace the table
names ``wo``. An element of any other namespace is unmapped even when its local name is in the
table: an office extension nobody declared is reported, never taken for the standard element.

:func:`walk` is the pass every mapper makes before it maps (``MAP-UNMAPPED-ELEMENT`` /
``-ATTRIBUTE``, optionally the placeholders and the children index the mapper reads);
:func:`source_paths` names every element in the table's notation for ``iphub coverage`` and the
value-retention check; :func:`path_of` names one element for a finding.
"""

from __future__ import annotations

from collections.abc import Iterator

from lxml import etree

from mappings.framework.reading import index_key
from mappings.framework.table import CoverageTable
from mappings.model import Finding
from mappings.placeholders import is_placeholder, placeholder_finding

__all__ = ["path_of", "root_entry", "source_paths", "walk"]

_IGNORED_ATTR_NS = (
    "{http://www.w3.org/2001/XMLSchema-instance}",
    "{http://www.w3.org/XML/1998/namespace}",
)
#: First characters a placeholder can start with (``-``, ``N/A``, ``none``, ``1900-01-01``,
#: ``0000-00-00``, ``01/01/1900``...): texts starting otherwise are not checked further.
_PLACEHOLDER_STARTS = frozenset(("", *"-—–_?nN01 \t\r\n"))
_PLACEHOLDER_MAX = 12
#: Compiled forms kept per table (trees per namespace, root entries per root tag).
_MAX_CACHED = 256


def _prefix_of(root: etree._Element) -> str:
    tag = root.tag
    return tag[: tag.index("}") + 1] if tag[0] == "{" else ""


def root_path(root: etree._Element, table: CoverageTable) -> str:
    """The path of a record's root in the table's notation: ``/Name``, or the table's path for
    a root that starts below the table's top (:attr:`CoverageTable.bare_roots`)."""
    prefix = _prefix_of(root)
    name = table.step_names(prefix)(root.tag)
    return table.bare_roots.get(name) or "/" + name


def root_entry(root: etree._Element, table: CoverageTable) -> tuple[dict, str, str] | None:
    """The root's ``(children, path, name)`` in the table's tree; None when the table does not
    have it (then the whole record is unmapped). Cached per namespace and root tag."""
    prefix = _prefix_of(root)
    key = ("root", prefix, root.tag)
    if key in table._compiled:
        return table._compiled[key]
    uris = {f"{short}:": f"{{{uri}}}" for short, uri in table.extensions.items()}
    node, entry = table.tree(prefix), None
    for step in root_path(root, table).strip("/").split("/"):
        short, colon, local = step.partition(":")
        clark = uris[short + colon] + local if colon and short + colon in uris else prefix + step
        entry = node.get(clark)
        if entry is None:
            break
        node = entry[0]
    if len(table._compiled) < _MAX_CACHED:  # bounded: root tags come from untrusted records
        table._compiled[key] = entry
    return entry


def walk(
    root: etree._Element,
    table: CoverageTable,
    *,
    index: dict | None = None,
    st96_root: str | None = None,
) -> tuple[list[Finding], list[Finding]]:
    """One pass over a source record before it is mapped. Returns (unmapped findings,
    placeholder findings).

    - ``MAP-UNMAPPED-ELEMENT`` / ``-ATTRIBUTE`` for what the table does not declare: an unknown
      element is reported once with its path and its subtree skipped;
    - with ``index`` (a context's children index), every element with children that is walked
      gets its children index built (:func:`~mappings.framework.reading.index_children`), so
      the mapping reads the record without iterating it again;
    - with ``st96_root``, a mapped leaf holding a placeholder (``-``, ``N/A``, ``1900-01-01``,
      empty) is reported (``SRC-PLACEHOLDER``, naming the office's own field and the ST.96
      element it would have filled) and blanked, so the mapper sees the field as not sent (the
      stored source record keeps it). Mappers that check values as they read them (the
      trademark ones, :meth:`~mappings.framework.context.MappingContext.value`) pass None.

    Every element of every record goes through this loop, so the table is compiled once into
    a tree of Clark names with the paths precomputed, and a mapped leaf costs one lookup, its
    length, its attribute names (and with ``st96_root`` its text's first character).
    """
    entry = root_entry(root, table)
    if entry is None:
        return [_unmapped_element(root_path(root, table))], []
    prefix = _prefix_of(root)
    names = table.step_names(prefix)
    handled = table.handled_attributes
    findings: list[Finding] = []
    placeholders: list[Finding] = []
    seen: set[str] = set()
    stack = [(root, entry)]
    pop, push = stack.pop, stack.append
    while stack:
        el, (node, path, _) = pop()
        attributes = el.keys()
        if attributes:
            _check_attributes(attributes, path, handled, seen, findings)
        children: dict[str, list[etree._Element]] | None = None
        if index is not None:
            children = index[el] = {}
        for child in el:
            tag = child.tag
            child_entry = node.get(tag)
            if child_entry is None:
                if type(tag) is not str:
                    continue  # a comment or processing instruction
                _check_element(f"{path}/{names(tag)}", seen, findings)
                if children is None:
                    continue
                key = index_key(tag, prefix)
                if key is None:
                    continue
            else:
                key = child_entry[2]
                if len(child):
                    push((child, child_entry))
                else:
                    attributes = child.keys()
                    if attributes and not handled.issuperset(attributes):
                        push((child, child_entry))  # only to report its attributes
                    if st96_root is not None:
                        text = child.text
                        if text is None or (
                            len(text) <= _PLACEHOLDER_MAX
                            and text.lstrip()[:1] in _PLACEHOLDER_STARTS
                        ):
                            _placeholder(child, child_entry, table, st96_root, placeholders)
                if children is None:
                    continue
            group = children.get(key)
            if group is None:
                children[key] = [child]
            else:
                group.append(child)
    return findings, placeholders


def _placeholder(
    el: etree._Element,
    entry: tuple[dict, str, str],
    table: CoverageTable,
    st96_root: str,
    findings: list[Finding],
) -> None:
    """Report and blank the placeholder of a mapped leaf (see :func:`walk`)."""
    text = el.text or ""
    if not is_placeholder(text):
        return
    children, path, _ = entry
    if not text and children:
        return  # an empty container (an Address without lines) holds no value
    target = table.get(path)
    where = target.split(" ", 1)[0] if isinstance(target, str) else st96_root
    findings.append(placeholder_finding(path, text, where))
    el.text = None


def _check_attributes(
    attributes: list[str],
    path: str,
    handled_attributes: frozenset[str],
    seen: set[str],
    findings: list[Finding],
) -> None:
    """``MAP-UNMAPPED-ATTRIBUTE`` (once per path) for the attributes nobody maps."""
    for attr in attributes:
        if attr in handled_attributes or attr.startswith(_IGNORED_ATTR_NS):
            continue
        key = f"{path}[@{attr}]"
        if key not in seen:
            seen.add(key)
            findings.append(_unmapped_attribute(key, attr, path))


def _check_element(path: str, seen: set[str], findings: list[Finding]) -> None:
    """``MAP-UNMAPPED-ELEMENT`` for the element at ``path`` (once per path)."""
    if path not in seen:
        seen.add(path)
        findings.append(_unmapped_element(path))


def source_paths(
    root: etree._Element, table: CoverageTable
) -> Iterator[tuple[str, etree._Element]]:
    """Every element of a record with its path in the table's notation (see
    :mod:`mappings.framework.table`): ``iphub coverage`` classifies these paths and the
    value-retention check accounts for their values."""
    prefix = _prefix_of(root)
    names = table.step_names(prefix)
    start = root_path(root, table)
    yield start, root
    stack = [(start, root)]
    while stack:
        path, el = stack.pop()
        for child in el:
            if not isinstance(child.tag, str):
                continue  # comments, processing instructions
            child_path = f"{path}/{names(child.tag)}"
            yield child_path, child
            if len(child):
                stack.append((child_path, child))


def path_of(el: etree._Element, table: CoverageTable) -> str:
    """The path of ``el`` in the table's notation, for a finding that names the office's own
    field (computed only for what is reported)."""
    ancestors = [el, *el.iterancestors()]
    root = ancestors.pop()
    names = table.step_names(_prefix_of(root))
    steps = [names(a.tag) for a in reversed(ancestors)]
    return "/".join((root_path(root, table), *steps))


def _unmapped_element(path: str) -> Finding:
    foreign = "{" in path  # only a step of an undeclared namespace is written {uri}Name
    where = " (of a namespace no coverage table declares)" if foreign else ""
    return Finding(
        "MAP-UNMAPPED-ELEMENT",
        "warning",
        path,
        f"Source element {path}{where} is not mapped to ST.96; its value is kept in the stored "
        "source record only.",
        "Tell the hub team which ST.96 element it corresponds to.",
        source_field=path,
    )


def _unmapped_attribute(key: str, attr: str, path: str) -> Finding:
    return Finding(
        "MAP-UNMAPPED-ATTRIBUTE",
        "info",
        key,
        f"Attribute {attr} of {path} is not mapped to ST.96; it is kept in the stored source "
        "record only.",
        source_field=key,
    )
