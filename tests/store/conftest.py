"""Fixtures of the store's tests: the app's document store and sample files, shared with the
node's document tests (:mod:`tests.documents_support`)."""

from __future__ import annotations

from tests.documents_support import jpeg_bytes, pdf_bytes, png_bytes, store

__all__ = ["jpeg_bytes", "pdf_bytes", "png_bytes", "store"]
