"""The documents' seams: where an app keeps its document store and its access check.

Access control replaces the open default (:func:`allow_all`) under :data:`ACCESS_KEY`.
"""

from __future__ import annotations

from flask import current_app

from store.document_files import DocumentStore

STORE_KEY = "iphub.document_store"
ACCESS_KEY = "iphub.document_access"


def allow_all(_request, _office: str, _ip_type: str) -> bool:
    """The default seam: everything is readable until access control installs its own."""
    return True


def get_store() -> DocumentStore:
    """The current app's document store."""
    return current_app.extensions[STORE_KEY]
