"""The test feed's JSON API end to end: a simulated office as the test endpoint and an uploaded
file are checked, the results are in the API with guidance, nothing reaches OAI-PMH, and each
office sees only its own test deliveries. Errors come in the node's one JSON shape."""

from __future__ import annotations

import base64
import io
import re
from pathlib import Path

import pytest

from harvester.upload import new_upload_key
from tests.quality_support import DEFECTS

DATA = Path(__file__).resolve().parents[2] / "data"
GOOD = (DATA / "quality" / "KH-trademark.st66.xml").read_bytes()
STATUS_MISSING = next(d for d in DEFECTS if d.rule_id == "TM-STATUS-MISSING").bad()


def list_records(client, auth) -> bytes:
    """Everything the node serves over OAI-PMH (one page: the demo world is small)."""
    response = client.get("/oai?verb=ListRecords&metadataPrefix=oai_dc",
                          headers=auth("coordinator"))  # fmt: skip
    assert response.status_code == 200 and b"<record>" in response.data
    return re.sub(rb"<responseDate>[^<]*</responseDate>", b"", response.data)


def test_a_simulated_endpoint_tested_over_the_api_publishes_nothing(client, auth, office_url):
    before = list_records(client, auth)
    response = client.post("/api/v1/offices/KH/test-feed", headers=auth("KH"),
                           json={"url": office_url, "metadata_prefix": "st66"})  # fmt: skip
    assert response.status_code == 201, response.json
    summary = response.json
    assert (summary["office"], summary["records"], summary["status"]) == ("KH", 24, "succeeded")
    assert summary["published"] is False and summary["rules"]
    rules = {r["rule_id"]: r for r in summary["rules"]}
    planted = rules["TM-MARK-CATEGORY-MISSING"]  # the simulator's "no_kind_mark" defect
    assert planted["records"] >= 1 and "kind of mark" in planted["guidance"]["fix"]
    assert list_records(client, auth) == before
    assert client.get("/api/v1/runs", headers=auth("KH")).json["runs"] == []

    records = client.get(f"/api/v1/test-feed/{summary['id']}/records?limit=5",
                         headers=auth("KH")).json  # fmt: skip
    assert records["total"] == 24 and len(records["records"]) == 5
    first = records["records"][0]
    shown = client.get(f"/api/v1/test-feed/{summary['id']}/records/{first['id']}",
                       headers=auth("KH")).json  # fmt: skip
    assert shown["identifier"] == first["identifier"]
    assert shown["st96"].startswith("<tmk:") and "<Transaction" in shown["original"]


def _upload(client, headers, data: bytes, name: str = "KH-1.xml", prefix: str = "st66"):
    return client.post(f"/api/v1/offices/KH/test-feed?metadata_prefix={prefix}",
                       headers=headers, data={"file": (io.BytesIO(data), name)})  # fmt: skip


def test_an_uploaded_file_with_the_upload_key(client, db, world):
    key = new_upload_key(db, "KH")
    headers = {"Authorization": "Basic " + base64.b64encode(f"KH:{key}".encode()).decode()}
    response = _upload(client, headers, STATUS_MISSING, "KH-no-status.xml")
    assert response.status_code == 201, response.json
    body = response.json
    assert (body["source"], body["label"], body["records"]) == ("upload", "KH-no-status.xml", 1)
    status = next(r for r in body["rules"] if r["rule_id"] == "TM-STATUS-MISSING")
    assert status["records"] == 1 and status["guidance"]["what"]


def test_each_office_sees_only_its_own_test_deliveries(client, auth):
    kh = _upload(client, auth("KH"), GOOD).json["id"]
    th = client.post("/api/v1/offices/TH/test-feed?metadata_prefix=st66", headers=auth("TH"),
                     data={"file": (io.BytesIO(GOOD), "TH-1.xml")}).json["id"]  # fmt: skip

    def ids(who, query=""):
        return {d["id"] for d in client.get(f"/api/v1/test-feed{query}", headers=auth(who))
                .json["deliveries"]}  # fmt: skip

    assert ids("KH") == {kh} and ids("TH") == {th} and ids("coordinator") == {kh, th}
    assert ids("coordinator", "?office=TH") == {th}
    for path in (f"/api/v1/test-feed/{kh}", f"/api/v1/test-feed/{kh}/records"):
        refused = client.get(path, headers=auth("TH"))
        assert refused.status_code == 404
        assert set(refused.json) == {"error", "status", "message"}
        assert client.get(path, headers=auth("coordinator")).status_code == 200
    assert client.get("/api/v1/test-feed?office=KH", headers=auth("TH")).status_code == 403
    assert _upload(client, auth("TH"), GOOD).status_code == 403


@pytest.mark.parametrize(
    ("kwargs", "status", "says"),
    [
        ({"data": b"<x/>" * 5000}, 413, "limited to 10,000 bytes"),
        ({"prefix": "marc21"}, 400, "not supported"),
        ({"prefix": ""}, 400, "metadata_prefix is required"),
        ({"data": b""}, 400, "empty"),
    ],
)
def test_bad_input_answers_in_the_one_json_error_shape(app, client, auth, kwargs, status, says):
    app.config["TEST_FEED_MAX_BYTES"] = 10_000
    response = _upload(
        client, auth("KH"), kwargs.get("data", GOOD), prefix=kwargs.get("prefix", "st66")
    )
    assert response.status_code == status
    assert response.json["status"] == status and says in response.json["message"]
    assert set(response.json) == {"error", "status", "message"}


def test_an_endpoint_the_hub_may_not_fetch_is_a_400(app, client, auth):
    app.config["NOTIFY_ALLOW_PRIVATE"] = False
    sent = {"url": "http://127.0.0.1:9/oai", "metadata_prefix": "st66"}
    response = client.post("/api/v1/offices/KH/test-feed", headers=auth("KH"), json=sent)
    assert response.status_code == 400 and "not a public address" in response.json["message"]


def test_without_credentials_a_401_in_the_json_shape(client, world):
    response = client.get("/api/v1/test-feed")
    assert response.status_code == 401 and response.json["status"] == 401
    assert "Basic" in response.headers["WWW-Authenticate"]
    assert client.get("/api/v1/test-feed/1").status_code == 401


def test_a_body_declared_over_the_limit_is_refused_before_it_is_read(app, client, auth):
    app.config["TEST_FEED_MAX_BYTES"] = 1000
    response = _upload(client, auth("KH"), b"<x/>" * 40_000)
    assert response.status_code == 413 and "limited to 1,000 bytes" in response.json["message"]
