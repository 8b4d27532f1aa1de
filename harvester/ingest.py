"""Storing one harvested record: the source bytes as received, and what the node publishes.

Rules (the contract in docs/architecture.md):

* same sha256 as stored, no error before → ``"unchanged"``: nothing is written, the hub
  datestamp stays, so an incremental re-harvest or a resumed page never re-publishes;
* changed bytes → the source row is updated and the published record re-rendered with a new
  hub datestamp (``"new"``/``"updated"``);
* ``process_record`` raising :class:`~mappings.errors.SourceError` → the raw bytes and the
  error are kept on the source row (``"failed"``); a record published earlier stays as it was
  (the office's last good version keeps being served until a good one arrives);
* deleted header → source and published rows marked deleted with a new datestamp
  (``"deleted"``). A deletion of a record the hub never had is remembered on a source row but
  publishes nothing (``"unchanged"``): announcing the deletion of something never served would
  only add noise for third parties.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from harvester.client import Header, Item
from mappings.errors import SourceError
from node.storage.base import utcnow
from node.storage.models import Endpoint, HarvestRun, PublishedRecord, SourceRecord

OUTCOMES = ("new", "updated", "unchanged", "deleted", "failed")


@dataclass(frozen=True, slots=True)
class Target:
    """Where records go: the office, its metadata prefix, and the repository identifier."""

    office_id: int
    office_code: str
    metadata_prefix: str
    repository_identifier: str = "iphub.local"


def target_for(endpoint: Endpoint, repository_identifier: str = "iphub.local") -> Target:
    return Target(
        endpoint.office_id, endpoint.office.code, endpoint.metadata_prefix, repository_identifier
    )


def _pipeline():
    """Imported late: the mappings load vocabularies and schemas, which a CLI listing skips."""
    from mappings import pipeline

    return pipeline


def ip_type_for(prefix: str) -> str:
    return _pipeline().SUPPORTED_PREFIXES.get(prefix, "unknown")


def oai_identifier(repository: str, office: str, ip_type: str, source_identifier: str) -> str:
    return f"oai:{repository}:{office}/{ip_type}/{source_identifier}"


def sha256(raw: bytes | None) -> str | None:
    return hashlib.sha256(raw).hexdigest() if raw is not None else None


def ingest_record(
    session: Session,
    endpoint: Endpoint | Target,
    run: HarvestRun,
    header: Header,
    raw: bytes | None,
    *,
    error: str | None = None,
) -> str:
    """Store one record and say what happened (one of :data:`OUTCOMES`).

    ``error`` marks a record the client already found malformed (kept, counted failed).
    """
    target = endpoint if isinstance(endpoint, Target) else target_for(endpoint)
    source, published = _load_one(session, target, header)
    links: list[tuple[SourceRecord, PublishedRecord]] = []
    item = Item(header, raw, error)
    outcome, _, _ = _ingest(session, target, run, item, source, published, links)
    _link(session, links)
    return outcome


def _ingest(session, target, run, item, source, published, links):
    """The rules of the module docstring; returns (outcome, source row, published row).

    New published rows whose source row has no id yet are appended to ``links``: ids are
    assigned by one flush per page rather than one per record.
    """
    header, raw, error = item.header, item.raw, item.error
    if header.deleted:
        return _delete(session, target, run, header, source, published)
    digest = sha256(raw)
    if source is not None and source.sha256 == digest and not source.deleted and not source.error:
        return "unchanged", source, published
    if source is None:
        source = SourceRecord(
            office_id=target.office_id,
            source_identifier=header.identifier,
            metadata_prefix=target.metadata_prefix,
        )
        session.add(source)
    _fill_source(source, run, header, raw, digest, error)
    if error is not None:
        return "failed", source, published
    try:
        processed = _pipeline().process_record(target.metadata_prefix, raw, target.office_code)
    except SourceError as failure:
        source.error = str(failure) or failure.__class__.__name__
        return "failed", source, published
    outcome, published = _publish(session, target, source, published, header, processed)
    if published.source_record_id is None:
        links.append((source, published))
    return outcome, source, published


def _link(session: Session, links: list[tuple[SourceRecord, PublishedRecord]]) -> None:
    """Give new published rows their source row's id (one flush for all of them)."""
    if not links:
        return
    session.flush()
    for source, published in links:
        published.source_record_id = source.id


def _fill_source(
    source: SourceRecord,
    run: HarvestRun,
    header: Header,
    raw: bytes | None,
    digest: str | None,
    error: str | None,
) -> None:
    source.source_datestamp = header.datestamp
    source.raw = raw
    source.sha256 = digest
    source.deleted = False
    source.error = error
    source.harvested_at = utcnow()
    source.run_id = run.id


def _publish(session, target, source, published, header, processed) -> str:
    outcome = "updated" if published is not None else "new"
    if published is None:
        identifier = oai_identifier(
            target.repository_identifier, target.office_code, processed.ip_type, header.identifier
        )
        published = PublishedRecord(oai_identifier=identifier, office_code=target.office_code)
        session.add(published)
    if source.id is not None:
        published.source_record_id = source.id
    published.ip_type = processed.ip_type
    published.set_spec = f"{target.office_code}:{processed.ip_type}"
    published.datestamp = utcnow()
    published.st96 = processed.st96
    published.dc = processed.dc
    published.validation_status = processed.validation_status
    published.validation_errors = list(processed.validation_errors)
    published.application_number = processed.application_number
    published.deleted = False
    return outcome, published


def _delete(session, target, run, header, source, published) -> str:
    if source is None:
        source = SourceRecord(
            office_id=target.office_id,
            source_identifier=header.identifier,
            metadata_prefix=target.metadata_prefix,
            raw=None,
        )
        session.add(source)
    elif source.deleted:
        return "unchanged", source, published
    source.deleted = True
    source.source_datestamp = header.datestamp
    source.harvested_at = utcnow()
    source.run_id = run.id
    if published is None:
        return ("unchanged" if source.id is None else "deleted"), source, published
    published.deleted = True
    published.datestamp = utcnow()
    published.st96 = None
    published.dc = None
    return "deleted", source, published


def _load_one(session: Session, target: Target, header: Header):
    rows = load_existing(session, target, [header.identifier])
    return rows.get(header.identifier, (None, None))


def load_existing(
    session: Session, target: Target, identifiers: Iterable[str]
) -> dict[str, tuple[SourceRecord, PublishedRecord | None]]:
    """Source and published rows of a page's records in one query (not one per record)."""
    identifiers = list(dict.fromkeys(identifiers))
    if not identifiers:
        return {}
    query = (
        select(SourceRecord, PublishedRecord)
        .outerjoin(PublishedRecord, PublishedRecord.source_record_id == SourceRecord.id)
        .where(
            SourceRecord.office_id == target.office_id,
            SourceRecord.metadata_prefix == target.metadata_prefix,
            SourceRecord.source_identifier.in_(identifiers),
        )
    )
    return {s.source_identifier: (s, p) for s, p in session.execute(query)}


def ingest_items(
    session: Session, target: Target, run: HarvestRun, items: Sequence[Item]
) -> tuple[dict[str, int], list[Item]]:
    """Ingest a page: the count of each outcome, and the items that failed. Caller commits."""
    counts = dict.fromkeys(OUTCOMES, 0)
    failed: list[Item] = []
    existing = load_existing(session, target, (i.header.identifier for i in items))
    links: list[tuple[SourceRecord, PublishedRecord]] = []
    for item in items:
        source, published = existing.get(item.header.identifier, (None, None))
        outcome, source, published = _ingest(session, target, run, item, source, published, links)
        existing[item.header.identifier] = (source, published)  # repeated within the page
        counts[outcome] += 1
        if outcome == "failed":
            failed.append(item)
    _link(session, links)
    return counts, failed
