"""The blocks of a Singapore trademark record in IPOS's export (see :mod:`simulator.sgtrademarks`):
mark index, logo, companies and agents, classes, and the later transactions.
"""

from __future__ import annotations

import datetime as dt
import random

from lxml import etree

from simulator import vocab
from simulator.base import days
from simulator.words import load

XML_SPACE = "{http://www.w3.org/XML/1998/namespace}space"
AGENT_TYPES = ("Registered Trade Mark Agent", "Law Firm", "Agent")

_DATA = load("sgtrademarks")
MARKS: tuple[tuple[str, str | None, str | None, str | None], ...] = tuple(
    (m["words"], m.get("translation"), m.get("transliteration"), m.get("phonetic"))
    for m in _DATA["marks"]
)
"""(words in mark, translation, transliteration, phonetic equivalent)."""
DEVICES: tuple[str, ...] = _DATA["devices"]
CLAUSES: tuple[str, ...] = _DATA["clauses"]
AMENDMENTS: tuple[str, ...] = _DATA["amendments"]
CONSTITUTIONS: tuple[str, ...] = _DATA["constitutions"]
COUNTRIES: dict[str, str] = _DATA["countries"]
EMBLEMS: tuple[tuple[str, str, str, str], ...] = _DATA["emblems"]
"""Article 6ter emblems (name, address, words, device)."""
R13_SIGNS: tuple[tuple[str, str, str, str], ...] = _DATA["r13_signs"]


# -- rendering ----------------------------------------------------------------------------


def sub(parent: etree._Element, tag: str, text: str | None = None) -> etree._Element:
    el = etree.SubElement(parent, tag)
    if text is not None:
        el.text = text
    return el


def iso(day: dt.date) -> str:
    return day.isoformat()


def mark_index(parent: etree._Element, r: random.Random, kind: str, empty: str | None) -> None:
    words, translation, translit, phonetic = r.choice(MARKS)
    el = sub(parent, "words_in_mark", words)
    if r.random() < 0.3 and kind != "Article6ter":
        el.set(XML_SPACE, "preserve")
    if translation:
        sub(parent, "translation", "" if empty == "translation" else translation)
    if translit:
        sub(parent, "transliteration", translit)
    if phonetic:
        sub(parent, "phonetic_equivalent", phonetic)


def logo(parent: etree._Element, r: random.Random, name: str, both_types: bool) -> None:
    fmt = r.choices(("JPG", "PNG", "GIF", "TIF"), (70, 20, 5, 5))[0]
    logo = sub(parent, "logo_details")
    sub(logo, "file_name", f"{name}.{fmt.lower()}")
    if both_types and r.random() < 0.5:
        sub(logo, "Type", fmt)
    sub(logo, "type", fmt)


def party(r: random.Random) -> tuple[str, str, tuple[str, ...], str]:
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
        return form.format(stem), r.choice(CONSTITUTIONS[:2]), lines, "SG"
    given, family = r.choice(lang.given)[1], r.choice(lang.family)[1]
    return f"{family} {given}", r.choice(CONSTITUTIONS[2:5]), lines, "SG"


def company(
    parent: etree._Element,
    r: random.Random,
    *,
    addr4: bool = False,
    preserve: bool = False,
    business: bool = True,
    empty: str | None = None,
) -> str:
    name, constitution, lines, country = party(r)
    block = sub(parent, "company_details")
    code = sub(block, "company_code", f"C{r.randint(1, 9_999_999):07d}")
    if preserve and r.random() < 0.15:
        code.set(XML_SPACE, "preserve")
    sub(block, "company_name", name)
    if business and r.random() < 0.3:
        sub(block, "business_name", name.split(" Pte.")[0].split(" Holdings")[0] + " Trading")
    sub(block, "constitution", constitution)
    sub(block, "partner", r.choice(vocab.EN_SG.given)[1] if constitution == "Partnership" else "-")
    for n, line in enumerate(lines, 1):
        sub(block, f"company_addr{n}", "" if (empty == "company_addr2" and n == 2) else line)
    if r.random() < 0.4:
        sub(block, "company_addr3", "Republic of Singapore" if country == "SG" else country)
    if addr4 and r.random() < 0.1:
        sub(block, "company_addr4", "(Registered office)")
    sub(block, "country", COUNTRIES.get(country, country) if r.random() < 0.2 else country)
    if r.random() < 0.3:
        sub(block, "state", "Singapore" if country == "SG" else "-")
    return name


def goods(r: random.Random) -> list[tuple[int, str]]:
    numbers = sorted(r.sample(sorted(vocab.EN_GOODS), r.choices((1, 2, 3), (60, 28, 12))[0]))
    result = []
    for number in numbers:
        terms = vocab.EN_GOODS[number]
        picked = r.sample(terms, min(len(terms), r.randint(2, 5)))
        result.append((number, "; ".join(picked) + "."))
    return result


def classes(
    parent: etree._Element,
    tag: str,
    r: random.Random,
    goods: list[tuple[int, str]],
    status: str,
    when: dt.date,
    expiry: dt.date | None,
    empty: str | None,
) -> None:
    block = sub(parent, tag)
    for n, (number, text) in enumerate(goods):
        row = sub(block, "class_details")
        sub(row, "class_no", str(number))
        sub(row, "goods_services", "" if (empty == "goods_services" and n == 0) else text)
        sub(row, "class_status", status)
        sub(row, "status_date", iso(when))
        if r.random() < 0.5:
            sub(row, "status_update_date", f"{iso(when)}T{r.randint(8, 18):02d}:15:00")
        if expiry:
            sub(row, "expiry_date", iso(expiry))
        if r.random() < 0.12:
            claim = sub(row, "priority_claims")
            sub(claim, "country", r.choice(("CN", "US", "JP", "MY", "CHINA")))
            sub(claim, "date", iso(when - days(r, 200, 500)))
            sub(claim, "goods_services", text.split("; ")[0])


def agents(
    root: etree._Element, r: random.Random, planted: frozenset[str], empty: str | None
) -> None:
    block = sub(root, "agent_afs_details")
    agent = sub(block, "agent_details")
    stem = r.choice(vocab.EN_SG.company_stems)[1]
    name = r.choice(vocab.EN_SG.agent_forms)[1].format(stem)
    sub(agent, "agent_code", f"A{r.randint(1, 99_999):06d}")
    sub(agent, "agent_name", name)
    if r.random() < 0.2:
        sub(agent, "co_name", f"{stem} Law LLC")
    sub(agent, "agent_addr1", r.choice(vocab.EN_SG.streets).format(r.randint(1, 300)))
    sub(agent, "agent_addr2", "" if empty == "agent_addr2" else r.choice(vocab.EN_SG.localities))
    if r.random() < 0.2:
        sub(agent, "agent_addr3", "Republic of Singapore")
    if "agent_without_type" not in planted:
        sub(agent, "type", r.choice(AGENT_TYPES))
    if r.random() < 0.7:
        afs = sub(block, "afs_details")
        sub(afs, "co_name", name)
        sub(afs, "afs_addr1", r.choice(vocab.EN_SG.streets).format(r.randint(1, 300)))
        sub(afs, "afs_addr2", r.choice(vocab.EN_SG.localities))
        if r.random() < 0.2:
            sub(afs, "afs_addr3", "Republic of Singapore")
        if r.random() < 0.1:
            sub(afs, "agent_addr1", "Attn: Trade Mark Department")
            sub(afs, "agent_addr2", f"Ref: TM/{r.randint(100, 999)}")
        sub(afs, "type", "Agent")


def amendment(root: etree._Element, r: random.Random, after: dt.date) -> None:
    row = sub(sub(root, "amendment_details"), "amendment")
    sub(row, "amendment_type", r.choice(AMENDMENTS))
    sub(row, "amendment_from", "10 Ubi Avenue 3, Singapore 408868")
    sub(row, "amendment_to", "8 Kaki Bukit Road 2, Singapore 417841")
    sub(row, "document_no", f"CM12/{after.year}/{r.randint(1, 99999):05d}")
    sub(row, "lodge_date", iso(after + days(r, 30, 700)))
    sub(row, "status", r.choice(("Approved", "Pending")))


def division(root: etree._Element, r: random.Random, number: str, after: dt.date) -> None:
    block = sub(root, "division_details")
    division = sub(block, "division")
    sub(division, "org_tm_no", number)
    sub(division, "new_tm_no", f"40{after.year}{r.randint(10000, 99999)}X")
    sub(division, "goods_services", "Class 35: Retail services.")
    sub(block, "division_date", iso(after))
    sub(block, r.choice(("status", "Status")), "Completed")


def proceeding(root: etree._Element, r: random.Random, cls: int, after: dt.date) -> None:
    row = sub(sub(root, "oppositon_revocation_invalidation_rectification"),
               "opp_rev_inv_rec_details")  # fmt: skip
    sub(row, "class_no", str(cls))
    sub(row, "lodge_date", iso(after + days(r, 10, 60)))
    for tag in ("opposition_status", "revocation_status", "invalidation_status",
                "rectification_status"):  # fmt: skip
        sub(row, tag, r.choice(("Pending", "Withdrawn", "Not filed", "Decided")))


def assignment(root: etree._Element, r: random.Random, after: dt.date) -> None:
    row = sub(sub(root, "assignment_details"), "assignment")
    if r.random() < 0.5:
        sub(row, "DocumentElement")
    assignor = sub(row, "assignor_details")
    if r.random() < 0.5:  # the older flat form beside the block
        name, _, lines, country = party(r)
        code = sub(assignor, "company_code", f"C{r.randint(1, 9_999_999):07d}")
        if r.random() < 0.3:
            code.set(XML_SPACE, "preserve")
        sub(assignor, "company_name", name)
        sub(assignor, "company_addr1", lines[0])
        sub(assignor, "country", country)
    company(assignor, r)
    sub(assignor, "goods_services", "All goods and services")
    assignee = sub(row, "assignee_details")
    company(assignee, r, business=False)
    sub(assignee, "goods_services", "All goods and services")
    when = after + days(r, 100, 900)
    sub(row, "effective_date", iso(when))
    sub(row, "lodgement_date", iso(when + days(r, 1, 30)))
    sub(row, "notification_date", iso(when + days(r, 30, 60)))


def licence(root: etree._Element, r: random.Random, after: dt.date) -> None:
    row = sub(sub(root, "licensee_details"), "licensee")
    company(row, r)
    sub(row, "exclusive_user_indicator", r.choice("YN"))
    sub(row, "goods_services", "All goods in class 30")
    if r.random() < 0.5:
        sub(row, "GoodsServices", "Class 30")
    right = sub(row, "right", "To use the mark in Singapore. ")
    if r.random() < 0.5:
        right.set(XML_SPACE, "preserve")
    sub(row, "use_condition", "Quality control by the proprietor")
    sub(row, "licensee_status", r.choice(("Active", "Terminated")))
    if r.random() < 0.3:
        sub(row, "amended_licensee_details", "Change of licensee address recorded")
    when = after + days(r, 30, 600)
    sub(row, "entry_date", iso(when))
    sub(row, "assent_date", iso(when - days(r, 1, 20)))
    sub(row, "notification_date", iso(when + days(r, 5, 30)))
    sub(row, "expiry_date", iso(when + days(r, 365, 1800)))
