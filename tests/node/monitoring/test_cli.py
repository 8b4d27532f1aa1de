"""``iphub monitor`` and ``iphub notify`` through the real command group."""

from __future__ import annotations

import json

from sqlalchemy import select

from harvester.runner import harvest_endpoint
from iphub.cli import cli
from store.monitoring_models import FeedThreshold
from store.notify_models import Subscription


def _run(runner, *args: str, ok: bool = True) -> str:
    result = runner.invoke(cli, list(args))
    assert (result.exit_code == 0) is ok, result.output
    return result.output


def test_notify_commands(app, runner, db, endpoint):
    app.config["NOTIFY_ALLOW_PRIVATE"] = True
    added = _run(runner, "notify", "add", "kh", "http://127.0.0.1:9/hook")
    with db.session() as session:
        secret = session.scalar(select(Subscription.secret))
    assert f"secret (shown once): {secret}" in added
    assert "e-mail digests to data@kh.example" in _run(
        runner, "notify", "add", "KH", "data@kh.example", "--email"
    )
    refused = _run(runner, "notify", "add", "KH", "http://169.254.169.254/", ok=False)
    assert "link-local" in refused
    assert secret not in _run(runner, "notify", "list", "KH")
    assert (
        "stopped" in (_run(runner, "notify", "stop", "KH", "1"), _run(runner, "notify", "list"))[1]
    )
    assert "sent" in _run(runner, "notify", "send")
    _run(runner, "notify", "log", "KH")


def test_monitor_commands(app, runner, db, endpoint, fast):
    harvest_endpoint(db, endpoint, fast)
    _run(runner, "monitor", "threshold", "kh", "--ip-type", "trademarks", "--quiet-days", "2")
    with db.session() as session:
        row = session.scalar(select(FeedThreshold))
    assert (row.office_code, row.ip_type, row.quiet_days, row.count_gap) == (
        "KH",
        "trademarks",
        2.0,
        None,
    )
    status = json.loads(_run(runner, "monitor", "status", "KH", "--json"))
    assert status[0]["set"] == "KH:trademarks" and status[0]["records_held"] == 24
    assert status[0]["records_at_office"] == 24
    check = _run(runner, "monitor", "check", "--no-probe")
    assert "application years recounted for 1 set(s)" in check
    assert "KH:trademarks" in _run(runner, "monitor", "status")
