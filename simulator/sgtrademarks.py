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
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Mapping
from typing import Any

from lxml import etree

from simulator import trademarks, vocab
from simulator.base import check_changes, days, dublin_core
from simulator.offices import office
from simulator.seeding import rng, unit

NAMESPACE = "urn:x-iphub:ipos-trademark-export"
"""What ListMetadataFormats announces: the IPOS XML itself has no namespace."""
SCHEMA_LOCATION = "https://www.ipos.gov.sg/trademarks/export/trademark.xsd"
XML_SPACE = "{http://www.w3.org/XML/1998/namespace}space"

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
AGENT_TYPES = ("Registered Trade Mark Agent", "Law Firm", "Agent")
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

_WORDS: tuple[tuple[str, str | None, str | None, str | None], ...] = (
    # (words_in_mark, translation, transliteration, phonetic equivalent)
    ("LION CITY", None, None, None),
    ("MERLI", None, None, "MER-LEE"),
    ("STRAITS SPICE", None, None, None),
    ("狮城", "Lion city", "Shi Cheng", "SHEE-CHENG"),
    ("金龙 GOLDEN DRAGON", "Golden dragon", "Jin Long", None),
    ("福满楼", "Tower of full fortune", "Fu Man Lou", "FOO-MAN-LOH"),
    ("KOPI SEDAP", "Delicious coffee", None, "KO-PEE SE-DAP"),
    ("RASA SAYANG", "Loving feeling", None, None),
    ("BUNGA RAYA", "Hibiscus", None, None),
    ("அமுதம் AMUDHAM", "Nectar", "Amudham", "A-MU-THAM"),
    ("தங்கம்", "Gold", "Thangam", "THUNG-GUM"),
    ("சிங்கப்பூர் சுவை", "Taste of Singapore", "Singapore Suvai", None),
)
_DEVICES = (
    "A stylised lion head within a circle",
    "A hibiscus flower above the words",
    "A red dragon coiled around a pearl",
    "Two crossed chopsticks over a bowl",
    "A peacock feather in gold",
)
_CLAUSES = (
    'Registration of this trade mark shall give no right to the exclusive use of the word "{w}".',
    "The applicant claims the colours {c} as an element of the mark.",
    "The transliteration of the Chinese characters is as stated; it has no meaning in English.",
)
_AMENDMENTS = ("Change of Address", "Change of Name", "Limitation of Goods/Services")
_CONSTITUTIONS = ("Private Limited Company", "Public Limited Company", "Individual",
                  "Sole Proprietorship", "Partnership", "Foreign Company")  # fmt: skip
_COUNTRIES = {"SG": "SINGAPORE", "MY": "MALAYSIA", "CN": "CHINA", "JP": "JAPAN", "US": "US"}
_EMBLEMS = (
    ("World Meteorological Organization", "7bis, avenue de la Paix, CH-1211 Geneva 2",
     "WMO OMM", "Emblem of the organisation: a globe within a laurel wreath"),
    ("Republic of Korea", "Seoul", "대한민국", "National emblem: taegeuk within a mugunghwa"),
    ("African Union", "Roosevelt Street, Addis Ababa", "AU UA", "Emblem: a map of Africa"),
    ("Kingdom of Thailand", "Bangkok", "ครุฑ", "Garuda emblem"),
)  # fmt: skip
_R13_SIGNS = (
    ("Singapore National Olympic Council", "3 Stadium Drive, Singapore 397630",
     "SINGAPORE 新加坡 SINGAPURA சிங்கப்பூர்", "Five rings above a crescent and stars"),
    ("Health Promotion Board", "3 Second Hospital Avenue, Singapore 168937",
     "HEALTHIER CHOICE", "A pyramid-shaped symbol in red"),
)  # fmt: skip
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


# -- rendering ----------------------------------------------------------------------------


def _sub(parent: etree._Element, tag: str, text: str | None = None) -> etree._Element:
    el = etree.SubElement(parent, tag)
    if text is not None:
        el.text = text
    return el


def _iso(day: dt.date) -> str:
    return day.isoformat()


def _mark_index(parent: etree._Element, r: random.Random, kind: str, empty: str | None) -> None:
    words, translation, translit, phonetic = r.choice(_WORDS)
    el = _sub(parent, "words_in_mark", words)
    if r.random() < 0.3 and kind != "Article6ter":
        el.set(XML_SPACE, "preserve")
    if translation:
        _sub(parent, "translation", "" if empty == "translation" else translation)
    if translit:
        _sub(parent, "transliteration", translit)
    if phonetic:
        _sub(parent, "phonetic_equivalent", phonetic)


def _logo(parent: etree._Element, r: random.Random, name: str, both_types: bool) -> None:
    fmt = r.choices(("JPG", "PNG", "GIF", "TIF"), (70, 20, 5, 5))[0]
    logo = _sub(parent, "logo_details")
    _sub(logo, "file_name", f"{name}.{fmt.lower()}")
    if both_types and r.random() < 0.5:
        _sub(logo, "Type", fmt)
    _sub(logo, "type", fmt)


def _party(r: random.Random) -> tuple[str, str, tuple[str, ...], str]:
    """(name, constitution, address lines, country)."""
    lang = vocab.EN_SG
    roll = r.random()
    if roll < 0.3:
        name, country, lines = r.choice(vocab.FOREIGN_APPLICANTS)
        return name, "Foreign Company", lines, country
    street = r.choice(lang.streets).format(r.randint(1, 480))
    lines = (street, r.choice(lang.localities))
    if roll < 0.75:
        stem = r.choice(lang.company_stems)[1]
        form = r.choice(lang.company_forms)[1]
        return form.format(stem), r.choice(_CONSTITUTIONS[:2]), lines, "SG"
    given, family = r.choice(lang.given)[1], r.choice(lang.family)[1]
    return f"{family} {given}", r.choice(_CONSTITUTIONS[2:5]), lines, "SG"


def _company(
    parent: etree._Element,
    r: random.Random,
    *,
    addr4: bool = False,
    preserve: bool = False,
    business: bool = True,
    empty: str | None = None,
) -> str:
    name, constitution, lines, country = _party(r)
    block = _sub(parent, "company_details")
    code = _sub(block, "company_code", f"C{r.randint(1, 9_999_999):07d}")
    if preserve and r.random() < 0.15:
        code.set(XML_SPACE, "preserve")
    _sub(block, "company_name", name)
    if business and r.random() < 0.3:
        _sub(block, "business_name", name.split(" Pte.")[0].split(" Holdings")[0] + " Trading")
    _sub(block, "constitution", constitution)
    _sub(block, "partner", r.choice(vocab.EN_SG.given)[1] if constitution == "Partnership" else "-")
    for n, line in enumerate(lines, 1):
        _sub(block, f"company_addr{n}", "" if (empty == "company_addr2" and n == 2) else line)
    if r.random() < 0.4:
        _sub(block, "company_addr3", "Republic of Singapore" if country == "SG" else country)
    if addr4 and r.random() < 0.1:
        _sub(block, "company_addr4", "(Registered office)")
    _sub(block, "country", _COUNTRIES.get(country, country) if r.random() < 0.2 else country)
    if r.random() < 0.3:
        _sub(block, "state", "Singapore" if country == "SG" else "-")
    return name


def _goods(r: random.Random) -> list[tuple[int, str]]:
    numbers = sorted(r.sample(sorted(vocab.EN_GOODS), r.choices((1, 2, 3), (60, 28, 12))[0]))
    result = []
    for number in numbers:
        terms = vocab.EN_GOODS[number]
        picked = r.sample(terms, min(len(terms), r.randint(2, 5)))
        result.append((number, "; ".join(picked) + "."))
    return result


def _classes(
    parent: etree._Element,
    tag: str,
    r: random.Random,
    goods: list[tuple[int, str]],
    status: str,
    when: dt.date,
    expiry: dt.date | None,
    empty: str | None,
) -> None:
    block = _sub(parent, tag)
    for n, (number, text) in enumerate(goods):
        row = _sub(block, "class_details")
        _sub(row, "class_no", str(number))
        _sub(row, "goods_services", "" if (empty == "goods_services" and n == 0) else text)
        _sub(row, "class_status", status)
        _sub(row, "status_date", _iso(when))
        if r.random() < 0.5:
            _sub(row, "status_update_date", f"{_iso(when)}T{r.randint(8, 18):02d}:15:00")
        if expiry:
            _sub(row, "expiry_date", _iso(expiry))
        if r.random() < 0.12:
            claim = _sub(row, "priority_claims")
            _sub(claim, "country", r.choice(("CN", "US", "JP", "MY", "CHINA")))
            _sub(claim, "date", _iso(when - days(r, 200, 500)))
            _sub(claim, "goods_services", text.split("; ")[0])


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
    _sub(root, "tm_no", number)
    _sub(root, "application_date", _iso(filed))
    app_type = r.choices([t for t, _ in APPLICATION_TYPES], [w for _, w in APPLICATION_TYPES])[0]
    if "no_application_type" not in planted or "application_type" in changes:
        _sub(root, "application_type", changes.get("application_type", app_type))
    if r.random() < 0.1:
        _sub(root, "application_part", r.choice(("Full", "Partial")))
    _sub(root, "mark_status", status)
    if r.random() < 0.4:
        _sub(
            root, "previous_status", r.choice(("Published for Opposition", "Pending - Examination"))
        )
    published = filed + days(r, 90, 240)
    status_day = published + days(r, 60, 200) if registered else filed + days(r, 10, 300)
    _sub(root, "status_date", _iso(status_day))
    if r.random() < 0.5:
        _sub(root, "status_update_date", f"{_iso(status_day)}T10:{r.randint(0, 59):02d}:00")
    if status not in ("Pending - Examination", "Refused"):
        _sub(root, "publication_date", _iso(published))
        if r.random() < 0.7:
            _sub(root, "publication_status", "Published for Opposition")
    expiry = None
    if registered:
        completed = status_day
        if "registration_before_application" in planted:
            completed = filed - days(r, 1, 300)
        _sub(root, "registration_completion_date", _iso(completed))
        _sub(root, "certificate_date", _iso(status_day + days(r, 1, 10)))
        expiry = filed.replace(year=filed.year + 10, day=min(filed.day, 28))
        _sub(root, "expiry_date", _iso(expiry))
    if r.random() < 0.08:  # an international registration designating Singapore
        ir_no = str(r.randint(1_100_000, 1_780_000))
        _sub(root, "ir_no", ir_no)
        _sub(root, "ir_date", _iso(filed))
        _sub(root, "ir_notif_date", _iso(filed + days(r, 30, 120)))
        if r.random() < 0.4:
            _sub(root, "sd_no", f"{ir_no}A")
            _sub(root, "sd_date", _iso(filed + days(r, 10, 40)))
            _sub(root, "sd_notif_date", _iso(filed + days(r, 60, 150)))
    if r.random() < 0.02:
        _sub(root, "convert_application", str(r.randint(900_000, 1_100_000)))
    feature = r.choices(("word", "logo", "both"), (45, 20, 35))[0]
    index_el = _sub(root, "mark_index")
    if feature != "logo":
        _mark_index(index_el, r, "Trademark", empty)
        if "words_in_mark" in changes:
            index_el.find("words_in_mark").text = changes["words_in_mark"]
    if feature != "word":
        _sub(index_el, "device_description", r.choice(_DEVICES))
        _logo(root, r, trademarks.compact(number), both_types=False)
        _sub(root, "mark_lodge_in_color", r.choice("YN"))
    if r.random() < 0.3:
        _sub(index_el, "changei", r.choice("YN"))
    if r.random() < 0.15:
        _sub(root, "mark_description", "The mark is as shown in the representation.")
    for tag in ("color_as_a_trademark", "three_dimensional_shape", "aspect_of_packaging"):
        if r.random() < 0.25:
            _sub(root, tag, "Y" if r.random() < 0.08 else "N")
    if r.random() < 0.1:
        _sub(root, "non_conventional_mark", r.choice(("N", "Sound", "Position", "Hologram")))
    if r.random() < 0.2:
        clauses = _sub(root, "clause_details")
        _sub(clauses, "clause", r.choice(_CLAUSES).format(w="SINGAPORE", c="red and white"))
    goods = _goods(r)
    class_status = "Registered" if registered else "Pending"
    _classes(root, "classes_details", r, goods, class_status, status_day, expiry, empty)
    if r.random() < 0.06:
        _classes(root, "non_live_classes_details", r, _goods(r)[:1], "Withdrawn", status_day,
                 status_day, None)  # fmt: skip
    _company(root, r, addr4=True, preserve=True)
    if r.random() < 0.6 or "agent_without_type" in planted:
        _agents(root, r, planted, empty)
    if r.random() < 0.08:
        _amendment(root, r, status_day)
    if r.random() < 0.04:
        corr = _sub(_sub(root, "correction_details"), "correction")
        _sub(corr, "correction_type", "Correction of Name")
        _sub(corr, "from", "Lion City Pte Ltd")
        _sub(corr, "to", "Lion City Pte. Ltd.")
        _sub(corr, "notification_date", _iso(status_day + days(r, 30, 300)))
    if r.random() < 0.03:
        _division(root, r, number, status_day)
    if r.random() < 0.05:
        _proceeding(root, r, goods[0][0], published)
    if r.random() < 0.06:
        _assignment(root, r, status_day)
    if r.random() < 0.04:
        _licence(root, r, status_day)
    if "empty_element" in planted:
        present = [el for el in root.iter(*EMPTY_CANDIDATES) if el.text]
        r.choice(present).text = ""
    return root


def _agents(
    root: etree._Element, r: random.Random, planted: frozenset[str], empty: str | None
) -> None:
    block = _sub(root, "agent_afs_details")
    agent = _sub(block, "agent_details")
    stem = r.choice(vocab.EN_SG.company_stems)[1]
    name = r.choice(vocab.EN_SG.agent_forms)[1].format(stem)
    _sub(agent, "agent_code", f"A{r.randint(1, 99_999):06d}")
    _sub(agent, "agent_name", name)
    if r.random() < 0.2:
        _sub(agent, "co_name", f"{stem} Law LLC")
    _sub(agent, "agent_addr1", r.choice(vocab.EN_SG.streets).format(r.randint(1, 300)))
    _sub(agent, "agent_addr2", "" if empty == "agent_addr2" else r.choice(vocab.EN_SG.localities))
    if r.random() < 0.2:
        _sub(agent, "agent_addr3", "Republic of Singapore")
    if "agent_without_type" not in planted:
        _sub(agent, "type", r.choice(AGENT_TYPES))
    if r.random() < 0.7:
        afs = _sub(block, "afs_details")
        _sub(afs, "co_name", name)
        _sub(afs, "afs_addr1", r.choice(vocab.EN_SG.streets).format(r.randint(1, 300)))
        _sub(afs, "afs_addr2", r.choice(vocab.EN_SG.localities))
        if r.random() < 0.2:
            _sub(afs, "afs_addr3", "Republic of Singapore")
        if r.random() < 0.1:
            _sub(afs, "agent_addr1", "Attn: Trade Mark Department")
            _sub(afs, "agent_addr2", f"Ref: TM/{r.randint(100, 999)}")
        _sub(afs, "type", "Agent")


def _amendment(root: etree._Element, r: random.Random, after: dt.date) -> None:
    row = _sub(_sub(root, "amendment_details"), "amendment")
    _sub(row, "amendment_type", r.choice(_AMENDMENTS))
    _sub(row, "amendment_from", "10 Ubi Avenue 3, Singapore 408868")
    _sub(row, "amendment_to", "8 Kaki Bukit Road 2, Singapore 417841")
    _sub(row, "document_no", f"CM12/{after.year}/{r.randint(1, 99999):05d}")
    _sub(row, "lodge_date", _iso(after + days(r, 30, 700)))
    _sub(row, "status", r.choice(("Approved", "Pending")))


def _division(root: etree._Element, r: random.Random, number: str, after: dt.date) -> None:
    block = _sub(root, "division_details")
    division = _sub(block, "division")
    _sub(division, "org_tm_no", number)
    _sub(division, "new_tm_no", f"40{after.year}{r.randint(10000, 99999)}X")
    _sub(division, "goods_services", "Class 35: Retail services.")
    _sub(block, "division_date", _iso(after))
    _sub(block, r.choice(("status", "Status")), "Completed")


def _proceeding(root: etree._Element, r: random.Random, cls: int, after: dt.date) -> None:
    row = _sub(_sub(root, "oppositon_revocation_invalidation_rectification"),
               "opp_rev_inv_rec_details")  # fmt: skip
    _sub(row, "class_no", str(cls))
    _sub(row, "lodge_date", _iso(after + days(r, 10, 60)))
    for tag in ("opposition_status", "revocation_status", "invalidation_status",
                "rectification_status"):  # fmt: skip
        _sub(row, tag, r.choice(("Pending", "Withdrawn", "Not filed", "Decided")))


def _assignment(root: etree._Element, r: random.Random, after: dt.date) -> None:
    row = _sub(_sub(root, "assignment_details"), "assignment")
    if r.random() < 0.5:
        _sub(row, "DocumentElement")
    assignor = _sub(row, "assignor_details")
    if r.random() < 0.5:  # the older flat form beside the block
        name, _, lines, country = _party(r)
        code = _sub(assignor, "company_code", f"C{r.randint(1, 9_999_999):07d}")
        if r.random() < 0.3:
            code.set(XML_SPACE, "preserve")
        _sub(assignor, "company_name", name)
        _sub(assignor, "company_addr1", lines[0])
        _sub(assignor, "country", country)
    _company(assignor, r)
    _sub(assignor, "goods_services", "All goods and services")
    assignee = _sub(row, "assignee_details")
    _company(assignee, r, business=False)
    _sub(assignee, "goods_services", "All goods and services")
    when = after + days(r, 100, 900)
    _sub(row, "effective_date", _iso(when))
    _sub(row, "lodgement_date", _iso(when + days(r, 1, 30)))
    _sub(row, "notification_date", _iso(when + days(r, 30, 60)))


def _licence(root: etree._Element, r: random.Random, after: dt.date) -> None:
    row = _sub(_sub(root, "licensee_details"), "licensee")
    _company(row, r)
    _sub(row, "exclusive_user_indicator", r.choice("YN"))
    _sub(row, "goods_services", "All goods in class 30")
    if r.random() < 0.5:
        _sub(row, "GoodsServices", "Class 30")
    right = _sub(row, "right", "To use the mark in Singapore. ")
    if r.random() < 0.5:
        right.set(XML_SPACE, "preserve")
    _sub(row, "use_condition", "Quality control by the proprietor")
    _sub(row, "licensee_status", r.choice(("Active", "Terminated")))
    if r.random() < 0.3:
        _sub(row, "amended_licensee_details", "Change of licensee address recorded")
    when = after + days(r, 30, 600)
    _sub(row, "entry_date", _iso(when))
    _sub(row, "assent_date", _iso(when - days(r, 1, 20)))
    _sub(row, "notification_date", _iso(when + days(r, 5, 30)))
    _sub(row, "expiry_date", _iso(when + days(r, 365, 1800)))


def _special(kind: str, code: str, seed: int, index: int) -> etree._Element:
    r = rng(seed, code, "sg-special", index)
    root = etree.Element(kind)
    sid = source_id(code, seed, index)
    name, address, words, device = r.choice(_EMBLEMS if kind == "Article6ter" else _R13_SIGNS)
    _sub(root, "article_6ter_no" if kind == "Article6ter" else "r13_no", sid)
    _sub(root, "name", name)
    _sub(root, "address", address)
    el = _sub(root, "words_in_mark", words)
    if kind == "R13" and r.random() < 0.5:
        el.set(XML_SPACE, "preserve")
    _sub(root, "translation", words.split(" ")[0].title())
    _sub(root, "transliteration", "-")
    _sub(root, "phonetic_equivalent", words.split(" ")[0])
    _sub(root, "device_description", device)
    _logo(root, r, sid.lower(), both_types=kind == "R13")
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
        out, dc = dublin_core(skip_empty=True)
        dc("title", root.findtext(".//words_in_mark") or source_id(office_code, seed, index))
        dc("creator", root.findtext("company_details/company_name") or root.findtext("name"))
        dc("type", "Trademark" if root.tag == "Trademark" else f"Protected sign ({root.tag})")
        dc("identifier", source_id(office_code, seed, index))
        dc("date", root.findtext("application_date"))
        dc("publisher", office(office_code).name)
        return etree.tostring(out, encoding="UTF-8")

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
