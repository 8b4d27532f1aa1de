"""Date rules: unreadable dates, dates in the future, and dates in an impossible order.

All ST.96 dates are ``YYYY-MM-DD`` strings, so order checks compare strings (no parsing per
record). A few dates are legitimately in the future (expiry, renewal, end of an opposition
period) and are not reported as such.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

from lxml import etree

from mappings.model import Finding
from mappings.rules.engine import ALL, RecordContext, Rule, element_path, rule, xpath

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
_FILING = xpath("string((com:ApplicationDate | pat:ApplicationIdentification/pat:FilingDate)[1])")
_REGISTRATION = xpath(
    "(com:RegistrationDate | pat:PatentGrantIdentification/pat:GrantDate)[normalize-space()]"
)
_EXPIRY = xpath("com:ExpiryDate[normalize-space()]")


def _is_date(text: str) -> bool:
    if len(text) != 10 or text[4] != "-" or text[7] != "-":
        return False
    try:
        date.fromisoformat(text)
    except ValueError:
        return False
    return True


def _all_dates(ctx: RecordContext) -> Iterator[tuple[etree._Element, str]]:
    for el in ctx.elements("date"):
        yield el, (el.text or "").strip()


def _is_partial(text: str) -> bool:
    """``YYYY`` or ``YYYY-MM``: what ST.96 allows for cited documents' dates."""
    return text[:4].isdigit() and (
        len(text) == 4 or (len(text) == 7 and text[4] == "-" and "01" <= text[5:] <= "12")
    )


def _invalid(ctx: RecordContext, r: Rule) -> Iterator[Finding]:
    for el, text in _all_dates(ctx):
        if text and not _is_date(text) and not _is_partial(text):
            yield r.finding(
                ctx, path=element_path(el), message=f"{text!r} is not a valid date (YYYY-MM-DD)."
            )


def _future(ctx: RecordContext, r: Rule) -> Iterator[Finding]:
    for el, text in _all_dates(ctx):
        if text > ctx.today and _is_date(text) and el.tag.rsplit("}", 1)[-1] not in _FUTURE_OK:
            yield r.finding(
                ctx,
                path=element_path(el),
                message=f"The date {text} lies in the future (after {ctx.today}).",
            )


def _registration_before_filing(ctx: RecordContext, r: Rule) -> Iterator[Finding]:
    filing = _FILING(ctx.root).strip()
    if not _is_date(filing):
        return
    for el in _REGISTRATION(ctx.root):
        text = el.text.strip()
        if _is_date(text) and text < filing:
            yield r.finding(
                ctx,
                path=element_path(el),
                message=f"The registration (grant) date {text} is before the filing date {filing}.",
            )


def _expiry_before_registration(ctx: RecordContext, r: Rule) -> Iterator[Finding]:
    starts = [el.text.strip() for el in _REGISTRATION(ctx.root)] or [_FILING(ctx.root).strip()]
    start = max((s for s in starts if _is_date(s)), default="")
    if not start:
        return
    for el in _EXPIRY(ctx.root):
        text = el.text.strip()
        if _is_date(text) and text < start:
            yield r.finding(
                ctx,
                path=element_path(el),
                message=f"The expiry date {text} is before the registration (or filing) date "
                f"{start}.",
            )


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
