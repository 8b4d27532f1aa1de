"""Value retention: did every value an office sent reach the ST.96, or is it accounted for?

A record can be valid ST.96 and still have lost half of what the office sent (a word mark, a
status, a whole event history); the schema cannot tell, and a coverage table that names an
element does not prove the mapper wrote its value. This module checks it value by value, for
any source format: every leaf value of the source (element texts and attribute values) is

- ``verbatim``: found as is in the ST.96 record (an element text, an attribute, or a part of a
  longer text such as a comment);
- ``transformed``: found after a *declared* transformation (a date form, a code list's case, a
  vocabulary table: see :class:`Transformation`);
- ``not mapped``: its path is deliberately not mapped, the coverage table says why;
- ``placeholder``: it stands for "no value" (:mod:`mappings.placeholders`);
- ``reported``: a finding names it (its path, or the value itself), so the office is told;
- ``lost``: none of these. The retention test fails on any.

Pure and format-blind: the caller gives the source record, its format's coverage table (whose
one walk names each element), the transformations and the mapping's findings. It is a test and
audit tool (one record costs about a millisecond), not part of the harvest path.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass

from lxml import etree

from mappings.framework.table import CoverageTable
from mappings.framework.walk import source_paths
from mappings.model import Finding
from mappings.placeholders import is_placeholder
from mappings.vocabulary import normalise_key
from xsd.namespaces import XML_NS, XSI_NS

__all__ = [
    "ABSENT",
    "CODE_LIST",
    "DATE_FORM",
    "LOST",
    "NOT_MAPPED",
    "NUMBER_FORM",
    "PLACEHOLDER",
    "REPORTED",
    "TRANSFORMED",
    "VERBATIM",
    "LeafValue",
    "RetentionReport",
    "Transformation",
    "check_retention",
    "code_table",
    "element",
    "parts",
    "source_leaves",
    "vocabulary",
]

VERBATIM, TRANSFORMED = "verbatim", "transformed"
NOT_MAPPED, PLACEHOLDER, REPORTED, LOST = "not mapped", "placeholder", "reported", "lost"

#: Values this short ("1", "EN", "Y") must match a whole ST.96 value: inside a longer text they
#: would be found by chance.
_MIN_PART = 4

#: Attributes that are markup, not values: schema hints and ``xml:space``.
#: What separates the values a mapper joins into one text ("Name (code), address, GB").
_SEPARATOR = re.compile(r"[,;:]\s+")

_IGNORED_ATTRIBUTES = (
    f"{{{XSI_NS}}}",
    f"{{{XML_NS}}}space",
)


@dataclass(frozen=True, slots=True)
class Transformation:
    """A declared way a source value becomes an ST.96 value: ``candidates(value)`` yields the
    ST.96 forms the value may take (none when it does not apply); ``where``, when set, limits
    it to the source paths ending so (a flag whose "Y" chooses one feature category)."""

    name: str
    candidates: Callable[[str], Iterable[str]]
    where: str = ""


_YMD = re.compile(r"(\d{4})-?(\d{2})-?(\d{2})(?:[T ][0-9:.+\-Z]*)?\Z")
_DMY = re.compile(r"(\d{1,2})[/.](\d{1,2})[/.](\d{4})\Z")


def _date_forms(value: str) -> Iterable[str]:
    """``YYYY-MM-DD`` for the date forms offices send (ISO, ``YYYYMMDD``, date-times, and
    day-first ``DD/MM/YYYY``)."""
    m = _YMD.match(value)
    if m:
        yield "-".join(m.groups())
        return
    m = _DMY.match(value)
    if m:
        day, month, year = m.groups()
        yield f"{year}-{int(month):02d}-{int(day):02d}"


DATE_FORM = Transformation("date form", _date_forms)
CODE_LIST = Transformation("code list", lambda value: (value.upper(), value.lower()))
#: Numbers written in the standard's form: Nice class ``3`` is ``03``, ``007`` is ``7``.
NUMBER_FORM = Transformation(
    "number form",
    lambda value: (str(int(value)), f"{int(value):02d}") if value.isdigit() else (),
)


def code_table(name: str, table: Mapping[str, str]) -> Transformation:
    """A transformation through a fixed code table (``{"kh": "km"}``: IPAS language tags to
    ISO 639-1), matched case-insensitively."""
    folded = {k.casefold(): v for k, v in table.items()}
    return Transformation(name, lambda value: (folded[value.casefold()],) if value.casefold()
                          in folded else ())  # fmt: skip


def vocabulary(name: str, tables: Mapping[str, Mapping[str, str]]) -> Transformation:
    """A transformation through an office vocabulary (``OfficeVocabulary.tables`` or a
    supplement's): every table's ST.96 value for the word."""

    def candidates(value: str) -> Iterable[str]:
        key = normalise_key(value)
        return [table[key] for table in tables.values() if table.get(key)]

    return Transformation(name, candidates)


#: Prefix of the candidates that name an ST.96 element rather than a value (see :func:`element`).
_ELEMENT = "\0element:"
#: The candidate of a value whose declared meaning is an absence (a "N" flag: no such feature).
ABSENT = "\0absent"


def element(local_name: str) -> str:
    """A candidate that is found when the ST.96 record has an element of that local name: for
    source values that choose an element instead of filling one (``CategoryKind`` ``Vienna``
    → ``com:ViennaClassificationBag``)."""
    return _ELEMENT + local_name


def parts(*texts: str) -> str:
    """A candidate found when ``texts`` are consecutive ST.96 texts in document order: for a
    value split over elements (Vienna ``27.05.01`` → category, division, section)."""
    return "\n".join(texts)


@dataclass(frozen=True, slots=True)
class LeafValue:
    """One source value and what became of it."""

    path: str  # source path in the coverage table's notation; an attribute as "path[@name]"
    value: str  # whitespace-collapsed
    status: str  # VERBATIM | TRANSFORMED | NOT_MAPPED | PLACEHOLDER | REPORTED | LOST
    how: str = ""  # the transformation, the not-mapped reason or the reporting rule


@dataclass(frozen=True, slots=True)
class RetentionReport:
    """The fate of every leaf value of one record."""

    values: tuple[LeafValue, ...]
    placeholders_published: tuple[str, ...]  # ST.96 texts that are placeholders

    @property
    def lost(self) -> list[LeafValue]:
        return [v for v in self.values if v.status == LOST]

    def counts(self) -> Counter[str]:
        return Counter(v.status for v in self.values)

    def reached_share(self) -> float:
        """Share of the values meant for the ST.96 (neither deliberately not mapped nor
        placeholders) that reached it, verbatim or transformed; 1.0 when there are none."""
        c = self.counts()
        meant = sum(c.values()) - c[NOT_MAPPED] - c[PLACEHOLDER]
        return (c[VERBATIM] + c[TRANSFORMED]) / meant if meant else 1.0


def _collapse(text: str | None) -> str:
    return " ".join(text.split()) if text else ""


def source_leaves(paths: Iterable[tuple[str, etree._Element]]) -> Iterable[tuple[str, str, str]]:
    """``(element path, key, value)`` of every leaf value: an attribute (key ``path[@name]``)
    or the text of an element without element children (key ``path``)."""
    for path, el in paths:
        for name, value in el.attrib.items():
            if not name.startswith(_IGNORED_ATTRIBUTES):
                yield path, f"{path}[@{etree.QName(name).localname}]", _collapse(value)
        if not any(isinstance(child.tag, str) for child in el):
            yield path, path, _collapse(el.text)


class _Published:
    """The values of an ST.96 record, for membership tests."""

    def __init__(self, root: etree._Element) -> None:
        values: set[str] = {ABSENT}
        texts: list[str] = []
        for el in root.iter():
            if not isinstance(el.tag, str):
                continue
            values.add(_ELEMENT + etree.QName(el).localname)
            values.update(_collapse(v) for v in el.attrib.values())
            text = _collapse(el.text)
            if text:
                texts.append(text)
        values.update(texts)
        for text in texts:  # the items of a text that joins several values ("..., GB")
            if _SEPARATOR.search(text):
                values.update(_SEPARATOR.split(text))
        values.discard("")
        self.values = values
        self.joined = "\n".join(texts)  # document order, for parts() and parts of texts

    def has(self, value: str) -> bool:
        return value in self.values or (len(value) >= _MIN_PART and value in self.joined)


def _reported_by(key: str, value: str, findings: Iterable[Finding]) -> str | None:
    """The rule id of the first finding that names ``key`` (or an ancestor path) or quotes
    ``value``; None when no finding does."""
    quoted = repr(value)
    for finding in findings:
        path, message = finding.path, finding.message
        if key == path or key.startswith((path + "/", path + "[")):
            return finding.rule_id
        if quoted in message or key in message:
            return finding.rule_id
    return None


def _fate(
    path: str,
    key: str,
    target: object,
    value: str,
    published: _Published,
    transformations: Iterable[Transformation],
    findings: tuple[Finding, ...],
) -> tuple[str, str]:
    """(status, how) of one leaf value (see the module docstring for the order)."""
    if is_placeholder(value):
        return PLACEHOLDER, "no value"
    if target is not None and not isinstance(target, str):
        return NOT_MAPPED, getattr(target, "reason", str(target))
    if published.has(value):
        return VERBATIM, ""
    for transformation in transformations:
        if transformation.where and not path.endswith(transformation.where):
            continue
        if any(published.has(c) for c in transformation.candidates(value) if c):
            return TRANSFORMED, transformation.name
    rule_id = _reported_by(key, value, findings)
    if rule_id is not None:
        return REPORTED, rule_id
    return LOST, ""


def check_retention(
    source_root: etree._Element,
    st96_root: etree._Element,
    table: CoverageTable,
    *,
    transformations: Iterable[Transformation] = (DATE_FORM, CODE_LIST, NUMBER_FORM),
    findings: Iterable[Finding] = (),
) -> RetentionReport:
    """The fate of every leaf value of a source record.

    ``source_root``: the record as the office sent it, named element by element by the one
    coverage walk (:func:`mappings.framework.walk.source_paths`, exact by namespace);
    ``table``: the format's coverage table (path → ST.96 path, or a
    :class:`~mappings.model.NotMapped` for what is deliberately not mapped); ``findings``: the
    mapping's findings. An attribute takes its element's table entry.
    """
    paths = source_paths(source_root, table)
    published = _Published(st96_root)
    transformations = tuple(transformations)
    findings = tuple(findings)
    values = []
    for path, key, value in source_leaves(paths):
        target = table.get(path)
        status, how = _fate(path, key, target, value, published, transformations, findings)
        values.append(LeafValue(key, value, status, how))
    shown = tuple(
        _collapse(el.text)
        for el in st96_root.iter()
        if isinstance(el.tag, str) and el.text and el.text.strip() and is_placeholder(el.text)
    )
    return RetentionReport(tuple(values), shown)
