"""UTC datestamps: strict parsing of ``from``/``until`` and formatting with ``Z``.

The repository's granularity is ``YYYY-MM-DDThh:mm:ssZ``; the day form ``YYYY-MM-DD`` is
accepted too, as the protocol requires of every repository. Anything else (fractional seconds,
offsets, missing ``Z``) is a badArgument: we never guess what a lenient parser would.
Datestamps in the store are naive UTC datetimes truncated to whole seconds.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime, timedelta

from node.oai.errors import BadArgument

GRANULARITY = "YYYY-MM-DDThh:mm:ssZ"
DAY = "YYYY-MM-DD"
_DAY_RE = re.compile(r"\d{4}-\d{2}-\d{2}")
_SECONDS_RE = re.compile(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z")
#: earliestDatestamp of an empty store.
EMPTY_EARLIEST = datetime(1970, 1, 1)


@dataclass(frozen=True)
class Stamp:
    """A parsed ``from``/``until`` value and the granularity it was written in."""

    value: datetime
    granularity: str


def parse(name: str, raw: str) -> Stamp:
    """Parse one argument value; badArgument with the argument's name when it is not legal."""
    try:
        if _SECONDS_RE.fullmatch(raw):
            return Stamp(datetime.strptime(raw, "%Y-%m-%dT%H:%M:%SZ"), GRANULARITY)
        if _DAY_RE.fullmatch(raw):
            return Stamp(datetime.strptime(raw, "%Y-%m-%d"), DAY)
    except ValueError:
        pass
    raise BadArgument(
        f"{name}={raw!r} is not a UTC datestamp of granularity {DAY} or {GRANULARITY}"
    )


def window(raw_from: str | None, raw_until: str | None) -> tuple[datetime | None, datetime | None]:
    """The inclusive [from, until] interval; a day-granularity ``until`` covers the whole day."""
    start = parse("from", raw_from) if raw_from is not None else None
    end = parse("until", raw_until) if raw_until is not None else None
    if start and end and start.granularity != end.granularity:
        raise BadArgument("from and until must have the same granularity")
    until = end.value if end else None
    if end and end.granularity == DAY:
        until = end.value + timedelta(days=1, seconds=-1)
    if start and until and start.value > until:
        raise BadArgument("from is later than until")
    return (start.value if start else None), until


def format_stamp(value: datetime) -> str:
    """``YYYY-MM-DDThh:mm:ssZ`` of a naive UTC datetime."""
    return value.strftime("%Y-%m-%dT%H:%M:%SZ")
