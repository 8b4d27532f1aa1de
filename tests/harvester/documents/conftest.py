"""Fixtures of the document-harvest tests: the simulator's documents endpoint in a thread."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import AbstractContextManager

import pytest

from simulator.documents import DocumentsApp
from store.document_models import DocumentSource
from store.models import HarvestRun
from tests import serving
from tests.documents_support import add_office, store  # noqa: F401  (fixture)


def serve(wsgi_app) -> AbstractContextManager[str]:
    """``wsgi_app`` on a free local port; yields its base URL."""
    return serving.serve(wsgi_app, path="")


@pytest.fixture
def office_docs() -> DocumentsApp:
    return DocumentsApp()


@pytest.fixture
def office_url(office_docs: DocumentsApp) -> Iterator[str]:
    with serve(office_docs) as url:
        yield url


def configure(db, office: str, url: str) -> None:
    """Point ``office``'s documents endpoint at ``url``/documents/{filename}."""
    office_id = add_office(db, office)
    with db.session() as session:
        session.merge(
            DocumentSource(office_id=office_id, url_pattern=url + "/documents/{filename}")
        )


def new_run(db, office: str = "KH") -> int:
    office_id = add_office(db, office)
    with db.session() as session:
        run = HarvestRun(office_id=office_id, errors=[])
        session.add(run)
        session.flush()
        return run.id
