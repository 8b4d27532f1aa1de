"""ST.66 trademark records as WIPO IPAS exports them, generated deterministically.

A record is built in two steps: `plan()` draws a `Trademark` (plain frozen dataclasses) from
(seed, office, index), `render()` writes it as XML with exactly the element paths the office
exports (see `offices.py`). Mutations made at the simulated office are `dataclasses.replace`
changes applied to the plan, so an updated record differs only where the change says.

Realistic defects, each decided from its own random stream so that rates are stable:

- ``no_kind_mark`` (5 %): KindMark left out. Philippine exports never have it (office format,
  not counted as a defect).
- ``unknown_status`` (5 %): MarkCurrentStatusCode outside `KNOWN_STATUSES`.
- ``applicant_kind_unknown`` (6 %): IPAS exports carry no ApplicantLegalEntity element, so
  readers tell companies from people by the name: legal entities carry their legal form
  ("บริษัท … จำกัด", "PT …", "… Sdn. Bhd."), natural persons a personal name. This defect is a
  first applicant registered under a bare trading name with neither, e.g. "ช้างทอง".
- ``registration_before_application`` (4 %): RegistrationDate earlier than ApplicationDate.
- ``empty_element`` (6 %): one element present with no text (`EMPTY_CANDIDATES`).

And IPAS's own shape, which is not a defect: the word mark, the current status and the event
history in IPAS's extension namespace (``wo:``), IPAS's status and event words (in the office's
language where its exports use it, see `vocab.LOCAL_STATUSES`), TransactionCode /
TransactionSubCode naming the route and kind (``Madrid Designated`` / ``Madrid Mark`` for Madrid
designations, which carry the international registration number as RegistrationNumber;
``National`` / ``Individual Mark``, ``Collective Mark``, ``Certification Mark``), an empty
``<MarkImage/>`` on word marks, IPAS language tags (``kh``, ``la``, ``in``) and placeholders
where IPAS has a mandatory field and no data (`PLACEHOLDERS`, drawn like the defects).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import random
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from lxml import etree

from simulator import people, vocab
from simulator.base import (
    PlannedGenerator,
    add_years,
    compact,
    days,
    dublin_core,
    office_number,
    replace_checked,
)
from simulator.offices import OfficeProfile, office
from simulator.people import Party
from simulator.seeding import mix, rng

NS = "http://www.wipo.int/standards/XMLSchema/trademarks"
WO_NS = "http://www.wipo.int/standards/XMLSchema/wo-trademarks"
"""IPAS's extension namespace: the elements of `IN_WO` (and their children) are written in it."""
IN_WO = frozenset({"WordMarkSpecification", "MarkCurrentStatusCode", "MarkCurrentStatusDate",
                   "MarkEventDetails"})  # fmt: skip
SCHEMA_LOCATION = "http://www.wipo.int/standards/XMLSchema/trademarks/Trademark-V1-0.xsd"
XSI_NS = "http://www.w3.org/2001/XMLSchema-instance"
DC_SCHEMA_LOCATION = (
    "http://www.openarchives.org/OAI/2.0/oai_dc/ http://www.openarchives.org/OAI/2.0/oai_dc.xsd"
)

KNOWN_STATUSES: tuple[str, ...] = vocab.IPAS_STATUSES
"""The MarkCurrentStatusCode values the simulated offices declare (IPAS's words; offices of
`vocab.LOCAL_STATUSES` write them in their language, see `status_word`)."""

UNKNOWN_STATUSES: tuple[str, ...] = (
    "Pending - migrated from legacy system",
    "99",
    "Awaiting fee payment",
    "Dormant",
)
"""Values that slip into real exports without ever being declared (the defect)."""

KIND_MARKS: tuple[str, ...] = ("Individual", "Collective", "Certificate")
SUB_CODES = {"Individual": "Individual Mark", "Collective": "Collective Mark",
             "Certificate": "Certification Mark"}  # fmt: skip
"""TransactionSubCode of a national filing, by KindMark."""
MADRID = ("Madrid Designated", "Madrid Mark")
"""TransactionCode and TransactionSubCode of a Madrid designation."""
MADRID_RATE = 0.15
"""Share of Madrid designations (foreign applicants' marks are designations three times more
often than national filings)."""
PLACEHOLDERS: dict[str, float] = {
    "address_line": 0.08,  # "-" as an applicant's address line
    "colour": 0.15,  # "-" as the colour claim of an image without colours
    "disclaimer": 0.08,  # "-" as the disclaimer of a word mark without one
    "country": 0.04,  # "-" as the country of a representative
    "expiry": 0.10,  # 1900-01-01 as the expiry date of an unregistered mark
    "registration_number": 0.08,  # "N/A" as the registration number of an unregistered mark
}
"""IPAS's placeholders for a mandatory field without data, with the share of records (among
those where the field applies) that carry each."""
MARK_FEATURES: tuple[tuple[str, int], ...] = (
    ("Word", 35),
    ("Combined", 35),
    ("Figurative", 14),
    ("Stylized characters", 10),
    ("Three dimensional", 4),
    ("Colour", 2),
)
DEFECT_RATES: dict[str, float] = {
    "no_kind_mark": 0.05,
    "unknown_status": 0.05,
    "applicant_kind_unknown": 0.06,
    "registration_before_application": 0.04,
    "empty_element": 0.06,
}
"""Share of records carrying each defect (each drawn independently)."""

EMPTY_CANDIDATES: tuple[str, ...] = (
    "FreeFormatAddressLine",
    "PriorityNumber",
    "MarkDisclaimer",
    "GoodsServicesDescription",
    "MarkVerbalElementText",
)
"""Elements the ``empty_element`` defect may leave without text."""

EVENT_CODES: dict[str, str] = {
    "filed": "100",
    "formality": "120",
    "published": "200",
    "opposed": "250",
    "registered": "300",
    "renewed": "410",
    "refused": "520",
    "withdrawn": "610",
}
"""IPAS action codes, exported as OfficeSpecificMarkEventCode."""

_EVENT_ST66 = {key: code for key, code, _ in vocab.EVENTS}
_EVENT_EN = {key: text for key, _, text in vocab.EVENTS}
_START = dt.date(2008, 1, 1)
_SPAN_DAYS = (dt.date(2023, 12, 1) - _START).days
"""Filing dates end early enough for every later event to fall before `_REFERENCE`."""
_REFERENCE = dt.date(2025, 6, 30)
"""Fixed "today" of the generated data, so that records do not change with the clock."""


@dataclass(frozen=True, slots=True)
class GoodsClass:
    number: int
    description: str
    description_en: str


@dataclass(frozen=True, slots=True)
class Event:
    key: str
    date: dt.date
    description: str
    description_en: str


@dataclass(frozen=True, slots=True)
class Priority:
    country: str
    number: str
    date: dt.date


@dataclass(frozen=True, slots=True)
class Publication:
    date: dt.date
    identifier: str
    section: str


@dataclass(frozen=True, slots=True)
class MarkImage:
    filename: str
    file_format: str
    vienna: tuple[str, ...]
    colour: str | None
    colour_en: str | None


@dataclass(frozen=True, slots=True)
class Trademark:
    """Everything one ST.66 record says; `defects` names the defects planted in it,
    `placeholders` the fields IPAS filled with a placeholder (see `PLACEHOLDERS`)."""

    office: str
    transaction_id: str
    transaction_code: str
    sub_code: str
    application_number: str
    application_date: dt.date
    registration_number: str | None
    registration_date: dt.date | None
    expiry_date: dt.date | None
    language: str
    status: str
    status_date: dt.date
    kind_mark: str | None
    mark_feature: str
    disclaimers: tuple[tuple[str, str], ...]
    word_mark: str | None
    word_mark_en: str | None
    image: MarkImage | None
    goods: tuple[GoodsClass, ...]
    priorities: tuple[Priority, ...]
    publications: tuple[Publication, ...]
    applicants: tuple[Party, ...]
    representatives: tuple[Party, ...]
    events: tuple[Event, ...]
    defects: frozenset[str]
    placeholders: frozenset[str] = frozenset()


CHANGEABLE = frozenset(f.name for f in dataclasses.fields(Trademark)) - {"office", "defects"}
"""Fields `update()` may change at the simulated office."""


# -- numbers ------------------------------------------------------------------------------


def application_date(seed: int, code: str, index: int) -> dt.date:
    """The filing date; its own hash so that identifiers are cheap to compute."""
    return _START + dt.timedelta(days=mix(seed, code, "tm-date", index) % _SPAN_DAYS)


def application_number(profile: OfficeProfile, seed: int, index: int) -> str:
    filed = application_date(seed, profile.code, index)
    check = chr(ord("A") + mix(seed, profile.code, "tm-check", index) % 26)
    return office_number(profile.number_format, filed, index, check=check)


def index_of(code: str, seed: int, source_id: str) -> int | None:
    """The record index behind a compact application number, or None if there is none."""
    profile = office(code)
    match = profile.compiled_pattern().fullmatch(source_id)
    if not match:
        return None
    index = int(match.group("serial")) - 1
    if index < 0 or compact(application_number(profile, seed, index)) != source_id:
        return None
    return index


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
            if status == "Registered" and renewal < _REFERENCE:
                keys_dates.append(("renewed", renewal - days(r, 0, 120)))
    events = [Event(key, when, lang.events[key], _EVENT_EN[key]) for key, when in keys_dates]
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


# -- rendering ----------------------------------------------------------------------------

_Q: dict[str, str] = {}


def _q(tag: str) -> str:
    name = _Q.get(tag)
    if name is None:
        name = _Q[tag] = f"{{{WO_NS if tag in IN_WO else NS}}}{tag}"
    return name


def _sub(parent: etree._Element, tag: str, text: str | None = None, en: bool = False):
    """A child of `parent`: in IPAS's namespace inside a `wo:` element or for `IN_WO` tags."""
    name = _q(tag)
    if parent.tag.startswith(f"{{{WO_NS}}}"):
        name = f"{{{WO_NS}}}{tag}"
    el = etree.SubElement(parent, name)
    if text is not None:
        el.text = text
    if en:
        el.set("languageCode", "en")
    return el


def _pair(parent: etree._Element, tag: str, local: str | None, english: str | None) -> None:
    if local is not None:
        _sub(parent, tag, local)
    if english is not None:
        _sub(parent, tag, english, en=True)


def _party(
    parent: etree._Element,
    book_tag: str,
    party: Party,
    profile: OfficeProfile,
    placeholders: frozenset[str] = frozenset(),
) -> None:
    """One applicant or representative; `placeholders` may hold "country" (the country
    written as "-") and "address_line" (a "-" line after the address)."""
    fna = _sub(_sub(parent, book_tag), "FormattedNameAddress")
    name = _sub(_sub(_sub(fna, "Name"), "FreeFormatName"), "FreeFormatNameDetails")
    _pair(name, "FreeFormatNameLine", party.name, party.name_en)
    address = _sub(fna, "Address")
    _sub(address, "AddressCountryCode", "-" if "country" in placeholders else party.country)
    if profile.address_lines:
        lines = _sub(address, "FreeFormatAddress")
        for line in party.address:
            _sub(lines, "FreeFormatAddressLine", line)
        if "address_line" in placeholders:
            _sub(lines, "FreeFormatAddressLine", "-")


def _date(day: dt.date) -> str:
    return day.isoformat()


def status_word(code: str, status: str) -> str:
    """The MarkCurrentStatusCode an office writes for `status` (its own language's word when
    its exports use one)."""
    return vocab.LOCAL_STATUSES.get(office(code).language.code, {}).get(status, status)


def render(tm: Trademark) -> bytes:
    """The ST.66 Transaction for one trademark, UTF-8, without XML declaration."""
    profile = office(tm.office)
    holes = tm.placeholders
    root = etree.Element(_q("Transaction"), nsmap={None: NS, "wo": WO_NS})
    content = _sub(_sub(root, "TradeMarkTransactionBody"), "TransactionContentDetails")
    _sub(content, "TransactionIdentifier", tm.transaction_id)
    _sub(content, "TransactionCode", tm.transaction_code)
    _sub(content, "TransactionSubCode", tm.sub_code)
    data = _sub(content, "TransactionData")
    mark = _sub(_sub(_sub(data, "TradeMarkApplication"), "TradeMarkDetails"), "TradeMark")

    _sub(mark, "RegistrationOfficeCode", tm.office)
    _sub(mark, "ApplicationNumber", tm.application_number)
    _sub(mark, "ApplicationDate", _date(tm.application_date))
    if tm.registration_number:
        _sub(mark, "RegistrationNumber", tm.registration_number)
    elif "registration_number" in holes:
        _sub(mark, "RegistrationNumber", "N/A")
    if tm.registration_date:
        _sub(mark, "RegistrationDate", _date(tm.registration_date))
    _sub(mark, "ApplicationLanguageCode", vocab.IPAS_LANGUAGE_TAGS.get(tm.language, tm.language))
    if tm.expiry_date:
        _sub(mark, "ExpiryDate", _date(tm.expiry_date))
    elif "expiry" in holes:
        _sub(mark, "ExpiryDate", "1900-01-01")
    _sub(mark, "MarkCurrentStatusCode", status_word(tm.office, tm.status))
    _sub(mark, "MarkCurrentStatusDate", _date(tm.status_date))
    if tm.kind_mark and profile.kind_mark:
        _sub(mark, "KindMark", tm.kind_mark)
    _sub(mark, "MarkFeature", tm.mark_feature)
    if tm.disclaimers:
        details = _sub(mark, "MarkDisclaimerDetails")
        for local, english in tm.disclaimers:
            _pair(details, "MarkDisclaimer", local, english)
    elif "disclaimer" in holes:
        _sub(_sub(mark, "MarkDisclaimerDetails"), "MarkDisclaimer", "-")
    if tm.word_mark is not None:
        _pair(
            _sub(mark, "WordMarkSpecification"),
            "MarkVerbalElementText",
            tm.word_mark,
            tm.word_mark_en,
        )
    if tm.image:
        image = _sub(_sub(mark, "MarkImageDetails"), "MarkImage")
        _render_image(image, tm.image, profile, "colour" in holes)
    else:  # IPAS writes an empty image for a word mark
        _sub(_sub(mark, "MarkImageDetails"), "MarkImage")
    goods = _sub(_sub(mark, "GoodsServicesDetails"), "GoodsServices")
    classes = _sub(goods, "ClassDescriptionDetails")
    for item in tm.goods:
        cd = _sub(classes, "ClassDescription")
        _sub(cd, "ClassNumber", str(item.number))
        _pair(cd, "GoodsServicesDescription", item.description, item.description_en)
    if tm.priorities:
        details = _sub(mark, "PriorityDetails")
        for p in tm.priorities:
            pr = _sub(details, "Priority")
            _sub(pr, "PriorityCountryCode", p.country)
            _sub(pr, "PriorityNumber", p.number)
            _sub(pr, "PriorityDate", _date(p.date))
    if tm.publications:
        details = _sub(mark, "PublicationDetails")
        for pub in tm.publications:
            el = _sub(details, "Publication")
            if profile.publication_identifier:
                _sub(el, "PublicationIdentifier", pub.identifier)
            if profile.publication_section:
                _sub(el, "PublicationSection", pub.section)
            _sub(el, "PublicationDate", _date(pub.date))
    applicants = _sub(mark, "ApplicantDetails")
    for n, party in enumerate(tm.applicants):
        own = holes & {"address_line"} if n == 0 else frozenset()
        _party(_sub(applicants, "Applicant"), "ApplicantAddressBook", party, profile, own)
    if tm.representatives:
        reps = _sub(mark, "RepresentativeDetails")
        for party in tm.representatives:
            own = holes & {"country"}
            _party(_sub(reps, "Representative"), "RepresentativeAddressBook", party, profile, own)
    events = _sub(mark, "MarkEventDetails")
    for event in tm.events:
        ev = _sub(events, "MarkEvent")
        _sub(ev, "MarkEventDate", _date(event.date))
        _sub(ev, "MarkEventCode", _EVENT_ST66[event.key])
        if profile.event_names:
            _sub(ev, "OfficeSpecificMarkEventName", event.description_en)
        else:
            _sub(ev, "OfficeSpecificMarkEventCode", EVENT_CODES[event.key])
            _pair(ev, "OfficeSpecificMarkEventDescription", event.description, event.description_en)
    return etree.tostring(root, encoding="UTF-8")


def _render_image(
    image_el: etree._Element, image: MarkImage, profile: OfficeProfile, no_colour: bool
) -> None:
    """The image's elements; `no_colour`: a "-" colour claim (IPAS's placeholder)."""
    _sub(image_el, "MarkImageFilename", image.filename)
    _sub(image_el, "MarkImageFileFormat", image.file_format)
    if profile.colour_claim and image.colour is not None:
        _pair(image_el, "MarkImageColourClaimedText", image.colour, image.colour_en)
    elif no_colour:
        _sub(image_el, "MarkImageColourClaimedText", "-")
    if image.vienna:
        category = _sub(image_el, "MarkImageCategory")
        _sub(category, "CategoryKind", "Vienna")
        _sub(category, "CategoryVersion", "8")
        codes = _sub(category, "CategoryCodeDetails")
        for code in image.vienna:
            _sub(codes, "CategoryCode", code)


def render_dc(tm: Trademark) -> bytes:
    """An oai_dc rendering of the trademark (OAI-PMH requires Dublin Core for every item)."""
    root, dc = dublin_core({"xsi": XSI_NS})
    root.set(f"{{{XSI_NS}}}schemaLocation", DC_SCHEMA_LOCATION)
    dc("title", tm.word_mark_en or tm.word_mark or tm.application_number)
    for party in tm.applicants:
        dc("creator", party.name_en or party.name)
    for item in tm.goods:
        dc("subject", f"Nice class {item.number}")
    dc("description", tm.status)
    dc("publisher", office(tm.office).name)
    dc("date", _date(tm.application_date))
    dc("type", "Trademark")
    dc("identifier", tm.application_number)
    dc("language", tm.language)
    return etree.tostring(root, encoding="UTF-8")


class TrademarkGenerator(PlannedGenerator):
    """The `Generator` for trademarks: ST.66 as exported by WIPO IPAS, prefix ``st66``."""

    ip_type = "trademarks"
    metadata_prefix = "st66"
    namespace = NS
    schema_location = SCHEMA_LOCATION
    identifier_prefix = "TM"
    changeable = CHANGEABLE
    draw = staticmethod(plan)
    render = staticmethod(render)
    render_dc = staticmethod(render_dc)

    def source_id(self, office_code: str, seed: int, index: int) -> str:
        return compact(application_number(office(office_code), seed, index))

    def index_of(self, office_code: str, seed: int, source_id: str) -> int | None:
        return index_of(office_code, seed, source_id)

    def repairs(self, office_code: str, seed: int, index: int) -> dict[str, Any]:
        return repairs(plan(office_code, seed, index))
