"""``iphub rules``: list the data-quality rules, or write their reference page."""

from __future__ import annotations

import click

from node.quality import rules_doc


@click.command("rules")
@click.option("--markdown", is_flag=True, help="Print docs/rules.md instead of the list.")
@click.option("--write", is_flag=True, help="Write docs/rules.md in the source tree.")
def rules_command(markdown: bool, write: bool) -> None:
    """List the data-quality rules: id, severity, IP types, ST.96 path, message."""
    if write:
        rules_doc.DOC_PATH.write_text(rules_doc.markdown(), encoding="utf-8")
        click.echo(f"wrote {rules_doc.DOC_PATH}")
        return
    if markdown:
        click.echo(rules_doc.markdown(), nl=False)
        return
    for line in rules_doc.listing():
        click.echo(line)
