"""Which source element paths the mappings cover: mapped, deliberately not mapped, unmapped.

Each format keeps its declared coverage table next to its mapper (``mappings/<format>/table.py``
``TABLE``, a :class:`~mappings.framework.table.CoverageTable`: source path → ST.96 path or
:class:`~mappings.model.NotMapped` reason; :data:`TABLES` lists them by metadata prefix). Paths
are named by the one walk's notation, exact by namespace
(:func:`mappings.framework.walk.source_paths`). This module
compares real data with those tables: the records an office actually sent (``iphub coverage
CODE``) or the path lists in ``shared/office-formats`` (a test proves zero unmapped paths for the
IPAS offices).
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from lxml import etree

from mappings import sgtm, st36, st66, st86
from mappings.errors import SourceError
from mappings.framework.table import CoverageTable
from mappings.framework.walk import source_paths
from mappings.model import NotMapped
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

#: metadata prefix → its coverage table.
TABLES: dict[str, CoverageTable] = {
    table.prefix: table for table in (st36.TABLE, st66.TABLE, st86.TABLE, sgtm.TABLE)
}

MAPPED, NOT_MAPPED, UNMAPPED = "mapped", "not mapped", "unmapped"

#: Unreadable records listed one by one in a report; beyond that they are counted.
MAX_FAILURES = 20


@dataclass(frozen=True, slots=True)
class CoverageEntry:
    path: str  # source path, attribute variants as "[@name=value]"
    status: str  # "mapped" | "not mapped" | "unmapped"
    target: str  # ST.96 path, the reason it is not mapped, or ""
    count: int = 0  # occurrences seen (0 for paths files)
    prefix: str = ""  # metadata prefix of the records it was seen in ("" for paths files)

    def as_dict(self) -> dict[str, str | int]:
        return {
            "prefix": self.prefix,
            "path": self.path,
            "status": self.status,
            "target": self.target,
            "count": self.count,
        }


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

    def render_text(self, statuses: Iterable[str] = (UNMAPPED, NOT_MAPPED, MAPPED)) -> str:
        """Plain-text report for the CLI: a summary line (over every path), then one line per
        path of the given ``statuses`` (``(UNMAPPED,)`` for ``--unmapped-only``)."""
        statuses = tuple(statuses)
        c = self.counts()
        lines = [
            f"Coverage for {self.office_code}: {self.records} record(s), {len(self.entries)} "
            f"path(s): {c[MAPPED]} mapped, {c[NOT_MAPPED]} not mapped (with reason), "
            f"{c[UNMAPPED]} unmapped"
        ]
        for failure in self.failures:
            lines.append(f"  ! {failure}")
        for status in (UNMAPPED, NOT_MAPPED, MAPPED):
            if status not in statuses:
                continue
            group = [e for e in self.entries if e.status == status]
            if group:
                lines.append(f"\n{status.upper()} ({len(group)})")
            for e in group:
                count = f" x{e.count}" if e.count else ""
                arrow = {MAPPED: "->", NOT_MAPPED: "--", UNMAPPED: "??"}[status]
                lines.append(f"  {e.path}{count} {arrow} {e.target}".rstrip())
        return "\n".join(lines) + "\n"

    def as_dict(self, statuses: Iterable[str] = (UNMAPPED, NOT_MAPPED, MAPPED)) -> dict:
        """The report as JSON-ready data: summary counts (over every path) and the entries of
        the given ``statuses``."""
        statuses = tuple(statuses)
        c = self.counts()
        return {
            "office": self.office_code,
            "records": self.records,
            "paths": len(self.entries),
            "mapped": c[MAPPED],
            "not_mapped": c[NOT_MAPPED],
            "unmapped": c[UNMAPPED],
            "failures": list(self.failures),
            "entries": [e.as_dict() for e in self.entries if e.status in statuses],
        }


def _classify(path: str, table: CoverageTable) -> CoverageEntry:
    base, _, attr = path.partition("[@")
    target = table.get(base)
    if target is None:
        return CoverageEntry(path, UNMAPPED, "")
    if attr:
        name = attr.split("=", 1)[0].rstrip("]")
        if name not in table.handled_attributes:
            return CoverageEntry(path, UNMAPPED, f"attribute {name} not handled")
    if isinstance(target, NotMapped):
        return CoverageEntry(path, NOT_MAPPED, target.reason)
    return CoverageEntry(path, MAPPED, target)


def _element_paths(root: etree._Element, table: CoverageTable) -> Iterator[str]:
    """Element paths of a record, plus attribute variants like the office-format files.

    A variant names the attribute's value (``[@languageCode=kh]``) when it is a code; values
    with digits (numbers, dates, sequence numbers, identifiers: ``doc-number``, ``sequence``)
    are counted under the attribute's name alone (``[@sequence]``), or an office's report
    would list one path per record.
    """
    for path, el in source_paths(root, table):
        yield path
        for name, value in el.attrib.items():
            if not name.startswith("{"):
                value = value.strip()
                if not value or any(c.isdigit() for c in value):
                    yield f"{path}[@{name}]"
                else:
                    yield f"{path}[@{name}={value}]"


def coverage_of_roots(
    office_code: str, roots: Iterable[etree._Element], prefix: str = "st66"
) -> CoverageReport:
    """Coverage of already parsed source records."""
    table = TABLES[prefix]
    seen: Counter[str] = Counter()
    report = CoverageReport(office_code)
    for root in roots:
        report.records += 1
        seen.update(_element_paths(root, table))
    for path, count in sorted(seen.items()):
        entry = _classify(path, table)
        report.entries.append(CoverageEntry(entry.path, entry.status, entry.target, count, prefix))
    return report


def coverage_report(office_code: str, raws: Iterable[tuple[str, bytes]]) -> CoverageReport:
    """Coverage of raw source records ``(metadata_prefix, bytes)`` (for ``iphub coverage``).

    ``raws`` may be a stream (a database cursor): memory grows with the number of distinct
    paths, not of records. Records of prefixes without a coverage table (one failure line per
    prefix, with the count) or that cannot be parsed (the first :data:`MAX_FAILURES` listed,
    then a count) are reported as failures rather than aborting the report.
    """
    seen: dict[str, Counter[str]] = {}
    no_table: Counter[str] = Counter()
    unreadable = 0
    report = CoverageReport(office_code)
    for n, (prefix, raw) in enumerate(raws, 1):
        report.records += 1
        if prefix not in TABLES:
            no_table[prefix] += 1
            continue
        try:
            root = parse_xml(raw)
        except SourceError as exc:
            unreadable += 1
            if unreadable <= MAX_FAILURES:
                report.failures.append(f"record {n}: {exc}")
            continue
        seen.setdefault(prefix, Counter()).update(_element_paths(root, TABLES[prefix]))
    if unreadable > MAX_FAILURES:
        report.failures.append(f"... and {unreadable - MAX_FAILURES} more unreadable record(s)")
    for prefix, count in sorted(no_table.items()):
        report.failures.append(f"{count} record(s): no coverage table for prefix {prefix!r}")
    for prefix, counter in seen.items():
        for path, count in sorted(counter.items()):
            entry = _classify(path, TABLES[prefix])
            report.entries.append(
                CoverageEntry(entry.path, entry.status, entry.target, count, prefix)
            )
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
    report = CoverageReport(Path(path).stem)
    report.entries = [_classify(p, TABLES[prefix]) for p in read_paths_file(path)]
    return report
