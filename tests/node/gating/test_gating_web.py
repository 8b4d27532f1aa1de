"""The gating pages, API and CLI: the office sees why its delivery is held and the records in
question, the coordinator (or the office, when allowed) releases or rejects it, thresholds
are set in the console and with ``iphub gate``."""

from __future__ import annotations

import json

import pytest
from sqlalchemy import select

from iphub.cli import cli
from simulator.demo.world import basic_header
from store.gating import settings
from store.gating.models import GateDelivery, GateSetting
from store.models import PublishedRecord
from tests.access_support import app, csrf_token, login, token, world
from tests.node.gating.support import HELD_ST96, held_delivery

__all__ = ["app", "login", "token", "world"]


@pytest.fixture
def delivery(db, world) -> int:
    return held_delivery(db)


def _state(db, delivery_id: int) -> str:
    with db.session() as session:
        return session.get(GateDelivery, delivery_id).state


def _served_held_version(db) -> int:
    with db.session() as session:
        rows = session.scalars(select(PublishedRecord.st96))
        return sum(st96 == HELD_ST96 for st96 in rows)


def test_portal_shows_why_and_the_records_in_question(client, delivery, login):
    login("KH")
    html = client.get("/portal/KH/gating").get_data(as_text=True)

    assert f'data-delivery="{delivery}"' in html
    assert 'data-threshold="critical_share"' in html and "100.0 %" in html
    assert "TM-MARK-CATEGORY-MISSING" in html and "fails ST.96 validation" in html
    assert "How to fix" in html
    assert ">Release</button>" not in html  # the coordinator decides for KH
    assert client.get("/portal/TH/gating").status_code == 403


def test_coordinator_releases_in_the_console(client, db, delivery, login, token):
    login("coordinator")
    assert f'data-delivery="{delivery}"' in client.get("/console/gating").get_data(as_text=True)

    response = client.post(f"/gating/deliveries/{delivery}/release",
                           data={"csrf_token": token("/console/gating")})  # fmt: skip

    assert response.status_code == 302 and _state(db, delivery) == "released"
    assert _served_held_version(db) == 2


def test_reject_asks_for_confirmation_first(client, db, delivery, login, token):
    login("coordinator")
    url = f"/gating/deliveries/{delivery}/reject"

    page = client.post(url, data={"csrf_token": token("/console/gating")})
    assert page.status_code == 200 and b"held versions are discarded" in page.data
    assert _state(db, delivery) == "held"
    done = client.post(url, data={"csrf_token": token("/console/gating"), "confirmed": "yes"})

    assert done.status_code == 302 and _state(db, delivery) == "rejected"
    assert _served_held_version(db) == 0


@pytest.mark.parametrize(("allowed", "status", "state"),
                         [(False, 403, "held"), (True, 302, "released")])  # fmt: skip
def test_office_decides_only_when_allowed(client, db, world, login, allowed, status, state):
    delivery = held_delivery(db, office_may_release=allowed)
    login("KH")
    page = client.get("/portal/KH/gating").data
    response = client.post(f"/gating/deliveries/{delivery}/release",
                           data={"csrf_token": csrf_token(page)})  # fmt: skip
    assert response.status_code == status and _state(db, delivery) == state


def test_console_saves_thresholds_in_per_cent(client, db, world, login, token):
    login("coordinator")
    response = client.post("/console/gating", data={
        "csrf_token": token("/console/gating"), "office": "th", "ip_type": "patents",
        "critical_share": "20", "count_drop": "15", "auto_release_hours": "48",
        "office_may_release": "y"})  # fmt: skip

    assert response.status_code == 302
    with db.session() as session:
        limits = settings.limits(session, "TH", "patents")
    assert (limits.critical_share, limits.count_drop, limits.invalid_share) == (0.2, 0.15, None)
    assert limits.auto_release_hours == 48 and limits.office_may_release
    login("KH")
    assert client.get("/console/gating").status_code == 403


def test_console_refuses_thresholds_of_an_unknown_office(client, db, world, login, token):
    login("coordinator")
    response = client.post("/console/gating", data={
        "csrf_token": token("/console/gating"), "office": "zz", "ip_type": "patents",
        "critical_share": "20"})  # fmt: skip

    assert response.status_code == 400
    assert "unknown office ZZ" in response.get_data(as_text=True)
    with db.session() as session:
        assert settings.listing(session, "ZZ") == []


def test_api_lists_and_decides(client, db, delivery, world):
    office = basic_header(world.users["KH"], world.password)
    other = basic_header(world.users["TH"], world.password)
    coordinator = basic_header(world.users["coordinator"], world.password)

    listed = client.get("/api/v1/gating/deliveries?state=held", headers=office).json
    assert [d["id"] for d in listed["deliveries"]] == [delivery]
    one = client.get(f"/api/v1/gating/deliveries/{delivery}", headers=office).json
    assert one["breaches"][0]["threshold"] == "critical_share" and not one["may_decide"]
    record = one["records"][0]
    assert record["validation_status"] == "invalid"
    assert record["critical_findings"][0]["guidance"]["fix"]
    assert client.get(f"/api/v1/gating/deliveries/{delivery}", headers=other).status_code == 404
    url = f"/api/v1/gating/deliveries/{delivery}/release"
    assert client.post(url, headers=office).status_code == 403
    assert client.post(url, headers=coordinator).json["state"] == "released"
    assert client.post(url, headers=coordinator).status_code == 409
    assert client.get("/api/v1/gating/deliveries").status_code == 401


def test_cli_sets_shows_and_decides(runner, db, delivery):
    result = runner.invoke(cli, ["gate", "set", "KH", "trademarks", "--invalid", "0.1",
                                 "--off", "critical", "--auto-release-hours", "24"])  # fmt: skip
    assert result.exit_code == 0, result.output
    with db.session() as session:
        row = session.scalar(select(GateSetting).where(GateSetting.office_code == "KH"))
        assert (row.critical_share, row.invalid_share, row.auto_release_hours) == (None, 0.1, 24)
    shown = json.loads(runner.invoke(cli, ["gate", "show", "KH", "--json"]).output)
    assert [d["id"] for d in shown["held"]] == [delivery]
    bad = runner.invoke(cli, ["gate", "set", "KH", "trademarks", "--invalid", "5"])
    assert bad.exit_code != 0 and "between 0 and 1" in bad.output
    typo = runner.invoke(cli, ["gate", "set", "KHH", "trademarks", "--invalid", "0.1"])
    assert typo.exit_code != 0 and "unknown office KHH" in typo.output

    assert "rejected" in runner.invoke(cli, ["gate", "reject", str(delivery)]).output
    again = runner.invoke(cli, ["gate", "release", str(delivery)])
    assert again.exit_code != 0 and "not in quarantine" in again.output


def test_scheduler_job_releases_what_is_due(app, db, delivery):
    from datetime import timedelta

    from node.monitoring import jobs
    from store.base import utcnow

    with db.session() as session:
        session.get(GateDelivery, delivery).release_after = utcnow() - timedelta(minutes=1)
    job = {name: (run, every) for name, run, every in jobs.scheduled(db, app.config)}
    run, every = job["gate-release"]

    assert every == app.config["GATE_INTERVAL"] == 300
    assert run() == [delivery] and _state(db, delivery) == "released"
