"""ST.66 priorities, publications and mark events → ST.96 bags."""

from __future__ import annotations

from lxml import etree

from mappings.framework.context import MappingContext
from mappings.st96 import application_number, com, sub, sub_if, tmk
from mappings.vocabulary import normalise_key

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


def map_priorities(ctx: MappingContext, tm: etree._Element, out: etree._Element) -> None:
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
            application_number(priority, number)
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


def map_publications(ctx: MappingContext, tm: etree._Element, out: etree._Element) -> None:
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
        sub_if(publication, com("PublicationSubsection"), section)
        sub_if(publication, com("PublicationDate"), when)
        sub_if(publication, com("PublicationPage"), page)
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


_EVT_CATEGORY = f"{EVT}/tmk:MarkEventCategory"
_EVT_CODE = f"{EVT}/tmk:NationalMarkEvent/tmk:MarkEventCode"
_EVT_DESCRIPTION = f"{EVT}/tmk:NationalMarkEvent/tmk:MarkEventDescriptionText"
_EVT_DATE = f"{EVT}/tmk:MarkEventDate"
_EVT_RESPONSE_DATE = f"{EVT}/tmk:MarkEventResponseDate"
_DESCRIPTION_TAGS = ("OfficeSpecificMarkEventDescription", "OfficeSpecificMarkEventName")
_KEPT_NATIONAL = (
    f"it is kept in tmk:NationalMarkEvent and the category set to {DEFAULT_EVENT_CATEGORY!r}"
)
# Clark names of the event elements: a record has a few events of eight elements each
_MARK_EVENT_BAG = tmk("MarkEventBag")
_MARK_EVENT = tmk("MarkEvent")
_MARK_EVENT_CATEGORY = tmk("MarkEventCategory")
_MARK_EVENT_RESPONSE_DATE = tmk("MarkEventResponseDate")
_NATIONAL_MARK_EVENT = tmk("NationalMarkEvent")
_MARK_EVENT_CODE = tmk("MarkEventCode")
_MARK_EVENT_DESCRIPTION = tmk("MarkEventDescriptionText")
_MARK_EVENT_DATE = tmk("MarkEventDate")
_COMMENT = com("CommentText")


def map_events(ctx: MappingContext, tm: etree._Element, out: etree._Element) -> None:
    """tmk:MarkEventBag: ST.66 MarkEventCode → category; office code and texts → national."""
    events = ctx.findall(tm, "MarkEventDetails/MarkEvent")
    if not events:
        return
    bag = sub(out, _MARK_EVENT_BAG)  # removed again when it stays empty
    categories = ctx.vocab.tables.get("event_category", {})
    defaulted = described = 0
    for source in events:
        st66_code = ctx.text(source, "MarkEventCode", _EVT_CATEGORY)
        office_code = ctx.text(source, "OfficeSpecificMarkEventCode", _EVT_CODE)
        descriptions = _descriptions(ctx, source)
        when = ctx.date(source, "MarkEventDate", _EVT_DATE)
        response = ctx.date(source, "MarkEventResponseDate", _EVT_RESPONSE_DATE)
        if st66_code is None and office_code is None and not descriptions:
            continue
        category = categories.get(normalise_key(st66_code)) if st66_code else None
        comment = None
        if category is None:
            if st66_code is not None:
                ctx.unknown("event_category", st66_code, _EVT_CATEGORY, _KEPT_NATIONAL)
                comment = st66_code
            else:
                defaulted += 1
            category = DEFAULT_EVENT_CATEGORY
        elif st66_code is not None and st66_code.casefold() != category.casefold():
            comment = st66_code  # the office's word ("Registered") beside the category
        event = sub(bag, _MARK_EVENT)
        sub(event, _MARK_EVENT_CATEGORY, category)
        sub_if(event, _MARK_EVENT_RESPONSE_DATE, response)
        national = sub(event, _NATIONAL_MARK_EVENT)
        code = office_code or comment
        sub_if(national, _MARK_EVENT_CODE, code)
        if not descriptions:
            described += 1
            descriptions = [office_code or st66_code or category]
        for text in descriptions:
            sub(national, _MARK_EVENT_DESCRIPTION, text)
        if comment and office_code:
            sub(national, _COMMENT, f"ST.66 MarkEventCode: {comment}")
        sub_if(event, _MARK_EVENT_DATE, when)
    _report_generated(ctx, defaulted, described)
    if not len(bag):
        out.remove(bag)


def _descriptions(ctx: MappingContext, source: etree._Element) -> list[str]:
    """The event's description and name texts, in that order (``ctx.texts`` without the
    languages, which ST.96 does not keep here: an invalid code is still reported)."""
    children = ctx.children(source)
    texts = []
    for tag in _DESCRIPTION_TAGS:
        for el in children.get(tag, ()):
            text = ctx.value(el, _EVT_DESCRIPTION)
            if text is not None:
                ctx.language_of(el, _EVT_DESCRIPTION)
                texts.append(text)
    return texts


def _report_generated(ctx: MappingContext, defaulted: int, described: int) -> None:
    """The findings for categories and descriptions the hub filled in (counted per record)."""
    if defaulted:
        ctx.report(
            "TM-EVENT-CATEGORY-GENERATED",
            "info",
            _EVT_CATEGORY,
            f"{defaulted} event(s) have no ST.66 MarkEventCode; their category was set to "
            f"{DEFAULT_EVENT_CATEGORY!r}.",
            "Export the ST.66 MarkEventCode next to the office's own code.",
            generated=True,
        )
    if described:
        ctx.report(
            "TM-EVENT-DESCRIPTION-GENERATED",
            "info",
            _EVT_DESCRIPTION,
            f"{described} event(s) have no description, which ST.96 requires; the event code "
            "was used as description.",
            "Export OfficeSpecificMarkEventDescription.",
            generated=True,
        )
