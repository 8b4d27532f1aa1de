"""Push feeding: uploads over the API and the CLI, and the runs API."""

from __future__ import annotations

import base64
import io
import zipfile

import pytest
from sqlalchemy import select

from harvester.settings import HarvestSettings
from harvester.upload import UploadLimits, new_upload_key
from harvester.upload_runs import process_pending
from node.ports import UPLOADS
from simulator.trademark_xml import TrademarkGenerator
from store.models import PublishedRecord, SourceRecord
from tests.harvester.conftest import add_endpoint

GEN = TrademarkGenerator()


def record(index: int) -> bytes:
    return GEN.record("KH", 1, index)


def oai_page(indexes) -> bytes:
    records = "".join(
        f"<record><header><identifier>oai:kh:TM/{i}</identifier><datestamp>2024-01-01"
        f"</datestamp></header><metadata>{record(i).decode()}</metadata></record>"
        for i in indexes
    )
    return ('<OAI-PMH xmlns="http://www.openarchives.org/OAI/2.0/"><responseDate>2024-01-01'
            "T00:00:00Z</responseDate><request>x</request><ListRecords>"
            f"{records}</ListRecords></OAI-PMH>").encode()  # fmt: skip


@pytest.fixture
def uploading(app, db):
    add_endpoint(db, "http://kh/oai")
    key = new_upload_key(db, "KH")
    token = base64.b64encode(f"KH:{key}".encode()).decode()
    return app.test_client(), {"Authorization": f"Basic {token}"}


def post(client, headers, data: bytes, name: str):
    return client.post("/api/v1/offices/KH/uploads?metadata_prefix=st66", headers=headers,
                       data={"file": (io.BytesIO(data), name)})  # fmt: skip


def test_upload_needs_the_office_key(uploading):
    client, _ = uploading
    bad = {"Authorization": "Basic " + base64.b64encode(b"KH:wrong").decode()}
    assert post(client, {}, record(1), "a.xml").status_code == 401
    assert post(client, bad, record(1), "a.xml").status_code == 401


def test_upload_single_record_file(uploading, db):
    client, headers = uploading
    response = post(client, headers, record(1), "KH-0001.xml")
    assert response.status_code == 201, response.json
    assert response.json["kind"] == "upload" and response.json["new"] == 1
    with db.session() as session:
        published = session.scalars(select(PublishedRecord)).one()
    assert published.oai_identifier == "oai:iphub.local:KH/trademarks/KH-0001"


def test_without_the_harvester_plugged_in_the_node_stores_the_upload_for_it(uploading, app, db):
    """The node meets the harvester in the store only: a node alone answers 202 with a
    pending run, which the harvester (here: what ``iphub scheduler`` calls) then processes."""
    client, headers = uploading
    del app.extensions[UPLOADS]
    response = post(client, headers, record(1), "KH-0001.xml")
    assert response.status_code == 202, response.json
    assert response.json["status"] == "pending"
    with db.session() as session:
        assert session.scalars(select(PublishedRecord)).all() == []
    done = process_pending(db, HarvestSettings.from_config(app.config),
                           UploadLimits.from_config(app.config))  # fmt: skip
    assert [(s.run_id, s.status) for s in done] == [(response.json["id"], "succeeded")]
    assert client.get(response.headers["Location"], headers=headers).json["new"] == 1


def test_upload_zip_with_a_bad_member_keeps_the_rest(uploading, db):
    client, headers = uploading
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("page.xml", oai_page(range(5)))
        archive.writestr("KH-9.xml", record(9))
        archive.writestr("broken.xml", b"<Transaction><unclosed>")
    response = post(client, headers, buffer.getvalue(), "batch.zip")
    assert response.status_code == 201
    body = response.json
    assert (body["new"], body["failed"], body["status"]) == (6, 1, "partial")
    assert "broken.xml" in body["last_error"]
    with db.session() as session:
        broken = session.scalar(
            select(SourceRecord).where(SourceRecord.source_identifier == "upload:broken.xml")
        )
    assert broken.raw == b"<Transaction><unclosed>" and "well-formed" in broken.error
    again = post(client, headers, buffer.getvalue(), "batch.zip").json
    assert again["unchanged"] == 6 and again["new"] == 0


def test_upload_of_a_file_that_is_not_a_zip_or_xml(uploading, db):
    client, headers = uploading
    response = post(client, headers, b"PK\x03\x04 not really a zip", "bad.zip")
    assert response.status_code == 422
    assert "not a readable zip" in response.json["last_error"]
    with db.session() as session:
        kept = session.scalars(select(SourceRecord)).one()
    assert kept.raw.startswith(b"PK") and kept.error


def test_upload_command(db, runner, tmp_path):
    from iphub.harvest_cli import upload_command

    add_endpoint(db, "http://kh/oai")
    path = tmp_path / "records.xml"
    path.write_bytes(oai_page(range(3)))
    result = runner.invoke(upload_command, ["KH", str(path), "--metadata-prefix", "st66"])
    assert result.exit_code == 0, result.output
    assert "3 new" in result.output
    bad = runner.invoke(upload_command, ["KH", str(path), "--metadata-prefix", "marc"])
    assert bad.exit_code != 0 and "not supported" in bad.output


def test_runs_api(uploading):
    client, headers = uploading
    post(client, headers, record(1), "KH-1.xml")
    runs = client.get("/api/v1/runs?office=KH", headers=headers).json["runs"]
    assert len(runs) == 1 and runs[0]["office"] == "KH"
    assert client.get("/api/v1/runs", headers=headers).json["runs"] == runs  # own office
    one = client.get(f"/api/v1/runs/{runs[0]['id']}", headers=headers).json
    assert one["new"] == 1 and one["kind"] == "upload"
    assert client.get("/api/v1/runs/999", headers=headers).status_code == 404
    # runs are the office's business: no credentials, or another office, see nothing
    assert client.get("/api/v1/runs").status_code == 401
    assert client.get("/api/v1/runs?office=ZZ", headers=headers).status_code == 403
