"""One test delivery: the office's records through the same pipeline as a real delivery
(:func:`mappings.pipeline.process_record`: mapping, ST.96 schema, quality rules), stored in the
test-feed tables only.

Nothing here writes a ``HarvestRun``, a source or published record, a finding row or a pushed
delivery, and :func:`store.run_end.run_finished` is never called: the test feed cannot
publish, move a monitoring figure or notify anyone.

Whatever arrives, a delivery ends ``succeeded``, ``partial`` (a fault or the time budget stopped
the walk after some records) or ``failed`` with a sentence saying why; records past the limit
are not read (``limited``). Pages of :data:`BATCH` records commit with the delivery's counts,
so a page opened while a delivery runs shows where it stands.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import asdict
from itertools import islice
from typing import Any

from sickle.oaiexceptions import OAIError

from harvester.client import Item
from harvester.faults import HarvestFault, Stop
from harvester.ingest import ip_type_for
from harvester.settings import HarvestSettings
from harvester.testfeed.sources import check_endpoint_url, endpoint_items, upload_items
from harvester.upload import UploadLimits
from mappings.errors import SourceError
from mappings.pipeline import process_record
from store.base import utcnow
from store.database import Database
from store.testfeed import FileTooLarge, Refused
from store.testfeed import limits as feed_limits
from store.testfeed.models import TestDelivery, TestRecord
from store.uploads import UploadError, bounded_name, office_by_code

log = logging.getLogger("iphub.testfeed")

BATCH = 100
IDENTIFIER_CHARS = 480


def _open(db: Database, office_code: str, source: str, label: str, prefix: str, by: str) -> int:
    """A new running delivery; :class:`Refused` for an unknown office or prefix."""
    if ip_type_for(prefix) == "unknown":
        raise Refused(f"metadata prefix {prefix!r} is not supported")
    with db.session() as session:
        try:
            office = office_by_code(session, office_code)
        except UploadError as error:
            raise Refused(str(error)) from None
        delivery = TestDelivery(
            office_code=office.code, source=source, label=bounded_name(label, 480),
            metadata_prefix=prefix, status="running", created_by=by[:200], created_at=utcnow(),
        )  # fmt: skip
        session.add(delivery)
        session.flush()
        return delivery.id


def try_upload(
    db: Database, config: Mapping[str, Any], office_code: str, filename: str, data: bytes,
    prefix: str, *, by: str = "",
) -> int:  # fmt: skip
    """Test an uploaded file now; the delivery's id. :class:`Refused` when it cannot start."""
    with db.session() as session:
        limits = feed_limits.current(session, config)
    if not data:
        raise Refused("the test file is empty")
    if len(data) > limits.max_bytes:
        raise FileTooLarge(
            f"the test file has {len(data):,} bytes; test files are limited to "
            f"{limits.max_bytes:,} bytes (send a sample)"
        )
    delivery_id = _open(db, office_code, "upload", filename or "upload.xml", prefix, by)
    items = upload_items(filename or "upload.xml", data, UploadLimits.from_config(config))
    run(db, delivery_id, items, limits.max_records)
    return delivery_id


def try_endpoint(
    db: Database, config: Mapping[str, Any], office_code: str, url: str, prefix: str,
    *, by: str = "", set_spec: str = "",
) -> int:  # fmt: skip
    """Walk a test endpoint now; the delivery's id. :class:`Refused` when it cannot start."""
    url = check_endpoint_url(url, allow_private=bool(config.get("NOTIFY_ALLOW_PRIVATE")))
    with db.session() as session:
        limits = feed_limits.current(session, config)
    delivery_id = _open(db, office_code, "endpoint", url, prefix, by)
    settings = HarvestSettings.from_config(config)
    items = endpoint_items(url, prefix, settings, seconds=limits.time_budget, set_spec=set_spec)
    run(db, delivery_id, items, limits.max_records)
    return delivery_id


def run(db: Database, delivery_id: int, items: Iterator[Item], max_records: int) -> None:
    """Check at most ``max_records`` items and end the delivery; never raises for bad input."""
    seen, message, stopped = 0, None, False
    try:
        for batch in _batches(islice(items, max_records + 1)):
            kept = batch[: max(0, max_records - seen)]
            _store(db, delivery_id, kept, seen)
            seen += len(batch)
    except Stop:
        stopped = True
        message = "the test endpoint was too slow: stopped at the test feed's time budget"
    except (HarvestFault, OAIError) as fault:
        stopped, message = True, f"the test endpoint could not be read: {fault}"
    except Exception as error:  # a bug or a store failure: the delivery says so, never "running"
        log.exception("test delivery %s failed", delivery_id)
        stopped, message = True, f"processing failed: {type(error).__name__}: {error}"[:500]
    finally:
        _close(items)
    _finish(db, delivery_id, message, stopped=stopped, limited=seen > max_records,
            max_records=max_records)  # fmt: skip


def _close(items: Iterator[Item]) -> None:
    """Stop a source read only up to the limit: an endpoint's connection is closed now."""
    close = getattr(items, "close", None)
    if close is not None:
        try:
            close()
        except Exception:  # closing a broken connection must not fail the delivery
            log.debug("closing the test source failed", exc_info=True)


def _batches(items: Iterable[Item]) -> Iterator[list[Item]]:
    iterator = iter(items)
    while batch := list(islice(iterator, BATCH)):
        yield batch


def _store(db: Database, delivery_id: int, batch: list[Item], start: int) -> None:
    """One page of records and the delivery's counts, in one transaction."""
    with db.session() as session:
        delivery = session.get(TestDelivery, delivery_id)
        for offset, item in enumerate(batch):
            row = checked(item, delivery.metadata_prefix, delivery.office_code)
            row.delivery_id, row.position = delivery_id, start + offset + 1
            session.add(row)
            delivery.records += 1
            if row.outcome in ("invalid", "failed", "deleted"):
                setattr(delivery, row.outcome, getattr(delivery, row.outcome) + 1)
            elif row.outcome == "valid":
                delivery.valid += 1


def checked(item: Item, prefix: str, office_code: str) -> TestRecord:
    """What the pipeline makes of one item, as an unsaved row (``outcome`` says which case)."""
    row = TestRecord(
        identifier=bounded_name(item.header.identifier, IDENTIFIER_CHARS), raw=item.raw,
        findings=[],
    )  # fmt: skip
    if item.error or (item.raw is None and not item.header.deleted):
        row.outcome, row.error = "failed", item.error or "the record has no metadata"
        return row
    if item.header.deleted:
        row.outcome = "deleted"
        return row
    try:
        processed = process_record(prefix, item.raw, office_code)
    except SourceError as error:
        row.outcome, row.error = "failed", str(error)
        return row
    row.outcome, row.ip_type, row.st96 = (
        processed.validation_status,
        processed.ip_type,
        processed.st96,
    )
    row.findings = [asdict(finding) for finding in processed.findings]
    return row


def _finish(
    db: Database, delivery_id: int, message: str | None, *, stopped: bool, limited: bool,
    max_records: int,
) -> None:  # fmt: skip
    """End the delivery: its status from what was read, and the sentence office staff see."""
    with db.session() as session:
        delivery = session.get(TestDelivery, delivery_id)
        if limited:
            message = (
                f"only the first {max_records:,} records were checked: the test feed's limit "
                "per delivery" + (f"; {message}" if message else "")
            )
        if stopped:
            delivery.status = "partial" if delivery.records else "failed"
        elif delivery.records and delivery.failed == delivery.records:
            delivery.status = "failed"
            message = message or "none of the records could be processed; see each record's error"
        elif not delivery.records:
            delivery.status, message = "failed", message or "the delivery holds no records"
        else:
            delivery.status = "succeeded"
        delivery.message, delivery.limited, delivery.finished_at = message, limited, utcnow()
