"""One harvest run against a scripted office: full, incremental, changes, faults, budget."""

from __future__ import annotations

from sqlalchemy import func, select

from harvester.runner import harvest_endpoint
from store.models import Endpoint, HarvestRun, PublishedRecord, SourceRecord


def counts(db) -> tuple[int, int]:
    with db.session() as session:
        sources = session.scalar(select(func.count()).select_from(SourceRecord))
        published = session.scalar(select(func.count()).select_from(PublishedRecord))
    return sources, published


def test_full_harvest_stores_and_publishes_every_record(db, endpoint, fast):
    summary = harvest_endpoint(db, endpoint, fast)
    assert summary.status == "succeeded", summary.line()
    assert summary.counts["new"] == 30 and summary.pages == 3
    assert counts(db) == (30, 30)
    with db.session() as session:
        record = session.scalars(select(PublishedRecord)).first()
        assert record.oai_identifier.startswith("oai:iphub.local:KH/trademarks/oai:kh.example:TM/")
        assert record.set_spec == "KH:trademarks"
        assert record.st96 and record.dc
        source = session.get(SourceRecord, record.source_record_id)
        assert source.raw.startswith(b"<") and len(source.sha256) == 64
        endpoint_row = session.get(Endpoint, endpoint)
        assert endpoint_row.granularity == "YYYY-MM-DDThh:mm:ssZ"
        assert endpoint_row.last_datestamp is not None


def test_incremental_run_takes_only_changes(db, endpoint, office, fast):
    harvest_endpoint(db, endpoint, fast)
    with db.session() as session:
        before = {p.oai_identifier: p.datestamp for p in session.scalars(select(PublishedRecord))}
    idents = list(office.records)
    office.update(idents[0], office.records[idents[1]].payload)  # changed content
    office.update(idents[2], office.records[idents[2]].payload)  # new datestamp, same bytes
    office.delete(idents[3])
    office.add(100)
    summary = harvest_endpoint(db, endpoint, fast)
    assert summary.status == "succeeded", summary.line()
    c = summary.counts
    assert (c["new"], c["updated"], c["deleted"]) == (1, 1, 1)
    assert c["new"] + c["updated"] + c["unchanged"] + c["deleted"] <= 6, "only the window"
    assert "from" in office.requests[-1] or any("from" in r for r in office.requests[-3:])
    with db.session() as session:
        rows = {p.oai_identifier.rsplit("/", 2)[-2] + "/" + p.oai_identifier.rsplit("/", 1)[-1]: p
                for p in session.scalars(select(PublishedRecord))}  # fmt: skip
    unchanged = [p for p in rows.values() if before.get(p.oai_identifier) == p.datestamp]
    assert len(unchanged) >= 27
    deleted = [p for p in rows.values() if p.deleted]
    assert len(deleted) == 1 and deleted[0].st96 is None


def test_deleted_record_never_seen_publishes_nothing(db, endpoint, office, fast):
    office.delete(office.identifier(500))
    summary = harvest_endpoint(db, endpoint, fast)
    assert summary.counts["new"] == 30 and summary.counts["deleted"] == 0
    assert counts(db) == (31, 30)
    # worded as what it is, not as "1 unchanged" (nothing the hub held was left as it was)
    assert "0 unchanged, 0 deleted, 1 already deleted at the office" in summary.line()
    again = harvest_endpoint(db, endpoint, fast)  # the office lists it as deleted again
    assert "1 already deleted at the office" in again.line()


def test_unparseable_record_is_kept_with_its_error(db, endpoint, office, fast):
    ident = list(office.records)[4]
    office.update(ident, b"<Transaction xmlns='urn:not-st66'><broken/></Transaction>")
    summary = harvest_endpoint(db, endpoint, fast)
    assert summary.status == "partial" and summary.counts["failed"] == 1
    assert summary.counts["new"] == 29
    with db.session() as session:
        bad = session.scalar(select(SourceRecord).where(SourceRecord.source_identifier == ident))
        assert bad.raw.startswith(b"<Transaction") and bad.error


def test_record_without_payload_or_identifier_is_quarantined(db, office, fast):
    from tests.harvester.conftest import add_endpoint
    from tests.harvester.fakeoffice import serve

    original = office._record

    def broken(rec, with_metadata):
        if rec.identifier == office.identifier(5):
            return "<record><header><identifier></identifier></header><metadata/></record>"
        return original(rec, with_metadata)

    office._record = broken
    with serve(office) as url:
        summary = harvest_endpoint(db, add_endpoint(db, url), fast)
    assert summary.counts["failed"] == 1 and summary.counts["new"] == 29
    with db.session() as session:
        bad = session.scalar(select(SourceRecord).where(SourceRecord.error.is_not(None)))
        assert bad.source_identifier.startswith("unidentified:") and bad.raw


def test_transient_faults_are_retried(db, endpoint, office, fast):
    office.script.extend(["503", "500", "html", "badxml", "503"])
    summary = harvest_endpoint(db, endpoint, fast)
    assert summary.status == "succeeded" and summary.counts["new"] == 30
    with db.session() as session:
        run = session.get(HarvestRun, summary.run_id)
        kinds = [e["kind"] for e in run.errors]
    assert kinds.count("http") == 3 and "not-oai" in kinds and "invalid-xml" in kinds


def test_broken_list_page_falls_back_to_get_record(db, endpoint, office, fast):
    office.hook = lambda args: (
        office.script.append("badxml") if args.get("resumptionToken", "").startswith("10|")
        and args.get("verb") == "ListRecords" else None
    )  # fmt: skip
    summary = harvest_endpoint(db, endpoint, fast)
    assert summary.status == "succeeded", summary.line()
    assert counts(db) == (30, 30)
    assert any(r.get("verb") == "GetRecord" for r in office.requests)


def test_network_down_fails_the_run_with_a_clear_message(db, fast):
    from tests.harvester.conftest import add_endpoint

    endpoint_id = add_endpoint(db, "http://127.0.0.1:9/oai", granularity="YYYY-MM-DD")
    summary = harvest_endpoint(db, endpoint_id, fast)
    assert summary.status == "failed" and "cannot connect" in summary.message
    with db.session() as session:
        run = session.get(HarvestRun, summary.run_id)
        assert run.last_error and run.status == "failed"
        assert session.get(Endpoint, endpoint_id).last_datestamp is None


def test_bad_resumption_token_retried_then_window_restarted(db, endpoint, office, fast):
    office.refuse_tokens = 1
    summary = harvest_endpoint(db, endpoint, fast)
    assert summary.status == "succeeded" and summary.counts["new"] == 30

    office.refuse_tokens = 5  # more than the retries of one token: restart from `from`
    summary = harvest_endpoint(db, endpoint, fast, full=True)
    assert summary.status == "succeeded", summary.line()
    assert summary.counts["new"] == 0 and summary.counts["updated"] == 0
    assert counts(db) == (30, 30), "restarting the window duplicates nothing"
    with db.session() as session:
        kinds = [e["message"] for e in session.get(HarvestRun, summary.run_id).errors]
    assert any("restarting the window" in k for k in kinds)


def test_no_records_match_is_a_successful_empty_run(db, endpoint, office, fast):
    harvest_endpoint(db, endpoint, fast)
    office.records.clear()  # nothing in the window
    summary = harvest_endpoint(db, endpoint, fast)
    assert summary.status == "succeeded" and summary.pages == 0


def test_time_budget_interrupts_and_next_run_resumes(db, endpoint, office, fast):
    from dataclasses import replace

    summary = harvest_endpoint(db, endpoint, replace(fast, time_budget=-1))
    assert summary.status == "interrupted" and "time budget" in summary.message
    # page 1 comes at once, page 2 would take longer than the budget: cut inside the request
    office.hook = lambda args: "resumptionToken" in args and __import__("time").sleep(3)
    summary = harvest_endpoint(db, endpoint, replace(fast, time_budget=1.0))
    assert summary.status == "interrupted" and summary.pages == 1
    assert summary.seconds < 2.5, "the budget holds inside a request"
    with db.session() as session:
        run = session.get(HarvestRun, summary.run_id)
        assert run.checkpoint_token
    office.hook = None
    first_pages = summary.pages
    summary = harvest_endpoint(db, endpoint, fast)
    assert summary.status == "succeeded"
    assert summary.pages == 3 - first_pages, "continued from the checkpoint"
    assert counts(db) == (30, 30)


def test_full_harvest_reports_records_the_office_no_longer_lists(db, endpoint, office, fast):
    harvest_endpoint(db, endpoint, fast)
    gone = list(office.records)[7]
    del office.records[gone]
    summary = harvest_endpoint(db, endpoint, fast, full=True)
    assert summary.missing == [gone]
    assert "no longer listed" in summary.line()
    with db.session() as session:
        assert not session.scalar(
            select(PublishedRecord.deleted).where(PublishedRecord.oai_identifier.contains(gone))
        )


def test_day_granularity_from_is_a_day(db, fast):
    from tests.harvester.conftest import add_endpoint
    from tests.harvester.fakeoffice import FakeOffice, serve

    office = FakeOffice(records=5, granularity="YYYY-MM-DD")
    with serve(office) as url:
        endpoint_id = add_endpoint(db, url)
        harvest_endpoint(db, endpoint_id, fast)
        harvest_endpoint(db, endpoint_id, fast)
    assert office.requests[-1].get("from") == "2024-01-01"


def test_get_record_mode(db, office_url, fast):
    from tests.harvester.conftest import add_endpoint

    summary = harvest_endpoint(db, add_endpoint(db, office_url, use_get_record=True), fast)
    assert summary.counts["new"] == 30
