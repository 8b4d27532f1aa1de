"""Login throttling: too many failures for one email from one address lock it out for a while.

Failures are rows in the store (not process memory), so every worker and replica sees them.
"""

from __future__ import annotations

from datetime import timedelta

from flask import current_app
from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from node.access.audit import remote_addr
from node.access.models import LoginFailure
from node.storage.base import utcnow


def _window() -> timedelta:
    return timedelta(seconds=int(current_app.config["LOGIN_FAILURE_WINDOW"]))


def is_blocked(session: Session, email: str) -> bool:
    """True when the recent failures for (email, address) reached LOGIN_MAX_FAILURES."""
    since = utcnow() - _window()
    failures = session.scalar(
        select(func.count(LoginFailure.id)).where(
            LoginFailure.email == email.lower(),
            LoginFailure.remote_addr == remote_addr(),
            LoginFailure.at >= since,
        )
    )
    return failures >= int(current_app.config["LOGIN_MAX_FAILURES"])


def record_failure(session: Session, email: str, reason: str) -> None:
    session.add(
        LoginFailure(email=email.lower(), remote_addr=remote_addr(), reason=reason, at=utcnow())
    )


def clear(session: Session, email: str) -> None:
    """A successful login forgets earlier failures from the same address."""
    session.execute(
        delete(LoginFailure).where(
            LoginFailure.email == email.lower(), LoginFailure.remote_addr == remote_addr()
        )
    )
