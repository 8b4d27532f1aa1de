"""Drawing a trademark record (see :mod:`simulator.trademarks`): the plan from (seed, office,
index), its planted defects and placeholders, and the changes made at the office.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import random
from collections.abc import Mapping
from typing import Any

from simulator import people, vocab
from simulator.base import (
    REFERENCE,
    add_years,
    compact,
    days,
    replace_checked,
)
from simulator.offices import OfficeProfile, office
from simulator.people import Party
from simulator.seeding import mix, rng
from simulator.trademarks import (
    CHANGEABLE,
    DEFECT_RATES,
    EVENT_EN,
    KIND_MARKS,
    MADRID,
    MADRID_RATE,
    MARK_FEATURES,
    PLACEHOLDERS,
    SUB_CODES,
    UNKNOWN_STATUSES,
    Event,
    GoodsClass,
    MarkImage,
    Priority,
    Publication,
    Trademark,
    application_date,
    application_number,
)

# -- planning -----------------------------------------------------------------------------


def _weighted(r: random.Random, choices: tuple[tuple[str, int], ...]) -> str:
    return r.choices([c for c, _ in choices], weights=[w for _, w in choices])[0]


def _goods(r: random.Random, lang: vocab.Language) -> tuple[GoodsClass, ...]:
    count = r.choices((1, 2, 3, 4, 5), weights=(40, 25, 17, 11, 7))[0]
    numbers: set[int] = set()
    while len(numbers) < count:
        pool = vocab.COMMON_CLASSES if r.random() < 0.6 else tuple(vocab.EN_GOODS)
        numbers.add(r.choice(pool))
    result = []
    for number in sorted(numbers):
        english = vocab.EN_GOODS[number]
        local = lang.goods.get(number, ())
        n_terms = r.randint(2, len(local)) if local else r.randint(2, len(english))
        picked = sorted(r.sample(range(len(local) if local else len(english)), n_terms))
        en_text = "; ".join(english[i] for i in picked)
        local_text = "; ".join(local[i] for i in picked) if local else en_text
        result.append(GoodsClass(number, local_text, en_text))
    return tuple(result)


def _events(
    r: random.Random, lang: vocab.Language, status: str, filed: dt.date
) -> tuple[list[Event], dt.date | None]:
    """The office events leading to `status`, and the registration date if registered."""
    keys_dates: list[tuple[str, dt.date]] = [("filed", filed)]
    day = filed + days(r, 20, 90)
    keys_dates.append(("formality", day))
    registered: dt.date | None = None
    if status == "Withdrawn":
        keys_dates.append(("withdrawn", day + days(r, 30, 300)))
    elif status == "Rejected":
        keys_dates.append(("refused", day + days(r, 90, 400)))
    elif status != "Filed":
        day = day + days(r, 60, 240)
        keys_dates.append(("published", day))
        if status == "Opposed":
            keys_dates.append(("opposed", day + days(r, 20, 60)))
        elif status != "Published":
            registered = day + days(r, 60, 200)
            keys_dates.append(("registered", registered))
            renewal = add_years(filed, 10)
            if status == "Registered" and renewal < REFERENCE:
                keys_dates.append(("renewed", renewal - days(r, 0, 120)))
    events = [Event(key, when, lang.events[key], EVENT_EN[key]) for key, when in keys_dates]
    return events, registered


def _status(r: random.Random) -> str:
    return _weighted(
        r,
        (
            ("Registered", 46),
            ("Filed", 12),
            ("Published", 10),
            ("Expired", 8),
            ("Rejected", 7),
            ("Withdrawn", 6),
            ("Opposed", 5),
            ("Cancelled", 6),
        ),
    )


def _priorities(r: random.Random, applicant: Party, filed: dt.date) -> tuple[Priority, ...]:
    if r.random() >= 0.22:
        return ()
    countries = list(vocab.PRIORITY_FORMATS)
    result = []
    for _ in range(r.choices((1, 2), weights=(85, 15))[0]):
        country = applicant.country if applicant.country in countries else r.choice(countries)
        when = filed - days(r, 10, 180)
        number = vocab.PRIORITY_FORMATS[country].format(
            y=when.year, y2=when.year % 100, n=r.randint(1000, 999999)
        )
        result.append(Priority(country, number, when))
    return tuple(result)


def plan(code: str, seed: int, index: int) -> Trademark:
    """Draw record `index` of office `code`: the same inputs always give the same plan."""
    profile = office(code)
    lang = profile.language
    d = rng(seed, code, "tm-defects", index)
    defects = {name for name, rate in DEFECT_RATES.items() if d.random() < rate}
    if not profile.kind_mark:
        defects.discard("no_kind_mark")
    r = rng(seed, code, "tm", index)

    number = application_number(profile, seed, index)
    filed = application_date(seed, code, index)
    status = _status(r)
    if "registration_before_application" in defects and status not in (
        "Registered",
        "Expired",
        "Cancelled",
    ):
        status = "Registered"
    events, registered = _events(r, lang, status, filed)
    if "unknown_status" in defects:
        status = r.choice(UNKNOWN_STATUSES)

    applicants = [
        people.applicant(r, lang, honorifics=True)
        for _ in range(r.choices((1, 2, 3, 4), (58, 25, 11, 6))[0])
    ]
    if "applicant_kind_unknown" in defects:
        stem = r.choice(lang.company_stems)
        applicants[0] = Party(stem[0], stem[1], lang.country, people.address(r, lang), None)
    foreign = applicants[0].country != lang.country
    representatives: tuple[Party, ...] = ()
    if foreign or r.random() < 0.55:
        agent = people.agent(r, lang, honorifics=True)
        representatives = (agent,)

    feature = _weighted(r, MARK_FEATURES)
    if foreign:
        word = r.choice(vocab.FOREIGN_MARKS)
        word_pair = (word, word)
    else:
        word_pair = r.choice(lang.marks)
    has_word = feature in ("Word", "Combined", "Stylized characters")
    compact_number = compact(number)
    image = None
    if feature != "Word":
        vienna: tuple[str, ...] = ()
        if feature != "Stylized characters" or r.random() < 0.3:
            vienna = tuple(sorted(r.sample(vocab.VIENNA_CODES, r.randint(1, 4))))
        colour = colour_en = None
        if profile.colour_claim and r.random() < 0.35:
            pick = r.randrange(len(vocab.EN_COLOURS))
            colour, colour_en = lang.colours[pick], vocab.EN_COLOURS[pick]
        fmt = r.choices(("JPG", "PNG", "GIF"), (80, 15, 5))[0]
        image = MarkImage(f"{compact_number}.{fmt.lower()}", fmt, vienna, colour, colour_en)

    goods = _goods(r, lang)
    disclaimers: tuple[tuple[str, str], ...] = ()
    if has_word and r.random() < 0.25:
        term, term_en = goods[0].description.split("; ")[0], goods[0].description_en.split("; ")[0]
        disclaimers = ((lang.disclaimer.format(term), vocab.EN_DISCLAIMER.format(term_en)),)

    registration_number = expiry = None
    madrid = r.random() < (MADRID_RATE * 3 if foreign else MADRID_RATE / 2)
    if madrid:  # IPAS keeps the international registration number as registration number
        registration_number = f"{1_000_000 + mix(seed, code, 'tm-ir', index) % 800_000}"
    if registered is not None:
        registration_number = registration_number or (
            profile.registration_format.format(n=40000 + index, y2=registered.year % 100)
            if profile.registration_format
            else number
        )
        renewals = 1 if any(e.key == "renewed" for e in events) else 0
        expiry = add_years(filed, 10 * (1 + renewals))
        if "registration_before_application" in defects:
            registered = filed - days(r, 1, 400)
    else:
        defects.discard("registration_before_application")

    publications = tuple(
        Publication(
            e.date,
            f"{e.date.year}/{e.date.month:02d}",
            "Applications for opposition" if e.key == "published" else "Registrations",
        )
        for e in events
        if e.key == "published" or (e.key == "registered" and profile.publication_section)
    )
    kind_mark = None if "no_kind_mark" in defects else r.choices(KIND_MARKS, (94, 4, 2))[0]
    tm = Trademark(
        office=code,
        transaction_id=f"{code}TM{index + 1:09d}",
        transaction_code=MADRID[0] if madrid else "National",
        sub_code=MADRID[1] if madrid else SUB_CODES.get(kind_mark or "", "Trade Mark"),
        application_number=number,
        application_date=filed,
        registration_number=registration_number,
        registration_date=registered,
        expiry_date=expiry,
        language=lang.code,
        status=status,
        status_date=events[-1].date,
        kind_mark=kind_mark,
        mark_feature=feature,
        disclaimers=disclaimers,
        word_mark=word_pair[0] if has_word else None,
        word_mark_en=word_pair[1] if has_word else None,
        image=image,
        goods=goods,
        priorities=_priorities(r, applicants[0], filed),
        publications=publications,
        applicants=tuple(applicants),
        representatives=representatives,
        events=tuple(events),
        defects=frozenset(defects),
    )
    if "empty_element" in defects:
        tm = _empty_one(r, tm, profile)
    return dataclasses.replace(tm, placeholders=_placeholders(seed, code, index, tm, profile))


def _placeholders(
    seed: int, code: str, index: int, tm: Trademark, profile: OfficeProfile
) -> frozenset[str]:
    """The fields of `tm` IPAS fills with a placeholder (own random stream, see
    `PLACEHOLDERS`); only fields the office exports and the record has no value for."""
    p = rng(seed, code, "tm-placeholders", index)
    applies = {
        "address_line": profile.address_lines,
        "colour": profile.colour_claim and tm.image is not None and tm.image.colour is None,
        "disclaimer": tm.word_mark is not None and not tm.disclaimers,
        "country": bool(tm.representatives),
        "expiry": tm.expiry_date is None,
        "registration_number": tm.registration_number is None,
    }
    return frozenset(k for k, rate in PLACEHOLDERS.items() if p.random() < rate and applies[k])


def _empty_one(r: random.Random, tm: Trademark, profile: OfficeProfile) -> Trademark:
    """Blank one element that this record has (the ``empty_element`` defect)."""
    options = ["GoodsServicesDescription"]
    if profile.address_lines:
        options.append("FreeFormatAddressLine")
    if tm.priorities:
        options.append("PriorityNumber")
    if tm.disclaimers:
        options.append("MarkDisclaimer")
    if tm.word_mark_en:
        options.append("MarkVerbalElementText")
    choice = r.choice(options)
    if choice == "GoodsServicesDescription":
        return dataclasses.replace(
            tm, goods=(dataclasses.replace(tm.goods[0], description_en=""), *tm.goods[1:])
        )
    if choice == "FreeFormatAddressLine":
        first = tm.applicants[0]
        blank = dataclasses.replace(first, address=("", *first.address[1:]))
        return dataclasses.replace(tm, applicants=(blank, *tm.applicants[1:]))
    if choice == "PriorityNumber":
        blank_p = dataclasses.replace(tm.priorities[0], number="")
        return dataclasses.replace(tm, priorities=(blank_p, *tm.priorities[1:]))
    if choice == "MarkDisclaimer":
        return dataclasses.replace(tm, disclaimers=(("", tm.disclaimers[0][1]),))
    return dataclasses.replace(tm, word_mark_en="")


def apply_changes(tm: Trademark, changes: Mapping[str, Any]) -> Trademark:
    """The plan with office-side changes applied (see `CHANGEABLE`)."""
    return replace_checked(tm, changes, CHANGEABLE)


def repairs(tm: Trademark) -> dict[str, Any]:
    """Changes that remove every planted defect from `tm` (what a diligent office would do)."""
    fix: dict[str, Any] = {}
    if "no_kind_mark" in tm.defects:
        fix["kind_mark"] = "Individual"
    if "unknown_status" in tm.defects:
        fix["status"] = "Registered" if tm.registration_date else "Filed"
    if "applicant_kind_unknown" in tm.defects:
        first = tm.applicants[0]
        fixed = dataclasses.replace(
            first,
            name=f"{first.name} Co., Ltd.",
            name_en=f"{first.name_en} Co., Ltd.",
            kind="legal",
        )
        fix["applicants"] = (fixed, *tm.applicants[1:])
    if "registration_before_application" in tm.defects and tm.registration_date:
        registered = next((e.date for e in tm.events if e.key == "registered"), None)
        fix["registration_date"] = registered or tm.application_date
    if tm.placeholders:
        fix["placeholders"] = frozenset()
    return fix
