"""What an office's values may be before they reach the store: the same on every store.

PostgreSQL refuses a value longer than its ``VARCHAR(n)`` column and fails the whole page's
transaction (on every rerun); SQLite stores it. So the lengths are checked here, against the
models' own column lengths, before any statement is written:

* an identifier too long for ``source_records.source_identifier`` (or for the published
  ``oai_identifier`` built from it) makes the record *failed*, kept under a stable synthetic
  identifier with its bytes and an error quoting the start of the real one;
* an application number too long for its column is left unindexed, with a finding
  (``HARVEST-VALUE-TOO-LONG``); the ST.96 record keeps it whole;
* a datestamp later than the harvest is a finding (``HARVEST-DATESTAMP-FUTURE``), and never
  the endpoint's next incremental mark (:func:`next_mark`);
* a resumption token handed back twice in one walk is a loop (:class:`TokenTrail`).
"""

from __future__ import annotations

import hashlib
from datetime import datetime, timedelta

from harvester.client import Header, Item
from mappings.model import Finding, ProcessedRecord
from store.models import HarvestRun, PublishedRecord, SourceRecord

#: Clocks differ: a datestamp this far ahead of ours is not reported.
CLOCK_SKEW = timedelta(minutes=5)
IDENTIFIER_MAX = SourceRecord.__table__.c.source_identifier.type.length
OAI_IDENTIFIER_MAX = PublishedRecord.__table__.c.oai_identifier.type.length
APPLICATION_NUMBER_MAX = PublishedRecord.__table__.c.application_number.type.length
#: The longest IP type in an OAI identifier (``oai:<repository>:<office>/<ip type>/<id>``).
LONGEST_IP_TYPE = "trademarks"
OVERLONG = "overlong:"


def identifier_room(repository: str, office: str) -> int:
    """How long a source identifier may be for this repository and office."""
    prefix = f"oai:{repository}:{office}/{LONGEST_IP_TYPE}/"
    return min(IDENTIFIER_MAX, OAI_IDENTIFIER_MAX - len(prefix))


def bound_item(item: Item, room: int) -> Item:
    """``item`` unchanged, or failed under a synthetic identifier when its own is too long."""
    identifier = item.header.identifier
    if len(identifier) <= room:
        return item
    digest = hashlib.sha256(identifier.encode("utf-8", "surrogatepass")).hexdigest()[:40]
    error = (f"identifier is {len(identifier):,} characters, more than the {room} the hub "
             f"stores; kept as {OVERLONG}{digest} with its bytes (identifier starts "
             f"{identifier[:120]!r})")  # fmt: skip
    header = Header(f"{OVERLONG}{digest}", item.header.datestamp, item.header.deleted,
                    item.header.set_specs)  # fmt: skip
    if item.header.deleted:  # a deletion of something never storable: nothing to keep
        return Item(header, item.raw, item.error)
    return Item(header, item.raw, item.error or error)


def record_findings(
    header: Header, processed: ProcessedRecord, future_after: datetime
) -> tuple[Finding, ...]:
    """The record's findings plus those of its header and over-long values."""
    from mappings.rules import REGISTRY  # late: the rules load lxml and vocabularies

    extra = []
    if header.datestamp is not None and header.datestamp > future_after:
        rule = REGISTRY["HARVEST-DATESTAMP-FUTURE"]
        harvested = future_after - CLOCK_SKEW
        message = (f"The datestamp {header.datestamp:%Y-%m-%dT%H:%M:%SZ} is in the future; "
                   f"the hub harvested the record on {harvested:%Y-%m-%d}.")  # fmt: skip
        extra.append(Finding(rule.id, rule.severity, "/OAI-PMH/header/datestamp", message,
                             rule.suggestion))  # fmt: skip
    number = processed.application_number
    if number is not None and len(number) > APPLICATION_NUMBER_MAX:
        rule = REGISTRY["HARVEST-VALUE-TOO-LONG"]
        extra.append(Finding(rule.id, rule.severity, "(application number)",
                             f"The application number is {len(number):,} characters; the hub "
                             f"indexes at most {APPLICATION_NUMBER_MAX}.",
                             rule.suggestion))  # fmt: skip
    return processed.findings + tuple(extra) if extra else processed.findings


def application_number(processed: ProcessedRecord) -> str | None:
    """The number to index: None when too long for its column (the finding says so)."""
    number = processed.application_number
    return None if number is not None and len(number) > APPLICATION_NUMBER_MAX else number


def future_limit(now: datetime) -> datetime:
    return now + CLOCK_SKEW


def next_mark(run: HarvestRun, last: datetime | None) -> datetime:
    """The endpoint's next ``last_datestamp``: the newest datestamp seen, but never later than
    the run's own start. One record dated 2205 (a typo at the office) would otherwise make
    every later run ask ``from=2205-…`` and find nothing for ever; such records are also a
    finding to the office (``HARVEST-DATESTAMP-FUTURE``, :func:`record_findings`)."""
    newest = max(run.max_datestamp, last or run.max_datestamp)
    return min(newest, run.started_at)


class TokenTrail:
    """The resumption tokens of one walk through the list, to see the office loop.

    A token handed back a second time (``A, A`` or ``A → B → A``) means the office would serve
    the same pages for the whole time budget. Digests, not tokens, are kept: a token is
    whatever the office sends, and a walk can be long.
    """

    def __init__(self) -> None:
        self.seen: set[bytes] = set()

    def start(self, token: str | None) -> None:
        """A new walk (a first page, a restarted window, or a resumed checkpoint)."""
        self.seen = {self._digest(token)} if token else set()

    def repeats(self, asked: str | None, given: str | None) -> str | None:
        """Why ``given`` (the token of the page asked with ``asked``) loops; None when new."""
        if not given:
            return None
        digest = self._digest(given)
        if digest in self.seen:
            kind = "repeated" if given == asked else "cycled back to"
            return (f"the office {kind} resumption token {given[:80]!r} after "
                    f"{len(self.seen)} tokens; stopping instead of looping")  # fmt: skip
        self.seen.add(digest)
        return None

    @staticmethod
    def _digest(token: str) -> bytes:
        return hashlib.sha256(token.encode("utf-8", "surrogatepass")).digest()
