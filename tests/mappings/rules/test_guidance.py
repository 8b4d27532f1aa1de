"""Fix guidance: every rule has plain-language texts, and nothing is guidance for no rule."""

from __future__ import annotations

import pytest

from mappings.rules import REGISTRY
from mappings.rules import guidance as guidance_module
from mappings.rules.guidance import FIELDS, all_guidance, guidance_for
from node.quality.rules_doc import DOCUMENT_RULES, markdown

KNOWN = (*REGISTRY, *DOCUMENT_RULES)


@pytest.mark.parametrize("rule_id", KNOWN)
def test_every_rule_has_guidance(rule_id):
    guidance = guidance_for(rule_id)
    assert guidance is not None, f"add [{rule_id}] to mappings/rules/guidance.toml"
    for field in FIELDS:
        text = getattr(guidance, field)
        assert len(text) >= 30, f"{rule_id}.{field} is too short to help anyone"
        assert text[0].isupper() and text.endswith((".", ")")), f"{rule_id}.{field}: a sentence"


def test_no_guidance_for_unknown_rules():
    assert set(all_guidance()) - set(KNOWN) == set()


def test_rules_page_carries_the_guidance():
    page = markdown()
    for rule_id in KNOWN:
        assert f"### `{rule_id}`" in page
        assert guidance_for(rule_id).fix in page


def test_incomplete_entry_is_refused(monkeypatch, tmp_path):
    broken = tmp_path / "guidance.toml"
    broken.write_text('[X-RULE]\nwhat = "Something."\nwhy = ""\n', encoding="utf-8")
    monkeypatch.setattr(guidance_module, "GUIDANCE_FILE", broken)
    all_guidance.cache_clear()
    try:
        with pytest.raises(ValueError, match="X-RULE lacks why, fix"):
            all_guidance()
    finally:
        all_guidance.cache_clear()
