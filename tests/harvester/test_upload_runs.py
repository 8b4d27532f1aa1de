"""Upload runs: limits, 202 and background processing, resume after a kill, failure reasons.

Every storage test runs on SQLite and (with IPHUB_TEST_DATABASE_URL) PostgreSQL.
"""

from __future__ import annotations

import hashlib
import io
import socket
import subprocess
import sys
import zipfile
from datetime import timedelta

import pytest
from sqlalchemy import func, insert, select

from harvester import upload_runs
from harvester.scheduler import Scheduler
from harvester.settings import HarvestSettings
from harvester.upload import UploadLimits
from harvester.upload_runs import accept, process_pending
from node.ports import UPLOADS
from store.base import utcnow
from store.harvest_state import HarvestLease, UploadPayload
from store.models import HarvestRun, PublishedRecord, SourceRecord
from tests.harvester.test_upload import oai_page, post, record, uploading

__all__ = ["uploading"]

SETTINGS = HarvestSettings(lease_ttl=30, workers=1)
LIMITS = UploadLimits()


def zip_of(members: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def count(db, model, *where) -> int:
    with db.session() as session:
        return session.scalar(select(func.count()).select_from(model).where(*where))


def run_row(db, run_id: int) -> HarvestRun:
    with db.session() as session:
        return session.get(HarvestRun, run_id)


# -- limits -------------------------------------------------------------------------------------


def test_a_long_member_name_is_reported_and_the_rest_stored(uploading, db):
    client, headers = uploading
    long_name = "K" * 400 + ".xml"
    data = zip_of({"page.xml": oai_page(range(3)), long_name: record(7), "KH-9.xml": record(9)})
    response = post(client, headers, data, "batch.zip")
    assert response.status_code == 201, response.json
    body = response.json
    assert (body["new"], body["failed"], body["status"]) == (4, 1, "partial")
    assert "400" in body["last_error"] or "404" in body["last_error"]
    with db.session() as session:
        failed = session.scalars(select(SourceRecord).where(SourceRecord.error.is_not(None))).one()
    assert failed.source_identifier.startswith("upload:KKK") and len(failed.source_identifier) < 300
    assert failed.raw == record(7)  # what was sent is kept
    assert count(db, PublishedRecord) == 4


def test_members_over_the_uncompressed_limits_are_refused(uploading, app, db):
    client, headers = uploading
    app.config.update(UPLOAD_MAX_MEMBER_BYTES=50_000, UPLOAD_MAX_TOTAL_BYTES=60_000,
                      UPLOAD_KEEP_REJECTED_BYTES=100)  # fmt: skip
    data = zip_of(
        {"bomb.xml": b"<a>" + b" " * 1_000_000 + b"</a>", "KH-1.xml": record(1),
         "filler.xml": b"<b>" + b" " * 45_000 + b"</b>", "KH-2.xml": record(2)}
    )  # fmt: skip
    body = post(client, headers, data, "bomb.zip").json
    errors = [e["message"] for e in body["errors"]]
    assert any("bomb.xml" in e and "50,000 bytes per member" in e for e in errors)
    assert any("KH-2.xml" in e and "in total" in e for e in errors)
    assert body["new"] == 1  # KH-1 fits; filler is stored as a failed (non-record) file
    with db.session() as session:
        bomb = session.scalar(
            select(SourceRecord).where(SourceRecord.source_identifier == "upload:bomb.xml")
        )
    assert len(bomb.raw) == 100


def test_a_rejected_input_is_kept_up_to_the_cap_with_its_digest(uploading, app, db):
    client, headers = uploading
    app.config["UPLOAD_KEEP_REJECTED_BYTES"] = 1000
    junk = bytes(range(256)) * 400
    response = post(client, headers, junk, "junk.xml")
    assert response.status_code == 422
    with db.session() as session:
        kept = session.scalars(select(SourceRecord)).one()
    assert kept.raw == junk[:1000]
    assert hashlib.sha256(junk).hexdigest() in kept.error and "102,400 bytes" in kept.error


def test_a_request_over_max_content_length_is_413_and_stores_nothing(uploading, app, db):
    client, headers = uploading
    app.config["MAX_CONTENT_LENGTH"] = 10_000
    response = post(client, headers, oai_page(range(40)), "big.xml")
    assert response.status_code == 413 and response.json["error"] == "too-large"
    assert count(db, HarvestRun) == 0


# -- accepted quickly, processed outside the request ----------------------------------------------


def test_a_large_upload_is_accepted_with_202_and_processed_in_the_background(uploading, app, db):
    client, headers = uploading
    app.config["UPLOAD_INLINE_BYTES"] = 0
    response = post(client, headers, oai_page(range(250)), "large.xml")
    assert response.status_code == 202, response.json
    assert response.json["status"] in ("pending", "running")
    location = response.headers["Location"]
    assert location.endswith(f"/api/v1/runs/{response.json['id']}")
    app.extensions[UPLOADS].kick().result(timeout=120)
    done = client.get(location, headers=headers).json
    assert (done["status"], done["new"], done["pages"]) == ("succeeded", 250, 3)
    assert count(db, UploadPayload) == 0  # the stored file goes once every record is stored


def test_the_scheduler_processes_pending_uploads(app, db, uploading):
    run_id = accept(db, "KH", "records.xml", oai_page(range(5)), "st66")
    assert run_row(db, run_id).status == "pending"
    Scheduler(db, SETTINGS).uploads()
    assert (run_row(db, run_id).status, run_row(db, run_id).new) == ("succeeded", 5)


def test_an_upload_waits_while_its_office_is_busy(app, db, uploading):
    run_id = accept(db, "KH", "records.xml", oai_page(range(5)), "st66")
    from store import locks

    with locks.acquire(db, "upload:KH", ttl=30):
        assert process_pending(db, SETTINGS, LIMITS) == []
        assert run_row(db, run_id).status == "pending"
    assert [s.run_id for s in process_pending(db, SETTINGS, LIMITS)] == [run_id]


# -- never "running" for ever -----------------------------------------------------------------


class Killed(BaseException):
    """What kill -9 looks like from inside: nothing after it runs (no except Exception)."""


def dead_holder() -> str:
    child = subprocess.Popen([sys.executable, "-c", "pass"])
    child.wait()
    return f"{socket.gethostname()}:{child.pid}:gone"


@pytest.fixture
def killed_run(app, db, uploading, monkeypatch) -> int:
    """An upload of 350 records whose process died after storing its second page."""
    run_id = accept(db, "KH", "records.xml", oai_page(range(350)), "st66")
    real_store, stored = upload_runs._store, []

    def dies_on_third_page(*args, **kwargs):
        if len(stored) == 2:
            raise Killed()
        stored.append(1)
        return real_store(*args, **kwargs)

    monkeypatch.setattr(upload_runs, "_store", dies_on_third_page)
    with pytest.raises(Killed):
        process_pending(db, SETTINGS, LIMITS)
    monkeypatch.setattr(upload_runs, "_store", real_store)
    assert (run_row(db, run_id).status, run_row(db, run_id).pages) == ("running", 2)
    return run_id


def assert_resumed_once(db, run_id: int) -> None:
    run = run_row(db, run_id)
    assert (run.status, run.pages, run.new, run.failed) == ("succeeded", 4, 350, 0)
    assert "resumed after page 2" in run.last_error
    assert count(db, SourceRecord) == 350 and count(db, PublishedRecord) == 350


def test_a_killed_upload_is_resumed_after_its_last_page(db, killed_run):
    with db.engine.begin() as connection:  # the killed process's lease, still "valid"
        connection.execute(
            insert(HarvestLease).values(
                key="upload:KH",
                holder=dead_holder(),
                acquired_at=utcnow(),
                expires_at=utcnow() + timedelta(seconds=600),
            )
        )
    [summary] = process_pending(db, SETTINGS, LIMITS)
    assert_resumed_once(db, killed_run)
    assert summary.counts["new"] == 350


def test_polling_a_killed_upload_resumes_it(app, db, uploading, killed_run):
    client, headers = uploading
    polled = client.get(f"/api/v1/runs/{killed_run}", headers=headers).json
    assert polled["status"] == "running"
    app.extensions[UPLOADS].kick().result(timeout=120)
    assert_resumed_once(db, killed_run)


def test_a_failing_upload_ends_failed_with_its_reason(app, db, uploading, monkeypatch):
    def broken(*_args, **_kwargs):
        raise RuntimeError("the store refused the page")

    monkeypatch.setattr(upload_runs, "ingest_items", broken)
    data = oai_page(range(5))
    run_id = accept(db, "KH", "records.xml", data, "st66")
    [summary] = process_pending(db, SETTINGS, UploadLimits(keep_rejected_bytes=64))
    run = run_row(db, run_id)
    assert summary.status == run.status == "failed"
    assert run.last_error == "processing failed: RuntimeError: the store refused the page"
    assert run.ended_at is not None
    with db.session() as session:
        payload = session.get(UploadPayload, run_id)
        assert payload.data == data[:64]
        assert (payload.size, payload.sha256) == (len(data), hashlib.sha256(data).hexdigest())
    assert process_pending(db, SETTINGS, LIMITS) == []  # a failed run is not retried for ever
