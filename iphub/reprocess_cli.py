"""``iphub reprocess``: the command line of :mod:`harvester.reprocess`."""

from __future__ import annotations

import sys
import time
from datetime import UTC, datetime

import click
from flask import current_app
from flask.cli import with_appcontext

from harvester.pool import worker_count
from harvester.reprocess.driver import Options, reprocess
from harvester.reprocess.selection import Selection
from node.storage import get_db
from tasks.app import configure
from tasks.jobs import enqueue_chunks

IP_TYPES = ("trademarks", "patents", "designs")


def _since(_ctx, _param, value: str | None) -> datetime | None:
    """``2026-11-30`` or ``2026-11-30T12:00:00[Z|+hh:mm]`` as naive UTC."""
    if not value:
        return None
    try:
        parsed = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        raise click.BadParameter("expected a date (2026-11-30) or a UTC time "
                                 "(2026-11-30T12:00:00Z)") from None  # fmt: skip
    if parsed.tzinfo is not None:
        parsed = parsed.astimezone(UTC).replace(tzinfo=None)
    return parsed


def _reporter(quiet: bool, every: float = 2.0):
    """Progress lines on stderr, at most one every ``every`` seconds."""
    last = [0.0]

    def report(line: str) -> None:
        now = time.monotonic()
        if not quiet and now - last[0] >= every:
            last[0] = now
            click.echo(line, err=True)

    return report


def _enqueue(config, in_process: bool, dry_run: bool):
    """The Celery path's enqueue function when a broker is configured, else None."""
    if in_process or dry_run or not config.get("BROKER_URL"):
        return None
    configure(config)
    return enqueue_chunks


@click.command("reprocess")
@click.option("--office", help="Only this office's records (default: every office).")
@click.option("--ip-type", type=click.Choice(IP_TYPES), help="Only records of this IP type.")
@click.option("--rule", help="Only records that have or had a finding of this rule id.")
@click.option("--since", callback=_since, help="Only originals stored since this date (UTC).")
@click.option(
    "--outdated",
    is_flag=True,
    help="Only records produced by an older mapping, vocabulary or rules version.",
)
@click.option("--dry-run", is_flag=True, help="Count what would change; write nothing.")
@click.option(
    "--chunk-size",
    type=click.IntRange(1),
    help="Records per chunk [default: REPROCESS_CHUNK_SIZE].",
)
@click.option(
    "--workers",
    type=click.IntRange(0),
    help="Local processes doing chunks, 0 = one "
    "per CPU [default: HARVEST_WORKERS]; ignored with a broker.",
)
@click.option("--in-process", is_flag=True, help="Do the chunks here even when BROKER_URL is set.")
@click.option("--quiet", is_flag=True, help="Only the summary lines.")
@with_appcontext
def reprocess_command(office, ip_type, rule, since, outdated, dry_run, chunk_size, workers,
                      in_process, quiet) -> None:  # fmt: skip
    """Re-run map, validate, rules and rendering over the stored originals; republish only
    what changed. A killed run goes on where it stopped when run again with the same options."""
    config = current_app.config
    selection = Selection(office.upper() if office else None, ip_type, rule, since, outdated)
    options = Options(
        repository_identifier=config.get("REPOSITORY_IDENTIFIER", "iphub.local"),
        chunk_size=chunk_size or int(config.get("REPROCESS_CHUNK_SIZE", 500)),
        workers=worker_count(int(config.get("HARVEST_WORKERS", 0)) if workers is None else workers),
        dry_run=dry_run,
        database=(config["DATABASE_URL"], config.get("DATABASE_SCHEMA")),
    )
    enqueue = _enqueue(config, in_process, dry_run)
    if not quiet:
        where = "through the broker" if enqueue else f"with {options.workers} process(es)"
        click.echo(f"reprocessing {selection.describe()} {where}", err=True)
    try:
        summaries = reprocess(get_db(), selection, options, enqueue=enqueue,
                              report=_reporter(quiet))  # fmt: skip
    except LookupError as error:
        raise click.ClickException(str(error)) from None
    for summary in summaries:
        click.echo(summary.line())
    if any(s.status == "failed" for s in summaries):
        sys.exit(1)
