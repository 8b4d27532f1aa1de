"""The audit log is append-only: through the ORM, through SQL, and through the app's routes."""

from __future__ import annotations

import pytest
from sqlalchemy import delete, select, text, update
from sqlalchemy.exc import DBAPIError

from node.access import audit
from store.access_models import AuditEvent, AuditLogIsAppendOnly


def _one_event(db) -> int:
    with db.session() as session:
        event = audit.record(session, "tester", "test.event", "KH", detail=1)
        session.flush()
        return event.id


def test_orm_refuses_update_and_delete(db):
    event_id = _one_event(db)
    with pytest.raises(AuditLogIsAppendOnly), db.session() as session:
        session.get(AuditEvent, event_id).action = "rewritten"
    with pytest.raises(AuditLogIsAppendOnly), db.session() as session:
        session.delete(session.get(AuditEvent, event_id))
    with db.session() as session:
        assert session.get(AuditEvent, event_id).action == "test.event"


@pytest.mark.parametrize(
    "statement",
    [
        lambda: update(AuditEvent).values(action="rewritten"),
        lambda: delete(AuditEvent),
        lambda: text("UPDATE audit_events SET actor = 'someone else'"),
        lambda: text("DELETE FROM audit_events"),
    ],
)
def test_database_refuses_update_and_delete(db, statement):
    event_id = _one_event(db)
    with pytest.raises(DBAPIError, match="append-only"), db.session() as session:
        session.execute(statement())
    with db.session() as session:
        event = session.get(AuditEvent, event_id)
        assert (event.actor, event.action) == ("tester", "test.event")


def test_no_route_changes_the_audit_log(app):
    """Audit pages exist only for reading."""
    audit_rules = [rule for rule in app.url_map.iter_rules() if "audit" in rule.rule]
    assert audit_rules, "the portal and console audit pages are registered"
    for rule in audit_rules:
        assert rule.methods <= {"GET", "HEAD", "OPTIONS"}, rule


def test_grant_changes_are_audited(db, issue):
    client_id, _ = issue("KH", "JPO", "patents")
    with db.session() as session:
        events = session.scalars(select(AuditEvent).where(AuditEvent.action == "grant.created"))
        (event,) = [e for e in events if e.details.get("client_id") == client_id]
        assert event.office_code == "KH" and event.details["third_party"] == "JPO"
