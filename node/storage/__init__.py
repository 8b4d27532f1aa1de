"""Storage: SQLAlchemy models, the Database handle, Alembic migrations."""

from __future__ import annotations

from flask import Flask, current_app

from store.database import Database

EXTENSION_KEY = "iphub.db"


def init_app(app: Flask) -> Database:
    """Attach one Database to the app (engine pools are per process, which is what we want);
    a store outage answers 503 with Retry-After (:mod:`store.outage`)."""
    from store import outage

    db = Database(app.config["DATABASE_URL"], schema=app.config.get("DATABASE_SCHEMA"))
    app.extensions[EXTENSION_KEY] = db
    outage.init_app(app)
    return db


def get_db() -> Database:
    """The current app's Database."""
    return current_app.extensions[EXTENSION_KEY]
