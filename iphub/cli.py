"""The ``iphub`` command: Flask's CLI group with every part's commands (the composition root's
one entry point; ``setup.cfg`` names :func:`main`).

Commands that need the app get it from Flask's ScriptInfo (``with_appcontext``); commands that
must not need it (``simulate-office``) are plain click commands.
"""

from __future__ import annotations

import sys

import click
from flask import current_app
from flask.cli import FlaskGroup, with_appcontext
from sqlalchemy.engine import make_url
from sqlalchemy.exc import SQLAlchemyError
from werkzeug.serving import run_simple

from iphub.app import create_app
from iphub.coverage_cli import coverage
from iphub.harvest_cli import COMMANDS as HARVEST_COMMANDS
from iphub.reprocess_cli import reprocess_command
from iphub.testfeed_cli import GROUPS as TESTFEED_GROUPS
from node.access.cli import GROUPS as ACCESS_GROUPS
from node.gating.cli import gate_group
from node.monitoring.cli import GROUPS as MONITORING_GROUPS
from node.quality.cli import rules_command
from node.storage import get_db
from simulator.cli import register as register_simulator
from store import migrate, outage
from store.config import ConfigError
from tasks.cli import worker_command
from xsd.cli import xsd_group

#: The app the command runs on, for the store's URL in ``main``'s error sentence.
_apps: list = []


def _create_app():
    app = create_app()
    _apps.append(app)
    return app


@click.group(
    cls=FlaskGroup, create_app=_create_app, add_version_option=False, add_default_commands=False
)
def cli() -> None:
    """iphub: harvest IP office data, map it to WIPO ST.96 and republish it over OAI-PMH."""


@cli.group("db")
def db_group() -> None:
    """Create and migrate the store."""


@db_group.command("upgrade")
@click.option("--revision", default="head", show_default=True)
@with_appcontext
def db_upgrade(revision: str) -> None:
    """Create or migrate the database to the latest schema."""
    db = get_db()
    migrate.upgrade(db, revision)
    click.echo(f"database at revision {migrate.current_revision(db)} ({_safe_url(db.url)})")


@db_group.command("downgrade")
@click.argument("revision")
@with_appcontext
def db_downgrade(revision: str) -> None:
    """Migrate the database back to REVISION (``base`` drops everything)."""
    migrate.downgrade(get_db(), revision)
    click.echo(f"database at revision {migrate.current_revision(get_db())}")


@db_group.command("current")
@with_appcontext
def db_current() -> None:
    """Show the database's revision and the code's head revision."""
    click.echo(f"database: {migrate.current_revision(get_db())}  code: {migrate.head_revision()}")


@cli.command("serve")
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=5000, show_default=True, type=int)
@click.option("--threads/--no-threads", default=True, help="Serve requests concurrently.")
@with_appcontext
def serve(host: str, port: int, threads: bool) -> None:
    """Serve the node (development server; use `gunicorn wsgi:app` in production)."""
    app = current_app._get_current_object()
    click.echo(f"iphub node on http://{host}:{port}/  (OAI-PMH: http://{host}:{port}/oai)")
    run_simple(host, port, app, threaded=threads, use_reloader=False)


def _safe_url(url: str) -> str:
    return make_url(url).render_as_string(hide_password=True)


for _command in (xsd_group, coverage, rules_command, reprocess_command, worker_command,
                 gate_group, *ACCESS_GROUPS, *MONITORING_GROUPS, *TESTFEED_GROUPS,
                 *HARVEST_COMMANDS):  # fmt: skip
    cli.add_command(_command)
register_simulator(cli)  # simulate-office, demo, seed: the simulator beside the product


def main() -> None:
    """Console-script entry: an operator's mistake (configuration, a store unreachable or not
    upgraded) becomes one readable line and a non-zero exit status, not a traceback."""
    try:
        cli.main(prog_name="iphub")
    except ConfigError as error:
        click.echo(f"iphub: configuration error: {error}", err=True)
        sys.exit(2)
    except SQLAlchemyError as error:
        url = _apps[-1].config["DATABASE_URL"] if _apps else "(not configured)"
        sentence = outage.describe(error, url)
        if sentence is None:
            raise
        click.echo(f"iphub: {sentence}", err=True)
        sys.exit(3)


if __name__ == "__main__":
    main()
