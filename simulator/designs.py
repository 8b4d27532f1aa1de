"""ST.86-style industrial design records as WIPO IPAS offices export them, generated
deterministically from (seed, office, index): here the office profiles, the `Design` plan and
its defects; :mod:`simulator.design_xml` writes it and serves it as the `DesignGenerator`.

The element paths per office follow ``shared/office-formats/designs/XX.paths`` (which offices
send designers, specimens, novelty statements, event names or codes, Singapore's extras...):
`PROFILES` holds those facts, the tests compare generated records with the files. Local texts
are tagged with the office's IPAS language tag (``kh``, ``in``, ``la``...), as in the real
exports, beside an untagged Latin/English variant.

Realistic defects, each drawn from its own random stream so rates are stable:

- ``no_locarno`` (6 %): the product indication has no Locarno class number;
- ``applicant_kind_missing`` (8 %, Singapore only, the one export with ApplicantLegalEntity):
  the first applicant's legal-entity indicator is left out;
- ``priority_incomplete`` (4 % of records with priorities): a priority without its date;
- ``unknown_status`` (3 %): a status word outside the office's declared vocabulary;
- IPAS's placeholders and empty elements, where it has no value for a field it always writes:
  ``placeholder_address`` (8 %, offices with address lines): a ``-`` address line;
  ``placeholder_expiry`` (30 % of applications not registered, offices with expiry dates):
  ``1900-01-01`` as the expiry date; ``placeholder_description`` (4 %): ``N/A`` as the
  description of the views; ``empty_registration`` (20 % of applications not registered): an
  empty ``<RegistrationNumber/>``.

The current status and the event history are written in IPAS's extension namespace
``wo-designs`` (:data:`WO`), as the real exports do.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from dataclasses import dataclass

from simulator import people, vocab
from simulator.base import (
    REFERENCE,
    Event,
    FilingWindow,
    Priority,
    add_years,
    days,
    office_number,
    office_profile,
)
from simulator.design_words import (
    PRODUCTS,
    STATUS_WORDS,
    UNKNOWN_STATUSES,
)
from simulator.people import Party
from simulator.seeding import rng

NS = "http://www.wipo.int/standards/XMLSchema/designs"
#: IPAS's extension namespace: the current status and the event history are written in it.
WO = "http://www.wipo.int/standards/XMLSchema/wo-designs"
SCHEMA_LOCATION = "http://www.wipo.int/standards/XMLSchema/designs/Design-V1-0.xsd"

DEFECT_RATES: dict[str, float] = {
    "no_locarno": 0.06,
    "applicant_kind_missing": 0.08,
    "priority_incomplete": 0.04,
    "unknown_status": 0.03,
    "placeholder_address": 0.08,
    "placeholder_expiry": 0.30,
    "placeholder_description": 0.04,
    "empty_registration": 0.20,
}


@dataclass(frozen=True, slots=True)
class DesignOffice:
    """What one office's IPAS design export contains (from its designs .paths file)."""

    code: str
    tag: str  # IPAS language tag of local texts ("" = the office writes English, tagged "en")
    number_format: str  # fields {y}, {n}
    designers: bool = True
    expiry: bool = True
    specimens: bool = False
    novelty: bool = True
    event_style: str = "both"  # "name" | "code" | "both" | "comment"
    publication_identifier: bool = True
    publication_section: bool = False
    product_description: bool = True
    address_lines: bool = True
    party_country: bool = True
    registration_date: bool = True
    status_date: bool = True
    transaction_ids: bool = True
    singapore: bool = False  # ApplicantKey/Identifier, legal entity, disclaimer, related...
    english_tagged: tuple[str, ...] = ()  # elements whose English variant carries "en"
    specimen_tag: str = ""  # another local tag some specimens carry (Viet Nam: "vn" beside "vi")


PROFILES: dict[str, DesignOffice] = {
    p.code: p
    for p in (
        DesignOffice(
            "BN",
            "",
            "BN/D/{y}/{n:04d}",
            designers=False,
            expiry=False,
            event_style="code",
            publication_identifier=False,
        ),
        DesignOffice("ID", "in", "A00{y}{n:05d}", specimens=True),
        DesignOffice(
            "KH",
            "kh",
            "KH/D/{y}/{n:05d}",
            specimens=True,
            event_style="name",
            english_tagged=("SpecimenDescription", "NoveltyStatement"),
        ),
        DesignOffice("LA", "la", "LA/D/{y}/{n:04d}", event_style="name", publication_section=True),
        DesignOffice("MY", "", "{y}{n:05d}", product_description=False),
        DesignOffice("PH", "", "3-{y}-{n:06d}", specimens=True, address_lines=False),
        DesignOffice(
            "SG",
            "",
            "4{y}{n:05d}Q",
            event_style="comment",
            product_description=False,
            party_country=False,
            registration_date=False,
            status_date=False,
            transaction_ids=False,
            singapore=True,
        ),
        DesignOffice(
            "TH", "th", "{y2}0{n:07d}", specimens=True, novelty=False, product_description=False
        ),
        DesignOffice(
            "VN",
            "vi",
            "3-{y}-{n:05d}",
            specimens=True,
            novelty=False,
            event_style="name",
            specimen_tag="vn",
        ),
    )
}

_FILING = FilingWindow(dt.date(2012, 1, 1), dt.date(2024, 10, 31), "ds-date")


@dataclass(frozen=True, slots=True)
class Design:
    """Everything one record says; ``defects`` names the planted defects."""

    office: str
    application_number: str
    application_date: dt.date
    registration_number: str | None
    registration_date: dt.date | None
    expiry_date: dt.date | None
    status: str
    status_date: dt.date
    product: int  # index into PRODUCTS
    locarno: str | None
    views: int
    priorities: tuple[Priority, ...]
    applicants: tuple[Party, ...]
    applicant_kind_sent: bool
    designers: tuple[Party, ...]
    representatives: tuple[Party, ...]
    events: tuple[Event, ...]
    defects: frozenset[str]


CHANGEABLE = frozenset(f.name for f in dataclasses.fields(Design)) - {"office", "defects"}


def profile(code: str) -> DesignOffice:
    return office_profile(PROFILES, code, "design")


def application_date(seed: int, code: str, index: int) -> dt.date:
    return _FILING.date(seed, code, index)


def application_number(code: str, seed: int, index: int) -> str:
    return office_number(profile(code).number_format, application_date(seed, code, index), index)


def plan(code: str, seed: int, index: int) -> Design:
    """Draw design record ``index`` of office ``code`` (same inputs, same plan)."""
    p = profile(code)
    lang = people.language(code)
    d = rng(seed, code, "ds-defects", index)
    defects = {name for name, rate in DEFECT_RATES.items() if d.random() < rate}
    if not p.singapore:
        defects.discard("applicant_kind_missing")
    if not p.address_lines:
        defects.discard("placeholder_address")
    if not p.expiry:
        defects.discard("placeholder_expiry")
    r = rng(seed, code, "ds", index)
    filed = application_date(seed, code, index)
    product = r.randrange(len(PRODUCTS))
    outcome = r.choices(("registered", "filed", "withdrawn", "refused"), (70, 15, 8, 7))[0]
    events = [Event("filed", filed), Event("formality", filed + days(r, 20, 90))]
    registered = expiry = None
    if outcome == "registered":
        registered = events[-1].date + days(r, 60, 400)
        events += [
            Event("registered", registered),
            Event("published", registered + days(r, 10, 60)),
        ]
        expiry = add_years(filed, 5)
        while expiry < REFERENCE and r.random() < 0.6 and expiry < add_years(filed, 15):
            events.append(Event("renewed", expiry - days(r, 1, 150)))
            expiry = add_years(expiry, 5)
        if expiry < REFERENCE:
            outcome = "expired"
    elif outcome in ("withdrawn", "refused"):
        events.append(Event(outcome, events[-1].date + days(r, 30, 300)))
    status_lang = lang.code if p.tag else "en"
    status = STATUS_WORDS[outcome].get(status_lang, STATUS_WORDS[outcome]["en"])
    if "unknown_status" in defects:
        status = r.choice(UNKNOWN_STATUSES)
    applicants = tuple(people.applicant(r, lang) for _ in range(r.choices((1, 2), (85, 15))[0]))
    foreign = applicants[0].country != lang.country
    designers = people.creators(r, lang, applicants[0].country, (60, 30, 10))
    representatives = (people.agent(r, lang),) if foreign or r.random() < 0.5 else ()
    priorities: tuple[Priority, ...] = ()
    if foreign and r.random() < 0.6:
        country = applicants[0].country if applicants[0].country in vocab.PRIORITY_FORMATS else "JP"
        when = filed - days(r, 30, 180)
        number = vocab.PRIORITY_FORMATS[country].format(
            y=when.year, y2=when.year % 100, n=r.randint(1000, 99999)
        )
        priorities = (
            Priority(country, number, None if "priority_incomplete" in defects else when),
        )
    else:
        defects.discard("priority_incomplete")
    if registered:  # a registration has its number and expiry: no placeholder for them
        defects -= {"placeholder_expiry", "empty_registration"}
    number = application_number(code, seed, index)
    return Design(
        office=code.upper(),
        application_number=number,
        application_date=filed,
        registration_number=(f"{code.upper()}D{index + 1:07d}" if registered else None),
        registration_date=registered,
        expiry_date=expiry,
        status=status,
        status_date=events[-1].date,
        product=product,
        locarno=None if "no_locarno" in defects else PRODUCTS[product][0],
        views=r.randint(1, 7),
        priorities=priorities,
        applicants=applicants,
        applicant_kind_sent="applicant_kind_missing" not in defects,
        designers=designers,
        representatives=representatives,
        events=tuple(sorted(events, key=lambda e: e.date)),
        defects=frozenset(defects),
    )
