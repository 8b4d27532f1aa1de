"""The monitoring pages and APIs over HTTP: ``/metrics`` scraped and parsed with the Prometheus
client's parser, who may scrape it, the third parties' status page limited to their grants,
the portal and console pages, and the feedback subscription page (secret shown once)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from prometheus_client.parser import text_string_to_metric_families
from sqlalchemy import select

from node.monitoring import alerts, years
from simulator.demo.world import basic_header
from store.base import utcnow
from store.models import Endpoint, HarvestRun, Office
from store.notify_models import Delivery, Subscription
from tests.access_support import add_grant, app, csrf_token, login, token, world

__all__ = ["app", "login", "token", "world"]

TOKEN = "metrics-token-for-tests"


@pytest.fixture
def monitored(app, db, world):
    """The demo world plus a KH trademarks endpoint with a good and a failed run, and a
    quiet alert on KH trademarks."""
    app.config.update(METRICS_TOKEN=TOKEN, NOTIFY_ALLOW_PRIVATE=True)
    with db.session() as session:
        kh = session.scalar(select(Office).where(Office.code == "KH"))
        endpoint = Endpoint(office_id=kh.id, url="http://127.0.0.1:9/oai", metadata_prefix="st66")
        session.add(endpoint)
        session.flush()
        now = utcnow()
        session.add_all([
            HarvestRun(office_id=kh.id, endpoint_id=endpoint.id, status="succeeded",
                       started_at=now, ended_at=now, errors=[]),
            HarvestRun(office_id=kh.id, endpoint_id=endpoint.id, status="failed",
                       started_at=now, ended_at=now, errors=[]),
        ])  # fmt: skip
        session.flush()
        years.refresh(session)
        alerts.evaluate(session, alerts.Thresholds(quiet_days=1), now=now + timedelta(days=3000))
    return world


def _families(text: str) -> dict:
    return {f.name: f for f in text_string_to_metric_families(text)}


def test_metrics_scraped_and_parsed(client, monitored):
    client.get("/status/", headers={"Authorization": f"Bearer {TOKEN}"})  # a timed request
    response = client.get("/metrics", headers={"Authorization": f"Bearer {TOKEN}"})

    assert response.status_code == 200
    families = _families(response.get_data(as_text=True))
    for name in ("iphub_harvest_runs", "iphub_records_held", "iphub_findings_open",
                 "iphub_freshness_seconds", "iphub_alerts_open", "iphub_request_duration_seconds",
                 "iphub_last_successful_harvest_timestamp_seconds"):  # fmt: skip
        assert name in families, name
    runs = {
        (s.labels["office"], s.labels["ip_type"], s.labels["outcome"]): s.value
        for s in families["iphub_harvest_runs"].samples
        if s.name == "iphub_harvest_runs_total"
    }
    assert runs[("KH", "trademarks", "succeeded")] == 1
    assert runs[("KH", "trademarks", "failed")] == 1
    held = {(s.labels["office"], s.labels["ip_type"]): s.value
            for s in families["iphub_records_held"].samples}  # fmt: skip
    assert held[("TH", "designs")] == 2
    quiet = [s for s in families["iphub_alerts_open"].samples if s.labels["kind"] == "quiet"]
    assert {s.value for s in quiet} == {1.0}
    assert all(s.name.startswith("iphub_") for f in families.values() for s in f.samples)
    latency = families["iphub_request_duration_seconds"].samples
    assert any(s.labels.get("endpoint") == "monitoring.status" for s in latency)


@pytest.mark.parametrize(
    ("headers", "config", "status"),
    [
        ({}, {}, 401),
        ({"Authorization": "Bearer wrong"}, {}, 401),
        ({}, {"METRICS_ALLOWED": "127.0.0.0/8"}, 200),
        ({}, {"METRICS_ALLOWED": "10.0.0.0/8"}, 401),
    ],
)
def test_metrics_access(app, client, monitored, headers, config, status):
    app.config.update(config)
    assert client.get("/metrics", headers=headers).status_code == status


def test_metrics_for_coordinators_not_office_staff(client, monitored, login):
    login("KH")
    assert client.get("/metrics").status_code == 401
    login("coordinator")
    assert client.get("/metrics").status_code == 200


def _grant(db, office, party, ip_type):
    with db.session() as session:
        result = add_grant(session, office, party, ip_type)
        return result.grant.client_id, result.secret


def test_status_page_shows_only_granted_sets(client, db, monitored):
    client_id, secret = _grant(db, "KH", "JPO", "trademarks")
    headers = basic_header(client_id, secret)

    body = client.get("/status/?format=json", headers=headers).json
    assert [s["set"] for s in body["sets"]] == ["KH:trademarks"]
    one = body["sets"][0]
    assert one["records_held"] == 2 and one["fresh_as_of"] and "alerts" not in one
    assert client.get("/status/TH:trademarks", headers=headers).status_code == 404
    html = client.get("/status/KH:trademarks", headers=headers).get_data(as_text=True)
    assert 'data-set="KH:trademarks"' in html
    assert client.get("/status/").status_code == 401


def test_documents_grant_does_not_see_findings_or_alerts(client, db, monitored):
    with db.session() as session:
        result = add_grant(session, "KH", "WIPO", "trademarks", level="documents")
    headers = basic_header(result.grant.client_id, result.secret)
    sets = client.get("/status/?format=json", headers=headers).json["sets"]
    assert [s["set"] for s in sets] == ["KH:trademarks"]
    assert "alerts" not in sets[0] and "open_findings" not in sets[0]


def test_status_for_the_office_itself_has_the_details(client, db, monitored):
    headers = basic_header(monitored.users["KH"], monitored.password)
    sets = client.get("/status/", headers={**headers, "Accept": "application/json"}).json["sets"]
    assert {s["office"] for s in sets} == {"KH"}
    trademarks = next(s for s in sets if s["ip_type"] == "trademarks")
    assert [a["kind"] for a in trademarks["alerts"]] == ["quiet"]


def test_portal_monitoring_page(client, monitored, login):
    login("KH")
    html = client.get("/portal/KH/monitoring").get_data(as_text=True)
    assert 'data-set="KH:trademarks"' in html and "TH:" not in html
    assert "quiet" in html
    assert client.get("/portal/TH/monitoring").status_code == 403


def test_console_thresholds(client, db, monitored, login, token):
    login("coordinator")
    html = client.get("/console/monitoring").get_data(as_text=True)
    assert 'data-set="TH:patents"' in html
    response = client.post("/console/monitoring", data={
        "csrf_token": token("/console/monitoring"), "office": "th", "ip_type": "patents",
        "quiet_days": "14", "count_gap": "", "failed_runs": "5"})  # fmt: skip
    assert response.status_code == 302
    with db.session() as session:
        limits = alerts.thresholds_for(session, alerts.Thresholds())("TH", "patents")
    assert (limits.quiet_days, limits.count_gap, limits.failed_runs) == (14, 0.05, 5)
    login("KH")
    assert client.get("/console/monitoring").status_code == 403


def test_coordinator_manages_an_offices_receivers(client, db, monitored, login, token):
    login("coordinator")
    html = client.get("/console/monitoring").get_data(as_text=True)
    assert 'href="/portal/TH/notifications"' in html
    page = "/portal/TH/notifications"
    client.post(page, data={"csrf_token": token(page), "kind": "email",
                            "target": "data@th.example"})  # fmt: skip
    assert "data@th.example" in client.get("/console/monitoring").get_data(as_text=True)


def test_webhook_registered_in_the_portal_shows_its_secret_once(client, db, monitored, login):
    login("KH")
    page = "/portal/KH/notifications"
    html = client.post(page, data={"csrf_token": csrf_token(client.get(page).data),
                                   "kind": "webhook", "target": "http://127.0.0.1:9/hook"}
                       ).get_data(as_text=True)  # fmt: skip
    with db.session() as session:
        row = session.scalar(select(Subscription))
        secret = row.secret
    assert secret in html and 'id="new-secret"' in html
    again = client.get(page).get_data(as_text=True)
    assert secret not in again and secret[:10] in again

    metadata = "http://169.254.169.254/"
    refused = client.post(page, data={"csrf_token": csrf_token(client.get(page).data),
                                      "kind": "webhook", "target": metadata})  # fmt: skip
    assert refused.status_code == 400 and b"link-local" in refused.data

    test_url = f"{page}/{row.id}/test"
    client.post(test_url, data={"csrf_token": csrf_token(client.get(page).data)})
    with db.session() as session:
        delivery = session.scalar(select(Delivery))
        assert (delivery.event, delivery.attempts) == ("test", 1)  # sent at once: refused port
    assert "ConnectionError" in client.get(page).get_data(as_text=True)


def test_other_office_cannot_touch_a_subscription(client, db, monitored, login):
    with db.session() as session:
        session.add(Subscription(office_code="TH", kind="email", target="x@th.example",
                                 secret="", active=True, created_by="t"))  # fmt: skip
    login("KH")
    page = "/portal/KH/notifications"
    with db.session() as session:
        foreign = session.scalar(select(Subscription.id))
    response = client.post(f"{page}/{foreign}/stop",
                           data={"csrf_token": csrf_token(client.get(page).data)})  # fmt: skip
    assert response.status_code == 404
    assert client.get("/portal/TH/notifications").status_code == 403
