"""docs/rules.md is generated from the registry; this keeps it current."""

from __future__ import annotations

from click.testing import CliRunner

from mappings.rules import REGISTRY
from node.quality import rules_doc
from node.quality.cli import rules_command


def test_rules_page_is_up_to_date():
    assert rules_doc.DOC_PATH.read_text(encoding="utf-8") == rules_doc.markdown(), (
        "docs/rules.md is stale: run `iphub rules --write`"
    )


def test_every_rule_is_documented():
    text = rules_doc.DOC_PATH.read_text(encoding="utf-8")
    for rule_id in REGISTRY:
        assert f"`{rule_id}`" in text


def test_cli_lists_rules():
    result = CliRunner().invoke(rules_command, [])
    assert result.exit_code == 0
    assert "PAT-NPE-DATE-MISSING" in result.output and "critical" not in result.output.split()[0]
