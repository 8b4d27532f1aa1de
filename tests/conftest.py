"""Shared fixtures: an app per test on its own database, on SQLite and (when configured) PostgreSQL.

Setting ``IPHUB_TEST_DATABASE_URL`` (``.ci/run`` does) runs every database test a second time
on PostgreSQL, each test in a schema of its own that is dropped afterwards. If the variable is
set but the server cannot be reached, the run fails at start: a silent skip would hide that CI
never tested PostgreSQL. ``IPHUB_TEST_BROKER_URL`` (RabbitMQ, also set by ``.ci/run``) does the
same for the tests of the Celery path (``tests/tasks``), which are skipped without it.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text

from iphub.app import create_app
from node.storage import get_db
from store.database import Database, normalise_database_url
from tests import schemas
from tests.serving import serve
from tests.stores import StoreTemplates

PG_ENV = "IPHUB_TEST_DATABASE_URL"
BROKER_ENV = "IPHUB_TEST_BROKER_URL"
DATA = Path(__file__).parent / "data"
SHARED = Path(__file__).resolve().parent.parent.parent / "shared"


def pytest_sessionstart(session: pytest.Session) -> None:
    if schemas.required() and schemas.missing():
        pytest.exit(f"{schemas.REQUIRE_ENV} is set: {'; '.join(schemas.missing())}", returncode=1)
    _check_broker()
    url = os.environ.get(PG_ENV)
    if not url:
        return
    try:
        engine = create_engine(normalise_database_url(url))
        with engine.connect() as connection:
            connection.execute(text("SELECT 1"))
        engine.dispose()
    except Exception as error:  # any driver error means the same: CI cannot test PostgreSQL
        pytest.exit(f"{PG_ENV}={url} is set but PostgreSQL is unreachable: {error}", returncode=1)


def pytest_terminal_summary(terminalreporter) -> None:
    """Say what this run did not cover, so a green run is not mistaken for a complete one."""
    notes = [f"schema-dependent tests skipped: {why}" for why in schemas.missing()]
    if not os.environ.get(PG_ENV):
        notes.append(
            f"PostgreSQL variants not collected: set {PG_ENV}="
            "postgresql://postgres@127.0.0.1:5432/test (as .ci/run does) to run them"
        )
    for note in notes:
        terminalreporter.write_line(f"iphub: {note}", yellow=True)


def _check_broker() -> None:
    """``IPHUB_TEST_BROKER_URL`` set (as ``.ci/run`` does) but the broker unreachable: fail the
    run at start, as for PostgreSQL; unset, the tests that need a broker are skipped."""
    url = os.environ.get(BROKER_ENV)
    if not url:
        return
    from kombu import Connection

    try:
        with Connection(url, connect_timeout=5) as connection:
            connection.ensure_connection(max_retries=1, timeout=5)
    except Exception as error:  # any transport error means CI cannot test the Celery path
        pytest.exit(f"{BROKER_ENV}={url} is set but the broker is unreachable: {error}",
                    returncode=1)  # fmt: skip


def backends() -> list:
    params = [pytest.param("sqlite", id="sqlite")]
    if os.environ.get(PG_ENV):
        params.append(pytest.param("postgresql", id="postgresql"))
    return params


@pytest.fixture(params=backends())
def database(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[tuple[str, str | None]]:
    """(database URL, schema) of an empty store private to this test."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'iphub.sqlite'}", None
        return
    url = normalise_database_url(os.environ[PG_ENV])
    schema = f"iphub_test_{uuid.uuid4().hex[:12]}"
    admin = create_engine(url, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'CREATE SCHEMA "{schema}"'))
    try:
        yield url, schema
    finally:
        with admin.connect() as connection:
            connection.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin.dispose()


def app_settings(database: tuple[str, str | None], documents: Path) -> dict:
    """The config of a test app on ``database`` (URL, schema); a second app on the same pair
    is another worker or replica of the same node."""
    url, schema = database
    return {
        "TESTING": True,
        "SECRET_KEY": "test-secret",
        "DATABASE_URL": url,
        "DATABASE_SCHEMA": schema,
        "DOCUMENT_STORE": str(documents),
    }


@pytest.fixture(scope="session")
def store_templates(tmp_path_factory: pytest.TempPathFactory) -> Iterator[StoreTemplates]:
    """This test process's migrated stores, which each test's store is copied from."""
    templates = StoreTemplates(tmp_path_factory.mktemp("store-templates"))
    yield templates
    templates.close()


@pytest.fixture
def app(database: tuple[str, str | None], tmp_path: Path, store_templates: StoreTemplates):
    """A migrated app on its own database."""
    url, schema = database
    if schema is None:
        store_templates.fill_sqlite(Path(url.removeprefix("sqlite:///")))
    else:
        store_templates.fill_postgresql(url, schema)
    app = create_app({**app_settings(database, tmp_path / "documents"), "WTF_CSRF_ENABLED": True})
    yield app
    app.extensions["iphub.db"].dispose()


@pytest.fixture
def db(app) -> Database:
    with app.app_context():
        return get_db()


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def runner(app):
    return app.test_cli_runner()


@pytest.fixture
def node_url(app) -> Iterator[str]:
    """The app served on a free local port, for harvesters that talk HTTP to it: its /oai URL."""
    with serve(app, join_timeout=5) as url:
        yield url


@pytest.fixture(scope="session")
def shared_dir() -> Path:
    """The read-only reference material beside the project (office export paths, WIPO's
    examples); tests needing it skip without it. Schemas come from :mod:`tests.schemas`."""
    if not SHARED.is_dir():
        pytest.skip("../shared/ reference material is not present")
    return SHARED


@pytest.fixture(scope="session")
def st96_dir() -> Path:
    """The ST.96 V6_0 schema directory (skips, naming `iphub xsd fetch`, when absent)."""
    return schemas.st96_dir()


@pytest.fixture(scope="session")
def oai_xsd_dir() -> Path:
    """The OAI-PMH schema directory (skips, naming `iphub xsd fetch`, when absent)."""
    return schemas.oai_dir()
