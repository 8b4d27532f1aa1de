"""Freshness and completeness end to end against the simulator: an office goes quiet and an
alert fires (time controlled), a count gap is found and closes, a failing endpoint alerts, and
every alert and run reaches the office's webhook, signed."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest
from sqlalchemy import select

from harvester import office_counts as counts
from harvester.office_counts import count_due
from harvester.runner import harvest_endpoint
from node.monitoring import alerts, jobs
from node.monitoring.figures import collect
from node.notify import subscriptions
from node.notify.sender import SendSettings, send_due
from store.base import utcnow
from store.models import Endpoint
from store.monitoring_models import MonitorAlert, OfficeCount
from store.notify_models import Delivery
from tests.harvester.conftest import add_endpoint

DEFAULTS = alerts.Thresholds(quiet_days=7, count_gap=0.05, failed_runs=3)


def _figures(db, office="KH", ip_type="trademarks"):
    with db.session() as session:
        return next(s for s in collect(session, office) if s.ip_type == ip_type)


def _evaluate(db, now=None):
    with db.session() as session:
        return alerts.evaluate(session, DEFAULTS, now=now)


def _open(db) -> set[tuple[str, str]]:
    with db.session() as session:
        rows = session.scalars(select(MonitorAlert).where(MonitorAlert.state == "open"))
        return {(a.ip_type, a.kind) for a in rows}


def test_first_harvest_counts_held_and_at_office(db, endpoint, fast, office):
    summary = harvest_endpoint(db, endpoint, fast)

    figures = _figures(db)
    assert summary.status == "succeeded"
    assert figures.held == summary.counts["new"] == 24
    assert figures.at_office == 24  # the completeListSize the full run saw
    assert figures.completeness == pytest.approx(1.0)
    assert figures.last_harvest is not None and figures.last_change is not None
    with db.session() as session:
        assert session.scalar(select(OfficeCount.source)) == "harvest"


def test_quiet_office_alerts_and_recovers(db, endpoint, fast, office):
    harvest_endpoint(db, endpoint, fast)
    last = _figures(db).last_change

    assert _evaluate(db, now=last + timedelta(days=6)) == []
    opened = _evaluate(db, now=last + timedelta(days=8))
    assert [(c.kind, c.event) for c in opened] == [("quiet", "alert.opened")]
    assert _evaluate(db, now=last + timedelta(days=9)) == []  # still open, not re-opened
    assert _open(db) == {("trademarks", "quiet")}

    office.update(0, ip_type="trademarks")
    harvest_endpoint(db, endpoint, fast)  # the office speaks again
    resolved = _evaluate(db)
    assert [(c.kind, c.event) for c in resolved] == [("quiet", "alert.resolved")]
    assert _open(db) == set()


def test_per_office_threshold_overrides_the_default(db, endpoint, fast):
    harvest_endpoint(db, endpoint, fast)
    last = _figures(db).last_change
    with db.session() as session:
        alerts.set_threshold(session, "KH", "trademarks", quiet_days=30)

    assert _evaluate(db, now=last + timedelta(days=8)) == []
    assert [c.kind for c in _evaluate(db, now=last + timedelta(days=31))] == ["quiet"]


def test_count_gap_is_found_and_closes(db, endpoint, fast, office, app):
    harvest_endpoint(db, endpoint, fast)
    office.add(6, ip_type="trademarks")  # the office loads records the hub has not seen

    report = jobs.check(db, {**app.config, "MONITOR_COUNT_INTERVAL": 0}, probe=count_due)

    assert report.counted == [f"KH st66 {office_url_of(db, endpoint)}: 30 records at the office"]
    assert [(c.kind, c.event) for c in report.changes] == [("count-gap", "alert.opened")]
    with db.session() as session:
        gap = session.scalar(select(MonitorAlert).where(MonitorAlert.kind == "count-gap"))
        assert gap.details == {"at_office": 30, "held": 24, "divergence": 0.2}
    harvest_endpoint(db, endpoint, fast)
    assert [(c.kind, c.event) for c in _evaluate(db)] == [("count-gap", "alert.resolved")]


def office_url_of(db, endpoint_id: int) -> str:
    with db.session() as session:
        return session.get(Endpoint, endpoint_id).url


def test_probe_walks_identifiers_without_complete_list_size(db, fast, office_url, office):
    office.page_size = 100  # one page: no resumption token, no completeListSize
    endpoint_id = add_endpoint(db, office_url, "KH", "st66")
    office.delete(3, ip_type="trademarks")
    with db.session() as session:
        assert counts.count_at_office(session.get(Endpoint, endpoint_id), fast) == 23


def test_failing_endpoint_alerts_after_consecutive_failures(db, fast):
    dead = add_endpoint(db, "http://127.0.0.1:9/oai", "TH", "st66")
    for _ in range(2):
        assert harvest_endpoint(db, dead, fast).status == "failed"
    assert "failing" not in {k for _, k in _open(db)}
    harvest_endpoint(db, dead, fast)

    changes = _evaluate(db)

    assert [(c.office, c.kind) for c in changes] == [("TH", "failing")]
    assert _figures(db, "TH").failing_streak == 3


def test_every_run_and_alert_reaches_the_webhook_signed(db, app, endpoint, fast, receiver):
    hook, url = receiver
    with db.session() as session:
        _, hook.secret = subscriptions.add_webhook(
            session, "KH", url, allow_private=True, by="test"
        )
    summary = harvest_endpoint(db, endpoint, fast)
    last = _figures(db).last_change
    _evaluate(db, now=last + timedelta(days=8))

    report = send_due(db, SendSettings(allow_private=True), now=utcnow() + timedelta(seconds=1))

    assert report.sent == 2 and len(hook.posts) == 2
    assert all(p["verified"] for p in hook.posts)
    run_post, alert_post = sorted(hook.posts, key=lambda p: p["json"]["delivery"])
    assert run_post["json"]["event"] == "run.finished"
    assert run_post["headers"]["X-Iphub-Event"] == "run.finished"
    assert run_post["json"]["run"]["id"] == summary.run_id
    assert run_post["json"]["run"]["records"]["new"] == 24
    assert "state=open" in run_post["json"]["links"]["findings"]
    assert alert_post["json"]["alert"]["kind"] == "quiet"
    with db.session() as session:
        assert {d.state for d in session.scalars(select(Delivery))} == {"sent"}


def test_upload_run_queues_its_summary_too(db, fast):
    from harvester.upload_runs import upload
    from simulator.trademark_xml import TrademarkGenerator

    add_endpoint(db, "http://kh.invalid/oai", "KH", "st66")
    with db.session() as session:
        subscriptions.add_email(session, "KH", "data@kh.example", by="test")
    record = TrademarkGenerator().record("KH", 1, 1)

    summary = upload(db, "KH", "KH-0001.xml", record, "st66", fast)

    with db.session() as session:
        delivery = session.scalars(select(Delivery)).one()
    data = json.loads(delivery.data)
    assert delivery.event == "run.finished" and data["run"]["kind"] == "upload"
    assert data["run"]["id"] == summary.run_id and data["run"]["records"]["new"] == 1
    assert data["findings"]["by_ip_type"][0]["ip_type"] == "trademarks"
