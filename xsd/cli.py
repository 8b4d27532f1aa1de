"""``iphub xsd``: where the ST.96 schemas are, and fetching them when they are not."""

from __future__ import annotations

from pathlib import Path

import click

from xsd import fetch, locate


@click.group("xsd")
def xsd_group() -> None:
    """Locate or download the official WIPO ST.96 schemas."""


@xsd_group.command("status")
def status() -> None:
    """Say where the ST.96 schemas are taken from, or how to get them."""
    found = locate.st96_dir()
    click.echo(f"ST.96 V6_0 schemas: {found}" if found else locate.HOW_TO_INSTALL)


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
@click.option("--timeout", default=60.0, show_default=True)
def fetch_command(url: str, dest: Path, timeout: float) -> None:
    """Download and unpack the ST.96 schema package (flattened: all .xsd in one folder)."""
    try:
        where = fetch.fetch(url, dest, timeout=timeout)
    except fetch.FetchError as error:
        raise click.ClickException(str(error)) from None
    click.echo(
        f"ST.96 schemas installed in {where}; set IPHUB_ST96_XSD_DIR={where} "
        "if it is not the default location."
    )
