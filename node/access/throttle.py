"""Throttling of password guessing: per email and address, and per address alone.

Failures are rows in the store (not process memory), so every worker and replica sees them.
Two limits: ``LOGIN_MAX_FAILURES`` per (email, address) locks one account out for one guesser;
``AUTH_MAX_FAILURES_PER_ADDRESS`` per address stops a flood of wrong credentials of any kind
(HTTP Basic on ``/oai`` and the APIs, the token endpoint, the portal login) *before* any
password hash is computed, so a flood costs one indexed count per request instead of a scrypt
check each. Rows older than ``LOGIN_FAILURE_WINDOW`` count for nothing and are deleted as new
failures are recorded.
"""

from __future__ import annotations

import math
from datetime import timedelta

from flask import abort, current_app
from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from node.access.audit import remote_addr
from node.params import error_response, printable
from store.access_models import LoginFailure
from store.base import utcnow


def _window() -> timedelta:
    return timedelta(seconds=int(current_app.config["LOGIN_FAILURE_WINDOW"]))


def is_blocked(session: Session, email: str) -> bool:
    """True when the recent failures for (email, address) reached LOGIN_MAX_FAILURES."""
    since = utcnow() - _window()
    failures = session.scalar(
        select(func.count(LoginFailure.id)).where(
            LoginFailure.email == _name(email),
            LoginFailure.remote_addr == remote_addr(),
            LoginFailure.at >= since,
        )
    )
    return failures >= int(current_app.config["LOGIN_MAX_FAILURES"])


def address_retry_after(session: Session) -> int | None:
    """Seconds until this address may try again when its recent failures (any name) reached
    AUTH_MAX_FAILURES_PER_ADDRESS, else None. One indexed count: no password hash."""
    now, window = utcnow(), _window()
    count, oldest = session.execute(
        select(func.count(LoginFailure.id), func.min(LoginFailure.at)).where(
            LoginFailure.remote_addr == remote_addr(), LoginFailure.at >= now - window
        )
    ).one()
    limit = int(current_app.config["AUTH_MAX_FAILURES_PER_ADDRESS"])
    if limit <= 0 or count < limit:  # 0 turns the per-address limit off
        return None
    return max(1, math.ceil((oldest + window - now).total_seconds()))


def refuse_flooding(session: Session) -> None:
    """Abort with 429 and ``Retry-After`` when this address is over its failure limit."""
    retry_after = address_retry_after(session)
    if retry_after is not None:
        response = error_response(
            429,
            f"Too many failed authentication attempts from this address; retry after "
            f"{retry_after} s.",
        )
        response.headers["Retry-After"] = str(retry_after)
        abort(response)


def _name(name: str) -> str:
    """What a failure row keeps of a name: lower case, printable, within the column."""
    return printable(name.strip().lower(), LoginFailure.email.type.length)


def record_failure(session: Session, name: str, reason: str) -> None:
    """Count one failed attempt; failures past the window are deleted on the way."""
    now = utcnow()
    session.execute(delete(LoginFailure).where(LoginFailure.at < now - _window()))
    session.add(LoginFailure(email=_name(name), remote_addr=remote_addr(), reason=reason, at=now))


def clear(session: Session, email: str) -> None:
    """A successful login forgets earlier failures from the same address."""
    session.execute(
        delete(LoginFailure).where(
            LoginFailure.email == _name(email), LoginFailure.remote_addr == remote_addr()
        )
    )
