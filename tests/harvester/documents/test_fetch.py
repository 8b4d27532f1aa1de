"""Fetching the documents of ingested records: stored once, retried, refused, checkpointed."""

from __future__ import annotations

import hashlib
import time

import pytest
from sqlalchemy import func, select

from harvester.documents import harvest_documents, run_counts
from simulator.documents import DocumentsApp, document
from store import document_findings as feedback
from store.document_models import Document, RecordDocument
from store.models import PublishedRecord
from tests.documents_support import add_record, design, trademark
from tests.harvester.documents.conftest import configure, new_run, serve


def statuses(db) -> dict[str, str]:
    with db.session() as session:
        rows = session.execute(select(RecordDocument.reference, RecordDocument.status))
        return dict(rows.all())


def blobs(store) -> list:
    return sorted(p for p in (store.root / "sha256").rglob("*") if p.is_file())


def test_fetches_every_reference_and_stores_duplicates_once(db, store, office_url, fast):
    configure(db, "KH", office_url)
    add_record(db, trademark("1", "1.jpg", "1.png"), ident="1")
    add_record(db, trademark("2", "1.jpg"), ident="2")  # the same file as record 1
    add_record(db, design("D1", "D1_1_1.jpg", "D1_1_2.jpg"), ip_type="designs", ident="D1")
    add_record(db, trademark("3"), ident="3")  # a word mark: no file
    run = new_run(db)
    counts = harvest_documents(db, store, "KH", run, fast)
    assert (counts.scanned, counts.fetched, counts.duplicates, counts.failed) == (4, 5, 1, 0)
    assert set(statuses(db).values()) == {"fetched"}
    assert len(blobs(store)) == 4
    with db.session() as session:
        assert session.scalar(select(func.count()).select_from(Document)) == 4
        assert run_counts(session, run) == {"fetched": 5}
        mimes = set(session.scalars(select(Document.mime_type)))
    assert mimes == {"image/jpeg", "image/png"}
    for path in blobs(store):
        assert hashlib.sha256(path.read_bytes()).hexdigest() == path.name


def test_a_second_pass_fetches_nothing(db, store, office_url, fast):
    configure(db, "KH", office_url)
    add_record(db, trademark("1", "1.jpg"))
    harvest_documents(db, store, "KH", new_run(db), fast)
    again = harvest_documents(db, store, "KH", new_run(db), fast)
    assert (again.scanned, again.fetched, again.failed) == (0, 0, 0)


def test_fake_png_is_refused_and_reported(db, store, fast):
    configure_app = DocumentsApp(fake={"2.png"})
    with serve(configure_app) as url:
        configure(db, "KH", url)
        record = add_record(db, trademark("2", "2.png"))
        counts = harvest_documents(db, store, "KH", new_run(db), fast)
    assert (counts.refused, counts.fetched) == (1, 0)
    assert blobs(store) == []
    with db.session() as session:
        (finding,) = feedback.findings_by_record(session, [record])[record]
    assert finding.rule_id == "DOC-REFUSED"
    assert "HTML page" in finding.message and "2.png" in finding.message


def test_missing_document_is_a_finding_not_a_failed_run(db, store, fast):
    with serve(DocumentsApp(missing={"9.jpg"})) as url:
        configure(db, "KH", url)
        record = add_record(db, trademark("9", "9.jpg", "9.png"))
        counts = harvest_documents(db, store, "KH", new_run(db), fast)
    assert (counts.failed, counts.fetched) == (1, 1)
    with db.session() as session:
        (finding,) = feedback.findings_by_record(session, [record])[record]
    assert finding.rule_id == "DOC-FETCH-FAILED" and "404" in finding.message


def test_transient_faults_are_retried_with_the_harvest_policy(db, store, fast):
    inner = DocumentsApp()
    failures = {"count": 0}

    def flaky(environ, start_response):
        if failures["count"] < 2:
            failures["count"] += 1
            start_response("503 Service Unavailable", [("Retry-After", "0")])
            return [b"busy"]
        return inner(environ, start_response)

    with serve(flaky) as url:
        configure(db, "KH", url)
        add_record(db, trademark("1", "1.gif"))
        counts = harvest_documents(db, store, "KH", new_run(db), fast)
    assert (counts.fetched, counts.failed, failures["count"]) == (1, 0, 2)


def test_failed_documents_are_retried_by_the_next_run(db, store, fast):
    app = DocumentsApp(missing={"1.jpg"})
    with serve(app) as url:
        configure(db, "KH", url)
        add_record(db, trademark("1", "1.jpg"))
        assert harvest_documents(db, store, "KH", new_run(db), fast).failed == 1
        app.missing.clear()
        assert harvest_documents(db, store, "KH", new_run(db), fast).fetched == 1
    assert statuses(db) == {"1.jpg": "fetched"}


class CrashingStore:
    """Wraps a store; the process 'dies' on the n-th upload."""

    def __init__(self, store, crash_at: int) -> None:
        self.store, self.crash_at, self.puts = store, crash_at, 0

    def put(self, *args, **kwargs):
        self.puts += 1
        if self.puts == self.crash_at:
            raise KeyboardInterrupt("killed")
        return self.store.put(*args, **kwargs)


def test_a_killed_pass_resumes_where_it_stopped(db, store, office_url, fast):
    configure(db, "KH", office_url)
    for i in range(4):
        add_record(db, trademark(str(i), f"{i}.jpg"), ident=str(i))
    with pytest.raises(KeyboardInterrupt):
        harvest_documents(db, CrashingStore(store, crash_at=3), "KH", new_run(db), fast)
    assert sorted(statuses(db).values()) == ["fetched", "fetched", "pending", "pending"]
    counts = harvest_documents(db, store, "KH", new_run(db), fast)
    assert (counts.scanned, counts.fetched) == (0, 2)
    assert set(statuses(db).values()) == {"fetched"}


def test_changed_record_is_rescanned(db, store, office_url, fast):
    configure(db, "KH", office_url)
    record = add_record(db, trademark("1", "old.jpg", "kept.png"))
    harvest_documents(db, store, "KH", new_run(db), fast)
    with db.session() as session:
        row = session.get(PublishedRecord, record)
        row.st96 = trademark("1", "kept.png", "new.gif")
        row.datestamp = row.datestamp.replace(year=row.datestamp.year + 1)
    counts = harvest_documents(db, store, "KH", new_run(db), fast)
    assert (counts.scanned, counts.fetched) == (1, 2)  # a changed record's files are re-fetched
    assert statuses(db) == {"kept.png": "fetched", "new.gif": "fetched"}


def test_urls_in_records_need_no_configuration(db, store, office_url, fast):
    add_record(db, trademark("1", f"{office_url}/documents/1.png"))
    counts = harvest_documents(db, store, "KH", new_run(db), fast)
    assert counts.fetched == 1


def test_without_a_documents_endpoint_references_wait_for_one(db, store, office_url, fast):
    add_record(db, trademark("1", "1.png"))
    counts = harvest_documents(db, store, "KH", new_run(db), fast)
    assert (counts.skipped, counts.failed) == (1, 0)
    assert statuses(db) == {"1.png": "skipped"}
    configure(db, "KH", office_url)
    assert harvest_documents(db, store, "KH", new_run(db), fast).fetched == 1


def test_size_limit_refuses_large_files(db, store, office_url, fast):
    from harvester.documents import FetchOptions

    configure(db, "KH", office_url)
    add_record(db, trademark("1", "1.pdf"))
    size = len(document("1.pdf")[0])
    options = FetchOptions(timeout=5, policy=fast.policy, max_bytes=size - 1)
    counts = harvest_documents(db, store, "KH", new_run(db), options)
    assert counts.refused == 1 and "larger than" in _error(db)


def _error(db) -> str:
    with db.session() as session:
        return session.scalar(select(RecordDocument.error))


def test_findings_hook_gets_each_attempted_records_full_list(db, store, fast):
    app = DocumentsApp(missing={"1.jpg"})
    calls: list[tuple[int, list[str]]] = []

    def hook(session, record_id, findings):
        calls.append((record_id, [f.rule_id for f in findings]))

    with serve(app) as url:
        configure(db, "KH", url)
        one = add_record(db, trademark("1", "1.jpg", "1.png"), ident="1")
        two = add_record(db, trademark("2", "2.png"), ident="2")
        harvest_documents(db, store, "KH", new_run(db), fast, on_findings=hook)
        assert calls == [(one, ["DOC-FETCH-FAILED"]), (two, [])]
        calls.clear()
        app.missing.clear()
        harvest_documents(db, store, "KH", new_run(db), fast, on_findings=hook)
    assert calls == [(one, [])]  # resolved: the hook sees an empty list


def test_a_new_datestamp_on_the_same_st96_fetches_nothing_again(db, store, office_url, fast):
    configure(db, "KH", office_url)
    record = add_record(db, trademark("1", "1.jpg"))
    harvest_documents(db, store, "KH", new_run(db), fast)
    with db.session() as session:
        row = session.get(PublishedRecord, record)
        row.datestamp = row.datestamp.replace(year=row.datestamp.year + 1)  # feedback moved
    counts = harvest_documents(db, store, "KH", new_run(db), fast)
    assert (counts.scanned, counts.fetched) == (1, 0)


def test_a_dripping_file_is_cut_at_the_request_deadline(db, store, fast):
    """One byte every 0.1 s never trips the per-read timeout; the total deadline cuts it."""
    from dataclasses import replace

    from harvester.transport import Limits

    def drip(environ, start_response):
        start_response("200 OK", [("Content-Type", "image/jpeg")])
        return (b"\xff" for _ in range(300) if not time.sleep(0.1))

    with serve(drip) as url:
        configure(db, "KH", url)
        record = add_record(db, trademark("7", "7.jpg"))
        started = time.monotonic()
        settings = replace(fast, limits=Limits(deadline=0.5))
        counts = harvest_documents(db, store, "KH", new_run(db), settings)
    assert counts.failed == 1 and time.monotonic() - started < 10
    with db.session() as session:
        (finding,) = feedback.findings_by_record(session, [record])[record]
    assert finding.rule_id == "DOC-FETCH-FAILED" and "HARVEST_REQUEST_DEADLINE" in finding.message
