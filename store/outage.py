"""The store is down or not set up: one sentence for the operator.

SQLAlchemy reports an unreachable server, a missing SQLite directory and a database that was
never upgraded (no tables) as driver errors with pages of traceback. :func:`describe` turns
them into one sentence saying what to do (``iphub``, the scheduler); the node answers HTTP
clients 503 with it (:mod:`node.storage`).
"""

from __future__ import annotations

from sqlalchemy import exc
from sqlalchemy.engine import make_url


def _safe_url(url: str) -> str:
    return make_url(url).render_as_string(hide_password=True)


def not_upgraded(error: BaseException) -> bool:
    """The database answers but has no iphub tables (``iphub db upgrade`` never ran)."""
    if not isinstance(error, exc.OperationalError | exc.ProgrammingError):
        return False
    text = f"{type(error.orig).__name__} {error.orig}".lower()
    return "no such table" in text or "undefinedtable" in text  # SQLite, PostgreSQL


def describe(error: BaseException, url: str) -> str | None:
    """One sentence for a store problem an operator can fix; None for any other error."""
    where = _safe_url(url)
    if not_upgraded(error):
        return f"the database {where} has no iphub tables: run `iphub db upgrade` first"
    if isinstance(error, exc.OperationalError | exc.InterfaceError):
        first = str(error.orig).strip().splitlines()[0] if error.orig else str(error)
        return f"the database {where} cannot be reached ({first}); check IPHUB_DATABASE_URL"
    return None
