"""Promoting the held versions of records never published, set-based.

A first delivery (or any new record) is the bulk of what a gate holds: the ingest computed
each such record's finding rows, open count and feedback while it stored the held page
(:func:`store.gating.hold.held_values`), so its release only copies, in a fixed number of
statements whatever the delivery's size, without its renderings passing through Python:

1. ``INSERT … SELECT`` from ``gate_held_records`` into ``published_records`` (datestamp: the
   release time) of every held version whose record is still not published;
2. its finding rows, ``INSERT … SELECT`` over the held findings (JSON: ``json_each`` on
   SQLite, ``json_array_elements`` on PostgreSQL), joined to the new rows by identifier;
3. its record states, the same way, and the run's figures from one aggregate query.

The new published rows are told apart from the others by their id: above the largest id
before the INSERT (a sequence hands out increasing ids, and an identifier is published once).
Whatever is left (records served meanwhile or before, deletions, held versions without a
computed feedback) goes through :mod:`store.gating.promote`'s general path.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import (
    Boolean,
    ColumnElement,
    DateTime,
    and_,
    case,
    exists,
    false,
    func,
    insert,
    literal,
    select,
    true,
)
from sqlalchemy.orm import Session

from store.finding_figures import run_stats
from store.gating.hold import HELD
from store.models import PublishedRecord
from store.quality_models import QualityFinding, QualityRecordState

P = PublishedRecord.__table__
_FINDINGS = QualityFinding.__table__
_STATES = QualityRecordState.__table__
#: Published columns copied from the held version as they are.
_COPIED = ("oai_identifier", "office_code", "source_record_id", "ip_type", "set_spec", "st96",
           "dc", "validation_status", "validation_errors", "application_number", "about",
           "processing_version")  # fmt: skip
#: Finding row columns taken from each held finding (JSON field of the same name).
_FINDING_FIELDS = ("rule_id", "path", "severity", "message", "suggestion", "source_field")


def promote_new(session: Session, run_id: int, ip_type: str, now: datetime) -> tuple[int, int]:
    """Publish the held versions of (run, IP type) of records never published: how many, and
    the largest published id before (see :func:`published_here`)."""
    connection = session.connection()
    before = connection.execute(select(func.coalesce(func.max(P.c.id), 0))).scalar_one()
    columns = [*_COPIED, "datestamp", "deleted"]
    rows = select(*(HELD.c[n] for n in _COPIED), literal(now, DateTime()), false()).where(
        *_held(run_id, ip_type),
        HELD.c.deleted.is_(False),
        HELD.c.open_count.is_not(None),
        ~exists().where(P.c.oai_identifier == HELD.c.oai_identifier),
    )
    connection.execute(insert(P).from_select(columns, rows))
    done = _figures(session, run_id, ip_type, before, now)  # (psycopg's rowcount may be -1)
    if done:
        _findings(connection, run_id, ip_type, before)
        _states(connection, run_id, ip_type, before, now)
    return done, before


def published_here(run_id: int, ip_type: str, before: int) -> ColumnElement[bool]:
    """Held versions of (run, IP type) that :func:`promote_new` published (ids above
    ``before``)."""
    return exists().where(P.c.oai_identifier == HELD.c.oai_identifier, P.c.id > before)


def _held(run_id: int, ip_type: str) -> tuple[ColumnElement[bool], ...]:
    return HELD.c.run_id == run_id, HELD.c.ip_type == ip_type


def _joined(run_id: int, ip_type: str, before: int):
    """The held versions just published, joined to their new published row."""
    on = and_(P.c.oai_identifier == HELD.c.oai_identifier, P.c.id > before)
    return HELD.join(P, on), _held(run_id, ip_type)


def _findings(connection, run_id: int, ip_type: str, before: int) -> None:
    joined, where = _joined(run_id, ip_type, before)
    postgresql = connection.dialect.name == "postgresql"
    if postgresql:
        elements = func.json_array_elements(HELD.c.findings).table_valued("value")
        element = elements.render_derived(name="f")
    else:
        element = func.json_each(HELD.c.findings).table_valued("value").alias("f")

    def field(name: str):
        if postgresql:
            return element.c.value.op("->>")(name)
        return func.json_extract(element.c.value, f"$.{name}")

    generated = field("generated")
    generated = generated.cast(Boolean) if postgresql else generated
    rows = select(
        *(field(name) for name in _FINDING_FIELDS),
        generated,
        HELD.c.office_code,
        HELD.c.ip_type,
        literal("open"),
        HELD.c.held_at,
        HELD.c.held_at,
        literal(0),
        HELD.c.run_id,
        HELD.c.run_id,
        P.c.id,
    ).select_from(joined.join(element, true()))
    columns = [*_FINDING_FIELDS, "generated", "office_code", "ip_type", "state", "first_seen_at",
               "last_seen_at", "reopened", "first_run_id", "last_run_id",
               "published_record_id"]  # fmt: skip
    connection.execute(insert(_FINDINGS).from_select(columns, rows.where(*where)))


def _states(connection, run_id: int, ip_type: str, before: int, now: datetime) -> None:
    joined, where = _joined(run_id, ip_type, before)
    rows = select(P.c.id, HELD.c.office_code, HELD.c.ip_type, HELD.c.open_count,
                  literal(now, DateTime())).select_from(joined).where(*where)  # fmt: skip
    columns = ["published_record_id", "office_code", "ip_type", "open_count", "checked_at"]
    connection.execute(insert(_STATES).from_select(columns, rows))


def _figures(session: Session, run_id: int, ip_type: str, before: int, now: datetime) -> int:
    """Add to the run's figures, as :meth:`store.findings.PagePlan.write` does for
    records checked the first time (every finding row opened, none resolved); how many."""
    joined, where = _joined(run_id, ip_type, before)
    clean = func.sum(case((HELD.c.open_count == 0, 1), else_=0))
    query = (
        select(HELD.c.office_code, func.count(), clean, func.sum(HELD.c.open_count))
        .select_from(joined)
        .where(*where)
        .group_by(HELD.c.office_code)
    )
    done = 0
    for office_code, checked, clean_count, opened in session.connection().execute(query).all():
        done += checked
        stats = run_stats(session, run_id, office_code, ip_type, now)
        stats.checked += checked
        stats.checked_clean += clean_count
        stats.records_delta += checked
        stats.clean_delta += clean_count
        stats.open_delta += opened
        stats.opened += opened
    return done
