"""A planned patent written as its office's IPAS exports ST.36 (see :mod:`simulator.patents`:
the offices, the plan and its defects), as a sent file, in oai_dc, and the `Generator`.
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Mapping
from typing import Any

from lxml import etree

from simulator.base import (
    PlannedGenerator,
    compact,
    dc_creators,
    dublin_core_xml,
)
from simulator.patent_words import (
    ABSTRACT,
    EVENTS,
    INVENTIONS,
)
from simulator.patents import CHANGEABLE, NS, SCHEMA_LOCATION, Patent, application_number, plan
from simulator.people import Party

# -- rendering --------------------------------------------------------------------------------

SubElement = etree.SubElement


@functools.cache
def _q(tag: str) -> str:
    """The Clark name of `tag` (cached: the renderer asks for the same few names all along)."""
    return f"{{{NS}}}{tag}"


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
    ipc, title_en, _ = INVENTIONS[patent.invention]
    ipc_text = f"IPC {ipc[0]}{ipc[1]}{ipc[2]} {ipc[3]}/{ipc[4]}"
    return dublin_core_xml(
        [
            *([("title", title_en)] if patent.title else []),
            *dc_creators(patent.applicants),
            *([("subject", ipc_text)] if patent.ipc else []),
            ("date", patent.filing_date.isoformat()),
            ("type", "Patent"),
            ("identifier", patent.application_number),
            ("language", patent.language),
        ]
    )


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
