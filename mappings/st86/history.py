"""ST.86 priorities, related applications, publications and the event history → ST.96.

The design's history: ``dgn:PriorityBag``, ``dgn:RelatedApplicationBag``,
``dgn:PublicationBag`` and ``dgn:DesignEventBag`` (the filing and receiving dates, IPAS's own
events with the office's words, and the status as an event). IPAS writes the event history and
the status in its extension namespace ``wo-designs``; :func:`extension` reads them there, or in
the ST.86 namespace where an export puts them.
"""

from __future__ import annotations

from lxml import etree

from mappings.framework.context import MappingContext
from mappings.framework.reading import COM, DGN, every, first, quoted_values, source_names, text_of
from mappings.framework.values import office_code
from mappings.st86.table import WO_DESIGNS
from mappings.st96 import append_filled, application_number

__all__ = ["events", "extension", "priorities", "publications", "related"]

SubElement = etree.SubElement

_WO = source_names(WO_DESIGNS)
_EVENTS = ("Withdrawn", "Registered", "Expired", "Undefined")


def extension(design: etree._Element, name: str, ctx: MappingContext) -> etree._Element | None:
    """IPAS extension element ``name`` of the design: in ``wo-designs``, else in ST.86's."""
    found = first(design, getattr(_WO, name))
    return found if found is not None else first(design, getattr(ctx.src, name))


def priorities(root: etree._Element, design: etree._Element, ctx: MappingContext) -> None:
    s = ctx.src
    bag = etree.Element(DGN.PriorityBag)
    for index, source in enumerate(every(design, s.path("PriorityDetails/Priority")), 1):
        country = office_code(text_of(first(source, s.PriorityCountryCode)))
        date = ctx.read_date(
            text_of(first(source, s.PriorityDate)), "dgn:PriorityBag", "priority date"
        )
        number = text_of(first(source, s.PriorityNumber))
        missing = [
            what
            for what, value in (("country", country), ("date", date), ("number", number))
            if not value
        ]
        if missing:
            ctx.report(
                "DES-PRIORITY-INCOMPLETE",
                "error" if ("country" in missing or "date" in missing) else "warning",
                f"dgn:PriorityBag/dgn:Priority[{index}]",
                f"Priority claim {index} has no {' or '.join(missing)}"
                + (
                    f"; it was left out (sent: {quoted_values(source)})."
                    if country is None or date is None
                    else "."
                ),
                "Send the priority country (ST.3 code), number and date.",
            )
        if country is None or date is None:
            continue
        priority = SubElement(bag, DGN.Priority)
        SubElement(priority, COM.PriorityCountryCode).text = country
        if number:
            application_number(priority, number)
        SubElement(priority, COM.PriorityApplicationFilingDate).text = date
    append_filled(root, bag)


def related(root: etree._Element, design: etree._Element, ctx: MappingContext) -> None:
    s = ctx.src
    bag = etree.Element(DGN.RelatedApplicationBag)
    for source in every(design, s.path("RelatedApplicationDetails/RelatedApplication")):
        kind = text_of(first(source, s.RelatedApplicationKind))
        category = ctx.sup.lookup("related_application", kind) if kind else None
        number = text_of(first(source, s.RelatedApplicationRegistrationNumber))
        if not category:
            ctx.report(
                "VOCAB-UNKNOWN-VALUE",
                "warning",
                "dgn:RelatedApplicationBag",
                f"The related application kind {kind!r} is not in the design vocabulary; the "
                f"relation was left out (sent: {quoted_values(source)}).",
                f"Add {kind!r} to vocabularies/{ctx.office}.designs.toml [related_application].",
            )
            continue
        related = SubElement(bag, DGN.RelatedApplication)
        SubElement(related, DGN.RelatedApplicationCategory).text = category
        if number:
            SubElement(related, DGN.RelatedApplicationRegistrationNumber).text = number
    append_filled(root, bag)


def publications(root: etree._Element, design: etree._Element, ctx: MappingContext) -> None:
    s = ctx.src
    bag = etree.Element(DGN.PublicationBag)
    for index, source in enumerate(every(design, s.path("PublicationDetails/Publication")), 1):
        identifier = text_of(first(source, s.PublicationIdentifier))
        date = ctx.read_date(
            text_of(first(source, s.PublicationDate)), "dgn:PublicationBag", "publication date"
        )
        if not identifier:
            if not date:
                continue
            # ST.96 requires an identifier; Brunei sends only the date of the gazette.
            identifier = date
            ctx.report(
                "GENERATED-VALUE",
                "info",
                f"dgn:PublicationBag/dgn:Publication[{index}]/com:PublicationIdentifier",
                "The publication has no identifier; the hub used its date as identifier.",
                "Send the gazette or bulletin number as PublicationIdentifier.",
                generated=True,
            )
        publication = SubElement(bag, DGN.Publication)
        SubElement(publication, COM.PublicationIdentifier).text = identifier
        section = text_of(first(source, s.PublicationSection))
        if section:
            category = ctx.sup.lookup("publication_section", section)
            if category:
                SubElement(publication, DGN.PublicationSectionCategory).text = category
            else:
                SubElement(publication, COM.PublicationSubsection).text = section
        if date:
            SubElement(publication, COM.PublicationDate).text = date
    append_filled(root, bag)


def _event(
    bag: etree._Element, category: str, comment: str, lang: str | None, date: str | None
) -> None:
    event = SubElement(bag, DGN.DesignEvent)
    SubElement(event, DGN.DesignEventCategory).text = category
    if comment:
        SubElement(event, COM.CommentText, {COM.languageCode: lang} if lang else {}).text = comment
    if date:
        SubElement(event, DGN.DesignEventDate).text = date


def events(
    root: etree._Element,
    application: etree._Element,
    design: etree._Element,
    ctx: MappingContext,
    filing_date: str | None,
    status_word: tuple[str, str],
) -> None:
    s = ctx.src
    bag = etree.Element(DGN.DesignEventBag)
    if filing_date:
        _event(bag, "Undefined", "Application filed", "en", filing_date)
    else:
        ctx.report(
            "DES-FILING-DATE-MISSING",
            "error",
            "dgn:DesignEventBag",
            "The record has no (valid) design application date.",
            "Send DesignApplicationDate as YYYY-MM-DD.",
        )
    received = ctx.read_date(
        text_of(first(application, s.ReceivingOfficeDate)),
        "dgn:DesignEventBag",
        "receiving office date",
    )
    if received:
        _event(bag, "Undefined", "Application received by the receiving office", "en", received)
    details = extension(design, "DesignEventDetails", ctx)
    for source in details if details is not None else ():
        if isinstance(source.tag, str):
            _office_event(bag, source, ctx)
    _status_event(bag, root, status_word, ctx)
    append_filled(root, bag)


def _office_event(bag: etree._Element, source: etree._Element, ctx: MappingContext) -> None:
    """One ``DesignEvent`` of the office (its children in the event's own namespace)."""
    n = _WO if source.tag.startswith(_WO.prefix) else ctx.src
    code = text_of(first(source, n.DesignEventCode))
    category = ctx.sup.lookup("event_category", code) if code else "Undefined"
    if category not in _EVENTS:
        ctx.report(
            "VOCAB-UNKNOWN-VALUE",
            "warning",
            "dgn:DesignEventBag",
            f"The event code {code!r} is not in the design vocabulary; it was published as "
            "'Undefined' with the code in the comment.",
            f"Add {code!r} to vocabularies/{ctx.office}.designs.toml [event_category].",
        )
        category = "Undefined"
    labels = every(source, n.OfficeSpecificDesignEventDescription) or every(
        source, n.OfficeSpecificDesignEventName
    )
    lang, label = _every_language(ctx.tagged(labels), ctx)
    office_code_text = text_of(first(source, n.OfficeSpecificDesignEventCode)) or code
    parts = [p for p in (office_code_text, label, text_of(first(source, n.Comment))) if p]
    when = text_of(first(source, n.DesignEventDate))
    date = ctx.read_date(when, "dgn:DesignEventBag", "event date")
    _event(bag, category, " — ".join(parts), lang, date)


def _every_language(
    texts: list[tuple[str | None, str]], ctx: MappingContext
) -> tuple[str | None, str]:
    """One comment holding every language of an event's label (``com:CommentText`` occurs
    once): the preferred language first, the others after `` / ``; tagged with the language
    only when there is one."""
    chosen = ctx.picker.pick(texts)
    if chosen is None:
        return None, ""
    others = [text for lang, text in texts if text != chosen[1]]
    if not others:
        return chosen
    return None, " / ".join(dict.fromkeys((chosen[1], *others)))


#: Status category → the event category of reaching it (DesignEventCategory has four).
_STATUS_EVENTS = {"Registered": "Registered", "Withdrawn": "Withdrawn", "Expired": "Expired"}


def _status_event(
    bag: etree._Element, root: etree._Element, status_word: tuple[str, str], ctx: MappingContext
) -> None:
    """The office's own status word, verbatim, beside the normalised category: an event on
    the status date whose comment quotes it. Without a status date ST.96 has no place for it
    (an event needs a date): reported, kept in the source record."""
    word, category = status_word
    if not word:
        return
    date = text_of(first(root, DGN.DesignCurrentStatusDate))
    if date:
        comment = f"Current status (office's word): {word}"
        _event(bag, _STATUS_EVENTS.get(category, "Undefined"), comment, None, date)
        return
    ctx.report(
        "DES-STATUS-WORD-NOT-PUBLISHED",
        "info",
        "dgn:DesignCurrentStatusCategory",
        f"The office's status word {word!r} was published as the category {category!r}; "
        "without a status date ST.96 has no place for the word itself (it stays in the source "
        "record).",
        "Send DesignCurrentStatusDate with the status.",
    )
