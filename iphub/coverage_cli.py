"""``iphub coverage``: which source element paths an office sends, and where each one goes.

For every element path seen in an office's stored source records the report says whether it is
mapped (to which ST.96 path), deliberately not mapped (with the reason) or unmapped, with the
number of occurrences, so an element an office starts sending is noticed instead of silently
dropped. Without an office code (or with ``--all``) it prints one line per office with its
count of unmapped paths.

The records are streamed from the database in batches (``yield_per``): memory stays flat
whatever the number of records, it grows only with the number of distinct paths.
"""

from __future__ import annotations

import json
from collections.abc import Iterator

import click
from flask.cli import with_appcontext
from sqlalchemy import select
from sqlalchemy.orm import Session

from mappings.coverage import MAPPED, NOT_MAPPED, UNMAPPED, CoverageReport, coverage_report
from node.storage import get_db
from store.models import Office, SourceRecord

__all__ = ["coverage", "office_coverage"]

#: Rows fetched per round trip while streaming source records.
BATCH = 500


def _raws(session: Session, office_id: int, prefix: str | None) -> Iterator[tuple[str, bytes]]:
    """``(metadata_prefix, raw)`` of the office's current records, grouped by prefix, streamed
    (server-side cursor on PostgreSQL)."""
    query = (
        select(SourceRecord.metadata_prefix, SourceRecord.raw)
        .where(
            SourceRecord.office_id == office_id,
            SourceRecord.deleted.is_(False),
            SourceRecord.raw.is_not(None),
        )
        .order_by(SourceRecord.metadata_prefix, SourceRecord.id)
        .execution_options(yield_per=BATCH)
    )
    if prefix:
        query = query.where(SourceRecord.metadata_prefix == prefix)
    for metadata_prefix, raw in session.execute(query):
        yield metadata_prefix, raw if isinstance(raw, bytes) else bytes(raw)


def office_coverage(session: Session, office: Office, prefix: str | None = None) -> CoverageReport:
    """The coverage report of one office's stored source records (of one prefix, if given)."""
    return coverage_report(office.code, _raws(session, office.id, prefix))


@click.command("coverage")
@click.argument("office_code", required=False)
@click.option(
    "--all", "all_offices", is_flag=True, help="One line per office: its unmapped path count."
)
@click.option("--prefix", help="Only records of this metadata prefix (st66, st36, st86...).")
@click.option("--unmapped-only", is_flag=True, help="List only the unmapped paths.")
@click.option("--json", "as_json", is_flag=True, help="Print the report as JSON.")
@with_appcontext
def coverage(
    office_code: str | None,
    all_offices: bool,
    prefix: str | None,
    unmapped_only: bool,
    as_json: bool,
) -> None:
    """Coverage of OFFICE_CODE's source records by the mappings.

    Every element path seen: mapped (-> ST.96 path), not mapped (-- reason) or unmapped (??),
    with its count. Without OFFICE_CODE, or with --all: one line per office with its number of
    unmapped paths. The report is information, not a check: the exit status is 0.
    """
    if office_code and all_offices:
        raise click.UsageError("give an office code or --all, not both")
    with get_db().session() as session:
        if not office_code:
            _all_offices(session, prefix, as_json)
            return
        office = session.execute(
            select(Office).where(Office.code == office_code.strip().upper())
        ).scalar_one_or_none()
        if office is None:
            known = ", ".join(session.execute(select(Office.code).order_by(Office.code)).scalars())
            raise click.ClickException(
                f"no office {office_code!r}; known offices: {known or '(none)'}"
            )
        report = office_coverage(session, office, prefix)
    statuses = (UNMAPPED,) if unmapped_only else (UNMAPPED, NOT_MAPPED, MAPPED)
    if as_json:
        click.echo(json.dumps(report.as_dict(statuses), ensure_ascii=False, indent=2))
    else:
        click.echo(report.render_text(statuses), nl=False)


def _all_offices(session: Session, prefix: str | None, as_json: bool) -> None:
    offices = session.execute(select(Office).order_by(Office.code)).scalars().all()
    rows = []
    for office in offices:
        report = office_coverage(session, office, prefix)
        counts = report.counts()
        rows.append(
            {
                "office": office.code,
                "records": report.records,
                "paths": len(report.entries),
                "unmapped": counts[UNMAPPED],
                "failures": len(report.failures),
            }
        )
        if not as_json:
            click.echo(
                f"{office.code:<4} {report.records:>8} record(s) {len(report.entries):>6} "
                f"path(s) {counts[UNMAPPED]:>5} unmapped"
                + (f"  ({len(report.failures)} failure line(s))" if report.failures else "")
            )
    if as_json:
        click.echo(json.dumps(rows, indent=2))
    elif not offices:
        click.echo("no offices")
