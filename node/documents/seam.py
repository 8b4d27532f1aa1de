"""The documents' seams: where an app keeps its document store and its access check.

Access control replaces the open default (:func:`allow_all`) under
:data:`node.extensions.DOCUMENT_ACCESS`.
"""

from __future__ import annotations

from flask import current_app

from node.extensions import DOCUMENT_STORE
from store.document_files import DocumentStore


def allow_all(_request, _office: str, _ip_type: str) -> bool:
    """The default seam: everything is readable until access control installs its own."""
    return True


def get_store() -> DocumentStore:
    """The current app's document store."""
    return current_app.extensions[DOCUMENT_STORE]
