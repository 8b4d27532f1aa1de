"""ST.66 identification, dates, status, route and category → ST.96.

Covers the head of ``tmk:Trademark`` (office, numbers, dates, status, Madrid designation,
category); the mark itself is :mod:`mappings.st66.representation`. Each function appends to the
ST.96 root in the schema's sequence order.
"""

from __future__ import annotations

from lxml import etree

from mappings.errors import MappingError
from mappings.framework.context import MappingContext
from mappings.st66.route import read_route
from mappings.st96 import com, sub, sub_if, tmk

T = "/tmk:Trademark"
REP = f"{T}/tmk:MarkRepresentation"
DEFAULT_MARK_CATEGORY = "Trademark"
"""Filled in when the export names no kind of mark (ST.66 KindMark, the IPOS application_type):
every record of a trademark register is at least a trademark. Reported as generated."""


def map_identification(
    ctx: MappingContext, tm: etree._Element, out: etree._Element, transaction: etree._Element | None
) -> dict:
    """Office, numbers, dates, language, status, route and category (``transaction``: the
    IPAS envelope's TransactionContentDetails, None for a bare TradeMark). Returns facts for
    later checks and for the elements written at the end of the record."""
    office = ctx.code(
        "office", ctx.text(tm, "RegistrationOfficeCode"), f"{T}/com:RegistrationOfficeCode"
    )
    if office is None and ctx.office:
        office = ctx.office
        ctx.report(
            "TM-OFFICE-CODE-MISSING",
            "info",
            f"{T}/com:RegistrationOfficeCode",
            f"The record has no RegistrationOfficeCode; the harvested office {office} was used.",
            "Export RegistrationOfficeCode in every record.",
            generated=True,
        )
    sub_if(out, com("RegistrationOfficeCode"), office)
    app_no = ctx.text(tm, "ApplicationNumber", f"{T}/com:ApplicationNumber")
    reg_no = ctx.text(tm, "RegistrationNumber", f"{T}/com:RegistrationNumber")
    if app_no is None and reg_no is None:
        raise MappingError(
            "the trademark has neither an ApplicationNumber nor a RegistrationNumber; "
            "ST.96 needs at least one to identify the mark"
        )
    if app_no is not None:
        number = sub(out, com("ApplicationNumber"))
        sub_if(number, com("IPOfficeCode"), office)
        sub(number, com("ApplicationNumberText"), app_no)
    else:
        ctx.report(
            "TM-APPLICATION-NUMBER-MISSING",
            "error",
            f"{T}/com:ApplicationNumber",
            "The record has no ApplicationNumber; it is identified by its registration number.",
            "Export the application number of every mark.",
        )
    if reg_no is not None:
        sub(out, com("RegistrationNumber"), reg_no)
    app_date = map_dates(ctx, tm, out, "ApplicationDate", "RegistrationDate", "Registration date")
    for tag in ("ApplicationLanguageCode", "SecondLanguageCode"):
        lang = ctx.code("language", ctx.text(tm, tag), f"{T}/com:{tag}")
        sub_if(out, com(tag), lang)
    map_expiry(ctx, tm, out, "ExpiryDate", app_date)
    termination = ctx.date(tm, "TerminationDate", f"{T}/tmk:TerminationDate")
    sub_if(out, tmk("TerminationDate"), termination)
    status_word = _status(ctx, tm, out)
    route = read_route(ctx, transaction)
    if route.madrid:
        _madrid(ctx, out, office, reg_no)
    unknown_kind = _category(ctx, tm, out, route.kind)
    return {
        "application_number": app_no or reg_no,
        "unknown_kind": unknown_kind,
        "status_word": status_word,
        "route_words": route.words,
    }


def map_dates(
    ctx: MappingContext,
    src: etree._Element,
    out: etree._Element,
    application_tag: str,
    registration_tag: str,
    registration_label: str,
) -> str | None:
    """com:ApplicationDate and com:RegistrationDate from the source's ``application_tag`` and
    ``registration_tag`` children, with a finding for a registration before the application
    (``registration_label`` names the source's date in it); returns the application date."""
    app_date = ctx.date(src, application_tag, f"{T}/com:ApplicationDate")
    reg_date = ctx.date(src, registration_tag, f"{T}/com:RegistrationDate")
    sub_if(out, com("ApplicationDate"), app_date)
    sub_if(out, com("RegistrationDate"), reg_date)
    if app_date and reg_date and reg_date < app_date:
        ctx.report(
            "TM-DATE-REGISTRATION-BEFORE-APPLICATION",
            "error",
            f"{T}/com:RegistrationDate",
            f"{registration_label} {reg_date} is before the application date {app_date}.",
            "Check both dates in the register.",
        )
    return app_date


def map_expiry(
    ctx: MappingContext, src: etree._Element, out: etree._Element, tag: str, app_date: str | None
) -> None:
    """com:ExpiryDate from the source's ``tag`` child, with a finding when it is before the
    application date."""
    expiry = ctx.date(src, tag, f"{T}/com:ExpiryDate")
    if expiry:
        sub(out, com("ExpiryDate"), expiry)
        if app_date and expiry < app_date:
            ctx.report(
                "TM-DATE-EXPIRY-BEFORE-APPLICATION",
                "error",
                f"{T}/com:ExpiryDate",
                f"Expiry date {expiry} is before the application date {app_date}.",
                "Check both dates in the register.",
            )


def _status(ctx: MappingContext, tm: etree._Element, out: etree._Element) -> str | None:
    """tmk:MarkCurrentStatusCode (the ST.96 category when the vocabulary knows the word) and
    its date. Returns the office's own word when the code written differs from it, to be kept
    in tmk:MarkCurrentStatusExternalDescriptionText."""
    status = ctx.text(tm, "MarkCurrentStatusCode", f"{T}/tmk:MarkCurrentStatusCode")
    mapped = None
    if status is not None:
        mapped = ctx.lookup(
            "status",
            status,
            f"{T}/tmk:MarkCurrentStatusCode",
            "it is kept verbatim in tmk:MarkCurrentStatusCode (free text is allowed there)",
        )
        sub(out, tmk("MarkCurrentStatusCode"), mapped or status)
    status_date = ctx.date(tm, "MarkCurrentStatusDate", f"{T}/tmk:MarkCurrentStatusDate")
    sub_if(out, tmk("MarkCurrentStatusDate"), status_date)
    if mapped and mapped.casefold() != status.casefold():
        return status
    return None


def _madrid(ctx: MappingContext, out: etree._Element, office: str | None, ir: str | None) -> None:
    """A Madrid designation: the designated office's country and the international
    registration (IPAS keeps the IR number as the designation's registration number)."""
    if office:
        country = sub(sub(out, tmk("DesignatedCountryBag")), tmk("DesignatedCountry"))
        sub(country, com("DesignatedCountryCode"), office)
    if ir:
        sub(sub(out, tmk("InternationalMarkIdentifierBag")), tmk("InternationalMarkIdentifier"), ir)
        return
    ctx.report(
        "TM-MADRID-REFERENCE-MISSING",
        "warning",
        f"{T}/tmk:InternationalMarkIdentifierBag",
        "The record is a Madrid designation but has no RegistrationNumber holding the "
        "international registration number; it is published without it.",
        "Export the international registration number of every Madrid designation.",
    )


def default_category(ctx: MappingContext, out: etree._Element, missing: str, advice: str) -> None:
    """tmk:MarkCategory :data:`DEFAULT_MARK_CATEGORY` for a trademark record that names no kind
    (ST.96 requires a category), reported as generated; ``missing``: what the record lacks, in
    the office's words. Shared by the trademark formats."""
    sub(out, tmk("MarkCategory"), DEFAULT_MARK_CATEGORY)
    ctx.report(
        "TM-MARK-CATEGORY-MISSING",
        "warning",
        f"{T}/tmk:MarkCategory",
        f"The record has no {missing}; tmk:MarkCategory was set to {DEFAULT_MARK_CATEGORY!r}.",
        advice,
        generated=True,
    )


def _category(
    ctx: MappingContext, tm: etree._Element, out: etree._Element, route_kind: str | None
) -> str | None:
    """tmk:MarkCategory from KindMark, else from the transaction's kind (individual,
    collective, certification); returns the kind text when unknown (kept elsewhere)."""
    path = f"{T}/tmk:MarkCategory"
    kind = ctx.text(tm, "KindMark", path)
    if kind is None and route_kind:
        sub(out, tmk("MarkCategory"), route_kind)
        return None
    if kind is None:
        default_category(
            ctx,
            out,
            "KindMark nor a kind in its TransactionSubCode",
            "Export KindMark (Individual, Collective, Certificate, ...) for every mark.",
        )
        return None
    mapped = ctx.vocab.lookup("mark_category", kind)
    if mapped:
        sub(out, tmk("MarkCategory"), mapped)
        return None
    ctx.unknown("mark_category", kind, path, "it is kept in com:CommentText, no category is set")
    return kind
