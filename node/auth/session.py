"""The logged-in user of a portal or console request, read from the store on every request.

The session cookie holds the user id and a session token whose digest is a row in
``user_sessions`` (:mod:`node.access.sessions`). Both are checked per request (and the result
kept in ``flask.g`` for that request only), so logout, a password change or deactivation ends
the session everywhere at once, and a copied cookie stops working with it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import wraps

from flask import abort, current_app, g, redirect, request, session, url_for
from sqlalchemy import select
from sqlalchemy.orm import Session, joinedload

from node.access import sessions
from node.storage import get_db
from store.access_models import User

SESSION_KEY = "user_id"
TOKEN_KEY = "sid"


@dataclass(frozen=True)
class CurrentUser:
    """The fields views need, detached from any database session."""

    id: int
    email: str
    role: str
    office_code: str | None

    @property
    def is_coordinator(self) -> bool:
        return self.role == "coordinator"

    @property
    def actor(self) -> str:
        return self.email

    def may_manage(self, office_code: str) -> bool:
        return self.is_coordinator or self.office_code == office_code


def _load(user_id: int, token: str) -> CurrentUser | None:
    with get_db().session() as db_session:
        if not sessions.is_live(db_session, user_id, token, current_app.permanent_session_lifetime):
            return None
        user = db_session.scalar(
            select(User).options(joinedload(User.office)).where(User.id == user_id)
        )
        if user is None or not user.active:
            return None
        code = user.office.code if user.office is not None else None
        return CurrentUser(user.id, user.email, user.role, code)


def current_user() -> CurrentUser | None:
    if "current_user" not in g:
        user_id, token = session.get(SESSION_KEY), session.get(TOKEN_KEY)
        known = isinstance(user_id, int) and isinstance(token, str)
        g.current_user = _load(user_id, token) if known else None
        if g.current_user is None and user_id is not None:
            session.clear()
    return g.current_user


def log_in(db_session: Session, user_id: int) -> None:
    """A fresh session (no fixation): the old one's contents are dropped, a new row started in
    ``db_session`` (the login's own transaction)."""
    session.clear()
    lifetime = current_app.permanent_session_lifetime
    session[TOKEN_KEY] = sessions.start(db_session, user_id, lifetime)
    session[SESSION_KEY] = user_id
    g.pop("current_user", None)


def log_out() -> None:
    """End this browser's session server-side, then drop the cookie's contents."""
    token = session.get(TOKEN_KEY)
    if isinstance(token, str):
        with get_db().session() as db_session:
            sessions.end(db_session, token)
    session.clear()
    g.pop("current_user", None)


def login_required(view: Callable) -> Callable:
    @wraps(view)
    def wrapped(*args, **kwargs):
        if current_user() is None:
            return redirect(url_for("auth.login", next=request.full_path))
        return view(*args, **kwargs)

    return wrapped


def coordinator_required(view: Callable) -> Callable:
    @wraps(view)
    def wrapped(*args, **kwargs):
        user = current_user()
        if user is None:
            return redirect(url_for("auth.login", next=request.full_path))
        if not user.is_coordinator:
            abort(403)
        return view(*args, **kwargs)

    return wrapped
