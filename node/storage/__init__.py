"""The node's handle on the store: one :class:`store.database.Database` per app, and 503 +
Retry-After (never an HTML 500) while the store is down or not upgraded, so load balancers and
harvesters (sickle and pyoai retry 503) wait instead of failing."""

from __future__ import annotations

from flask import Flask, Response, current_app, request
from sqlalchemy import exc

from node.json_errors import json_error
from store.database import Database
from store.outage import describe

EXTENSION_KEY = "iphub.db"

#: Seconds a client is asked to wait while the store is unavailable.
RETRY_AFTER = 30


def init_app(app: Flask) -> Database:
    """Attach one Database to the app (engine pools are per process, which is what we want);
    a store outage answers 503 with Retry-After."""
    db = Database(app.config["DATABASE_URL"], schema=app.config.get("DATABASE_SCHEMA"))
    app.extensions[EXTENSION_KEY] = db
    for error in (exc.OperationalError, exc.InterfaceError, exc.ProgrammingError):
        app.register_error_handler(error, _unavailable)
    return db


def get_db() -> Database:
    """The current app's Database."""
    return current_app.extensions[EXTENSION_KEY]


def _unavailable(error: exc.DBAPIError) -> Response:
    sentence = describe(error, current_app.config["DATABASE_URL"])
    if sentence is None:
        raise error
    current_app.logger.error("store unavailable: %s", sentence)
    message = "the store is unavailable; retry later"
    if request.path.startswith(("/api/", "/healthz", "/oauth/")):
        response = json_error(503, message)
    else:
        response = Response(f"503 Service Unavailable: {message}.\n", mimetype="text/plain")
    response.status_code = 503
    response.headers["Retry-After"] = str(RETRY_AFTER)
    return response
