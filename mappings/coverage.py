"""Which source element paths the mappings cover: mapped, deliberately not mapped, unmapped.

Each mapper keeps its declared coverage table next to it (``mappings.st66.table.COVERAGE``:
source path → ST.96 path or :class:`NotMapped` reason). This module compares real data with
those tables: the records an office actually sent (``iphub coverage CODE``) or the path lists
in ``shared/office-formats`` (a test proves zero unmapped paths for the IPAS offices).
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from lxml import etree

from mappings import st66
from mappings.errors import SourceError
from mappings.st66.table import NotMapped
from mappings.xmlsafe import parse_xml

__all__ = [
    "TABLES",
    "CoverageEntry",
    "CoverageReport",
    "coverage_of_paths_file",
    "coverage_of_roots",
    "coverage_report",
    "read_paths_file",
]

#: metadata prefix → (coverage table, attributes handled on any element).
TABLES: dict[str, tuple[Mapping[str, str | NotMapped], frozenset[str]]] = {
    "st66": (st66.COVERAGE, st66.HANDLED_ATTRIBUTES),
}

MAPPED, NOT_MAPPED, UNMAPPED = "mapped", "not mapped", "unmapped"


@dataclass(frozen=True, slots=True)
class CoverageEntry:
    path: str  # source path, attribute variants as "[@name=value]"
    status: str  # "mapped" | "not mapped" | "unmapped"
    target: str  # ST.96 path, the reason it is not mapped, or ""
    count: int = 0  # occurrences seen (0 for paths files)


@dataclass
class CoverageReport:
    """Coverage of one office's data (or one paths file) by the mapping tables."""

    office_code: str
    entries: list[CoverageEntry] = field(default_factory=list)
    records: int = 0
    failures: list[str] = field(default_factory=list)  # records that could not be read

    @property
    def unmapped(self) -> list[CoverageEntry]:
        return [e for e in self.entries if e.status == UNMAPPED]

    def counts(self) -> Counter[str]:
        return Counter(e.status for e in self.entries)

    def render_text(self) -> str:
        """Plain-text report for the CLI: a summary line, then one line per path."""
        c = self.counts()
        lines = [
            f"Coverage for {self.office_code}: {self.records} record(s), {len(self.entries)} "
            f"path(s): {c[MAPPED]} mapped, {c[NOT_MAPPED]} not mapped (with reason), "
            f"{c[UNMAPPED]} unmapped"
        ]
        for failure in self.failures:
            lines.append(f"  ! {failure}")
        for status in (UNMAPPED, NOT_MAPPED, MAPPED):
            group = [e for e in self.entries if e.status == status]
            if group:
                lines.append(f"\n{status.upper()} ({len(group)})")
            for e in group:
                count = f" x{e.count}" if e.count else ""
                arrow = {MAPPED: "->", NOT_MAPPED: "--", UNMAPPED: "??"}[status]
                lines.append(f"  {e.path}{count} {arrow} {e.target}".rstrip())
        return "\n".join(lines) + "\n"


def _classify(
    path: str, table: Mapping[str, str | NotMapped], handled: frozenset[str]
) -> CoverageEntry:
    base, _, attr = path.partition("[@")
    target = table.get(base)
    if target is None:
        return CoverageEntry(path, UNMAPPED, "")
    if attr:
        name = attr.split("=", 1)[0].rstrip("]")
        if name not in handled:
            return CoverageEntry(path, UNMAPPED, f"attribute {name} not handled")
    if isinstance(target, NotMapped):
        return CoverageEntry(path, NOT_MAPPED, target.reason)
    return CoverageEntry(path, MAPPED, target)


def _element_paths(root: etree._Element) -> Iterator[str]:
    """Element paths of a record, plus attribute variants like the office-format files."""
    for path, el in st66.source_paths(root):
        yield path
        for name, value in el.attrib.items():
            if not name.startswith("{"):
                yield f"{path}[@{name}={value}]"


def coverage_of_roots(
    office_code: str, roots: Iterable[etree._Element], prefix: str = "st66"
) -> CoverageReport:
    """Coverage of already parsed source records."""
    table, handled = TABLES[prefix]
    seen: Counter[str] = Counter()
    report = CoverageReport(office_code)
    for root in roots:
        report.records += 1
        seen.update(_element_paths(root))
    for path, count in sorted(seen.items()):
        entry = _classify(path, table, handled)
        report.entries.append(CoverageEntry(entry.path, entry.status, entry.target, count))
    return report


def coverage_report(office_code: str, raws: Iterable[tuple[str, bytes]]) -> CoverageReport:
    """Coverage of raw source records ``(metadata_prefix, bytes)`` (for ``iphub coverage``).

    Records of prefixes without a coverage table, or that cannot be parsed, are listed as
    failures rather than aborting the report.
    """
    seen: dict[str, Counter[str]] = {}
    report = CoverageReport(office_code)
    for n, (prefix, raw) in enumerate(raws, 1):
        report.records += 1
        if prefix not in TABLES:
            report.failures.append(f"record {n}: no coverage table for prefix {prefix!r}")
            continue
        try:
            root = parse_xml(raw)
        except SourceError as exc:
            report.failures.append(f"record {n}: {exc}")
            continue
        seen.setdefault(prefix, Counter()).update(_element_paths(root))
    for prefix, counter in seen.items():
        table, handled = TABLES[prefix]
        for path, count in sorted(counter.items()):
            entry = _classify(path, table, handled)
            report.entries.append(CoverageEntry(entry.path, entry.status, entry.target, count))
    return report


_LINE = re.compile(r"^(?P<indent>(?:__)*)/(?P<name>[^\[/]+)(?P<attr>\[@[^\]]+\])?\s*$")


def read_paths_file(path: str | Path) -> list[str]:
    """The full paths listed in an office-format ``.paths`` file (``__`` = one level deeper)."""
    stack: list[str] = []
    paths: list[str] = []
    for raw in Path(path).read_text(encoding="utf-8").splitlines():
        if not raw.strip():
            continue
        m = _LINE.match(raw.strip("\n"))
        if m is None:
            raise ValueError(f"{path}: cannot read line {raw!r}")
        depth = len(m["indent"]) // 2
        del stack[depth:]
        element_path = "/" + "/".join([*stack, m["name"]])
        if m["attr"]:
            paths.append(element_path + m["attr"])
        else:
            stack.append(m["name"])
            paths.append(element_path)
    return paths


def coverage_of_paths_file(path: str | Path, prefix: str = "st66") -> CoverageReport:
    """Coverage of every path listed in an office-format ``.paths`` file."""
    table, handled = TABLES[prefix]
    report = CoverageReport(Path(path).stem)
    report.entries = [_classify(p, table, handled) for p in read_paths_file(path)]
    return report
