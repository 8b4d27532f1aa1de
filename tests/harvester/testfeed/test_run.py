"""Test deliveries from files and endpoints: the pipeline's findings kept, limits enforced, bad
input reported in a sentence, nothing published. Every test runs on SQLite and (with
IPHUB_TEST_DATABASE_URL) PostgreSQL."""

from __future__ import annotations

import socket
import time
from pathlib import Path

import pytest
from sqlalchemy import select

from harvester.client import payload_bytes
from harvester.testfeed.run import try_endpoint, try_upload
from mappings.pipeline import process_record
from mappings.xmlsafe import parse_xml
from store.testfeed import FileTooLarge, Refused
from store.testfeed import limits as feed_limits
from store.testfeed.models import TestDelivery, TestRecord
from store.testfeed.report import record_json, rules_found, summary_json
from tests.harvester.test_upload_runs import zip_of
from tests.harvester.testfeed.conftest import untouched_counts
from tests.quality_support import DEFECTS
from tests.schemas import ST96
from tests.serving import serve

DATA = Path(__file__).resolve().parents[2] / "data"
GOOD = (DATA / "quality" / "KH-trademark.st66.xml").read_bytes()
STATUS_MISSING = next(d for d in DEFECTS if d.rule_id == "TM-STATUS-MISSING").bad()


def delivery(db, delivery_id: int) -> TestDelivery:
    with db.session() as session:
        return session.get(TestDelivery, delivery_id)


def records(db, delivery_id: int) -> dict[str, TestRecord]:
    with db.session() as session:
        rows = session.scalars(select(TestRecord).where(TestRecord.delivery_id == delivery_id))
        return {row.identifier: row for row in rows}


def test_a_test_file_gets_the_pipelines_findings_and_publishes_nothing(db, offices, config):
    before = untouched_counts(db)
    data = zip_of({
        "KH-good.xml": GOOD, "KH-no-status.xml": STATUS_MISSING,
        "truncated.xml": (DATA / "testfeed" / "truncated.xml").read_bytes(),
        "xxe.xml": (DATA / "hostile" / "xxe.xml").read_bytes(),
        "laughs.xml": (DATA / "hostile" / "billion-laughs.xml").read_bytes(),
    })  # fmt: skip
    delivery_id = try_upload(db, config, "kh", "batch.zip", data, "st66", by="staff@kh")

    found = delivery(db, delivery_id)
    assert (found.office_code, found.status, found.records, found.failed) == (
        "KH",
        "succeeded",
        5,
        3,
    )
    checked = records(db, delivery_id)
    mapped = [r.outcome for r in checked.values() if r.outcome != "failed"]
    # without the ST.96 schemas (offline, no copy) records are mapped but not validated
    assert len(mapped) == 2
    assert set(mapped) <= ({"skipped"} if ST96 is None else {"valid", "invalid"})
    assert found.valid + found.invalid == (0 if ST96 is None else 2)
    assert found.created_by == "staff@kh"
    rows = records(db, delivery_id)
    bad = rows["KH-no-status"]
    expected = process_record("st66", STATUS_MISSING, "KH")
    assert [f["rule_id"] for f in bad.findings] == [f.rule_id for f in expected.findings]
    assert "TM-STATUS-MISSING" in {f["rule_id"] for f in bad.findings}
    assert bad.st96 == expected.st96
    # the record as sent, as a real upload keeps it (the payload without its XML declaration)
    assert bad.raw == payload_bytes(parse_xml(STATUS_MISSING))
    assert "TM-STATUS-MISSING" not in {f["rule_id"] for f in rows["KH-good"].findings}
    for refused in ("upload:truncated.xml", "upload:xxe.xml", "upload:laughs.xml"):
        assert rows[refused].outcome == "failed" and rows[refused].error
    assert "root:" not in (rows["upload:xxe.xml"].error or "")  # /etc/passwd never read
    assert untouched_counts(db) == before


def test_findings_by_rule_carry_the_rules_guidance(db, offices, config):
    data = zip_of({f"KH-{n}.xml": STATUS_MISSING for n in range(3)} | {"KH-ok.xml": GOOD})
    delivery_id = try_upload(db, config, "KH", "batch.zip", data, "st66")
    with db.session() as session:
        rules = {r["rule_id"]: r for r in rules_found(session, delivery_id)}
        record = session.scalars(select(TestRecord).where(TestRecord.identifier == "KH-0")).one()
        shown = record_json(record)
    status = rules["TM-STATUS-MISSING"]
    assert (status["records"], status["findings"]) == (3, 3)
    assert "status" in status["guidance"]["fix"].lower()
    assert "<Transaction" in shown["original"] and shown["st96"].startswith("<tmk:")
    assert any(f["guidance"] for f in shown["findings"] if f["rule_id"] == "TM-STATUS-MISSING")


def test_only_the_first_records_up_to_the_limit_are_checked(db, offices, config):
    with db.session() as session:
        feed_limits.save(session, max_records=3, retention_days=None, by="coordinator")
    data = zip_of({f"KH-{n}.xml": GOOD for n in range(5)})
    found = delivery(db, try_upload(db, config, "KH", "five.zip", data, "st66"))
    assert (found.records, found.limited, found.status) == (3, True, "succeeded")
    assert "only the first 3 records" in found.message


def test_a_file_of_exactly_the_limit_is_not_limited(db, offices, config):
    found = delivery(db, try_upload(db, {**config, "TEST_FEED_MAX_RECORDS": 2}, "KH", "two.zip",
                                    zip_of({"a.xml": GOOD, "b.xml": GOOD}), "st66"))  # fmt: skip
    assert (found.records, found.limited, found.message) == (2, False, None)


@pytest.mark.parametrize(
    ("office", "filename", "data", "prefix", "error", "says"),
    [
        ("KH", "big.xml", b"<x>" + b"a" * 20000 + b"</x>", "st66", FileTooLarge, "to 10,000"),
        ("KH", "empty.xml", b"", "st66", Refused, "empty"),
        ("KH", "a.xml", GOOD, "marc21", Refused, "not supported"),
        ("ZZ", "a.xml", GOOD, "st66", Refused, "no office ZZ"),
    ],
)
def test_a_file_that_cannot_be_tested_is_refused_with_a_reason(
    db, offices, config, office, filename, data, prefix, error, says
):
    with pytest.raises(error, match=says):
        try_upload(db, {**config, "TEST_FEED_MAX_BYTES": 10_000}, office, filename, data, prefix)
    with db.session() as session:
        assert session.scalars(select(TestDelivery)).all() == []


def test_a_file_none_of_whose_records_can_be_read_fails_with_a_sentence(db, offices, config):
    found = delivery(db, try_upload(db, config, "KH", "x.xml", b"not xml at all", "st66"))
    assert (found.status, found.failed) == ("failed", 1)
    assert "none of the records" in found.message


# -- endpoints ------------------------------------------------------------------------------------


def test_a_simulated_endpoint_is_walked_and_its_defects_found(
    db, offices, config, office, office_url
):
    before = untouched_counts(db)
    delivery_id = try_endpoint(db, config, "KH", office_url, "st66", by="staff@kh")
    found = delivery(db, delivery_id)
    assert (found.source, found.label, found.status) == ("endpoint", office_url, "succeeded")
    assert found.records == 24 and not found.limited
    with db.session() as session:
        summary = summary_json(session, found, feed_limits.TestFeedLimits())
    planted = {r["rule_id"] for r in summary["rules"]}
    assert planted, "the simulator plants defects the rules find"
    rows = records(db, delivery_id)
    one = next(iter(rows.values()))
    assert one.raw and one.raw.startswith(b"<Transaction")
    assert untouched_counts(db) == before


def test_an_endpoint_walk_stops_at_the_limit(db, offices, config, office_url):
    found = delivery(db, try_endpoint(db, {**config, "TEST_FEED_MAX_RECORDS": 15}, "KH",
                                      office_url, "st66"))  # fmt: skip
    assert (found.records, found.limited, found.status) == (15, True, "succeeded")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _answering(body: bytes, status: str = "200 OK", delay: float = 0.0):
    def app(environ, start_response):
        time.sleep(delay)
        start_response(status, [("Content-Type", "text/xml")])
        return [body]

    return app


@pytest.mark.parametrize(
    ("answer", "says"),
    [
        (_answering((DATA / "hostile" / "xxe.xml").read_bytes()), "DOCTYPE"),
        (_answering(b"<html><body>Login</body></html>"), "HTML page"),
        (_answering(b"<OAI-PMH><unclosed>"), "not well-formed"),
        (_answering(b"gone", "404 Not Found"), "HTTP 404"),
        (
            _answering(
                b"<OAI-PMH xmlns='http://www.openarchives.org/OAI/2.0/'><error code="
                b"'cannotDisseminateFormat'>no</error></OAI-PMH>"
            ),
            "metadata prefix",
        ),
    ],
    ids=["xxe", "html", "malformed", "404", "oai-error"],
)
def test_a_bad_endpoint_fails_with_a_sentence(db, offices, config, answer, says):
    with serve(answer) as url:
        found = delivery(db, try_endpoint(db, config, "KH", url, "st66"))
    assert (found.status, found.records) == ("failed", 0)
    assert "could not be read" in found.message and says in found.message


def test_an_unreachable_endpoint_fails_with_a_sentence(db, offices, config):
    url = f"http://127.0.0.1:{_free_port()}/oai"
    found = delivery(db, try_endpoint(db, config, "KH", url, "st66"))
    assert found.status == "failed" and "could not be read" in found.message


def test_an_endpoint_too_slow_for_the_time_budget_stops(db, offices, config):
    slow = _answering(b"<OAI-PMH/>", delay=3)
    with serve(slow) as url:
        started = time.monotonic()
        found = delivery(db, try_endpoint(db, {**config, "TEST_FEED_TIME_BUDGET": 0.5}, "KH",
                                          url, "st66"))  # fmt: skip
    assert time.monotonic() - started < 3
    assert found.status == "failed" and "time budget" in found.message


@pytest.mark.parametrize(
    ("url", "allow", "says"),
    [
        ("ftp://example.org/oai", True, "http"),
        ("http://127.0.0.1:9/oai?verb=Identify", True, "must be the base URL"),
        ("http://169.254.169.254/latest/", True, "link-local"),
        ("http://127.0.0.1:9/oai", False, "not a public address"),
    ],
)
def test_an_endpoint_url_the_hub_may_not_fetch_is_refused(db, offices, config, url, allow, says):
    with pytest.raises(Refused, match=says):
        try_endpoint(db, {**config, "NOTIFY_ALLOW_PRIVATE": allow}, "KH", url, "st66")


def test_a_zip_bomb_member_is_a_failed_record_and_the_rest_is_checked(db, offices, config):
    bomb = b"<Transaction>" + b" " * 200_000 + b"</Transaction>"  # compresses to almost nothing
    data = zip_of({"bomb.xml": bomb, "KH-ok.xml": GOOD})
    limited = {**config, "UPLOAD_MAX_MEMBER_BYTES": 50_000, "UPLOAD_KEEP_REJECTED_BYTES": 1000}
    delivery_id = try_upload(db, limited, "KH", "bomb.zip", data, "st66")
    rows = records(db, delivery_id)
    assert "beyond the limit of 50,000 bytes" in rows["upload:bomb.xml"].error
    assert len(rows["upload:bomb.xml"].raw) == 1000
    assert rows["KH-ok"].outcome in ("valid", "skipped")
