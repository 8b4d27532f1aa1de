"""The logged-in user of a portal or console request, read from the store on every request.

The session cookie holds only the user id. The user row is loaded per request (and kept in
``flask.g`` for that request only), so deactivating a user logs them out everywhere at once.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import wraps

from flask import abort, g, redirect, request, session, url_for
from sqlalchemy import select
from sqlalchemy.orm import joinedload

from node.access.models import User
from node.storage import get_db

SESSION_KEY = "user_id"


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


def _load(user_id: int) -> CurrentUser | None:
    with get_db().session() as db_session:
        user = db_session.scalar(
            select(User).options(joinedload(User.office)).where(User.id == user_id)
        )
        if user is None or not user.active:
            return None
        code = user.office.code if user.office is not None else None
        return CurrentUser(user.id, user.email, user.role, code)


def current_user() -> CurrentUser | None:
    if "current_user" not in g:
        user_id = session.get(SESSION_KEY)
        g.current_user = _load(user_id) if isinstance(user_id, int) else None
        if g.current_user is None and user_id is not None:
            session.clear()
    return g.current_user


def log_in(user_id: int) -> None:
    """A fresh session (no fixation): the old one's contents are dropped."""
    session.clear()
    session[SESSION_KEY] = user_id
    g.pop("current_user", None)


def log_out() -> None:
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
