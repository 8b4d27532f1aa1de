"""OAI-PMH datestamps, the one place they are parsed and formatted (provider, simulator, harvester).

A repository's granularity is ``YYYY-MM-DDThh:mm:ssZ`` (:data:`SECONDS`, the node's) or
``YYYY-MM-DD`` (:data:`DAY`, some offices'); the day form is accepted from clients of either, as
the protocol requires. Request arguments are read strictly (:func:`parse`, :func:`window`):
fractional seconds, offsets or a missing ``Z`` are a badArgument, never guessed at. Headers a
harvested office sends are read leniently (:func:`read`): a bad datestamp there is None, not a
failed page. Datestamps are naive UTC datetimes truncated to whole seconds.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime, timedelta

from oaiprotocol.errors import BadArgument

SECONDS = "YYYY-MM-DDThh:mm:ssZ"
DAY = "YYYY-MM-DD"
GRANULARITY = SECONDS
"""The node's own granularity."""
_FORMATS = {SECONDS: "%Y-%m-%dT%H:%M:%SZ", DAY: "%Y-%m-%d"}
_DAY_RE = re.compile(r"\d{4}-\d{2}-\d{2}")
_SECONDS_RE = re.compile(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z")
_EITHER = re.compile(r"(\d{4})-(\d\d)-(\d\d)(?:T(\d\d):(\d\d):(\d\d)Z)?")


@dataclass(frozen=True)
class Stamp:
    """A parsed ``from``/``until`` value and the granularity it was written in."""

    value: datetime
    granularity: str


def parse(name: str, raw: str, granularity: str = SECONDS) -> Stamp:
    """One argument value; badArgument naming the argument when the repository (of
    ``granularity``) cannot take it."""
    kind = DAY if _DAY_RE.fullmatch(raw) else None
    if kind is None and granularity == SECONDS and _SECONDS_RE.fullmatch(raw):
        kind = SECONDS
    if kind is not None:
        try:
            return Stamp(datetime.strptime(raw, _FORMATS[kind]), kind)
        except ValueError:
            pass
    legal = DAY if granularity == DAY else f"{DAY} or {SECONDS}"
    raise BadArgument(f"{name}={raw!r} is not a UTC datestamp of granularity {legal}")


def window(
    raw_from: str | None, raw_until: str | None, granularity: str = SECONDS
) -> tuple[datetime | None, datetime | None]:
    """The inclusive [from, until] interval; a day-granularity ``until`` covers the whole day."""
    start = parse("from", raw_from, granularity) if raw_from is not None else None
    end = parse("until", raw_until, granularity) if raw_until is not None else None
    if start and end and start.granularity != end.granularity:
        raise BadArgument("from and until must have the same granularity")
    until = end.value if end else None
    if end and end.granularity == DAY:
        until = end.value + timedelta(days=1, seconds=-1)
    if start and until and start.value > until:
        raise BadArgument("from is later than until")
    return (start.value if start else None), until


def read(value: str | None) -> datetime | None:
    """A header's datestamp, either granularity, as naive UTC; None when absent or invalid.

    Every harvested record has one: the usual form is read with a regular expression (strptime
    costs ten times more); anything else goes through strptime's more lenient reading.
    """
    if not value:
        return None
    value = value.strip()
    match = _EITHER.fullmatch(value)
    if match:
        try:
            return datetime(*(int(part) for part in match.groups() if part is not None))
        except ValueError:
            return None
    for fmt in _FORMATS.values():
        try:
            return datetime.strptime(value, fmt)
        except ValueError:
            continue
    return None


def format_stamp(value: datetime, granularity: str = SECONDS) -> str:
    """A naive UTC datetime in ``granularity`` (day granularity drops the time)."""
    return value.strftime(_FORMATS[DAY if granularity == DAY else SECONDS])
