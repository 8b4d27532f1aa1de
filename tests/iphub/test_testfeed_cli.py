"""``iphub test-feed``: a file or an endpoint checked from a terminal with the summary printed,
the exit status a script can test, the purge and the limits."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select, update

from iphub.testfeed_cli import feed_group
from store.base import utcnow
from store.testfeed.models import TestDelivery
from tests.access_support import app as access_app
from tests.access_support import world
from tests.conftest import DATA

# the simulated test endpoint: KH's trademarks, 24 records over pages of 10, planted defects
from tests.node.monitoring.conftest import office, office_url
from tests.quality_support import DEFECTS
from tests.testfeed_support import app  # the access-controlled app set for the test feed

__all__ = ["access_app", "app", "office", "office_url", "world"]  # fixtures of this module

STATUS_MISSING = next(d for d in DEFECTS if d.rule_id == "TM-STATUS-MISSING").bad()


def invoke(runner, *args: str):
    return runner.invoke(feed_group, list(args), catch_exceptions=False)


def test_a_file_prints_the_summary_with_the_fix(runner, world, tmp_path):
    path = tmp_path / "KH-no-status.xml"
    path.write_bytes(STATUS_MISSING)
    result = invoke(runner, "run", "KH", str(path), "--prefix", "st66")
    assert result.exit_code == 0, result.output
    assert "records 1" in result.output and "nothing published" in result.output
    assert "TM-STATUS-MISSING: 1 record(s)" in result.output and "fix: " in result.output


def test_an_endpoint_as_json(runner, world, office_url):
    result = invoke(runner, "run", "KH", office_url, "--prefix", "st66", "--json")
    assert result.exit_code == 0, result.output
    assert '"records": 24' in result.output and '"published": false' in result.output


def test_nothing_checkable_exits_1_and_bad_input_is_a_sentence(runner, world, tmp_path):
    broken = DATA / "testfeed" / "truncated.xml"
    assert invoke(runner, "run", "KH", str(broken), "--prefix", "st66").exit_code == 1
    missing = invoke(runner, "run", "KH", str(tmp_path / "nope.xml"), "--prefix", "st66")
    assert missing.exit_code == 1 and "neither an http(s) URL nor a file" in missing.output
    big = tmp_path / "big.xml"
    big.write_bytes(b"<x/>" * 100)
    runner.app.config["TEST_FEED_MAX_BYTES"] = 100
    refused = invoke(runner, "run", "KH", str(big), "--prefix", "st66")
    assert refused.exit_code == 1 and "limited to 100 bytes" in refused.output


def test_settings_and_purge(runner, world, db, tmp_path):
    assert (
        "at most 1,000 records per test delivery, kept 7 days" in invoke(runner, "settings").output
    )
    shown = invoke(runner, "settings", "--max-records", "10", "--retention-days", "1")
    assert "at most 10 records per test delivery, kept 1 days" in shown.output
    assert invoke(runner, "settings", "--max-records", "0").exit_code == 2
    path = tmp_path / "KH-1.xml"
    path.write_bytes(STATUS_MISSING)
    invoke(runner, "run", "KH", str(path), "--prefix", "st66")
    assert "0 expired" in invoke(runner, "purge").output
    with db.session() as session:
        session.execute(update(TestDelivery).values(created_at=utcnow() - timedelta(days=2)))
    assert "1 expired" in invoke(runner, "purge").output
    with db.session() as session:
        assert session.scalars(select(TestDelivery)).all() == []
