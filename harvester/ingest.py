"""Storing harvested records: the source bytes as received, and what the node publishes.

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
  only add noise for third parties. The record's quality findings are kept as they were (not
  resolved: the office did not fix them, the record is gone) and its feedback is not
  re-rendered; a record published again later picks its rows up where they were;
* every record published (``"new"``/``"updated"``) has its findings (``processed.findings``:
  mapping and quality rules) applied by :func:`store.findings.plan_page_findings`:
  finding rows opened, resolved, reopened, and the feedback document put into its ``about``.
  A ``"failed"`` record changes nothing published, its findings included.
* a record of an IP type the office's delivery is gated for (``Target.gated``, see
  :mod:`node.gating`) is stored on its source row as above, but the version it would publish
  (a deletion too) is held in ``gate_held_records`` with its findings; the published record,
  if any, stays as it is until the delivery is released.

A page is stored with a fixed number of statements, whatever its size: one query loads the
page's existing rows, new source rows are inserted in bulk with their ids returned
(:mod:`store.pages`), changed ones updated in one ``executemany``; new published rows
are inserted in bulk the same way (their ids are needed by their finding rows), updated and
deleted ones in one ``executemany`` with a fixed column set (an ORM flush would split it
wherever the set of changed columns differs from one row to the next); the quality step adds
one query for the page's finding rows, one for their record states, and a bulk INSERT and
executemany UPDATE for each.
Mapping can be done beforehand, e.g. in worker processes (:mod:`harvester.pool`): the caller
passes the results keyed by sha256 (:func:`to_map` says which records need it); a record
without one is mapped here.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import select, text
from sqlalchemy.orm import Session

from harvester import bounds
from harvester.client import Header, Item
from mappings.errors import SourceError
from mappings.version import processing_version
from store import pages, publish
from store.base import utcnow
from store.findings import FeedbackUpdate
from store.gating.hold import Held, write_held
from store.models import Endpoint, HarvestRun, PublishedRecord, SourceRecord
from store.pages import Source
from store.rows import PublishedRow

OUTCOMES = ("new", "updated", "unchanged", "deleted", "failed")

_SOURCES = SourceRecord.__table__
_PUBLISHED = PublishedRecord.__table__


@dataclass(frozen=True, slots=True)
class Target:
    """Where records go: the office, its metadata prefix, and the repository identifier."""

    office_id: int
    office_code: str
    metadata_prefix: str
    repository_identifier: str = "iphub.local"
    #: IP types whose records are held for the delivery's gate (:mod:`node.gating`), not
    #: published page by page
    gated: frozenset[str] = frozenset()


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


@dataclass(slots=True)
class _Page:
    """What the page publishes, for :func:`_write`: the new published rows with their source
    row (inserted once the source rows have ids), and the findings of every published one."""

    links: list[tuple[Source, PublishedRow]] = field(default_factory=list)
    #: published record → its findings; a record repeated in the page keeps its last ones
    findings: dict[PublishedRow, tuple] = field(default_factory=dict)
    #: stored record whose renderings did not change (reprocessing) → its findings: only its
    #: feedback, and its datestamp when the feedback changed, are written
    kept: dict[PublishedRow, tuple] = field(default_factory=dict)
    #: published rows the page changed (updated or deleted), in page order
    changed: dict[PublishedRow, None] = field(default_factory=dict)
    #: a header datestamp later than this is a finding (HARVEST-DATESTAMP-FUTURE)
    future_after: datetime = field(default_factory=lambda: bounds.future_limit(utcnow()))
    #: versions a gated run holds instead of publishing (:mod:`store.gating.hold`)
    held: list[Held] = field(default_factory=list)


def _ingest(session, target, run, item, digest, source, mapped, page):
    """The rules of the module docstring; returns (outcome, source row)."""
    header, raw, error = item.header, item.raw, item.error
    if header.deleted:
        served = source.published if source is not None else None
        if served is not None and not served.deleted and served.ip_type in target.gated:
            return _hold_deletion(target, run, header, source, page)
        outcome, source = _delete(session, target, run, header, source)
        if outcome == "deleted":
            page.changed[source.published] = None
        return outcome, source
    if source is not None and source.sha256 == digest and not source.deleted and not source.error:
        return "unchanged", source
    if source is None:
        source = pages.new_source(target.office_id, target.metadata_prefix, header.identifier)
    _fill_source(source, run, header, raw, digest, error)
    if error is not None:
        return "failed", source
    processed = mapped.get(digest) if digest is not None else None
    if processed is None:
        try:
            processed = _pipeline().process_record(target.metadata_prefix, raw, target.office_code)
        except SourceError as failure:
            processed = failure
    if isinstance(processed, SourceError):
        source.set(error=str(processed) or processed.__class__.__name__)
        return "failed", source
    if processed.ip_type in target.gated:
        return _hold(target, source, header, processed, page)
    outcome, source.published = _publish(
        session, target, source, source.published, header, processed
    )
    if outcome == "new":
        page.links.append((source, source.published))
    else:
        page.changed[source.published] = None
    page.findings[source.published] = bounds.record_findings(header, processed, page.future_after)
    return outcome, source


def _fill_source(
    source: Source,
    run: HarvestRun,
    header: Header,
    raw: bytes | None,
    digest: str | None,
    error: str | None,
) -> None:
    source.set(
        source_datestamp=header.datestamp,
        raw=raw,
        sha256=digest,
        deleted=False,
        error=error,
        harvested_at=utcnow(),
        run_id=run.id,
    )


def _publish(session, target, source, published, header, processed):
    outcome = "updated" if published is not None else "new"
    if published is None:
        identifier = oai_identifier(
            target.repository_identifier, target.office_code, processed.ip_type, header.identifier
        )
        # inserted with the page's others (see _write)
        published = PublishedRow(oai_identifier=identifier, office_code=target.office_code)
    if source.id is not None:
        published.source_record_id = source.id
    published.ip_type = processed.ip_type
    published.set_spec = f"{target.office_code}:{processed.ip_type}"
    published.datestamp = utcnow()
    published.st96 = processed.st96
    published.dc = processed.dc
    published.validation_status = processed.validation_status
    published.validation_errors = list(processed.validation_errors)
    published.application_number = bounds.application_number(processed)
    published.processing_version = processing_version(target.metadata_prefix, target.office_code)
    published.deleted = False
    return outcome, published


def _hold(target, source, header, processed, page):
    """A gated record: its new version is held (the served one, if any, stays)."""
    _, version = _publish(None, target, source, None, header, processed)
    findings = bounds.record_findings(header, processed, page.future_after)
    page.held.append(Held(source, version, source.published, findings))
    return ("updated" if source.published is not None else "new"), source


def _hold_deletion(target, run, header, source, page):
    """A gated deletion: the source row says deleted, the published record stays served."""
    if source.deleted:
        return "unchanged", source
    source.set(deleted=True, source_datestamp=header.datestamp, harvested_at=utcnow(),
               run_id=run.id)  # fmt: skip
    served = source.published
    version = PublishedRow(oai_identifier=served.oai_identifier, office_code=served.office_code,
                           ip_type=served.ip_type,
                           set_spec=served.set_spec, deleted=True)  # fmt: skip
    page.held.append(Held(source, version, served, ()))
    return "deleted", source


def _delete(session, target, run, header, source):
    if source is None:
        source = pages.new_source(target.office_id, target.metadata_prefix, header.identifier)
    elif source.deleted:
        return "unchanged", source
    source.set(deleted=True, source_datestamp=header.datestamp, harvested_at=utcnow(),
               run_id=run.id)  # fmt: skip
    published = source.published
    if published is None:
        return ("unchanged" if source.id is None else "deleted"), source
    published.deleted = True
    published.datestamp = utcnow()
    published.st96 = None
    published.dc = None
    return "deleted", source


def _target_rows(target: Target):
    return (
        SourceRecord.office_id == target.office_id,
        SourceRecord.metadata_prefix == target.metadata_prefix,
    )


def load_existing(
    session: Session, target: Target, identifiers: Iterable[str]
) -> dict[str, Source]:
    """Source rows (state only, not their bytes) and published rows (without their ST.96 and
    oai_dc, which any change replaces) of a page, in one query."""
    identifiers = list(dict.fromkeys(identifiers))
    if not identifiers:
        return {}
    source = (_SOURCES.c.source_identifier, _SOURCES.c.id, _SOURCES.c.sha256,
              _SOURCES.c.deleted, _SOURCES.c.error)  # fmt: skip
    query = (
        select(*source, *(_PUBLISHED.c[name] for name in pages.PUBLISHED_LOADED))
        .select_from(_SOURCES.outerjoin(_PUBLISHED, _PUBLISHED.c.source_record_id == _SOURCES.c.id))
        .where(*_target_rows(target), _SOURCES.c.source_identifier.in_(identifiers))
    )
    found: dict[str, Source] = {}
    for ident, id_, digest, deleted, error, *published in session.execute(query):
        row = None
        if published[0] is not None:
            row = PublishedRow(
                **dict(zip(pages.PUBLISHED_LOADED, published, strict=True)),
                stored=True,
            )
        found[ident] = Source(ident, id_, digest, deleted, error, row)
    return found


def holds_any(session: Session, target: Target) -> bool:
    """Whether the store has any source row of this office and prefix (a first harvest has
    none: every record of it is new, and :func:`to_map` need not ask)."""
    query = select(SourceRecord.id).where(*_target_rows(target)).limit(1)
    return session.execute(query).first() is not None


_LZ4: dict[str, bool] = {}


def tune_page_transaction(session: Session) -> None:
    """PostgreSQL: make the page's transaction cheaper to write; nothing on SQLite.

    * ``synchronous_commit = off``: the commit does not wait for the WAL flush. A server
      crash can lose the last fraction of a second of pages, never a page's consistency: the
      checkpoint token is in the same transaction, so the next run re-harvests exactly them.
    * ``default_toast_compression = lz4`` (PostgreSQL 14+ built with lz4): the raw, ST.96 and
      oai_dc bytes are compressed several times faster than with the default pglz, for a
      similar size. Values already stored keep their compression; reading is transparent.
    """
    bind = session.get_bind()
    if bind.dialect.name != "postgresql":
        return
    key = str(bind.url)
    if key not in _LZ4:
        query = text(
            "SELECT 'lz4' = ANY(enumvals) FROM pg_settings WHERE name = 'default_toast_compression'"
        )
        _LZ4[key] = bool(session.execute(query).scalar())
    sql = "SELECT set_config('synchronous_commit', 'off', true)"
    if _LZ4[key]:
        sql += ", set_config('default_toast_compression', 'lz4', true)"
    session.execute(text(sql))


def to_map(
    session: Session | None, target: Target, items: Sequence[Item]
) -> tuple[list[str | None], dict[str, bytes]]:
    """The sha256 of each item, and (sha256 → bytes) of those :func:`ingest_items` will map.

    For mapping ahead of storing (in worker processes, while the previous page is stored):
    a record stored unchanged is left out; one that turns out to need mapping anyway (the
    same identifier twice in a page) is mapped by :func:`ingest_items` itself. Without a
    session (the store had nothing of this endpoint), every record with bytes is mapped.
    """
    digests = [sha256(i.raw) for i in items]
    identifiers = list(dict.fromkeys(i.header.identifier for i in items))
    stored: dict[str, str | None] = {}
    if identifiers and session is not None:
        query = select(SourceRecord.source_identifier, SourceRecord.sha256).where(
            *_target_rows(target),
            SourceRecord.source_identifier.in_(identifiers),
            SourceRecord.deleted.is_(False),
            SourceRecord.error.is_(None),
        )
        stored = {ident: digest for ident, digest in session.execute(query)}
    wanted: dict[str, bytes] = {}
    for item, digest in zip(items, digests, strict=True):
        if item.header.deleted or item.error is not None or item.raw is None:
            continue
        if stored.get(item.header.identifier) != digest:
            wanted.setdefault(digest, item.raw)
    return digests, wanted


def ingest_items(
    session: Session,
    target: Target,
    run: HarvestRun,
    items: Sequence[Item],
    *,
    digests: Sequence[str | None] | None = None,
    mapped: Mapping[str, Any] | None = None,
) -> tuple[dict[str, int], list[Item]]:
    """Ingest a page: the count of each outcome, and the items that failed. Caller commits.

    ``digests`` (the sha256 of each item's bytes) and ``mapped`` (sha256 → ProcessedRecord or
    SourceError) come from :func:`to_map` and a mapping done ahead; both are optional.
    """
    counts = dict.fromkeys(OUTCOMES, 0)
    failed: list[Item] = []
    room = bounds.identifier_room(target.repository_identifier, target.office_code)
    items = [bounds.bound_item(item, room) for item in items]
    if digests is None:
        digests = [sha256(i.raw) for i in items]
    mapped = mapped or {}
    existing = load_existing(session, target, (i.header.identifier for i in items))
    touched: dict[str, Source] = {}
    page = _Page()
    for item, digest in zip(items, digests, strict=True):
        ident = item.header.identifier
        source = existing.get(ident)
        outcome, source = _ingest(session, target, run, item, digest, source, mapped, page)
        existing[ident] = source  # repeated within the page
        if source.values is not None:
            touched[ident] = source
        counts[outcome] += 1
        if outcome == "failed":
            failed.append(item)
    _write(session, run, list(touched.values()), page)
    return counts, failed


def _write(
    session: Session, run: HarvestRun, sources: Sequence[Source], page: _Page
) -> dict[int, FeedbackUpdate]:
    """The page's new and changed rows in a fixed number of statements.

    Source rows first (new published rows and held versions need their ids); then
    :func:`write_published`. Runs on the session's connection with Core. Returns the feedback
    update of every record whose findings were applied (by record id).
    """
    connection = session.connection()
    pages.write_sources(connection, sources)
    if page.held:
        write_held(connection, run.id, page.held)
    for source, published in page.links:
        published.source_record_id = source.id
    changed = [p for p in page.changed if p.stored]
    new = [p for _, p in page.links]
    return publish.write_published(session, run.id, new, changed, page.findings,
                                   kept=page.kept.items())  # fmt: skip
