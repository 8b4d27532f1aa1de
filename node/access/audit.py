"""The audit log: append-only records of who did what, when and from where.

``record`` is the only writer. Nothing in the app updates or deletes an ``AuditEvent``: the ORM
refuses it (mapper events in ``models``) and so does the database (triggers in migration 0002).
"""

from __future__ import annotations

from typing import Any

from flask import has_request_context, request
from sqlalchemy import select
from sqlalchemy.orm import Session

from store.access_models import AuditEvent


def remote_addr() -> str:
    return (request.remote_addr or "") if has_request_context() else ""


def record(
    session: Session, actor: str, action: str, office_code: str | None = None, **details: Any
) -> AuditEvent:
    """Append one event to the session (committed with the change it describes)."""
    event_row = AuditEvent(
        actor=actor,
        action=action,
        office_code=office_code,
        remote_addr=remote_addr(),
        details=details,
    )
    session.add(event_row)
    return event_row


def recent(session: Session, office_code: str | None = None, limit: int = 200) -> list[AuditEvent]:
    """Newest first; only one office's events when ``office_code`` is given."""
    query = select(AuditEvent).order_by(AuditEvent.at.desc(), AuditEvent.id.desc()).limit(limit)
    if office_code is not None:
        query = query.where(AuditEvent.office_code == office_code)
    return list(session.scalars(query))
