"""``iphub reprocess`` on the command line: summary lines, dry run, options checked, the run
listed by ``iphub runs`` (the local pool of processes doing chunks:
tests/harvester/reprocess/test_resume.py)."""

from __future__ import annotations

import json

from iphub.harvest_cli import runs
from iphub.reprocess_cli import reprocess_command
from tests.harvester.reprocess.conftest import live_sources


def test_dry_run_prints_what_would_change(db, harvested, runner):
    result = runner.invoke(reprocess_command, ["--dry-run", "--quiet", "--workers", "1"])
    assert result.exit_code == 0, result.output
    live = len(live_sources(db))
    assert f"KH reprocess: dry run (nothing written) — {live} selected" in result.output
    listing = json.loads(runner.invoke(runs, ["--json"]).output)
    assert [r["kind"] for r in listing] == ["harvest"], "a dry run records no run"


def test_a_run_is_listed_by_iphub_runs(db, harvested, runner):
    result = runner.invoke(reprocess_command, ["--office", "kh", "--chunk-size", "7", "--quiet",
                                               "--workers", "1"])  # fmt: skip
    assert result.exit_code == 0, result.output
    assert "KH reprocess: succeeded (run 2)" in result.output
    listing = json.loads(runner.invoke(runs, ["--json"]).output)
    assert listing[0]["kind"] == "reprocess" and listing[0]["status"] == "succeeded"
    assert listing[0]["unchanged"] == len(live_sources(db))
    text = runner.invoke(runs, []).output
    assert "reprocess succeeded" in " ".join(text.split())


def test_bad_options_are_one_sentence(db, harvested, runner):
    assert "no office ZZ" in runner.invoke(reprocess_command, ["--office", "ZZ"]).output
    bad = runner.invoke(reprocess_command, ["--since", "yesterday"])
    assert bad.exit_code == 2 and "expected a date" in bad.output
