"""The record drill-down: ST.96 XML as lines, with each finding pinned to its element.

A finding's path names an element (``/tmk:Trademark/tmk:ApplicantBag/tmk:Applicant[2]``). When
the element exists, its line is highlighted; when it does not (the typical "missing" finding),
the nearest existing ancestor is highlighted, so staff see where the value should go.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from lxml import etree

from mappings.errors import SourceError
from mappings.rules.engine import NS, element_path
from mappings.xmlsafe import parse_xml

_PREFIX = {uri: prefix for prefix, uri in NS.items()}
_FIRST = re.compile(r"\[1\]")


@dataclass
class Line:
    """One line of the pretty view: indentation depth, text, and the findings pinned to it."""

    depth: int
    text: str
    anchor: str = ""
    findings: list = field(default_factory=list)


def _name(el: etree._Element) -> str:
    q = etree.QName(el)
    prefix = _PREFIX.get(q.namespace or "")
    return f"{prefix}:{q.localname}" if prefix else q.localname


def _attrs(el: etree._Element) -> str:
    parts = []
    for key, value in el.attrib.items():
        q = etree.QName(key)
        prefix = _PREFIX.get(q.namespace or "")
        parts.append(f' {prefix + ":" if prefix else ""}{q.localname}="{value}"')
    return "".join(parts)


def _normal(path: str) -> str:
    return _FIRST.sub("", path)


def lines_of(st96: bytes, findings: Iterable) -> tuple[list[Line], list]:
    """(lines, unplaced findings) for the ST.96 bytes; findings need a ``path`` attribute."""
    root = etree.fromstring(st96, etree.XMLParser(resolve_entities=False, no_network=True))
    lines: list[Line] = []
    by_path: dict[str, Line] = {}
    _walk(root, 0, lines, by_path)
    unplaced = []
    for finding in findings:
        line = _place(finding.path, by_path)
        if line is None:
            unplaced.append(finding)
        else:
            line.findings.append(finding)
    return lines, unplaced


def _walk(el: etree._Element, depth: int, lines: list[Line], by_path: dict[str, Line]) -> None:
    if not isinstance(el.tag, str):
        return
    name, path = _name(el), element_path(el)
    text = (el.text or "").strip()
    children = [c for c in el if isinstance(c.tag, str)]
    anchor = f"L{len(lines) + 1}"
    if not children:
        line = Line(depth, f"<{name}{_attrs(el)}>{text}</{name}>", anchor)
        lines.append(line)
    else:
        line = Line(depth, f"<{name}{_attrs(el)}>{text}", anchor)
        lines.append(line)
        for child in children:
            _walk(child, depth + 1, lines, by_path)
        lines.append(Line(depth, f"</{name}>"))
    by_path[_normal(path)] = line


def _place(path: str, by_path: dict[str, Line]) -> Line | None:
    """The line of the element at ``path`` or of its nearest existing ancestor."""
    steps = _normal(path.split("/@", 1)[0]).rstrip("/").split("/")
    while len(steps) > 1:
        line = by_path.get("/".join(steps))
        if line is not None:
            return line
        steps.pop()
    return None


def source_lines(raw: bytes | None) -> list[str]:
    """The office's original record, indented for reading (as received when it will not parse)."""
    if not raw:
        return []
    try:
        root = parse_xml(raw)
        etree.indent(root, space="  ")
        text = etree.tostring(root, encoding="unicode")
    except SourceError:  # unsafe or malformed: show the bytes as they came
        text = raw.decode("utf-8", errors="replace")
    return text.splitlines()
