"""ST.36 PCT and regional filings, designated states and legal status dates → ST.96.

What a national patent record says about its route and its legal life: the international (WO)
or regional application it entered from (``pat:PCTNationalPhaseEntryDate`` required for a
national phase entry), the designated states, and the dates the office's legal status events
carry (``office-specific-bib-data/legal-status-events``, through the office's
``[legal_event]`` vocabulary). Also :func:`document_id`, the reader of ST.36 references.
"""

from __future__ import annotations

from collections.abc import Callable

from lxml import etree

from mappings.framework.context import MappingContext
from mappings.framework.reading import COM, PAT, every, first, quoted_values, text_of
from mappings.framework.values import iso_date, office_code
from mappings.st96 import application_number

__all__ = ["DIRECT_DATES", "EVENT_DATES", "designations", "document_id", "event_dates", "pct"]

SubElement = etree.SubElement

REGIONAL_OFFICES = frozenset({"BX", "EP", "EM"})

#: ST.96 date elements legal status events may fill, in BibliographicDataType order.
EVENT_DATES = (
    "RightsReestablishedDate",
    "ApplicationWithdrawnDate",
    "ApplicationDeemedWithdrawnDate",
    "PatentRevocationDate",
    "PCTNationalPhaseEntryDate",
    "ApplicationPartiallyWithdrawnDate",
)
#: The ST.36 elements that carry those dates directly.
DIRECT_DATES = {
    "date-rights-reestablished": "RightsReestablishedDate",
    "date-application-withdrawn-by-applicant": "ApplicationWithdrawnDate",
    "date-application-deemed-withdrawn": "ApplicationDeemedWithdrawnDate",
    "date-of-revocation": "PatentRevocationDate",
    "date-pct-article-22-39-fulfilled": "PCTNationalPhaseEntryDate",
    "date-application-partially-withdrawn": "ApplicationPartiallyWithdrawnDate",
}


def document_id(
    source: etree._Element | None, q: Callable[[str], tuple[str, ...]]
) -> tuple[str | None, str, str, str | None]:
    """(office, number, kind, ISO date) of a ``document-id``."""
    if source is None:
        return None, "", "", None
    return (
        office_code(text_of(first(source, q("country")))),
        text_of(first(source, q("doc-number"))),
        text_of(first(source, q("kind"))),
        iso_date(text_of(first(source, q("date")))),
    )


def pct(
    root: etree._Element, bib: etree._Element, ctx: MappingContext, dates: dict[str, str]
) -> None:
    """International (WO) or regional filing and publication of the national application.

    A national phase entry must say when it entered: ``PAT-NPE-DATE-MISSING`` otherwise.
    """
    q = ctx.src.path
    office, number, _, date = document_id(
        first(bib, q("pct-or-regional-filing-data/document-id")), q
    )
    international = office == "WO"
    if office and number:
        filing = SubElement(
            root, PAT.InternationalFilingData if international else PAT.RegionalFilingData
        )
        ident = SubElement(filing, PAT.ApplicationIdentification)
        SubElement(ident, COM.IPOfficeCode).text = office
        application_number(ident, number)
        SubElement(ident, PAT.ApplicationFilingCategory).text = (
            "PCT" if international else "Regional"
        )
        if date:
            SubElement(ident, PAT.FilingDate).text = date
        if "PCTNationalPhaseEntryDate" in dates:
            SubElement(filing, PAT.NationalStageFilingDate).text = dates[
                "PCTNationalPhaseEntryDate"
            ]
        elif international:
            ctx.report(
                "PAT-NPE-DATE-MISSING",
                "error",
                "pat:PCTNationalPhaseEntryDate",
                f"The application is the national phase of {number} but has no national phase "
                "entry date.",
                "Send date-pct-article-22-39-fulfilled/date (the date the national phase began).",
            )
    p_office, p_number, p_kind, p_date = document_id(
        first(bib, q("pct-or-regional-publishing-data/document-id")), q
    )
    if p_office and p_number:
        publishing = SubElement(
            root,
            PAT.InternationalPublishingData if p_office == "WO" else PAT.RegionalPublishingData,
        )
        ident = SubElement(
            SubElement(publishing, PAT.PatentDocumentIdentification),
            PAT.PatentPublicationIdentification,
        )
        SubElement(ident, COM.IPOfficeCode).text = p_office
        SubElement(ident, PAT.PublicationNumber).text = p_number
        if p_kind:
            SubElement(ident, COM.PatentDocumentKindCode).text = p_kind
        if p_date:
            SubElement(ident, COM.PublicationDate).text = p_date


def designations(
    root: etree._Element, bib: etree._Element, q: Callable[[str], tuple[str, ...]]
) -> None:
    pct = first(bib, q("designation-of-states/designation-pct"))
    if pct is None:
        return
    national = [
        c for c in (office_code(text_of(c)) for c in every(pct, q("national/country"))) if c
    ]
    regional = []
    for region in every(pct, q("regional")):
        code = office_code(text_of(first(region, q("region/country"))))
        countries = [c for c in (office_code(text_of(c)) for c in every(region, q("country"))) if c]
        if code in REGIONAL_OFFICES and countries:
            regional.append((code, countries))
        else:
            # ARIPO, EAPO, OAPI...: ST.96 names only BX/EP/EM regions; the states stay listed.
            national.extend(c for c in ([code] if code else []) + countries if c not in national)
    if not (national or regional):
        return
    designation = SubElement(root, PAT.StateDesignation)
    if not regional:
        _national(designation, national)
        return
    for code, countries in regional:
        element = SubElement(designation, PAT.RegionalDesignation)
        SubElement(element, PAT.RegionalOfficeCode).text = code
        for country in countries:
            SubElement(element, COM.DesignatedCountryCode).text = country
    if national:
        _national(designation, national)


def _national(parent: etree._Element, countries: list[str]) -> None:
    element = SubElement(parent, PAT.NationalDesignation)
    for country in countries:
        SubElement(element, COM.DesignatedCountryCode).text = country


def event_dates(bib: etree._Element, ctx: MappingContext) -> dict[str, str]:
    """ST.96 date element → date, from ST.36 date elements and the office's legal events."""
    q = ctx.src.path
    dates: dict[str, str] = {}
    for tag, target in DIRECT_DATES.items():
        value = iso_date(text_of(first(bib, q(f"{tag}/date"))))
        if value:
            dates[target] = value
    path = "office-specific-bib-data/legal-status-events/legal-status-event"
    unplaced: list[str] = []
    events = every(bib, q(path))
    for source in events:
        code = text_of(first(source, q("event-code")))
        date = ctx.read_date(
            text_of(first(source, q("event-date/date"))), "", "legal status event date"
        )
        target = ctx.sup.lookup("legal_event", code) if code else None
        if target is None:
            ctx.report(
                "VOCAB-UNKNOWN-VALUE",
                "warning",
                "",
                f"The legal status event {code!r} is not in the office's patent vocabulary; it "
                f"was not published (sent: {quoted_values(source)}).",
                f"Add {code!r} to vocabularies/{ctx.office}.patents.toml [legal_event].",
                source_field=f"{ctx.source_path(source)}/event-code",
            )
            continue
        if target and date and target not in dates:
            dates[target] = date
        elif target == "" or (date and dates.get(target) != date):
            unplaced.append(f"{code!r} on {text_of(first(source, q('event-date/date')))!r}")
    if unplaced:
        ctx.report(
            "PAT-LEGAL-EVENT-NOT-PUBLISHED",
            "info",
            "",
            "pat:BibliographicData has a place for the withdrawal, revocation, reinstatement, "
            "grant and national phase dates only; the office's other legal status events ("
            + ", ".join(unplaced)
            + ") stay in the stored source record.",
            source_field=ctx.source_path(events[0]),
        )
    return dates
