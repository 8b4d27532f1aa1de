"""``iphub seed``: fill the store with realistic published records (benchmarks, demos)."""

from __future__ import annotations

import time

import click
from flask import current_app
from flask.cli import with_appcontext

from node.storage import get_db
from simulator.demo import seed as seeding


@click.command("seed", context_settings={"show_default": True})
@click.option("--records", type=click.IntRange(min=1), required=True, help="How many records.")
@click.option(
    "--offices",
    default="KH,TH,VN,PH,MY,ID,SG,LA,BN",
    help="Comma-separated office codes the records are spread over.",
)
@click.option(
    "--batch",
    type=click.IntRange(min=1),
    default=5000,
    help="Rows per insert batch (one transaction each).",
)
@with_appcontext
def seed_command(records: int, offices: str, batch: int) -> None:
    """Insert N schema-valid ST.96 published records (about 2 % deleted) into the store."""
    codes = [code.strip().upper() for code in offices.split(",") if code.strip()]
    if not codes:
        raise click.BadParameter("give at least one office code", param_hint="--offices")
    started = time.monotonic()
    with click.progressbar(length=records, label="seeding") as bar:
        written = seeding.seed(
            get_db(),
            records,
            codes,
            current_app.config["REPOSITORY_IDENTIFIER"],
            batch=batch,
            progress=bar.update,
        )
    elapsed = time.monotonic() - started
    click.echo(f"{written} records in {elapsed:.1f} s ({written / max(elapsed, 1e-9):.0f}/s)")
