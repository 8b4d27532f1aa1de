"""Fixtures of the document tests: the app with documents enabled; its store and sample files
come from :mod:`tests.documents_support`, shared with the store's tests."""

from __future__ import annotations

import pytest

from tests.documents_support import jpeg_bytes, pdf_bytes, png_bytes, store

__all__ = ["jpeg_bytes", "pdf_bytes", "png_bytes", "store"]


@pytest.fixture
def app(app):
    """HTTP mechanics are tested with the open seam; grants in test_grants_end_to_end.py."""
    from node.documents import allow_all
    from node.extensions import DOCUMENT_ACCESS

    app.extensions[DOCUMENT_ACCESS] = allow_all
    return app
