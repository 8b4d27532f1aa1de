"""The JSON quality API: who sees what, filters, paging, CSV, summary and trend."""

from __future__ import annotations

import base64
import csv
import io

import pytest

from mappings.rules.guidance import guidance_for
from node.quality.sources import GENERATED

from .conftest import DEFECTS, PASSWORD

STATUS = next(d for d in DEFECTS if d.rule_id == "TM-STATUS-MISSING")
FUTURE = next(d for d in DEFECTS if d.rule_id == "DATE-IN-FUTURE")


@pytest.fixture
def data(harvest, people):
    """KH: three records (two with the status defect, one with a future date); TH: one."""
    run = harvest.run("KH")
    harvest.record("K1", STATUS.bad(), "st66", run)
    harvest.record("K2", STATUS.bad().replace(b"KH/2021/12345", b"KH/2021/2"), "st66", run)
    harvest.record("K3", FUTURE.bad().replace(b"KH/2021/12345", b"KH/2021/3"), "st66", run)
    harvest.record("T1", STATUS.bad(), "st66", harvest.run("TH"), office="TH")
    return people


def _basic(email: str) -> dict[str, str]:
    token = base64.b64encode(f"{email}:{PASSWORD}".encode()).decode()
    return {"Authorization": f"Basic {token}"}


def test_anonymous_is_401_with_json(client, data):
    response = client.get("/api/v1/quality/findings")
    assert response.status_code == 401
    assert response.json["status"] == 401
    assert "Basic" in response.headers["WWW-Authenticate"]


def test_office_sees_only_its_own(client, data, login):
    login(data.kh)
    body = client.get("/api/v1/quality/findings").json
    assert {i["office"] for i in body["items"]} == {"KH"}
    assert client.get("/api/v1/quality/findings?office=TH").status_code == 403
    assert client.get("/api/v1/quality/summary?office=TH").status_code == 403


def test_office_with_basic_credentials(client, data):
    response = client.get("/api/v1/quality/findings", headers=_basic(data.th))
    assert response.status_code == 200
    assert {i["office"] for i in response.json["items"]} == {"TH"}


def test_coordinator_sees_all_or_one(client, data, login):
    login(data.coordinator)
    everything = client.get("/api/v1/quality/findings?rule=TM-STATUS-MISSING").json
    assert {i["office"] for i in everything["items"]} == {"KH", "TH"}
    one = client.get("/api/v1/quality/findings?office=th&rule=TM-STATUS-MISSING").json
    assert one["total"] == 1


def test_filters_and_paging(client, data, login):
    login(data.kh)
    body = client.get("/api/v1/quality/findings?rule=TM-STATUS-MISSING&limit=1").json
    assert (body["total"], len(body["items"]), body["next_offset"]) == (2, 1, 1)
    second = client.get("/api/v1/quality/findings?rule=TM-STATUS-MISSING&limit=1&offset=1").json
    assert second["next_offset"] is None
    assert second["items"][0]["id"] != body["items"][0]["id"]
    errors = client.get("/api/v1/quality/findings?severity=error&ip_type=trademarks").json
    assert {i["severity"] for i in errors["items"]} == {"error"}
    assert client.get("/api/v1/quality/findings?state=bogus").status_code == 400
    assert client.get("/api/v1/quality/findings?limit=x").status_code == 400


def test_csv_export(client, data, login):
    login(data.kh)
    response = client.get("/api/v1/quality/findings.csv?state=all")
    assert response.status_code == 200
    assert response.mimetype == "text/csv"
    rows = list(csv.DictReader(io.StringIO(response.get_data(as_text=True))))
    assert {r["office"] for r in rows} == {"KH"}
    assert "TM-STATUS-MISSING" in {r["rule_id"] for r in rows}
    status = next(r for r in rows if r["rule_id"] == "TM-STATUS-MISSING")
    assert status["guidance_fix"] == guidance_for("TM-STATUS-MISSING").fix
    assert status["guidance_why"] and status["guidance_what"]


#: where the KH base record (tests/data/quality/KH-trademark.st66.xml) keeps its status
STATUS_FIELD = (
    "/Transaction/TradeMarkTransactionBody/TransactionContentDetails/TransactionData"
    "/TradeMarkApplication/TradeMarkDetails/TradeMark/MarkCurrentStatusCode"
)


def test_findings_name_the_source_field(client, data, login):
    login(data.kh)
    item = client.get("/api/v1/quality/findings?rule=TM-STATUS-MISSING").json["items"][0]
    assert item["path"] == "/tmk:Trademark/tmk:MarkCurrentStatusCode"
    assert (item["source_field"], item["source_field_note"]) == (STATUS_FIELD, None)

    response = client.get("/api/v1/quality/findings.csv?state=all")
    rows = list(csv.DictReader(io.StringIO(response.get_data(as_text=True))))
    status = next(r for r in rows if r["rule_id"] == "TM-STATUS-MISSING")
    assert (status["source_field"], status["source_field_note"]) == (STATUS_FIELD, "")
    generated = [r for r in rows if r["generated"] == "True"]
    assert generated, "the KH records carry a value the hub generated"
    assert {(r["source_field"], r["source_field_note"]) for r in generated} == {("", GENERATED)}


def test_findings_and_rules_carry_guidance(client, data, login):
    login(data.kh)
    item = client.get("/api/v1/quality/findings?rule=TM-STATUS-MISSING").json["items"][0]
    assert item["guidance"] == guidance_for("TM-STATUS-MISSING").as_dict()
    rules = {r["id"]: r for r in client.get("/api/v1/quality/rules").json["rules"]}
    assert rules["DATE-IN-FUTURE"]["guidance"]["why"] == guidance_for("DATE-IN-FUTURE").why


def test_summary_trend_offices_rules(client, data, login, harvest):
    harvest.record("K1", STATUS.good(), "st66", harvest.run("KH"))
    login(data.kh)
    summary = client.get("/api/v1/quality/summary").json
    status_row = next(r for r in summary["by_rule"] if r["rule"] == "TM-STATUS-MISSING")
    assert (status_row["open"], status_row["resolved"]) == (1, 1)
    assert summary["open_by_severity"]["error"] >= 2
    assert summary["worst_fields"][0]["open"] >= 1
    runs = client.get("/api/v1/quality/trend").json["runs"]
    assert len(runs) == 2 and runs[0]["records"] == runs[1]["records"] == 3
    assert runs[0]["open_findings"] - runs[1]["open_findings"] == 1  # the fixed status
    assert runs[1]["checked_in_run"] == 1
    offices = client.get("/api/v1/quality/offices").json["offices"]
    assert [o["office"] for o in offices] == ["KH"]
    rules = client.get("/api/v1/quality/rules").json["rules"]
    assert any(r["id"] == "PAT-NPE-DATE-MISSING" for r in rules)


def test_finding_detail_is_scoped(client, data, login):
    login(data.th)
    own = client.get("/api/v1/quality/findings").json["items"][0]["id"]
    assert client.get(f"/api/v1/quality/findings/{own}").status_code == 200
    login(data.kh)
    assert client.get(f"/api/v1/quality/findings/{own}").status_code == 404
