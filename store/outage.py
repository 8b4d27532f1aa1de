"""The store is down or not set up: one sentence for the operator, 503 for HTTP clients.

SQLAlchemy reports an unreachable server, a missing SQLite directory and a database that was
never upgraded (no tables) as driver errors with pages of traceback. :func:`describe` turns
them into one sentence saying what to do; :func:`init_app` makes every page and API answer
``503 Service Unavailable`` with ``Retry-After`` instead of an HTML 500, so load balancers and
harvesters (sickle and pyoai retry 503) wait instead of failing.
"""

from __future__ import annotations

from flask import Flask, Response, jsonify, request
from sqlalchemy import exc
from sqlalchemy.engine import make_url

#: Seconds a client is asked to wait while the store is unavailable.
RETRY_AFTER = 30


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


def _unavailable(error: exc.DBAPIError) -> Response:
    from flask import current_app

    sentence = describe(error, current_app.config["DATABASE_URL"])
    if sentence is None:
        raise error
    current_app.logger.error("store unavailable: %s", sentence)
    message = "the store is unavailable; retry later"
    if request.path.startswith(("/api/", "/healthz", "/oauth/")):
        response = jsonify(status="unavailable", error=message)
    else:
        response = Response(f"503 Service Unavailable: {message}.\n", mimetype="text/plain")
    response.status_code = 503
    response.headers["Retry-After"] = str(RETRY_AFTER)
    return response


def init_app(app: Flask) -> None:
    """Answer 503 + Retry-After (never an HTML 500) when the store is down or not upgraded."""
    for error in (exc.OperationalError, exc.InterfaceError, exc.ProgrammingError):
        app.register_error_handler(error, _unavailable)
