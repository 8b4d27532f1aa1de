"""What an office's values may be before they reach the store: the same on every store.

PostgreSQL refuses a value longer than its ``VARCHAR(n)`` column and fails the whole page's
transaction (on every rerun); SQLite stores it. So the lengths are checked here, against the
models' own column lengths, before any statement is written:

* an identifier too long for ``source_records.source_identifier`` (or for the published
  ``oai_identifier`` built from it) makes the record *failed*, kept under a stable synthetic
  identifier with its bytes and an error quoting the start of the real one;
* an application number too long for its column is left unindexed, with a finding
  (``HARVEST-VALUE-TOO-LONG``); the ST.96 record keeps it whole;
* a datestamp later than the harvest is a finding (``HARVEST-DATESTAMP-FUTURE``); the runner
  also keeps it out of the incremental window (:func:`harvester.runner.next_mark`).
"""

from __future__ import annotations

import hashlib
from datetime import datetime, timedelta

from harvester.client import Header, Item
from mappings.model import Finding, ProcessedRecord
from node.storage.models import PublishedRecord, SourceRecord

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
