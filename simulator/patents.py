"""WIPO ST.36 patent records (``patent-document``) as the ASEAN offices export them, generated
deterministically from (seed, office, index): here the offices, the `Patent` plan and its
defects; :mod:`simulator.patent_xml` writes it and serves it as the `PatentGenerator`.

Records carry the title and abstract in the office's language and in English, IPC 8 symbols,
priorities (most filings in the region come from abroad, many through the PCT), parties with
the ``entity-type`` extension, citations and legal status events in ``office-specific-bib-data``.

Realistic defects, each drawn from its own random stream:

- ``no_ipc`` (5 %): no classification at all;
- ``no_title`` (2 %) and ``no_abstract`` (4 %);
- ``priority_incomplete`` (6 % of records with priorities): a claim without its date or number;
- ``npe_date_missing`` (10 % of PCT national phase entries): no national phase entry date;
- ``applicant_kind_missing`` (6 %): the first applicant lacks ``entity-type``.

Offices' own shapes: Thailand and Viet Nam wrap their applicants and agents in national
extension elements (``th-parties/th-applicants/th-applicant``,
:data:`simulator.patent_xml.NATIONAL_WRAPPERS`); Indonesia and the Philippines send their
records filed before 2016 with the older ``classification-ipc`` (edition and main symbol)
instead of ``classifications-ipcr`` (:data:`simulator.patent_xml.OLD_IPC`).
:func:`simulator.patent_xml.render_file` gives a record as offices send it as a file: with an
XML declaration and ``<!DOCTYPE patent-document SYSTEM "...dtd">``, without a namespace.
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
    compact,
    days,
    office_number,
    office_profile,
)
from simulator.patent_words import (
    INVENTIONS,
    PRIORITY_OFFICES,
)
from simulator.people import Party
from simulator.seeding import rng

NS = "http://www.wipo.int/standards/XMLSchema/ST36"
"""ST.36 itself is DTD-based and has no namespace, but OAI-PMH requires namespaced metadata
(the ``metadata`` wildcard is ``##other``): the simulated offices serve it in this one, as
OAI-PMH feeds of ST.36 do. The mapper accepts both."""
SCHEMA_LOCATION = "http://www.wipo.int/standards/XMLSchema/ST36/ST36-V1-0.xsd"

DEFECT_RATES: dict[str, float] = {
    "no_ipc": 0.05,
    "no_title": 0.02,
    "no_abstract": 0.04,
    "priority_incomplete": 0.06,
    "npe_date_missing": 0.10,
    "applicant_kind_missing": 0.06,
}

#: Office → (application number format, ST.36 language code of local texts).
OFFICES: dict[str, tuple[str, str]] = {
    "BN": ("BN/P/{y}/{n:04d}", "ms"),
    "ID": ("P00{y}{n:05d}", "id"),
    "KH": ("KH/P/{y}/{n:05d}", "km"),
    "LA": ("LA/P/{y}/{n:04d}", "lo"),
    "MY": ("PI{y}{n:06d}", "ms"),
    "PH": ("1-{y}-{n:06d}", "en"),
    "SG": ("10{y}{n:05d}P", "en"),
    "TH": ("{y2}01{n:06d}", "th"),
    "VN": ("1-{y}-{n:05d}", "vi"),
}

_FILING = FilingWindow(dt.date(2010, 1, 1), dt.date(2023, 6, 30), "pt-date")


@dataclass(frozen=True, slots=True)
class Patent:
    """Everything one ST.36 record says; ``defects`` names the planted defects."""

    office: str
    language: str
    application_number: str
    filing_date: dt.date
    publication_number: str
    publication_kind: str
    publication_date: dt.date
    invention: int  # index into INVENTIONS
    ipc: bool
    title: bool
    abstract: bool
    claims: int
    priorities: tuple[Priority, ...]
    pct_number: str | None
    pct_date: dt.date | None
    pct_publication: str | None
    npe_date: dt.date | None
    applicants: tuple[Party, ...]
    applicant_kind_sent: bool
    inventors: tuple[Party, ...]
    agents: tuple[Party, ...]
    citations: tuple[tuple[str, str, str], ...]  # (country, number, category)
    events: tuple[Event, ...]
    defects: frozenset[str]


CHANGEABLE = frozenset(f.name for f in dataclasses.fields(Patent)) - {"office", "defects"}


def _office(code: str) -> tuple[str, str]:
    return office_profile(OFFICES, code, "patent")


def filing_date(seed: int, code: str, index: int) -> dt.date:
    return _FILING.date(seed, code, index)


def application_number(code: str, seed: int, index: int) -> str:
    return office_number(_office(code)[0], filing_date(seed, code, index), index)


def plan(code: str, seed: int, index: int) -> Patent:
    """Draw patent record ``index`` of office ``code`` (same inputs, same plan)."""
    code = code.upper()
    _, language = _office(code)
    lang = people.language(code)
    d = rng(seed, code, "pt-defects", index)
    defects = {name for name, rate in DEFECT_RATES.items() if d.random() < rate}
    r = rng(seed, code, "pt", index)
    filed = filing_date(seed, code, index)
    applicants = tuple(
        people.applicant(r, lang, 0.7) for _ in range(r.choices((1, 2), (80, 20))[0])
    )
    foreign = applicants[0].country != lang.country
    inventors = people.creators(r, lang, applicants[0].country, (45, 35, 20))
    agents = (people.agent(r, lang),) if foreign or r.random() < 0.6 else ()
    priorities: tuple[Priority, ...] = ()
    pct_number = pct_date = pct_publication = npe = None
    if foreign:
        country = (
            applicants[0].country
            if applicants[0].country in PRIORITY_OFFICES
            else r.choice(PRIORITY_OFFICES)
        )
        first = filed - days(r, 400, 900)
        number = vocab.PRIORITY_FORMATS.get(country, "{y}-{n:06d}").format(
            y=first.year, y2=first.year % 100, n=r.randint(1000, 999999)
        )
        if "priority_incomplete" in defects:
            missing_date = r.random() < 0.6
            priorities = (
                Priority(
                    country, None if not missing_date else number, None if missing_date else first
                ),
            )
        else:
            priorities = (Priority(country, number, first),)
        if r.random() < 0.75:  # PCT national phase entry, 30/31 months from priority
            pct_date = first + days(r, 300, 365)
            pct_number = f"PCT/{country}{pct_date.year}/{r.randint(1, 99999):05d}"
            pct_publication = f"WO{pct_date.year + 1}/{r.randint(1, 199999):06d}"
            npe = None if "npe_date_missing" in defects else filed
    else:
        defects.discard("priority_incomplete")
    if npe is None and pct_number is None:
        defects.discard("npe_date_missing")
    events = [Event("filed", filed)]
    if npe:
        events.append(Event("npe", npe))
    published = filed + days(r, 300, 600)
    events += [Event("published", published), Event("exam", published + days(r, 30, 300))]
    outcome = r.choices(("granted", "pending", "withdrawn"), (55, 35, 10))[0]
    kind, publication_number, publication_date = (
        "A",
        f"{compact(application_number(code, seed, index))}A",
        published,
    )
    granted = events[-1].date + days(r, 300, 1200)
    if outcome == "granted" and granted > REFERENCE:
        outcome = "pending"
    if outcome == "granted":
        events += [Event("granted", granted), Event("annuity", granted + days(r, 200, 365))]
        kind, publication_number, publication_date = "B", f"{code}{index + 1:07d}B", granted
    elif outcome == "withdrawn":
        events.append(Event("withdrawn", events[-1].date + days(r, 60, 400)))
    events = [e for e in events if e.date <= REFERENCE]
    citations = tuple(
        (
            r.choice(("US", "JP", "CN", "KR", "EP", "WO")),
            f"{r.randint(1000000, 9999999)}",
            r.choice(("X", "Y", "A", "A", "A")),
        )
        for _ in range(r.choices((0, 1, 2, 3), (40, 25, 20, 15))[0])
    )
    return Patent(
        office=code,
        language=language,
        application_number=application_number(code, seed, index),
        filing_date=filed,
        publication_number=publication_number,
        publication_kind=kind,
        publication_date=publication_date,
        invention=r.randrange(len(INVENTIONS)),
        ipc="no_ipc" not in defects,
        title="no_title" not in defects,
        abstract="no_abstract" not in defects,
        claims=r.randint(1, 30),
        priorities=priorities,
        pct_number=pct_number,
        pct_date=pct_date,
        pct_publication=pct_publication,
        npe_date=npe,
        applicants=applicants,
        applicant_kind_sent="applicant_kind_missing" not in defects,
        inventors=inventors,
        agents=agents,
        citations=citations,
        events=tuple(sorted(events, key=lambda e: e.date)),
        defects=frozenset(defects),
    )
