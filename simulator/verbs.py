"""The OAI-PMH verbs' arguments as a table, and the one place that checks requests against it.

`ARGUMENTS[verb]` is (required, optional, exclusive): the exclusive argument
(resumptionToken) must come alone. Repeated arguments are detected from the multi-dict.
"""

from __future__ import annotations

import calendar
import re
import time
from collections.abc import Mapping

from node.oai.errors import BadArgument, BadVerb

ARGUMENTS: dict[str, tuple[frozenset[str], frozenset[str], str | None]] = {
    "Identify": (frozenset(), frozenset(), None),
    "ListMetadataFormats": (frozenset(), frozenset({"identifier"}), None),
    "ListSets": (frozenset(), frozenset(), "resumptionToken"),
    "GetRecord": (frozenset({"identifier", "metadataPrefix"}), frozenset(), None),
    "ListIdentifiers": (
        frozenset({"metadataPrefix"}),
        frozenset({"from", "until", "set"}),
        "resumptionToken",
    ),
    "ListRecords": (
        frozenset({"metadataPrefix"}),
        frozenset({"from", "until", "set"}),
        "resumptionToken",
    ),
}

SECONDS = "YYYY-MM-DDThh:mm:ssZ"
DAYS = "YYYY-MM-DD"
_DAY_RE = re.compile(r"\d{4}-\d{2}-\d{2}")
_SECOND_RE = re.compile(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z")


def check(args: Mapping[str, list[str]]) -> tuple[str, dict[str, str]]:
    """The verb and its single-valued arguments, or the OAI error the request deserves."""
    verbs = args.get("verb", [])
    if len(verbs) != 1 or verbs[0] not in ARGUMENTS:
        raise BadVerb("Illegal OAI verb" if verbs else "The verb argument is missing.")
    verb = verbs[0]
    required, optional, exclusive = ARGUMENTS[verb]
    repeated = sorted(name for name, values in args.items() if len(values) > 1)
    if repeated:
        raise BadArgument(f"Repeated argument(s): {', '.join(repeated)}.")
    given = {name: values[0] for name, values in args.items() if name != "verb"}
    allowed = required | optional | ({exclusive} if exclusive else set())
    unknown = sorted(set(given) - allowed)
    if unknown:
        raise BadArgument(f"Illegal argument(s) for {verb}: {', '.join(unknown)}.")
    if exclusive and exclusive in given:
        if len(given) > 1:
            raise BadArgument(f"{exclusive} is an exclusive argument.")
        return verb, given
    missing = sorted(required - set(given))
    if missing:
        raise BadArgument(f"Missing required argument(s) for {verb}: {', '.join(missing)}.")
    return verb, given


def parse_datestamp(value: str, granularity: str, *, until: bool) -> tuple[int, str]:
    """(Unix seconds, granularity of the value); `until` days mean the end of that day."""
    if _DAY_RE.fullmatch(value):
        fmt, kind = "%Y-%m-%d", DAYS
    elif granularity == SECONDS and _SECOND_RE.fullmatch(value):
        fmt, kind = "%Y-%m-%dT%H:%M:%SZ", SECONDS
    else:
        raise BadArgument(f"Illegal datestamp {value!r} for granularity {granularity}.")
    try:
        seconds = calendar.timegm(time.strptime(value, fmt))
    except ValueError:
        raise BadArgument(f"Illegal datestamp {value!r}.") from None
    if until and kind == DAYS:
        seconds += 86399
    return seconds, kind


def format_datestamp(seconds: int, granularity: str) -> str:
    fmt = "%Y-%m-%dT%H:%M:%SZ" if granularity == SECONDS else "%Y-%m-%d"
    return time.strftime(fmt, time.gmtime(seconds))
