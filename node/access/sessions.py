"""Server-side login sessions: a row per logged-in browser, checked on every request.

The session cookie is signed, but a signature alone cannot be taken back: a cookie copied
before logout would keep working. So the cookie also carries a random token whose SHA-256 is a
row in ``user_sessions``; logout deletes that row, and a password change or deactivation
deletes every row of the user, on every worker and replica at once.
"""

from __future__ import annotations

import hashlib
import secrets
from datetime import timedelta

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from store.access_models import UserSession
from store.base import utcnow


def digest(token: str) -> str:
    """What the store keeps of a token (it is 256 random bits: a fast hash is enough)."""
    return hashlib.sha256(token.encode("utf-8", "surrogatepass")).hexdigest()


def start(session: Session, user_id: int, lifetime: timedelta) -> str:
    """A new session for ``user_id``; returns the token for the cookie (never stored).

    Sessions older than ``lifetime`` (anyone's) are deleted on the way: logins clean up.
    """
    session.execute(delete(UserSession).where(UserSession.created_at < utcnow() - lifetime))
    token = secrets.token_urlsafe(32)
    session.add(UserSession(id=digest(token), user_id=user_id, created_at=utcnow()))
    return token


def is_live(session: Session, user_id: int, token: str, lifetime: timedelta) -> bool:
    """True when ``token`` is a session of ``user_id`` that was neither ended nor expired."""
    created = session.scalar(
        select(UserSession.created_at).where(
            UserSession.id == digest(token), UserSession.user_id == user_id
        )
    )
    return created is not None and created >= utcnow() - lifetime


def end(session: Session, token: str) -> None:
    """Logout: this browser's session only."""
    session.execute(delete(UserSession).where(UserSession.id == digest(token)))


def end_all(session: Session, user_id: int) -> int:
    """Every session of a user (password change, deactivation); how many there were."""
    return session.execute(delete(UserSession).where(UserSession.user_id == user_id)).rowcount
