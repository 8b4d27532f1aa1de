"""ST.66 priorities, publications and mark events → ST.96 bags."""

from __future__ import annotations

from lxml import etree

from mappings.st66.context import MapContext
from mappings.st96 import com, sub, tmk

T = "/tmk:Trademark"
PRI = f"{T}/tmk:PriorityBag/tmk:Priority"
PUB = f"{T}/tmk:PublicationBag/tmk:Publication"
EVT = f"{T}/tmk:MarkEventBag/tmk:MarkEvent"

DEFAULT_EVENT_CATEGORY = "National prosecution history entry"
"""ST.96 requires a category for every event; an IPAS event without (or with an unknown)
ST.66 MarkEventCode is, by construction, an entry of the office's own prosecution history."""

_PRIORITY_STATUS = {
    s.casefold(): s
    for s in ("Claimed", "Abandoned", "Accepted", "Partially refused", "Refused", "Undefined")
}


def map_priorities(ctx: MapContext, tm: etree._Element, out: etree._Element) -> None:
    bag = sub(out, tmk("PriorityBag"))  # removed again when it stays empty
    for source in ctx.findall(tm, "PriorityDetails/Priority"):
        country = ctx.code(
            "office",
            ctx.text(source, "PriorityCountryCode", f"{PRI}/com:PriorityCountryCode"),
            f"{PRI}/com:PriorityCountryCode",
        )
        number = ctx.text(source, "PriorityNumber", f"{PRI}/com:ApplicationNumber")
        when = ctx.date(source, "PriorityDate", f"{PRI}/com:PriorityApplicationFilingDate")
        if country is None or when is None:
            ctx.report(
                "TM-PRIORITY-INCOMPLETE",
                "error",
                PRI,
                f"A priority claim ({number or 'no number'}) lacks its country or date, which "
                "ST.96 requires; it was left out.",
                "Export PriorityCountryCode and PriorityDate for every priority.",
            )
            continue
        priority = sub(bag, tmk("Priority"))
        sub(priority, com("PriorityCountryCode"), country)
        if number:
            sub(sub(priority, com("ApplicationNumber")), com("ApplicationNumberText"), number)
        sub(priority, com("PriorityApplicationFilingDate"), when)
        status = ctx.text(source, "PriorityStatusCode", f"{PRI}/com:PriorityStatusCategory")
        if status:
            mapped = _PRIORITY_STATUS.get(status.casefold())
            if mapped:
                sub(priority, com("PriorityStatusCategory"), mapped)
            else:
                ctx.unknown(
                    "priority_status", status, f"{PRI}/com:PriorityStatusCategory", "it is left out"
                )
    if not len(bag):
        out.remove(bag)


def map_publications(ctx: MapContext, tm: etree._Element, out: etree._Element) -> None:
    bag = sub(out, tmk("PublicationBag"))
    generated = 0
    for source in ctx.findall(tm, "PublicationDetails/Publication"):
        identifier = ctx.text(source, "PublicationIdentifier", f"{PUB}/com:PublicationIdentifier")
        when = ctx.date(source, "PublicationDate", f"{PUB}/com:PublicationDate")
        section = ctx.text(source, "PublicationSection", f"{PUB}/com:PublicationSubsection")
        section = section or ctx.text(
            source, "PublicationSubsection", f"{PUB}/com:PublicationSubsection"
        )
        page = ctx.text(source, "PublicationPage", f"{PUB}/com:PublicationPage")
        if identifier is None:
            if when is None:
                continue
            identifier = when
            generated += 1
        publication = sub(bag, tmk("Publication"))
        sub(publication, com("PublicationIdentifier"), identifier)
        if section:
            sub(publication, com("PublicationSubsection"), section)
        if when:
            sub(publication, com("PublicationDate"), when)
        if page:
            sub(publication, com("PublicationPage"), page)
    if generated:
        ctx.report(
            "TM-PUBLICATION-IDENTIFIER-GENERATED",
            "info",
            f"{PUB}/com:PublicationIdentifier",
            f"{generated} publication(s) have no identifier, which ST.96 requires; the hub used "
            "the publication date as identifier.",
            "Export PublicationIdentifier (gazette number) with each publication.",
            generated=True,
        )
    if not len(bag):
        out.remove(bag)


def map_events(ctx: MapContext, tm: etree._Element, out: etree._Element) -> None:
    """tmk:MarkEventBag: ST.66 MarkEventCode → category; office code and texts → national."""
    bag = sub(out, tmk("MarkEventBag"))
    defaulted = described = 0
    for source in ctx.findall(tm, "MarkEventDetails/MarkEvent"):
        st66_code = ctx.text(source, "MarkEventCode", f"{EVT}/tmk:MarkEventCategory")
        office_code = ctx.text(
            source,
            "OfficeSpecificMarkEventCode",
            f"{EVT}/tmk:NationalMarkEvent/tmk:MarkEventCode",
        )
        descriptions = [
            t
            for tag in ("OfficeSpecificMarkEventDescription", "OfficeSpecificMarkEventName")
            for t, _ in ctx.texts(
                source, tag, f"{EVT}/tmk:NationalMarkEvent/tmk:MarkEventDescriptionText"
            )
        ]
        when = ctx.date(source, "MarkEventDate", f"{EVT}/tmk:MarkEventDate")
        response = ctx.date(source, "MarkEventResponseDate", f"{EVT}/tmk:MarkEventResponseDate")
        if st66_code is None and office_code is None and not descriptions:
            continue
        category = ctx.vocab.lookup("event_category", st66_code) if st66_code else None
        comment = None
        if category is None:
            if st66_code is not None:
                ctx.unknown(
                    "event_category",
                    st66_code,
                    f"{EVT}/tmk:MarkEventCategory",
                    "it is kept in tmk:NationalMarkEvent and the category set to "
                    f"{DEFAULT_EVENT_CATEGORY!r}",
                )
                comment = st66_code
            else:
                defaulted += 1
            category = DEFAULT_EVENT_CATEGORY
        event = sub(bag, tmk("MarkEvent"))
        sub(event, tmk("MarkEventCategory"), category)
        if response:
            sub(event, tmk("MarkEventResponseDate"), response)
        national = sub(event, tmk("NationalMarkEvent"))
        code = office_code or comment
        if code:
            sub(national, tmk("MarkEventCode"), code)
        if not descriptions:
            described += 1
            descriptions = [office_code or st66_code or category]
        for text in descriptions:
            sub(national, tmk("MarkEventDescriptionText"), text)
        if comment and office_code:
            sub(national, com("CommentText"), f"ST.66 MarkEventCode: {comment}")
        if when:
            sub(event, tmk("MarkEventDate"), when)
    if defaulted:
        ctx.report(
            "TM-EVENT-CATEGORY-GENERATED",
            "info",
            f"{EVT}/tmk:MarkEventCategory",
            f"{defaulted} event(s) have no ST.66 MarkEventCode; their category was set to "
            f"{DEFAULT_EVENT_CATEGORY!r}.",
            "Export the ST.66 MarkEventCode next to the office's own code.",
            generated=True,
        )
    if described:
        ctx.report(
            "TM-EVENT-DESCRIPTION-GENERATED",
            "info",
            f"{EVT}/tmk:NationalMarkEvent/tmk:MarkEventDescriptionText",
            f"{described} event(s) have no description, which ST.96 requires; the event code "
            "was used as description.",
            "Export OfficeSpecificMarkEventDescription.",
            generated=True,
        )
    if not len(bag):
        out.remove(bag)
