"""The harvester's commands: ``office``, ``harvest``, ``runs``, ``scheduler``, ``upload``.

They join the harvester to monitoring (alerts and deliveries after the runs, the scheduler's
periodic jobs) and to the task engine (the scheduler enqueues with a broker), so they live in
the composition root. Registered on the ``iphub`` group by :mod:`iphub.cli`;
``python -m iphub.harvest_cli`` runs them on a group of their own (the tests' subprocesses
use it, so they do not depend on registration).
"""

from __future__ import annotations

import json
import logging
import sys
from pathlib import Path

import click
from flask import current_app
from flask.cli import FlaskGroup, with_appcontext
from sqlalchemy import select

from harvester import probe
from harvester.batch import FAILED, harvest_offices
from harvester.office_counts import count_due
from harvester.runner import harvest_endpoint
from harvester.scheduler import Scheduler, parse_schedule
from harvester.settings import HarvestSettings
from harvester.upload import UploadLimits, new_upload_key
from harvester.upload_runs import upload
from iphub.app import create_app
from node.monitoring.jobs import after_runs, scheduled
from node.storage import get_db
from store.base import iso_seconds
from store.document_models import DocumentSource
from store.models import Endpoint, Office
from store.runs import list_runs
from store.uploads import UploadError
from tasks.app import configure
from tasks.jobs import enqueue_harvest


def _settings() -> HarvestSettings:
    return HarvestSettings.from_config(current_app.config)


def _check_schedule(_ctx, _param, value: str | None) -> str | None:
    if value:
        try:
            parse_schedule(value)
        except ValueError as error:
            raise click.BadParameter(str(error)) from None
    return value


def _check_documents(_ctx, _param, value: str | None) -> str | None:
    """A ``str.format`` pattern with ``{filename}`` and at most ``{office}``, ``{ip_type}``."""
    if value is None:
        return None
    if "{filename}" not in value:
        raise click.BadParameter("the pattern needs {filename}, e.g. https://office/img/{filename}")
    try:
        value.format(filename="x.png", office="KH", ip_type="trademarks")
    except (KeyError, IndexError, ValueError) as error:
        raise click.BadParameter(f"not a valid pattern: {error!r}") from None
    return value


def _logging(level: int) -> None:
    logging.basicConfig(
        level=level, format="%(asctime)s %(levelname)s %(name)s: %(message)s", stream=sys.stderr
    )


def _check(_ctx, param, value):
    """The console form's rules for a code, URL or prefix (:mod:`harvester.probe`)."""
    checker = {"code": probe.check_code, "url": probe.check_url, "prefixes": probe.check_prefix}
    for item in value if isinstance(value, tuple) else (value,):
        problem = item is not None and checker[param.name](item)
        if problem:
            raise click.BadParameter(problem)
    return value


# -- office -----------------------------------------------------------------------------------


@click.group("office")
def office_group() -> None:
    """Add, list, schedule and remove the offices the hub harvests."""


@office_group.command("add")
@click.argument("code", callback=_check)
@click.option("--name", required=True, help="The office's name.")
@click.option(
    "--endpoint", "url", callback=_check, help="OAI-PMH base URL (omit for push-only offices)."
)
@click.option(
    "--metadata-prefix",
    "prefixes",
    multiple=True,
    default=("st66",),
    show_default=True,
    callback=_check,
    help="Repeat for several formats: one endpoint per prefix.",
)
@click.option(
    "--check/--no-check",
    default=True,
    show_default=True,
    help="Ask the endpoint Identify and ListMetadataFormats first; refuse what it cannot serve.",
)
@click.option("--set", "set_spec", default="", help="Harvest only this OAI-PMH set.")
@click.option(
    "--schedule",
    default="",
    callback=_check_schedule,
    help='Cron ("0 2 * * *", UTC) or interval ("every 6h").',
)
@click.option("--get-record", is_flag=True, help="Use ListIdentifiers + GetRecord.")
@click.option(
    "--documents",
    "documents",
    metavar="URL_PATTERN",
    callback=_check_documents,
    help="Where the office serves the files its records name, with {filename} (and optionally "
    "{office}, {ip_type}), e.g. https://office.example/documents/{filename}.",
)
@with_appcontext
def office_add(code, name, url, prefixes, check, set_spec, schedule, get_record, documents):
    """Add office CODE (or add endpoints to it)."""
    code = code.upper()
    problem = probe.probe(url, prefixes) if url and check else None
    if problem:
        raise click.ClickException(f"{problem} (nothing added; --no-check to add it anyway)")
    with get_db().session() as session:
        office = session.scalar(select(Office).where(Office.code == code))
        if office is None:
            office = Office(code=code, name=name)
            session.add(office)
        if documents:
            session.flush()
            source = session.get(DocumentSource, office.id)
            if source is None:
                session.add(DocumentSource(office_id=office.id, url_pattern=documents))
            else:
                source.url_pattern, source.enabled = documents, True
        for prefix in prefixes if url else ():
            office.endpoints.append(Endpoint(
                url=url, metadata_prefix=prefix, set_spec=set_spec, schedule=schedule,
                use_get_record=get_record,
            ))  # fmt: skip
    click.echo(f"office {code}: {len(prefixes) if url else 0} endpoint(s) added")
    if documents:
        click.echo(f"office {code}: documents from {documents}")


@office_group.command("list")
@with_appcontext
def office_list() -> None:
    """List offices and their endpoints with schedule and cursor."""
    with get_db().session() as session:
        for office in session.scalars(select(Office).order_by(Office.code)):
            click.echo(f"{office.code}  {office.name}")
            for e in office.endpoints:
                cursor = iso_seconds(e.last_datestamp) or "never"
                flags = "" if e.enabled else " (disabled)"
                click.echo(f"  [{e.id}] {e.url} prefix={e.metadata_prefix} set={e.set_spec or '-'}"
                           f" schedule={e.schedule or '-'} last={cursor}{flags}")  # fmt: skip


@office_group.command("schedule")
@click.argument("code")
@click.option("--schedule", required=True, callback=_check_schedule,
              help='Cron or "every 6h"; "" to harvest only on demand.')  # fmt: skip
@click.option("--metadata-prefix", help="Only this endpoint (default: all of the office).")
@with_appcontext
def office_schedule(code: str, schedule: str, metadata_prefix: str | None) -> None:
    """Change when office CODE is harvested; a running scheduler picks it up by itself."""
    with get_db().session() as session:
        office = _office_or_fail(session, code)
        chosen = [e for e in office.endpoints
                  if metadata_prefix in (None, e.metadata_prefix)]  # fmt: skip
        for endpoint in chosen:
            endpoint.schedule = schedule
    click.echo(f"office {code.upper()}: {len(chosen)} endpoint(s) scheduled {schedule or 'never'}")


@office_group.command("remove")
@click.argument("code")
@click.confirmation_option(prompt="Remove the office and every record harvested from it?")
@with_appcontext
def office_remove(code: str) -> None:
    """Remove office CODE with its endpoints, runs and records."""
    with get_db().session() as session:
        session.delete(_office_or_fail(session, code))
    click.echo(f"office {code.upper()} removed")


@office_group.command("upload-key")
@click.argument("code")
@with_appcontext
def office_upload_key(code: str) -> None:
    """Create a new upload key for CODE (shown once; the old key stops working)."""
    try:
        key = new_upload_key(get_db(), code)
    except UploadError as error:
        raise click.ClickException(str(error)) from None
    click.echo(key)


def _office_or_fail(session, code: str) -> Office:
    office = session.scalar(select(Office).where(Office.code == code.upper()))
    if office is None:
        raise click.ClickException(f"no office {code.upper()}")
    return office


# -- harvest ----------------------------------------------------------------------------------


@click.command("harvest")
@click.argument("codes", nargs=-1)
@click.option("--full", is_flag=True, help="Re-harvest everything, not just what changed.")
@click.option("--quiet", is_flag=True, help="Only the summary lines.")
@click.option("-v", "--verbose", is_flag=True, help="Also log retries, pages and locks.")
@with_appcontext
def harvest(codes: tuple[str, ...], full: bool, quiet: bool, verbose: bool) -> None:
    """Harvest the offices CODES (default: every enabled endpoint); one line per endpoint.

    Exits 1 when an endpoint failed or some of its records could not be processed.
    """
    _logging(logging.INFO if verbose else logging.CRITICAL)
    db = get_db()
    done = harvest_offices(db, _settings(), codes, full=full, quiet=quiet, verbose=verbose)
    after_runs(db, current_app.config)
    if not done:
        sys.exit(1)


# -- runs -------------------------------------------------------------------------------------


@click.command("runs")
@click.argument("code", required=False)
@click.option("--limit", default=20, show_default=True)
@click.option("--json", "as_json", is_flag=True, help="Machine-readable output.")
@with_appcontext
def runs(code: str | None, limit: int, as_json: bool) -> None:
    """List recent harvest, upload and reprocess runs, newest first."""
    rows = list_runs(get_db(), code, limit)
    if as_json:
        click.echo(json.dumps(rows, indent=2))
        return
    click.echo(f"{'id':>5} {'office':6} {'kind':9} {'status':11} {'started':20} {'secs':>6} "
               f"{'pages':>5} {'new':>6} {'upd':>6} {'del':>5} {'fail':>5}  error")  # fmt: skip
    for r in rows:
        secs = f"{r['seconds']:.0f}" if r["seconds"] is not None else "-"
        click.echo(f"{r['id']:>5} {r['office']:6} {r['kind']:9} {r['status']:11} "
                   f"{r['started_at'][:19]:20} {secs:>6} {r['pages']:>5} {r['new']:>6} "
                   f"{r['updated']:>6} {r['deleted']:>5} {r['failed']:>5}  "
                   f"{(r['last_error'] or '')[:80]}")  # fmt: skip


# -- scheduler and upload ---------------------------------------------------------------------


@click.command("scheduler")
@click.option("--reload-interval", default=30.0, show_default=True,
              help="Seconds between re-reading the schedules from the database.")  # fmt: skip
@with_appcontext
def scheduler(reload_interval: float) -> None:
    """Run scheduled harvests until stopped; safe to run on several replicas at once."""
    _logging(logging.INFO)
    click.echo(f"iphub scheduler: re-reading schedules every {reload_interval:g}s")
    db, config = get_db(), current_app.config
    harvest = harvest_endpoint
    if config.get("BROKER_URL"):  # the workers harvest; this process only enqueues
        configure(config)
        harvest = enqueue_harvest
    limits = UploadLimits.from_config(config)
    Scheduler(db, _settings(), reload_interval=reload_interval, harvest=harvest, limits=limits,
              periodic=scheduled(db, config, count_due)).start()  # fmt: skip


@click.command("upload")
@click.argument("code")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--metadata-prefix", required=True, help="Format of the records, e.g. st66.")
@with_appcontext
def upload_command(code: str, file: Path, metadata_prefix: str) -> None:
    """Ingest FILE (zip, OAI-PMH response or single record) for office CODE."""
    _logging(logging.CRITICAL)
    limits = UploadLimits.from_config(current_app.config)
    try:
        summary = upload(get_db(), code, file.name, file.read_bytes(), metadata_prefix,
                         _settings(), limits)  # fmt: skip
    except UploadError as error:
        raise click.ClickException(str(error)) from None
    click.echo(summary.line())
    after_runs(get_db(), current_app.config)
    if summary.status in FAILED or summary.counts.get("failed"):
        sys.exit(1)


COMMANDS = (office_group, harvest, runs, scheduler, upload_command)


def register(group: click.Group) -> None:
    """Add the harvester's commands to the ``iphub`` group."""
    for command in COMMANDS:
        group.add_command(command)


def _standalone() -> click.Group:
    group = FlaskGroup(create_app=lambda: create_app(), add_default_commands=False,
                       add_version_option=False, name="iphub-harvester")  # fmt: skip
    register(group)
    return group


if __name__ == "__main__":
    _standalone().main(prog_name="iphub")
