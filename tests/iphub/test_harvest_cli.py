"""The harvester's commands: office management, harvest, runs."""

from __future__ import annotations

import json

from sqlalchemy import select

from iphub.harvest_cli import harvest, office_group, runs
from store.models import Endpoint, Office


def test_office_add_list_schedule_remove(db, runner):
    result = runner.invoke(office_group, [
        "add", "kh", "--name", "Cambodia", "--endpoint", "http://kh/oai",
        "--metadata-prefix", "st66", "--metadata-prefix", "st96", "--schedule", "every 6h",
        "--no-check",  # no office at http://kh/oai (probing is tested in test_cli_mistakes)
    ])  # fmt: skip
    assert result.exit_code == 0, result.output
    with db.session() as session:
        office = session.scalar(select(Office).where(Office.code == "KH"))
        assert [e.metadata_prefix for e in office.endpoints] == ["st66", "st96"]
    listing = runner.invoke(office_group, ["list"]).output
    assert "KH  Cambodia" in listing and "prefix=st96" in listing and "every 6h" in listing
    result = runner.invoke(office_group, ["schedule", "KH", "--schedule", "0 2 * * *"])
    assert result.exit_code == 0
    with db.session() as session:
        assert set(session.scalars(select(Endpoint.schedule))) == {"0 2 * * *"}
    bad = runner.invoke(office_group, ["schedule", "KH", "--schedule", "whenever"])
    assert bad.exit_code == 2 and "cron expression" in bad.output
    result = runner.invoke(office_group, ["remove", "KH", "--yes"])
    assert result.exit_code == 0
    with db.session() as session:
        assert session.scalar(select(Endpoint)) is None


def test_harvest_command_prints_one_summary_per_endpoint(db, endpoint, runner):
    result = runner.invoke(harvest, ["KH", "--quiet"])
    assert result.exit_code == 0, result.output
    assert (
        "KH st66: succeeded (run 1) — 30 new, 0 updated, 0 unchanged, 0 deleted, 0 failed; 3 pages"
        in result.output
    )
    assert runner.invoke(harvest, ["ZZ"]).exit_code != 0


def test_runs_lists_runs_as_text_and_json(db, endpoint, runner):
    runner.invoke(harvest, ["--quiet"])
    text = runner.invoke(runs, ["KH"]).output
    assert "succeeded" in text and "harvest" in text
    rows = json.loads(runner.invoke(runs, ["--json"]).output)
    assert rows[0]["office"] == "KH" and rows[0]["new"] == 30 and rows[0]["pages"] == 3
