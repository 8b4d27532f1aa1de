"""Singapore (IPOS) trademarks in IPOS's own export format, generated deterministically.

IPOS does not export ST.66: its records are flat, namespace-less ``Trademark`` elements (plus
``Article6ter`` emblems and ``R13`` protected signs), with exactly the element paths listed in
``shared/office-formats/trademarks/SG.paths``. Record *i* is drawn from (seed, office, i) only;
about 1.5 % of the records are Article 6ter emblems and 1.5 % R13 signs, the rest trademarks.

Mark words come in the register's four languages: English, Chinese (with Hanyu Pinyin
transliteration), Malay and Tamil (with translations). Realistic defects, each drawn from its own
random stream over the ``Trademark`` records (rates in :data:`DEFECT_RATES`):

- ``no_application_type``: application_type left out;
- ``unknown_status``: mark_status outside the IPOS vocabulary (:data:`UNKNOWN_STATUSES`);
- ``agent_without_type``: an agent_details block without its type;
- ``registration_before_application``: registration_completion_date before application_date;
- ``empty_element``: one element present with no text (:data:`EMPTY_CANDIDATES`).

The record's blocks (companies, agents, classes, later transactions) are written by
:mod:`simulator.sgtrademark_parts`, its words read from ``data/sgtrademarks.toml``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from lxml import etree

from simulator import sgtrademark_parts as parts
from simulator import trademarks
from simulator.base import check_changes, days, dublin_core_xml
from simulator.offices import office
from simulator.seeding import rng, unit
from simulator.sgtrademark_parts import CLAUSES, DEVICES, EMBLEMS, R13_SIGNS, XML_SPACE, iso, sub

NAMESPACE = "urn:x-iphub:ipos-trademark-export"
"""What ListMetadataFormats announces: the IPOS XML itself has no namespace."""
SCHEMA_LOCATION = "https://www.ipos.gov.sg/trademarks/export/trademark.xsd"

KNOWN_STATUSES = (
    "Registered",
    "Pending - Examination",
    "Published for Opposition",
    "Opposed",
    "Expired",
    "Treated As Withdrawn",
    "Refused",
    "Revoked",
)
UNKNOWN_STATUSES = ("Awaiting Fee Payment", "Under Migration", "S", "Suspended (legacy)")
APPLICATION_TYPES = (("Trade Mark", 88), ("Series Mark", 6), ("Collective Mark", 3),
                     ("Certification Mark", 3))  # fmt: skip
DEFECT_RATES: dict[str, float] = {
    "no_application_type": 0.05,
    "unknown_status": 0.05,
    "agent_without_type": 0.06,
    "registration_before_application": 0.04,
    "empty_element": 0.06,
}
EMPTY_CANDIDATES = ("translation", "goods_services", "company_addr2", "agent_addr2")
SPECIAL_RATE = 0.015
"""Share of Article 6ter records, and of R13 records."""

_START = dt.date(2008, 1, 1)
CHANGEABLE = frozenset({"mark_status", "application_type", "words_in_mark"})


def kind_of(seed: int, code: str, index: int) -> str:
    roll = unit(seed, code, "sg-kind", index)
    if roll < SPECIAL_RATE:
        return "Article6ter"
    if roll < 2 * SPECIAL_RATE:
        return "R13"
    return "Trademark"


def defects(code: str, seed: int, index: int) -> frozenset[str]:
    if kind_of(seed, code, index) != "Trademark":
        return frozenset()
    d = rng(seed, code, "sg-defects", index)
    return frozenset(name for name, rate in DEFECT_RATES.items() if d.random() < rate)


def source_id(code: str, seed: int, index: int) -> str:
    kind = kind_of(seed, code, index)
    if kind == "Article6ter":
        return f"6TER{index + 1:06d}"
    if kind == "R13":
        return f"R13{index + 1:06d}"
    return trademarks.compact(trademarks.application_number(office(code), seed, index))


def index_of(code: str, seed: int, sid: str) -> int | None:
    for prefix, kind in (("6TER", "Article6ter"), ("R13", "R13")):
        if sid.startswith(prefix) and sid[len(prefix) :].isdigit():
            index = int(sid[len(prefix) :]) - 1
            ok = index >= 0 and kind_of(seed, code, index) == kind
            return index if ok else None
    index = trademarks.index_of(code, seed, sid)
    if index is None or kind_of(seed, code, index) != "Trademark":
        return None
    return index


def _trademark(code: str, seed: int, index: int, changes: Mapping[str, Any]) -> etree._Element:
    r = rng(seed, code, "sg-tm", index)
    planted = defects(code, seed, index)
    empty = None  # the empty_element defect is planted at the end, on an element present
    number = trademarks.application_number(office(code), seed, index)
    filed = trademarks.application_date(seed, code, index)
    status = r.choices(KNOWN_STATUSES, (46, 12, 10, 4, 10, 8, 6, 4))[0]
    if "registration_before_application" in planted:
        status = "Registered"
    registered = status in ("Registered", "Expired", "Revoked")
    if "unknown_status" in planted:
        status = r.choice(UNKNOWN_STATUSES)
    status = changes.get("mark_status", status)
    root = etree.Element("Trademark")
    sub(root, "tm_no", number)
    sub(root, "application_date", iso(filed))
    app_type = r.choices([t for t, _ in APPLICATION_TYPES], [w for _, w in APPLICATION_TYPES])[0]
    if "no_application_type" not in planted or "application_type" in changes:
        sub(root, "application_type", changes.get("application_type", app_type))
    if r.random() < 0.1:
        sub(root, "application_part", r.choice(("Full", "Partial")))
    sub(root, "mark_status", status)
    if r.random() < 0.4:
        sub(
            root, "previous_status", r.choice(("Published for Opposition", "Pending - Examination"))
        )
    published = filed + days(r, 90, 240)
    status_day = published + days(r, 60, 200) if registered else filed + days(r, 10, 300)
    sub(root, "status_date", iso(status_day))
    if r.random() < 0.5:
        sub(root, "status_update_date", f"{iso(status_day)}T10:{r.randint(0, 59):02d}:00")
    if status not in ("Pending - Examination", "Refused"):
        sub(root, "publication_date", iso(published))
        if r.random() < 0.7:
            sub(root, "publication_status", "Published for Opposition")
    expiry = None
    if registered:
        completed = status_day
        if "registration_before_application" in planted:
            completed = filed - days(r, 1, 300)
        sub(root, "registration_completion_date", iso(completed))
        sub(root, "certificate_date", iso(status_day + days(r, 1, 10)))
        expiry = filed.replace(year=filed.year + 10, day=min(filed.day, 28))
        sub(root, "expiry_date", iso(expiry))
    if r.random() < 0.08:  # an international registration designating Singapore
        ir_no = str(r.randint(1_100_000, 1_780_000))
        sub(root, "ir_no", ir_no)
        sub(root, "ir_date", iso(filed))
        sub(root, "ir_notif_date", iso(filed + days(r, 30, 120)))
        if r.random() < 0.4:
            sub(root, "sd_no", f"{ir_no}A")
            sub(root, "sd_date", iso(filed + days(r, 10, 40)))
            sub(root, "sd_notif_date", iso(filed + days(r, 60, 150)))
    if r.random() < 0.02:
        sub(root, "convert_application", str(r.randint(900_000, 1_100_000)))
    feature = r.choices(("word", "logo", "both"), (45, 20, 35))[0]
    index_el = sub(root, "mark_index")
    if feature != "logo":
        parts.mark_index(index_el, r, "Trademark", empty)
        if "words_in_mark" in changes:
            index_el.find("words_in_mark").text = changes["words_in_mark"]
    if feature != "word":
        sub(index_el, "device_description", r.choice(DEVICES))
        parts.logo(root, r, trademarks.compact(number), both_types=False)
        sub(root, "mark_lodge_in_color", r.choice("YN"))
    if r.random() < 0.3:
        sub(index_el, "changei", r.choice("YN"))
    if r.random() < 0.15:
        sub(root, "mark_description", "The mark is as shown in the representation.")
    for tag in ("color_as_a_trademark", "three_dimensional_shape", "aspect_of_packaging"):
        if r.random() < 0.25:
            sub(root, tag, "Y" if r.random() < 0.08 else "N")
    if r.random() < 0.1:
        sub(root, "non_conventional_mark", r.choice(("N", "Sound", "Position", "Hologram")))
    if r.random() < 0.2:
        clauses = sub(root, "clause_details")
        sub(clauses, "clause", r.choice(CLAUSES).format(w="SINGAPORE", c="red and white"))
    goods = parts.goods(r)
    class_status = "Registered" if registered else "Pending"
    parts.classes(root, "classes_details", r, goods, class_status, status_day, expiry, empty)
    if r.random() < 0.06:
        parts.classes(root, "non_live_classes_details", r, parts.goods(r)[:1], "Withdrawn",
                      status_day, status_day, None)  # fmt: skip
    parts.company(root, r, addr4=True, preserve=True)
    if r.random() < 0.6 or "agent_without_type" in planted:
        parts.agents(root, r, planted, empty)
    if r.random() < 0.08:
        parts.amendment(root, r, status_day)
    if r.random() < 0.04:
        corr = sub(sub(root, "correction_details"), "correction")
        sub(corr, "correction_type", "Correction of Name")
        sub(corr, "from", "Lion City Pte Ltd")
        sub(corr, "to", "Lion City Pte. Ltd.")
        sub(corr, "notification_date", iso(status_day + days(r, 30, 300)))
    if r.random() < 0.03:
        parts.division(root, r, number, status_day)
    if r.random() < 0.05:
        parts.proceeding(root, r, goods[0][0], published)
    if r.random() < 0.06:
        parts.assignment(root, r, status_day)
    if r.random() < 0.04:
        parts.licence(root, r, status_day)
    if "empty_element" in planted:
        present = [el for el in root.iter(*EMPTY_CANDIDATES) if el.text]
        r.choice(present).text = ""
    return root


def _special(kind: str, code: str, seed: int, index: int) -> etree._Element:
    r = rng(seed, code, "sg-special", index)
    root = etree.Element(kind)
    sid = source_id(code, seed, index)
    name, address, words, device = r.choice(EMBLEMS if kind == "Article6ter" else R13_SIGNS)
    sub(root, "article_6ter_no" if kind == "Article6ter" else "r13_no", sid)
    sub(root, "name", name)
    sub(root, "address", address)
    el = sub(root, "words_in_mark", words)
    if kind == "R13" and r.random() < 0.5:
        el.set(XML_SPACE, "preserve")
    sub(root, "translation", words.split(" ")[0].title())
    sub(root, "transliteration", "-")
    sub(root, "phonetic_equivalent", words.split(" ")[0])
    sub(root, "device_description", device)
    parts.logo(root, r, sid.lower(), both_types=kind == "R13")
    return root


def record(code: str, seed: int, index: int, changes: Mapping[str, Any] | None = None) -> bytes:
    kind = kind_of(seed, code, index)
    if kind == "Trademark":
        root = _trademark(code, seed, index, changes or {})
    else:
        root = _special(kind, code, seed, index)
    body = etree.tostring(root, encoding="UTF-8")
    # The IPOS XML has no namespace. Spliced into an OAI-PMH response (whose default namespace
    # is OAI's) it must say so, or its elements would read as OAI elements.
    return body.replace(b"<" + kind.encode(), b"<" + kind.encode() + b' xmlns=""', 1)


class SGTrademarkGenerator:
    """The `Generator` for Singapore trademarks in IPOS's own format, prefix ``sg-tm``."""

    ip_type = "trademarks"
    metadata_prefix = "sg-tm"
    namespace = NAMESPACE
    schema_location = SCHEMA_LOCATION
    identifier_prefix = "TM"

    def record(
        self, office_code: str, seed: int, index: int, changes: Mapping[str, Any] | None = None
    ) -> bytes:
        if changes:
            self.check_changes(changes)
        return record(office_code, seed, index, changes)

    def dublin_core(
        self, office_code: str, seed: int, index: int, changes: Mapping[str, Any] | None = None
    ) -> bytes:
        root = etree.fromstring(self.record(office_code, seed, index, changes))
        sid = source_id(office_code, seed, index)
        kind = "Trademark" if root.tag == "Trademark" else f"Protected sign ({root.tag})"
        return dublin_core_xml(
            [
                ("title", root.findtext(".//words_in_mark") or sid),
                ("creator", root.findtext("company_details/company_name") or root.findtext("name")),
                ("type", kind),
                ("identifier", sid),
                ("date", root.findtext("application_date")),
                ("publisher", office(office_code).name),
            ],
            skip_empty=True,
        )

    def source_id(self, office_code: str, seed: int, index: int) -> str:
        return source_id(office_code, seed, index)

    def index_of(self, office_code: str, seed: int, source_id: str) -> int | None:
        return index_of(office_code, seed, source_id)

    def defects(self, office_code: str, seed: int, index: int) -> frozenset[str]:
        return defects(office_code, seed, index)

    def repairs(self, office_code: str, seed: int, index: int) -> dict[str, Any]:
        planted = defects(office_code, seed, index)
        fix: dict[str, Any] = {}
        if "no_application_type" in planted:
            fix["application_type"] = "Trade Mark"
        if "unknown_status" in planted:
            fix["mark_status"] = "Registered"
        return fix

    def check_changes(self, changes: Mapping[str, Any]) -> None:
        check_changes(changes, CHANGEABLE)
