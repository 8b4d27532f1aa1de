"""Failed and refused documents become findings; fetched ones do not."""

from __future__ import annotations

from store import document_findings as feedback
from store.document_models import RecordDocument
from tests.documents_support import add_record, trademark


def test_findings_by_record(db, store):
    record = add_record(db, trademark("1", "a.png", "b.png", "c.png"))
    with db.session() as session:
        for name, status, error in [
            ("a.png", "failed", "a.png: http: HTTP 404 from http://office/a.png"),
            ("b.png", "refused", "b.png: the file is an HTML page, not one of PNG, ..."),
            ("c.png", "pending", None),
        ]:
            session.add(
                RecordDocument(
                    published_record_id=record,
                    office_code="KH",
                    ip_type="trademarks",
                    reference=name,
                    status=status,
                    path="/tmk:Trademark/com:FileName",
                    error=error,
                )
            )
    with db.session() as session:
        found = feedback.findings_by_record(session, [record])[record]
    assert [(f.rule_id, f.severity) for f in found] == [
        ("DOC-FETCH-FAILED", "warning"),
        ("DOC-REFUSED", "error"),
    ]
    assert "HTTP 404" in found[0].message and found[0].path == "/tmk:Trademark/com:FileName"
