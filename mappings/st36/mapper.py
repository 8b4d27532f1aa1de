"""WIPO ST.36 ``patent-document`` → ST.96 ``pat:BibliographicData``.

The source is the ST.36 bibliographic data the offices' systems export (no namespace, dates as
``YYYYMMDD``, a ``document-id`` per reference), plus two national extensions the ASEAN exports
use: ``entity-type`` on applicants (see :mod:`mappings.st36.parties`) and legal status events
under ``office-specific-bib-data/legal-status-events`` (the ST.36 slot for national data).

``pat:BibliographicData`` has no abstract (ST.96 keeps ``pat:Abstract`` in the full
``pat:PatentPublication``), so ST.36 abstracts are checked — a record without one is reported —
but not carried; see :mod:`mappings.st36.table`.

Elements are appended in the order of ST.96's ``BibliographicDataType`` sequence.
"""

from __future__ import annotations

from lxml import etree

from mappings.errors import MappingError, UnsupportedFormatError
from mappings.framework.context import MappingContext
from mappings.framework.reading import COM, PAT, every, first, quoted_values, source_names, text_of
from mappings.framework.values import office_code
from mappings.framework.walk import walk
from mappings.model import Finding
from mappings.st36.classification import classification_bag
from mappings.st36.codes import CITING_PARTY, PRIORITY_KIND
from mappings.st36.national import (
    EVENT_DATES,
    designations,
    document_id,
    event_dates,
    pct,
)
from mappings.st36.parties import party_bag
from mappings.st36.table import TABLE
from mappings.st96 import append_filled, application_number
from mappings.vocabulary import OfficeVocabulary
from mappings.vocabulary_supplements import load_supplement

__all__ = ["METADATA_PREFIX", "NAMESPACE", "ROOT", "dc_texts", "map_patent"]

SubElement = etree.SubElement

METADATA_PREFIX = "st36"
NAMESPACE = "http://www.wipo.int/standards/XMLSchema/ST36"
"""The namespace OAI-PMH feeds put ST.36 in (ST.36 itself has none); both are accepted."""
ROOT = "/pat:BibliographicData"

CITATION_CATEGORIES = frozenset("XYAELOPTD") | {"Ampersand"}


def map_patent(
    source_root: etree._Element, vocab: OfficeVocabulary | None
) -> tuple[etree._Element, list[Finding]]:
    """Map one ST.36 record to ``pat:BibliographicData`` and the findings about it (pure).

    ST.36 is DTD-based and has no namespace, but OAI-PMH requires namespaced metadata, so
    feeds put it in one of their own (:data:`NAMESPACE`): the names are read in whatever
    namespace the root is in (copying the tree to strip it would cost more than the mapping).
    """
    bib, ctx = _open(source_root, vocab)
    unmapped, placeholders = walk(source_root, TABLE, st96_root=ROOT)
    ctx.findings.extend(placeholders)
    root = build(source_root, bib, ctx)
    ctx.findings.extend(unmapped)
    return root, ctx.findings


def _open(
    source_root: etree._Element, vocab: OfficeVocabulary | None
) -> tuple[etree._Element, MappingContext]:
    """The ``bibliographic-data`` of a record and its mapping context (office, language)."""
    qname = etree.QName(source_root)
    if qname.localname not in ("patent-document", "bibliographic-data"):
        raise UnsupportedFormatError(
            f"root element {qname.localname!r} is not ST.36: expected patent-document or "
            "bibliographic-data"
        )
    src = source_names(qname.namespace or "")
    q = src.path
    bib = (
        source_root
        if qname.localname == "bibliographic-data"
        else first(source_root, q("bibliographic-data"))
    )
    if bib is None:
        raise MappingError("the ST.36 patent-document holds no bibliographic-data")
    office = (
        office_code(bib.get("country") or source_root.get("country"))
        or office_code(text_of(first(bib, q("application-reference/document-id/country"))))
        or (vocab.office_code if vocab is not None else "")
        or "XX"
    )
    ctx = MappingContext(
        table=TABLE,
        ns=qname.namespace or "",
        office=office,
        language=vocab.language if vocab is not None else None,
        supplement=load_supplement(office, "patents"),
        vocab=vocab,
        root_path=ROOT,
    )
    ctx.use_language(ctx.lang(bib.get("lang") or source_root.get("lang")))
    return bib, ctx


def dc_texts(
    source_root: etree._Element, vocab: OfficeVocabulary | None
) -> list[tuple[str, str | None, str]]:
    """``("description", language, text)`` of each abstract: ``pat:BibliographicData`` has no
    place for it, so third parties get it from oai_dc (``dc:description``, ``xml:lang``)."""
    _, ctx = _open(source_root, vocab)
    return [
        ("description", ctx.lang(abstract.get("lang")), text)
        for abstract in every(source_root, ctx.src.abstract)
        if (text := text_of(abstract))
    ]


def build(document: etree._Element, bib: etree._Element, ctx: MappingContext) -> etree._Element:
    """``pat:BibliographicData``, children in ST.96 sequence order."""
    q = ctx.src.path
    root = etree.Element(PAT.BibliographicData, nsmap={"pat": PAT.uri, "com": COM.uri})
    root.set(COM.st96Version, "V6_0")
    root.set(COM.officeCode, ctx.office)
    grant = _publication(root, bib, ctx)
    _application(root, bib, ctx)
    if grant is not None:
        root.append(grant)
    _priorities(root, bib, ctx)
    classifications, has_ipc = classification_bag(bib, ctx)
    if classifications is not None:
        root.append(classifications)
    if not has_ipc:
        ctx.report(
            "PAT-IPC-MISSING",
            "error",
            "pat:PatentClassificationBag/pat:IPCRClassificationBag",
            "The patent has no IPC classification.",
            "Classify the application under the IPC and send classifications-ipcr.",
        )
    _titles(root, bib, ctx)
    _citations(root, bib, ctx)
    claims = text_of(first(bib, q("number-of-claims")))
    if claims.isdigit():
        SubElement(root, PAT.ClaimTotalQuantity).text = str(int(claims))
    dates = event_dates(bib, ctx)
    if "GrantPublicationDate" in dates:
        SubElement(root, PAT.GrantPublicationDate).text = dates["GrantPublicationDate"]
    root.append(party_bag(bib, ctx))
    pct(root, bib, ctx, dates)
    for tag, target in (
        ("language-of-filing", COM.FilingLanguageCode),
        ("language-of-publication", COM.PublicationLanguageCode),
    ):
        code = ctx.lang(text_of(first(bib, q(tag)))) if text_of(first(bib, q(tag))) else None
        if code:
            SubElement(root, target).text = code
    designations(root, bib, q)
    for name in EVENT_DATES:
        if name in dates:
            SubElement(root, getattr(PAT, name)).text = dates[name]
    _abstract_check(document, ctx)
    return root


# --- identification ----------------------------------------------------------------------


def _publication(
    root: etree._Element, bib: etree._Element, ctx: MappingContext
) -> etree._Element | None:
    """``pat:PatentPublicationIdentification``; returns the grant identification to append
    after the application (ST.96 order) when the publication is a granted patent."""
    q = ctx.src.path
    office, number, kind, date = document_id(first(bib, q("publication-reference/document-id")), q)
    if not number:
        return None
    ident = SubElement(root, PAT.PatentPublicationIdentification)
    SubElement(ident, COM.IPOfficeCode).text = office or ctx.office
    SubElement(ident, PAT.PublicationNumber).text = number
    if kind:
        SubElement(ident, COM.PatentDocumentKindCode).text = kind
    if date:
        SubElement(ident, COM.PublicationDate).text = date
    if kind and ctx.sup.lookup("document_kind", kind) == "grant":
        grant = etree.Element(PAT.PatentGrantIdentification)
        SubElement(grant, COM.IPOfficeCode).text = office or ctx.office
        SubElement(grant, PAT.PatentNumber).text = number
        SubElement(grant, COM.PatentDocumentKindCode).text = kind
        if date:
            SubElement(grant, PAT.GrantDate).text = date
        return grant
    return None


def _application(root: etree._Element, bib: etree._Element, ctx: MappingContext) -> None:
    q = ctx.src.path
    office, number, _, date = document_id(first(bib, q("application-reference/document-id")), q)
    ident = SubElement(root, PAT.ApplicationIdentification)
    SubElement(ident, COM.IPOfficeCode).text = office or ctx.office
    application_number(ident, number)
    if not number:
        ctx.report(
            "PAT-APPLICATION-NUMBER-MISSING",
            "critical",
            "pat:ApplicationIdentification/com:ApplicationNumber",
            "The record has no application number.",
            "Send application-reference/document-id/doc-number.",
        )
    # The filing route: the national phase of a PCT application, of a regional one, or national.
    route = office_code(text_of(first(bib, q("pct-or-regional-filing-data/document-id/country"))))
    category = "National" if route is None else "PCT" if route == "WO" else "Regional"
    SubElement(ident, PAT.ApplicationFilingCategory).text = category
    if date:
        SubElement(ident, PAT.FilingDate).text = date
    else:
        ctx.report(
            "PAT-FILING-DATE-MISSING",
            "error",
            "pat:ApplicationIdentification/pat:FilingDate",
            "The record has no (valid) filing date.",
            "Send application-reference/document-id/date as YYYYMMDD.",
        )


def _priorities(root: etree._Element, bib: etree._Element, ctx: MappingContext) -> None:
    q = ctx.src.path
    bag = etree.Element(PAT.PriorityClaimBag)
    for index, source in enumerate(every(bib, q("priority-claims/priority-claim")), 1):
        country = office_code(text_of(first(source, q("country"))))
        number = text_of(first(source, q("doc-number")))
        date = ctx.read_date(
            text_of(first(source, q("date"))), "pat:PriorityClaimBag", "priority date"
        )
        missing = [
            w for w, v in (("country", country), ("number", number), ("date", date)) if not v
        ]
        if missing:
            dropped = country is None or date is None
            ctx.report(
                "PAT-PRIORITY-INCOMPLETE",
                "error" if dropped else "warning",
                f"pat:PriorityClaimBag/pat:PriorityClaim[{index}]",
                f"Priority claim {index} has no {' or '.join(missing)}"
                + (f"; it was left out (sent: {quoted_values(source)})." if dropped else "."),
                "Send country (ST.3 code), doc-number and date of every priority claim.",
            )
            if dropped:
                continue
        claim = SubElement(bag, PAT.PriorityClaim)
        claim.set(COM.sequenceNumber, (source.get("sequence") or str(index)).strip())
        SubElement(claim, COM.IPOfficeCode).text = country
        if number:
            application_number(claim, number)
        SubElement(claim, PAT.FilingDate).text = date
        category = PRIORITY_KIND.get((source.get("kind") or "").strip().lower())
        if category:
            SubElement(claim, PAT.ApplicationFilingCategory).text = category
    append_filled(root, bag)


def _titles(root: etree._Element, bib: etree._Element, ctx: MappingContext) -> None:
    """Every language's title (``pat:InventionTitle`` is repeatable, unlike design titles)."""
    q = ctx.src.path
    bag = SubElement(root, PAT.InventionTitleBag)
    for source in every(bib, q("invention-title")):
        text = text_of(source)
        if not text:
            continue
        lang = ctx.lang(source.get("lang"))
        SubElement(bag, PAT.InventionTitle, {COM.languageCode: lang} if lang else {}).text = text
    if not len(bag):
        # pat:InventionTitleBag needs one title; an empty one says "none" without inventing one.
        SubElement(bag, PAT.InventionTitle)
        ctx.report(
            "PAT-TITLE-MISSING",
            "error",
            "pat:InventionTitleBag/pat:InventionTitle",
            "The patent has no title; the hub published an empty title.",
            "Send invention-title in the language of the application (and in English).",
            generated=True,
        )


def _citations(root: etree._Element, bib: etree._Element, ctx: MappingContext) -> None:
    q = ctx.src.path
    bag = etree.Element(PAT.ReferenceCitationBag)
    for index, source in enumerate(every(bib, q("references-cited/citation")), 1):
        citation = etree.Element(PAT.ReferenceCitation)
        citation.set(COM.sequenceNumber, str(index))
        party = CITING_PARTY.get(text_of(first(source, q("cited-by"))).lower().replace(" ", "-"))
        if party:
            citation.set(PAT.citingPartyCategory, party)
        patcit, nplcit = first(source, q("patcit")), first(source, q("nplcit"))
        if patcit is not None:
            office, number, kind, date = document_id(first(patcit, q("document-id")), q)
            cited = SubElement(citation, COM.PatentCitation)
            if office and number:
                ident = SubElement(cited, COM.CitedPatentDocumentIdentification)
                SubElement(ident, COM.IPOfficeCode).text = office
                SubElement(ident, COM.DocumentNumber).text = number
                name = text_of(first(patcit, q("document-id/name")))
                if name:
                    SubElement(ident, COM.EntityName).text = name
                if kind:
                    SubElement(ident, COM.PatentDocumentKindCode).text = kind
                if date:
                    SubElement(ident, COM.PatentDocumentDate).text = date
            else:
                text = text_of(first(patcit, q("text"))) or " ".join(t for t in (number, kind) if t)
                if not text:
                    continue
                SubElement(cited, COM.PatentCitationText).text = text
        elif nplcit is not None and text_of(nplcit):
            SubElement(SubElement(citation, COM.NPLCitation), COM.NPLCitationText).text = text_of(
                nplcit
            )
        else:
            continue
        codes = [
            c
            for c in (text_of(c).upper() for c in every(source, q("category")))
            if c in CITATION_CATEGORIES
        ]
        if codes:
            relevance = SubElement(
                SubElement(citation, PAT.DocumentRelevanceBag), PAT.DocumentRelevance
            )
            for code in codes:
                SubElement(relevance, PAT.CitationCategoryCode).text = code
        bag.append(citation)
    append_filled(root, bag)


def _abstract_check(document: etree._Element, ctx: MappingContext) -> None:
    q = ctx.src.path
    if not any(text_of(a) for a in every(document, q("abstract"))):
        ctx.report(
            "PAT-ABSTRACT-MISSING",
            "warning",
            "",
            "The patent has no abstract.",
            "Send the abstract (ST.36 abstract, in the language of the application).",
            source_field=f"{ctx.source_path(document)}/abstract",
        )
