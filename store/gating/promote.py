"""Releasing a held delivery: its versions become the published ones, and rejecting it.

Every promoted version gets the release time as its datestamp, so incremental harvesters
pick it up. Records never published are copied set-based (:mod:`store.gating.fresh`); the
others (served ones, deletions, held rows without a precomputed feedback) go through the
ingest's own writer (:func:`harvester.ingest.write_published`), 500 held versions a statement
group, their findings applied through the lifecycle as if the run had published them; then
the delivery's held rows are deleted in one statement.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from mappings.model import Finding
from store.gating.fresh import promote_new, published_here
from store.gating.hold import HELD, VERSION_COLUMNS
from store.models import PublishedRecord
from store.publish import write_published
from store.rows import PUBLISHED_COLUMNS, PublishedRow

P = PublishedRecord.__table__
CHUNK = 500
#: Columns of a served row loaded to update it (the renderings are replaced, not read).
_LOADED = tuple(name for name in PUBLISHED_COLUMNS if name not in ("st96", "dc"))
_HELD = ("id", "source_record_id", "findings", *VERSION_COLUMNS)


def promote(session: Session, run_id: int, ip_type: str, now: datetime) -> int:
    """Publish every held version of (run, IP type); the number promoted.

    Records never published are copied set-based (:func:`store.gating.fresh.promote_new`);
    the others (served ones, deletions) go through the page's writer
    (:func:`store.publish.write_published`), then every held row of the delivery is deleted in
    one statement.
    """
    done, before = promote_new(session, run_id, ip_type, now)
    done += _promote_rest(session, run_id, ip_type, before, now)
    session.execute(delete(HELD).where(HELD.c.run_id == run_id, HELD.c.ip_type == ip_type))
    return done


def _promote_rest(session: Session, run_id: int, ip_type: str, before: int,
                  now: datetime) -> int:  # fmt: skip
    """The held versions :func:`promote_new` left, 500 at a time through the page's writer."""
    done, after = 0, 0
    rest = (HELD.c.run_id == run_id, HELD.c.ip_type == ip_type,
             ~published_here(run_id, ip_type, before))  # fmt: skip
    while True:
        rows = session.execute(
            select(*(HELD.c[n] for n in _HELD))
            .where(*rest, HELD.c.id > after)
            .order_by(HELD.c.id)
            .limit(CHUNK)
        ).all()
        if not rows:
            return done
        after = rows[-1].id
        new, changed, findings = _chunk(session, rows, now)
        write_published(session, run_id, new, changed, findings, now=now)
        done += len(rows)


def _chunk(session: Session, rows, now: datetime):
    """New and served published rows carrying the held versions, and their findings."""
    served = _served(session, [r.oai_identifier for r in rows])
    new: list[PublishedRow] = []
    changed: list[PublishedRow] = []
    findings: dict[PublishedRow, tuple] = {}
    for held in rows:
        row = served.get(held.oai_identifier)
        if row is None and held.deleted:
            continue  # a deletion of a record no longer served: nothing to announce
        if row is None:
            row = PublishedRow(oai_identifier=held.oai_identifier, office_code=held.office_code)
            new.append(row)
        else:
            changed.append(row)
        for name in VERSION_COLUMNS:
            setattr(row, name, getattr(held, name))
        if held.source_record_id is not None:
            row.source_record_id = held.source_record_id
        row.datestamp = now
        if not held.deleted:
            findings[row] = tuple(Finding(**f) for f in held.findings or ())
    return new, changed, findings


def _served(session: Session, identifiers: list[str]) -> dict[str, PublishedRow]:
    query = select(*(P.c[n] for n in _LOADED)).where(P.c.oai_identifier.in_(identifiers))
    rows = (PublishedRow(**dict(zip(_LOADED, r, strict=True)), stored=True)
            for r in session.execute(query))  # fmt: skip
    return {row.oai_identifier: row for row in rows}


def discard(session: Session, run_id: int, ip_type: str) -> int:
    """Drop the held versions of (run, IP type); the source rows keep the office's bytes."""
    result = session.execute(delete(HELD).where(HELD.c.run_id == run_id, HELD.c.ip_type == ip_type))
    return result.rowcount or 0
