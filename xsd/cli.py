"""``iphub xsd``: where the schemas are, and fetching the ones that are not.

``iphub xsd fetch`` is the one command that makes a fresh machine complete: it leaves alone a
set already located (``IPHUB_ST96_XSD_DIR`` / ``IPHUB_OAI_XSD_DIR``, ``instance/``,
``../shared/``) and downloads the others from their official addresses. ``make test`` and
``make demo`` run it with ``--optional``: offline, that is one line and the work goes on.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import click

from xsd import fetch, locate

WITHOUT = (
    "schema-dependent tests are skipped and validation is reported as skipped; "
    f"run `{locate.FETCH_COMMAND}` when online, or set {locate.ENV_VAR} / {locate.OAI_ENV_VAR}"
)


@click.group("xsd")
def xsd_group() -> None:
    """Locate or download the official ST.96 and OAI-PMH schemas."""


@xsd_group.command("status")
def status() -> None:
    """Say where the schemas are taken from, or how to get them."""
    found = locate.st96_dir()
    click.echo(f"ST.96 V6_0 schemas: {found}" if found else locate.HOW_TO_INSTALL)
    oai = locate.oai_dir()
    click.echo(
        f"OAI-PMH schemas: {oai}"
        if oai
        else f"OAI-PMH schemas not found: run `{locate.FETCH_COMMAND}` or set {locate.OAI_ENV_VAR}"
    )


@xsd_group.command("fetch")
@click.option(
    "--url",
    default=fetch.DEFAULT_URL,
    show_default=True,
    envvar="IPHUB_ST96_XSD_URL",
    help="Zip of WIPO's ST.96 V6_0 schema package.",
)
@click.option(
    "--dest", type=click.Path(path_type=Path), default=fetch.DEFAULT_DEST, show_default=True
)
@click.option(
    "--oai-base",
    envvar="IPHUB_OAI_XSD_URL",
    help="A mirror serving the five OAI-PMH / Dublin Core schemas by file name "
    "(default: each from its publisher).",
)
@click.option(
    "--oai-dest", type=click.Path(path_type=Path), default=fetch.OAI_DEST, show_default=True
)
@click.option("--force", is_flag=True, help="Download even the sets already present.")
@click.option(
    "--optional",
    is_flag=True,
    help="A failed download is one warning line and exit status 0 (what `make test` runs).",
)
@click.option("--timeout", default=60.0, show_default=True)
def fetch_command(url, dest, oai_base, oai_dest, force, optional, timeout) -> None:
    """Install the ST.96 and OAI-PMH schemas that are not already present."""
    sets: list[tuple[str, Callable[[], Path | None], Callable[[], Path]]] = [
        ("ST.96 V6_0", locate.st96_dir, lambda: fetch.fetch(url, dest, timeout=timeout)),
        (
            "OAI-PMH",
            locate.oai_dir,
            lambda: fetch.fetch_oai(oai_dest, base=oai_base, timeout=timeout),
        ),
    ]
    problems = [problem for name, find, get in sets if (problem := _ensure(name, find, get, force))]
    if not problems:
        return
    line = f"schemas missing ({'; '.join(problems)}): {WITHOUT}"
    if not optional:
        raise click.ClickException(line)
    click.echo(f"iphub xsd fetch: warning: {line}", err=True)


def _ensure(name: str, find, get, force: bool) -> str | None:
    """Locate or download one set, echoing where it is; the problem in a few words, or None."""
    found = None if force else find()
    if found is not None:
        click.echo(f"{name} schemas: {found}")
        return None
    try:
        where = get()
    except fetch.FetchError as error:
        return f"{name}: {error}"
    click.echo(f"{name} schemas installed in {where}")
    return None
