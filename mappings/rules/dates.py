"""Date rules: unreadable dates, dates in the future, and dates in an impossible order.

All ST.96 dates are ``YYYY-MM-DD`` strings, so order checks compare strings (no parsing per
record). A few dates are legitimately in the future (expiry, renewal, end of an opposition
period) and are not reported as such.
"""

from __future__ import annotations

from datetime import date

from lxml import etree

from mappings.model import Finding
from mappings.rules.engine import ALL, RecordContext, Rule, rule
from mappings.rules.paths import normalized_nonblank, paths, string_value

FAMILY = "dates"

#: Dates that may lie ahead of today.
_FUTURE_OK = frozenset(
    {
        "ExpiryDate",
        "RenewalDate",
        "OppositionPeriodEndDate",
        "TerminationDate",
        "DefermentPeriodEndDate",
        "SecurityReleaseDate",
        "PriorityRegistrationExpiredDate",
        "PriorityRegistrationRenewalExpiredDate",
    }
)
_FILING = paths("com:ApplicationDate | pat:ApplicationIdentification/pat:FilingDate")
_REGISTRATION = paths("com:RegistrationDate | pat:PatentGrantIdentification/pat:GrantDate")
_EXPIRY = paths("com:ExpiryDate")


def _filing(ctx: RecordContext) -> str:
    """``string((com:ApplicationDate | pat:ApplicationIdentification/pat:FilingDate)[1])``."""
    found = ctx.find(_FILING)
    return string_value(found[0]) if found else ""


def _registrations(ctx: RecordContext) -> list[etree._Element]:
    """The registration or grant dates with a value (``[normalize-space()]``)."""
    return [el for el in ctx.find(_REGISTRATION) if normalized_nonblank(el)]


def _dates(ctx: RecordContext) -> list[tuple[etree._Element, str, bool]]:
    """The date leaves with their stripped text and whether it is a date (for both rules)."""
    out = []
    for el in ctx.elements("date"):
        text = (el.text or "").strip()
        out.append((el, text, _is_date(text)))
    return out


def _is_date(text: str) -> bool:
    if len(text) != 10 or text[4] != "-" or text[7] != "-":
        return False
    try:
        date.fromisoformat(text)
    except ValueError:
        return False
    return True


def _is_partial(text: str) -> bool:
    """``YYYY`` or ``YYYY-MM``: what ST.96 allows for cited documents' dates."""
    return text[:4].isdigit() and (
        len(text) == 4 or (len(text) == 7 and text[4] == "-" and "01" <= text[5:] <= "12")
    )


def _invalid(ctx: RecordContext, r: Rule) -> list[Finding]:
    out = []
    for el, text, valid in ctx.memo(_dates):
        if text and not valid and not _is_partial(text):
            out.append(r.at(ctx, el, f"{text!r} is not a valid date (YYYY-MM-DD)."))
    return out


def _future(ctx: RecordContext, r: Rule) -> list[Finding]:
    out = []
    today = ctx.today
    for el, text, valid in ctx.memo(_dates):
        if text > today and valid and el.tag.rsplit("}", 1)[-1] not in _FUTURE_OK:
            out.append(r.at(ctx, el, f"The date {text} lies in the future (after {today})."))
    return out


def _registration_before_filing(ctx: RecordContext, r: Rule) -> list[Finding]:
    filing = ctx.memo(_filing).strip()
    if not _is_date(filing):
        return []
    out = []
    for el in ctx.memo(_registrations):
        text = el.text.strip()
        if _is_date(text) and text < filing:
            message = f"The registration (grant) date {text} is before the filing date {filing}."
            out.append(r.at(ctx, el, message))
    return out


def _expiry_before_registration(ctx: RecordContext, r: Rule) -> list[Finding]:
    starts = [el.text.strip() for el in ctx.memo(_registrations)]
    starts = starts or [ctx.memo(_filing).strip()]
    start = max((s for s in starts if _is_date(s)), default="")
    if not start:
        return []
    out = []
    for el in ctx.find(_EXPIRY):
        if not normalized_nonblank(el):
            continue
        text = el.text.strip()
        if _is_date(text) and text < start:
            message = f"The expiry date {text} is before the registration (or filing) date {start}."
            out.append(r.at(ctx, el, message))
    return out


RULES = (
    rule(
        "DATE-INVALID",
        "error",
        ALL,
        "{root}//*Date",
        "A date is not a valid calendar date in the form YYYY-MM-DD.",
        "Send dates as YYYY-MM-DD and check day and month.",
        family=FAMILY,
        check=_invalid,
        aliases=("SRC-DATE-INVALID",),
    ),
    rule(
        "DATE-IN-FUTURE",
        "error",
        ALL,
        "{root}//*Date",
        "A date lies in the future.",
        "Check the date in the register; only expiry and renewal dates may lie ahead.",
        family=FAMILY,
        check=_future,
    ),
    rule(
        "DATE-REGISTRATION-BEFORE-FILING",
        "error",
        ALL,
        "{root}/com:RegistrationDate",
        "The registration (or grant) date is before the filing date.",
        "Check both dates in the register.",
        family=FAMILY,
        check=_registration_before_filing,
        aliases=("*-DATE-REGISTRATION-BEFORE-APPLICATION",),
    ),
    rule(
        "DATE-EXPIRY-BEFORE-REGISTRATION",
        "error",
        ALL,
        "{root}/com:ExpiryDate",
        "The expiry date is before the registration (or filing) date.",
        "Check the expiry date; it is usually the filing or registration date plus the term.",
        family=FAMILY,
        check=_expiry_before_registration,
        aliases=("*-DATE-EXPIRY-BEFORE-APPLICATION",),
    ),
)
