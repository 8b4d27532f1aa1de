"""IPOS (Singapore) trademark export → ST.96 ``tmk:Trademark``: the orchestrating function.

The section modules append to the ST.96 root in ``tmk:TrademarkType``'s sequence order. One walk
over the record compares every element with the declared coverage table (``table.COVERAGE``)
and, at the same time, builds the children index the sections read, so the record is iterated
once.
"""

from __future__ import annotations

from lxml import etree

from mappings.errors import UnsupportedFormatError
from mappings.model import Finding
from mappings.sgtm.context import SgContext
from mappings.sgtm.events import map_events
from mappings.sgtm.goods import map_goods_and_priorities
from mappings.sgtm.mark import map_category, map_disclaimers, map_identification, map_representation
from mappings.sgtm.parties import map_address_for_service, map_agents, map_proprietor, map_users
from mappings.sgtm.table import COVERAGE, HANDLED_ATTRIBUTES, ROOTS
from mappings.st96 import NSMAP, com, sub, tmk
from mappings.vocabulary import OfficeVocabulary

_IGNORED_ATTR_NS = (
    "{http://www.w3.org/2001/XMLSchema-instance}",
    "{http://www.w3.org/XML/1998/namespace}",  # xml:space="preserve" on mark words
)


def map_sg_trademark(
    source_root: etree._Element, vocab: OfficeVocabulary
) -> tuple[etree._Element, list[Finding]]:
    """Map one IPOS ``Trademark``, ``Article6ter`` or ``R13`` record to ST.96 plus findings."""
    kind = source_root.tag if isinstance(source_root.tag, str) else ""
    if kind not in ROOTS:
        raise UnsupportedFormatError(
            f"root element {kind!r} is not an IPOS trademark export record; expected one of "
            + ", ".join(ROOTS)
        )
    ctx = SgContext(vocab, vocab.office_code, "")
    unmapped = _walk(source_root, kind, ctx._index)
    out = etree.Element(tmk("Trademark"), nsmap=NSMAP["trademarks"])
    _, comments = map_identification(ctx, source_root, out, kind)
    map_category(ctx, source_root, out, kind, comments)
    feature_notes = map_representation(ctx, source_root, out, kind)
    map_disclaimers(ctx, source_root, out)
    if comments:
        sub(out, com("CommentText"), ". ".join(comments))
    map_goods_and_priorities(ctx, source_root, out)
    map_proprietor(ctx, source_root, out, kind)
    map_agents(ctx, source_root, out)
    map_events(ctx, source_root, out)
    map_users(ctx, source_root, out)
    if feature_notes:
        sub(out, tmk("MarkFeatureDescription"), ". ".join(feature_notes))
    map_address_for_service(ctx, source_root, out)
    ctx.findings.extend(unmapped)
    return out, ctx.findings


def _coverage_tree() -> dict:
    """The coverage table as nested dicts keyed by tag: ``{tag: (children, path)}``."""
    tree: dict = {}
    for path in COVERAGE:
        node, so_far = tree, ""
        for step in path.strip("/").split("/"):
            so_far += "/" + step
            entry = node.get(step)
            if entry is None:
                entry = node[step] = ({}, so_far)
            node = entry[0]
    return tree


_TREE = _coverage_tree()


def unmapped_findings(root: etree._Element) -> list[Finding]:
    """``MAP-UNMAPPED-ELEMENT`` / ``-ATTRIBUTE`` for what the coverage table lacks."""
    tag = root.tag if isinstance(root.tag, str) else ""
    return _walk(root, tag, {})


def _walk(root: etree._Element, kind: str, index: dict) -> list[Finding]:
    """One pass over the record: coverage check plus the children index (``index``)."""
    findings: list[Finding] = []
    seen: set[str] = set()
    entry = _TREE.get(kind)
    if entry is None:
        _unmapped(findings, seen, f"/{kind}")
        return findings
    stack = [(root, entry[0], entry[1])]
    pop, push = stack.pop, stack.append
    while stack:
        el, node, path = pop()
        if el.attrib:
            _check_attributes(findings, seen, el, path)
        children = index[el] = {}
        for child in el:
            tag = child.tag
            group = children.get(tag)
            if group is None:
                children[tag] = [child]
            else:
                group.append(child)
            child_entry = node.get(tag)
            if child_entry is None:
                if isinstance(tag, str):
                    _unmapped(findings, seen, f"{path}/{etree.QName(child).localname}")
            elif len(child) or child.attrib:
                push((child, child_entry[0], child_entry[1]))
    return findings


def _unmapped(findings: list[Finding], seen: set[str], path: str) -> None:
    if path in seen:
        return
    seen.add(path)
    findings.append(
        Finding(
            "MAP-UNMAPPED-ELEMENT",
            "warning",
            path,
            f"Source element {path} is not mapped to ST.96; its value is kept in the "
            "stored source record only.",
            "Tell the hub team which ST.96 element it corresponds to.",
        )
    )


def _check_attributes(
    findings: list[Finding], seen: set[str], el: etree._Element, path: str
) -> None:
    for attr in el.attrib:
        if attr in HANDLED_ATTRIBUTES or attr.startswith(_IGNORED_ATTR_NS):
            continue
        key = f"{path}[@{attr}]"
        if key not in seen:
            seen.add(key)
            findings.append(
                Finding(
                    "MAP-UNMAPPED-ATTRIBUTE",
                    "info",
                    key,
                    f"Attribute {attr} of {path} is not mapped to ST.96; it is kept in the "
                    "stored source record only.",
                )
            )
