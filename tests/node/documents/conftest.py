"""Fixtures of the document tests: the app with documents enabled, its store, sample files."""

from __future__ import annotations

import pytest

from simulator.documents import jpeg, pdf, png
from tests.node.documents.helpers import prepare


@pytest.fixture
def app(app):
    """HTTP mechanics are tested with the open seam; grants in test_grants_end_to_end.py."""
    from node.documents import allow_all
    from node.extensions import DOCUMENT_ACCESS

    app.extensions[DOCUMENT_ACCESS] = allow_all
    return app


@pytest.fixture
def store(app):
    """The app's document store (filesystem, under the test's tmp_path)."""
    return prepare(app)


@pytest.fixture
def png_bytes() -> bytes:
    return png(40, 30, bytes(range(32)))


@pytest.fixture
def jpeg_bytes() -> bytes:
    return jpeg(32, 24, bytes(range(32)))


@pytest.fixture
def pdf_bytes() -> bytes:
    return pdf("A patent full text")
