"""WIPO ST.36 patent records (``patent-document``) as the ASEAN offices export them, generated
deterministically from (seed, office, index).

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
extension elements (``th-parties/th-applicants/th-applicant``, :data:`NATIONAL_WRAPPERS`);
Indonesia and the Philippines send their records filed before 2016 with the older
``classification-ipc`` (edition and main symbol) instead of ``classifications-ipcr``
(:data:`OLD_IPC`). :func:`render_file` gives a record as offices send it as a file: with an
XML declaration and ``<!DOCTYPE patent-document SYSTEM "...dtd">``, without a namespace.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from lxml import etree

from simulator import people, vocab
from simulator.base import (
    Event,
    PlannedGenerator,
    Priority,
    compact,
    days,
    dublin_core,
    office_number,
    office_profile,
    replace_checked,
)
from simulator.patent_words import (
    ABSTRACT,
    EVENTS,
    INVENTIONS,
    PRIORITY_OFFICES,
)
from simulator.people import Party
from simulator.seeding import mix, rng

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

_START = dt.date(2010, 1, 1)
_SPAN_DAYS = (dt.date(2023, 6, 30) - _START).days
_REFERENCE = dt.date(2025, 6, 30)
"""Fixed "today" of the generated data: nothing happens after it, whatever the clock says."""


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
    return _START + dt.timedelta(days=mix(seed, code, "pt-date", index) % _SPAN_DAYS)


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
    if outcome == "granted" and granted > _REFERENCE:
        outcome = "pending"
    if outcome == "granted":
        events += [Event("granted", granted), Event("annuity", granted + days(r, 200, 365))]
        kind, publication_number, publication_date = "B", f"{code}{index + 1:07d}B", granted
    elif outcome == "withdrawn":
        events.append(Event("withdrawn", events[-1].date + days(r, 60, 400)))
    events = [e for e in events if e.date <= _REFERENCE]
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


def apply_changes(patent: Patent, changes: Mapping[str, Any]) -> Patent:
    return replace_checked(patent, changes, CHANGEABLE)


# -- rendering --------------------------------------------------------------------------------

SubElement = etree.SubElement


_Q: dict[str, str] = {}


def _q(tag: str) -> str:
    name = _Q.get(tag)
    if name is None:
        name = _Q[tag] = f"{{{NS}}}{tag}"
    return name


def _el(parent: etree._Element, tag: str, text: str | None = None, **attrib: str) -> etree._Element:
    el = SubElement(parent, _q(tag), attrib)
    if text is not None:
        el.text = text
    return el


def _st36_date(day: dt.date) -> str:
    return day.strftime("%Y%m%d")


def _document_id(
    parent: etree._Element, country: str, number: str, kind: str | None, day: dt.date | None
) -> None:
    doc = _el(parent, "document-id")
    _el(doc, "country", country)
    _el(doc, "doc-number", number)
    if kind:
        _el(doc, "kind", kind)
    if day:
        _el(doc, "date", _st36_date(day))


def _addressbook(
    parent: etree._Element, party: Party, lang: str, local: bool, person: bool
) -> None:
    """One addressbook per language: the local-script one (with the address) and the Latin one."""
    variants = ((lang, party.name), ("en", party.name_en)) if local else (("en", party.name_en),)
    for position, (book_lang, name) in enumerate(variants):
        book = _el(parent, "addressbook", lang=book_lang)
        if person and book_lang == "en" and " " in name:
            first, last = name.rsplit(" ", 1)
            _el(book, "last-name", last)
            _el(book, "first-name", first)
        else:
            _el(book, "name" if person else "orgname", name)
        if position == 0:
            address = _el(book, "address")
            for i, line in enumerate(party.address[:2], 1):
                _el(address, f"address-{i}", line)
            _el(address, "country", party.country)


#: Offices whose parties come in national extension wrappers (``th-parties``...).
NATIONAL_WRAPPERS = frozenset({"TH", "VN"})
#: Offices sending the older ``classification-ipc`` for records filed before :data:`IPCR_FROM`.
OLD_IPC = frozenset({"ID", "PH"})
IPCR_FROM = dt.date(2016, 1, 1)
DOCTYPE = b'<!DOCTYPE patent-document SYSTEM "ST36-patent-document-v1-0.dtd">'


def render_file(patent: Patent) -> bytes:
    """The record as an office sends it in a file: XML declaration, a DOCTYPE naming the ST.36
    DTD, and no namespace (ST.36 has none; OAI-PMH feeds add one)."""
    root = etree.fromstring(render(patent))
    for el in root.iter():
        el.tag = etree.QName(el).localname
    etree.cleanup_namespaces(root)
    body = etree.tostring(root, encoding="UTF-8")
    return b'<?xml version="1.0" encoding="UTF-8"?>\n' + DOCTYPE + b"\n" + body


def render(patent: Patent) -> bytes:
    """The ST.36 ``patent-document`` of one patent (UTF-8, no XML declaration)."""
    lang = patent.language
    local = lang != "en"
    ipc, title_en, titles = INVENTIONS[patent.invention]
    title_local = titles.get(lang, title_en)
    root = etree.Element(
        _q("patent-document"),
        {
            "lang": lang,
            "country": patent.office,
            "doc-number": patent.publication_number,
            "kind": patent.publication_kind,
            "date-publ": _st36_date(patent.publication_date),
            "dtd-version": "ST36",
        },
        nsmap={None: NS},
    )
    bib = _el(root, "bibliographic-data", lang=lang, country=patent.office)
    _document_id(
        _el(bib, "publication-reference"),
        patent.office,
        patent.publication_number,
        patent.publication_kind,
        patent.publication_date,
    )
    if patent.ipc and patent.office in OLD_IPC and patent.filing_date < IPCR_FROM:
        old = _el(bib, "classification-ipc")
        _el(old, "edition", "8")
        _el(old, "main-classification", f"{''.join(ipc[:3])} {ipc[3]}/{ipc[4]}")
    elif patent.ipc:
        entry = _el(_el(bib, "classifications-ipcr"), "classification-ipcr", sequence="1")
        _el(_el(entry, "ipc-version-indicator"), "date", "20060101")
        _el(entry, "classification-level", "A")
        for tag, value in zip(
            ("section", "class", "subclass", "main-group", "subgroup"), ipc, strict=True
        ):
            _el(entry, tag, value)
        _el(entry, "symbol-position", "F")
        _el(entry, "classification-value", "I")
        _el(_el(entry, "action-date"), "date", _st36_date(patent.publication_date))
        _el(_el(entry, "generating-office"), "country", patent.office)
        _el(entry, "classification-status", "B")
        _el(entry, "classification-data-source", "H")
    _document_id(
        _el(bib, "application-reference", **{"appl-type": "patent"}),
        patent.office,
        patent.application_number,
        None,
        patent.filing_date,
    )
    _el(bib, "language-of-filing", "en" if patent.pct_number else lang)
    _el(bib, "language-of-publication", lang)
    if patent.priorities:
        claims = _el(bib, "priority-claims")
        for i, pr in enumerate(patent.priorities, 1):
            claim = _el(
                claims,
                "priority-claim",
                sequence=str(i),
                kind="national" if pr.country != "EP" else "regional",
            )
            _el(claim, "country", pr.country)
            if pr.number:
                _el(claim, "doc-number", pr.number)
            if pr.date:
                _el(claim, "date", _st36_date(pr.date))
    if patent.title:
        if local:
            _el(bib, "invention-title", title_local, lang=lang)
        _el(bib, "invention-title", title_en, lang="en")
    if patent.citations:
        refs = _el(bib, "references-cited")
        for country, number, category in patent.citations:
            citation = _el(refs, "citation")
            _document_id(_el(citation, "patcit", num=str(len(refs))), country, number, "A1", None)
            _el(citation, "category", category)
            _el(citation, "cited-by", "examiner")
    _el(bib, "number-of-claims", str(patent.claims))
    _render_parties(bib, patent, lang, local)
    _render_pct(bib, patent)
    _render_events(bib, patent)
    if patent.abstract:
        if local:
            _el(
                _el(root, "abstract", lang=lang),
                "p",
                ABSTRACT.get(lang, ABSTRACT["en"]).format(title_local),
            )
        _el(_el(root, "abstract", lang="en"), "p", ABSTRACT["en"].format(title_en.lower()))
    return etree.tostring(root, encoding="UTF-8")


def _render_parties(bib: etree._Element, patent: Patent, lang: str, local: bool) -> None:
    """Applicants (``entity-type`` left out by the ``applicant_kind_missing`` defect),
    inventors and agents, each with an addressbook per language."""
    cc = f"{patent.office.lower()}-" if patent.office in NATIONAL_WRAPPERS else ""
    parties = _el(bib, f"{cc}parties")
    applicants = _el(parties, f"{cc}applicants")
    for i, party in enumerate(patent.applicants, 1):
        attrib = {"sequence": str(i), "app-type": "applicant", "designation": "all"}
        if patent.applicant_kind_sent or i > 1:
            attrib["entity-type"] = "natural-person" if party.kind == "natural" else "legal-entity"
        applicant = _el(applicants, f"{cc}applicant", **attrib)
        _addressbook(
            applicant, party, lang, local and party.name != party.name_en, party.kind == "natural"
        )
        _el(_el(applicant, "nationality"), "country", party.country)
        _el(_el(applicant, "residence"), "country", party.country)
    inventors = _el(parties, "inventors")
    for i, party in enumerate(patent.inventors, 1):
        inventor = _el(inventors, "inventor", sequence=str(i))
        _addressbook(inventor, party, lang, local and party.name != party.name_en, True)
    if patent.agents:
        agents = _el(parties, f"{cc}agents")
        for i, party in enumerate(patent.agents, 1):
            agent = _el(agents, f"{cc}agent", sequence=str(i), **{"rep-type": "agent"})
            _addressbook(
                agent, party, lang, local and party.name != party.name_en, party.kind == "natural"
            )


def _render_pct(bib: etree._Element, patent: Patent) -> None:
    """The PCT route: designation, international filing and publication, national phase
    entry date (left out by the ``npe_date_missing`` defect)."""
    if patent.pct_number:
        designation = _el(_el(bib, "designation-of-states"), "designation-pct")
        _el(_el(designation, "national"), "country", patent.office)
        _document_id(
            _el(bib, "pct-or-regional-filing-data"), "WO", patent.pct_number, None, patent.pct_date
        )
        _document_id(
            _el(bib, "pct-or-regional-publishing-data"),
            "WO",
            patent.pct_publication or "",
            "A1",
            (patent.pct_date or patent.filing_date) + dt.timedelta(days=200),
        )
    if patent.npe_date:
        _el(_el(bib, "date-pct-article-22-39-fulfilled"), "date", _st36_date(patent.npe_date))


def _render_events(bib: etree._Element, patent: Patent) -> None:
    """Legal status events in the national ``office-specific-bib-data`` block."""
    events = _el(_el(bib, "office-specific-bib-data"), "legal-status-events")
    for event in patent.events:
        code, english = EVENTS[event.key]
        el = _el(events, "legal-status-event")
        _el(el, "event-code", code)
        _el(_el(el, "event-date"), "date", _st36_date(event.date))
        _el(el, "event-description", english, lang="en")


def render_dc(patent: Patent) -> bytes:
    root, dc = dublin_core()
    ipc, title_en, _ = INVENTIONS[patent.invention]
    if patent.title:
        dc("title", title_en)
    for party in patent.applicants:
        dc("creator", party.name_en or party.name)
    if patent.ipc:
        dc("subject", f"IPC {ipc[0]}{ipc[1]}{ipc[2]} {ipc[3]}/{ipc[4]}")
    dc("date", patent.filing_date.isoformat())
    dc("type", "Patent")
    dc("identifier", patent.application_number)
    dc("language", patent.language)
    return etree.tostring(root, encoding="UTF-8")


class PatentGenerator(PlannedGenerator):
    """The `Generator` for patents: WIPO ST.36 bibliographic data, prefix ``st36``."""

    ip_type = "patents"
    metadata_prefix = "st36"
    namespace = NS
    schema_location = SCHEMA_LOCATION
    identifier_prefix = "PT"
    changeable = CHANGEABLE
    serial_widths = (6, 5, 4)
    draw = staticmethod(plan)
    render = staticmethod(render)
    render_dc = staticmethod(render_dc)

    def sent_file(
        self, office_code: str, seed: int, index: int, changes: Mapping[str, Any] | None = None
    ) -> bytes:
        """The record as the office sends it as a file (see :func:`render_file`)."""
        return render_file(self.plan(office_code, seed, index, changes))

    def source_id(self, office_code: str, seed: int, index: int) -> str:
        return compact(application_number(office_code, seed, index))
