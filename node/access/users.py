"""Users of the portal and console: created and (de)activated here, never deleted (the audit
log names them)."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session, joinedload

from node.access import audit, sessions
from store import credentials
from store.access_models import ROLES, User
from store.models import Office

MIN_PASSWORD_LENGTH = 10


class UserError(ValueError):
    """A user change that cannot be made; the message is shown to the user."""


def add(
    session: Session, email: str, password: str, role: str, office: Office | None, actor: str
) -> User:
    """Create a user; office staff must belong to an office, coordinators to none."""
    email = email.strip().lower()
    if role not in ROLES:
        raise UserError(f"role must be one of {', '.join(ROLES)}")
    if role == "office" and office is None:
        raise UserError("office users need an office")
    _check_password(password)
    if session.scalar(select(User).where(User.email == email)) is not None:
        raise UserError(f"user {email} already exists")
    user = User(
        email=email,
        password_hash=credentials.hash_password(password),
        role=role,
        office=office if role == "office" else None,
        active=True,
    )
    session.add(user)
    audit.record(
        session,
        actor,
        "user.added",
        user.office.code if user.office else None,
        email=email,
        role=role,
    )
    return user


def _check_password(password: str) -> None:
    if len(password) < MIN_PASSWORD_LENGTH:
        raise UserError(f"passwords need at least {MIN_PASSWORD_LENGTH} characters")


def set_active(session: Session, user: User, active: bool, actor: str) -> None:
    """Deactivation ends every session of the user at once (rows deleted, not just re-read)."""
    user.active = active
    if not active:
        sessions.end_all(session, user.id)
    audit.record(
        session,
        actor,
        "user.activated" if active else "user.deactivated",
        user.office.code if user.office else None,
        email=user.email,
    )


def set_password(session: Session, user: User, password: str, actor: str) -> None:
    """A new password ends every session of the user: whoever knew the old one is logged out.

    Bearer tokens issued before stop too (they carry a fingerprint of the old hash).
    """
    _check_password(password)
    user.password_hash = credentials.hash_password(password)
    ended = sessions.end_all(session, user.id)
    audit.record(
        session,
        actor,
        "user.password_changed",
        user.office.code if user.office else None,
        email=user.email,
        sessions_ended=ended,
    )


def all_users(session: Session) -> list[User]:
    return list(
        session.scalars(
            select(User).options(joinedload(User.office)).order_by(User.role, User.email)
        )
    )
