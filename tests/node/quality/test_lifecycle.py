"""apply_findings: rows open, resolve with the date, reopen; accepted findings; feedback bytes."""

from __future__ import annotations

from datetime import datetime

import pytest
from sqlalchemy import func, select

from mappings.model import Finding
from node.quality import actions, apply_findings, feedback_rows
from store import feedback
from store.models import PublishedRecord
from store.quality_models import QualityFinding, QualityRunStats

from .conftest import feedback_of, finding_states

A = Finding("TM-STATUS-MISSING", "error", "/tmk:Trademark/tmk:MarkCurrentStatusCode", "No status.")
B = Finding("DATE-IN-FUTURE", "error", "/tmk:Trademark/com:ApplicationDate", "Future.", "Fix it.")
G = Finding(
    "TM-MARK-CATEGORY-MISSING", "info", "/tmk:Trademark/tmk:MarkCategory", "Set.", generated=True
)
T1, T2, T3 = datetime(2026, 1, 1), datetime(2026, 2, 1), datetime(2026, 3, 1)


@pytest.fixture
def record(db, offices) -> int:
    with db.session() as session:
        row = PublishedRecord(
            oai_identifier="oai:iphub.local:KH/trademarks/1",
            office_code="KH",
            ip_type="trademarks",
            set_spec="KH:trademarks",
        )
        session.add(row)
        session.flush()
        return row.id


def _apply(db, record_id, findings, run_id=None, now=None):
    with db.session() as session:
        row = feedback_rows(session.connection(), [record_id])[record_id]
        return apply_findings(session, row, findings, run_id, now=now)


def _rows(db, record_id) -> dict[str, QualityFinding]:
    with db.session() as session:
        rows = session.scalars(
            select(QualityFinding).where(QualityFinding.published_record_id == record_id)
        )
        return {r.rule_id: r for r in rows}


def test_new_findings_are_open_and_in_the_feedback(db, record):
    about, changed = _apply(db, record, [A, B, G], now=T1)
    assert changed
    root = feedback_of(db, record)
    assert feedback.schema().validate(root), feedback.schema().error_log
    assert finding_states(root) == {
        "TM-STATUS-MISSING": "open",
        "DATE-IN-FUTURE": "open",
        "TM-MARK-CATEGORY-MISSING": "open",
    }
    generated = root.find("fb:Finding[@ruleId='TM-MARK-CATEGORY-MISSING']", feedback_ns())
    assert generated.get("generated") == "true"
    assert root.find("fb:Summary", feedback_ns()).get("open") == "3"
    assert about.startswith(b"<fb:Feedback")


def feedback_ns() -> dict[str, str]:
    return {"fb": feedback.NS}


def test_same_findings_again_change_nothing(db, record):
    first = _apply(db, record, [A, B], now=T1)
    second = _apply(db, record, [B, A], now=T2)
    assert not second.changed
    assert second.about == first.about  # same bytes: no new datestamp needed
    assert _rows(db, record)["TM-STATUS-MISSING"].last_seen_at == T2


def test_missing_finding_is_resolved_with_date_and_kept(db, record):
    _apply(db, record, [A, B], now=T1)
    update = _apply(db, record, [B], now=T2)
    assert update.changed
    rows = _rows(db, record)
    assert rows["TM-STATUS-MISSING"].state == "resolved"
    assert rows["TM-STATUS-MISSING"].resolved_at == T2
    element = feedback_of(db, record).find("fb:Finding[@ruleId='TM-STATUS-MISSING']", feedback_ns())
    assert element.get("resolvedAt") == "2026-02-01T00:00:00Z"
    assert element.get("firstSeen") == "2026-01-01T00:00:00Z"


def test_reappearing_finding_reopens_the_same_row(db, record):
    _apply(db, record, [A], now=T1)
    _apply(db, record, [], now=T2)
    _apply(db, record, [A], now=T3)
    rows = _rows(db, record)
    assert len(rows) == 1
    assert rows["TM-STATUS-MISSING"].state == "open"
    assert rows["TM-STATUS-MISSING"].reopened == 1
    assert rows["TM-STATUS-MISSING"].resolved_at is None
    assert rows["TM-STATUS-MISSING"].first_seen_at == T1


def test_rows_are_never_deleted(db, record):
    for findings in ([A, B, G], [], [A], []):
        _apply(db, record, findings)
    with db.session() as session:
        assert session.scalar(select(func.count(QualityFinding.id))) == 3


def test_accepted_finding_stays_accepted_while_produced(db, record):
    _apply(db, record, [A], now=T1)
    with db.session() as session:
        row = session.scalar(select(QualityFinding))
        actions.accept(session, row, "staff@kh.example", "office", "Empty at source.")
    update = _apply(db, record, [A], now=T2)
    assert not update.changed
    assert _rows(db, record)["TM-STATUS-MISSING"].state == "accepted"
    assert finding_states(feedback_of(db, record)) == {"TM-STATUS-MISSING": "accepted"}
    _apply(db, record, [], now=T3)
    assert _rows(db, record)["TM-STATUS-MISSING"].state == "resolved"


def test_accept_moves_the_datestamp(db, record):
    _apply(db, record, [A], now=T1)
    with db.session() as session:
        session.get(PublishedRecord, record).datestamp = T1
        row = session.scalar(select(QualityFinding))
        actions.accept(session, row, "staff@kh.example", "office", "")
    with db.session() as session:
        assert session.get(PublishedRecord, record).datestamp > T1


def test_only_open_findings_can_be_accepted(db, record):
    _apply(db, record, [A], now=T1)
    _apply(db, record, [], now=T2)
    with db.session() as session:
        row = session.scalar(select(QualityFinding))
        with pytest.raises(actions.ActionError):
            actions.accept(session, row, "x", "office", "")


def test_changed_wording_updates_the_row(db, record):
    _apply(db, record, [A], now=T1)
    reworded = Finding(A.rule_id, "warning", A.path, "Status is not given.")
    assert _apply(db, record, [reworded], now=T2).changed
    row = _rows(db, record)["TM-STATUS-MISSING"]
    assert (row.severity, row.message, row.state) == ("warning", "Status is not given.", "open")


def test_source_field_is_stored_and_follows_reprocessing(db, record):
    """A row checked before findings named their source field gets it from the next check
    (a reprocess), which changes the feedback; the same field again changes nothing."""
    _apply(db, record, [A], now=T1)
    assert _rows(db, record)["TM-STATUS-MISSING"].source_field is None
    field = "/Transaction/TradeMarkTransactionBody/TransactionContentDetails/MarkCurrentStatusCode"

    assert _apply(db, record, [A.with_source(field)], now=T2).changed
    assert _rows(db, record)["TM-STATUS-MISSING"].source_field == field
    root = feedback_of(db, record)
    assert root.findtext("fb:Finding/fb:SourceField", namespaces=feedback_ns()) == field
    assert not _apply(db, record, [A.with_source(field)], now=T3).changed


def test_run_figures_sum_to_the_trend(db, record, harvest):
    run1, run2 = harvest.run(), harvest.run()
    _apply(db, record, [A, B], run1, now=T1)
    _apply(db, record, [], run2, now=T2)
    with db.session() as session:
        stats = {s.run_id: s for s in session.scalars(select(QualityRunStats))}
    assert (stats[run1].open_delta, stats[run1].records_delta, stats[run1].clean_delta) == (2, 1, 0)
    assert (stats[run2].open_delta, stats[run2].clean_delta, stats[run2].resolved) == (-2, 1, 2)


def test_control_characters_do_not_break_the_feedback(db, record):
    odd = Finding("SRC-EMPTY-ELEMENT", "warning", "/tmk:Trademark/x", "Value 'a\x01b' is odd.")
    _apply(db, record, [odd])
    assert feedback.schema().validate(feedback_of(db, record))


D = Finding("DOC-FETCH-FAILED", "warning", "/tmk:Trademark/com:MarkImage/1.jpg", "Not found.")


def test_document_findings_are_scoped_to_the_document_rules(db, record):
    from node.quality import apply_document_findings

    _apply(db, record, [A], run_id=None, now=T1)
    with db.session() as session:
        before = session.get(PublishedRecord, record).datestamp
        update = apply_document_findings(session, record, [D])
    assert update.changed
    states = finding_states(feedback_of(db, record))
    assert states == {"TM-STATUS-MISSING": "open", "DOC-FETCH-FAILED": "open"}
    with db.session() as session:
        assert session.get(PublishedRecord, record).datestamp >= before
        assert session.scalar(select(func.count(QualityRunStats.id))) == 0
    # the harvest does not resolve document findings, the documents pass not the harvest's
    _apply(db, record, [A], now=T2)
    assert finding_states(feedback_of(db, record))["DOC-FETCH-FAILED"] == "open"
    with db.session() as session:
        apply_document_findings(session, record, [])
    states = finding_states(feedback_of(db, record))
    assert states == {"TM-STATUS-MISSING": "open", "DOC-FETCH-FAILED": "resolved"}
    with db.session() as session:
        assert not apply_document_findings(session, record, []).changed
