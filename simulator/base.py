"""What the record generators share: office-side changes, Dublin Core, date and number helpers.

`PlannedGenerator` is the `simulator.generators.Generator` plumbing for a format
whose record `index` is first drawn as a frozen dataclass (the module's ``plan``), then
rendered (``render``, ``render_dc``): trademarks (ST.66), patents (ST.36) and designs (ST.86).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import random
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import Any, ClassVar, TypeVar

from lxml import etree

from simulator.seeding import mix
from xsd.namespaces import DC_NS, OAI_DC_NS, XSI_NS

P = TypeVar("P")

REFERENCE = dt.date(2025, 6, 30)
"""Fixed "today" of the generated data: nothing happens after it, whatever the clock says."""


@dataclass(frozen=True, slots=True)
class FilingWindow:
    """The days a format's applications are filed in, ``start`` up to (not including) ``end``,
    which lies early enough for every later event of a record to fall before `REFERENCE`."""

    start: dt.date
    end: dt.date
    #: names the date's own hash, so identifiers are cheap to compute (no record is planned)
    tag: str

    def date(self, seed: int, code: str, index: int) -> dt.date:
        """The filing date of record ``index`` of office ``code``."""
        span = (self.end - self.start).days
        return self.start + dt.timedelta(days=mix(seed, code, self.tag, index) % span)


@dataclass(frozen=True, slots=True)
class Priority:
    """A priority claim of a patent or design (number or date missing where a defect is)."""

    country: str
    number: str | None
    date: dt.date | None


@dataclass(frozen=True, slots=True)
class Event:
    """A patent or design event: its key in the format's event table, and its date."""

    key: str
    date: dt.date


def office_profile(profiles: Mapping[str, P], code: str, kind: str) -> P:
    """The office's entry in ``profiles``; ValueError naming the known offices otherwise."""
    try:
        return profiles[code.upper()]
    except KeyError:
        raise ValueError(
            f"no {kind} profile for office {code!r}; known: {sorted(profiles)}"
        ) from None


def office_number(number_format: str, filed: dt.date, index: int, **fields: str) -> str:
    """An office number: the format's fields {y} (year), {y2} (two-digit year), {n} (serial,
    index + 1) and any other ``fields``."""
    return number_format.format(y=filed.year, y2=filed.year % 100, n=index + 1, **fields)


def check_changes(changes: Mapping[str, Any], changeable: frozenset[str]) -> None:
    """Raise ValueError for changes to fields outside `changeable`."""
    unknown = set(changes) - changeable
    if unknown:
        raise ValueError(f"cannot change {sorted(unknown)}; changeable: {sorted(changeable)}")


def replace_checked(planned: Any, changes: Mapping[str, Any], changeable: frozenset[str]) -> Any:
    """The planned record (a dataclass) with office-side changes applied."""
    check_changes(changes, changeable)
    return dataclasses.replace(planned, **changes)


def compact(number: str) -> str:
    """A number with separators removed, as used in OAI identifiers."""
    return "".join(ch for ch in number if ch.isalnum())


def days(r: random.Random, low: int, high: int) -> dt.timedelta:
    return dt.timedelta(days=r.randint(low, high))


def add_years(day: dt.date, years: int) -> dt.date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


def ipas_priorities(
    sub: Callable[..., etree._Element], parent: etree._Element, priorities: Iterable[Any]
) -> None:
    """IPAS's ``PriorityDetails`` under `parent`, written alike in its trademark and design
    exports; `sub` is the format's child writer (its namespaces). A priority without a date
    (a planted defect) has no ``PriorityDate``; nothing at all without priorities."""
    priorities = tuple(priorities)
    if not priorities:
        return
    details = sub(parent, "PriorityDetails")
    for priority in priorities:
        el = sub(details, "Priority")
        sub(el, "PriorityCountryCode", priority.country)
        sub(el, "PriorityNumber", priority.number)
        if priority.date:
            sub(el, "PriorityDate", priority.date.isoformat())


#: One Dublin Core element: its tag (``title``, ``creator``...) and text.
DcField = tuple[str, "str | None"]


def dublin_core_xml(
    fields: Iterable[DcField], *, schema_location: str | None = None, skip_empty: bool = False
) -> bytes:
    """An ``oai_dc:dc`` document with one ``dc:<tag>`` child per field, in order.

    The three record kinds differ only in which fields they give, so each lists them and this
    writes them. `schema_location`: an ``xsi:schemaLocation`` on the root (IPAS trademark
    feeds send one); `skip_empty`: no element for an empty or missing text.
    """
    nsmap = {"oai_dc": OAI_DC_NS, "dc": DC_NS}
    if schema_location:
        nsmap["xsi"] = XSI_NS
    root = etree.Element(f"{{{OAI_DC_NS}}}dc", nsmap=nsmap)
    if schema_location:
        root.set(f"{{{XSI_NS}}}schemaLocation", schema_location)
    for tag, text in fields:
        if text or not skip_empty:
            etree.SubElement(root, f"{{{DC_NS}}}{tag}").text = text
    return etree.tostring(root, encoding="UTF-8")


def dc_creators(parties: Iterable[Any]) -> list[DcField]:
    """A ``dc:creator`` per party, by its English name where it has one."""
    return [("creator", party.name_en or party.name) for party in parties]


class PlannedGenerator:
    """A `Generator` over a module's ``plan``, ``render`` and ``render_dc``.

    A subclass names them (as static methods), the fields `update()` may change
    (`changeable`) and its `source_id`; `index_of` reads the serial (index + 1) at the end of
    the source id, before any trailing letters, in one of `serial_widths` digits.
    """

    ip_type: ClassVar[str]
    metadata_prefix: ClassVar[str]
    namespace: ClassVar[str]
    schema_location: ClassVar[str]
    identifier_prefix: ClassVar[str]
    changeable: ClassVar[frozenset[str]]
    serial_widths: ClassVar[tuple[int, ...]] = ()

    @staticmethod
    def draw(office_code: str, seed: int, index: int) -> Any:
        raise NotImplementedError

    @staticmethod
    def render(planned: Any) -> bytes:
        raise NotImplementedError

    @staticmethod
    def render_dc(planned: Any) -> bytes:
        raise NotImplementedError

    def source_id(self, office_code: str, seed: int, index: int) -> str:
        raise NotImplementedError

    def plan(
        self, office_code: str, seed: int, index: int, changes: Mapping[str, Any] | None = None
    ) -> Any:
        planned = self.draw(office_code, seed, index)
        return replace_checked(planned, changes, self.changeable) if changes else planned

    def record(
        self, office_code: str, seed: int, index: int, changes: Mapping[str, Any] | None = None
    ) -> bytes:
        return self.render(self.plan(office_code, seed, index, changes))

    def dublin_core(
        self, office_code: str, seed: int, index: int, changes: Mapping[str, Any] | None = None
    ) -> bytes:
        return self.render_dc(self.plan(office_code, seed, index, changes))

    def index_of(self, office_code: str, seed: int, source_id: str) -> int | None:
        digits = source_id.rstrip("ABCDEFGHIJKLMNOPQRSTUVWXYZ")
        for width in self.serial_widths:
            serial = digits[-width:]
            if serial.isdigit() and int(serial) > 0:
                index = int(serial) - 1
                if self.source_id(office_code, seed, index) == source_id:
                    return index
        return None

    def defects(self, office_code: str, seed: int, index: int) -> frozenset[str]:
        return self.draw(office_code, seed, index).defects

    def check_changes(self, changes: Mapping[str, Any]) -> None:
        check_changes(changes, self.changeable)
