"""``iphub test-feed``: test a file or an endpoint from a terminal (office IT staff trying an
export), purge expired test deliveries, and set the limits (coordinators).

``iphub test-feed run KH export.zip --prefix st66`` prints the summary (records, valid, findings
by rule with how to fix each) and exits 1 when nothing could be checked, so it fits a script.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click
from flask import current_app
from flask.cli import with_appcontext

from harvester.testfeed.run import try_endpoint, try_upload
from node.storage import get_db
from store.testfeed import Refused
from store.testfeed import limits as feed_limits
from store.testfeed.models import TestDelivery
from store.testfeed.purge import purge_expired
from store.testfeed.report import summary_json, summary_lines


@click.group("test-feed")
def feed_group() -> None:
    """Test deliveries: checked like real ones, never published."""


def _read(path: Path, max_bytes: int) -> bytes:
    """The file's bytes, refused by its size before reading a byte too many."""
    size = path.stat().st_size
    if size > max_bytes:
        raise Refused(f"{path} has {size:,} bytes; test files are limited to {max_bytes:,} bytes")
    return path.read_bytes()


@feed_group.command("run")
@click.argument("code")
@click.argument("source")
@click.option("--prefix", "prefix", required=True, help="Metadata prefix: st66, st36, st86, ...")
@click.option("--set", "set_spec", default="", help="Only this set of the endpoint.")
@click.option("--json", "as_json", is_flag=True, help="Print the summary as JSON.")
@with_appcontext
def run(code: str, source: str, prefix: str, set_spec: str, as_json: bool) -> None:
    """Check SOURCE (an OAI-PMH base URL or a file) as office CODE's test delivery."""
    db, config = get_db(), current_app.config
    try:
        if source.startswith(("http://", "https://")):
            delivery_id = try_endpoint(db, config, code, source, prefix, by="iphub test-feed",
                                       set_spec=set_spec)  # fmt: skip
        else:
            path = Path(source)
            if not path.is_file():
                raise Refused(f"{source} is neither an http(s) URL nor a file")
            with db.session() as session:
                max_bytes = feed_limits.current(session, config).max_bytes
            delivery_id = try_upload(db, config, code, path.name, _read(path, max_bytes), prefix,
                                     by="iphub test-feed")  # fmt: skip
    except Refused as refused:
        raise click.ClickException(str(refused)) from None
    with db.session() as session:
        delivery = session.get(TestDelivery, delivery_id)
        summary = summary_json(session, delivery, feed_limits.current(session, config))
    click.echo(json.dumps(summary, indent=2) if as_json else "\n".join(summary_lines(summary)))
    if summary["status"] == "failed":
        sys.exit(1)


@feed_group.command("purge")
@with_appcontext
def purge() -> None:
    """Delete the test deliveries older than the retention (the scheduler does it hourly)."""
    click.echo(f"{purge_expired(get_db(), current_app.config)} expired test deliveries purged")


@feed_group.command("settings")
@click.option("--max-records", type=click.IntRange(min=1), help="Records per test delivery.")
@click.option("--retention-days", type=click.FloatRange(min=0, min_open=True), help="Days kept.")
@with_appcontext
def settings(max_records: int | None, retention_days: float | None) -> None:
    """Show, or set, the test feed's limits (unset options stay as they are)."""
    db, config = get_db(), current_app.config
    with db.session() as session:
        if max_records is not None or retention_days is not None:
            feed_limits.save(session, max_records=max_records, retention_days=retention_days,
                             by="iphub test-feed settings")  # fmt: skip
            session.flush()
        limits = feed_limits.current(session, config)
    click.echo(f"at most {limits.max_records:,} records per test delivery, kept "
               f"{limits.retention_days:g} days")  # fmt: skip


GROUPS = (feed_group,)
