"""Documents: the images and PDFs a record references, harvested, stored once, served by grant.

* :mod:`store.document_files` — content-addressed blobs (filesystem or S3-compatible);
* :mod:`store.document_models` — ``Document`` (one blob) and ``RecordDocument`` (a published
  record's reference to one), plus the per-office fetch configuration and the scan marker;
* :mod:`store.document_sniff` — what a file really is, from its first bytes;
* :mod:`store.document_refs` — which files an ST.96 record references;
* :mod:`node.documents.listing` — the ``<about>`` fragment listing a record's document URLs,
  added by the OAI-PMH provider only for clients with a "documents" grant;
* :mod:`node.documents.views` — ``GET/HEAD /documents/<office>/<ip_type>/<sha256>``.

``init_app(app)`` attaches the store and the default (open) access seam; access control
replaces the seam with its own (see :data:`DOCUMENT_ACCESS`).
"""

from __future__ import annotations

from flask import Flask

from node.documents import listing, views
from node.documents.seam import allow_all, get_store
from node.extensions import DOCUMENT_ACCESS, DOCUMENT_STORE
from node.oai.handlers import register_about_provider
from store.document_files import DocumentStore, open_store

__all__ = ["allow_all", "get_store", "init_app"]


def init_app(app: Flask) -> DocumentStore:
    """Open the store named by ``DOCUMENT_STORE``, register the blueprint, install the seam."""
    store = open_store(app.config["DOCUMENT_STORE"], app.config)
    app.extensions[DOCUMENT_STORE] = store
    app.extensions.setdefault(DOCUMENT_ACCESS, allow_all)
    app.register_blueprint(views.bp)
    register_about_provider(app, listing.page_abouts)
    return store
