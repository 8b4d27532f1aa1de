"""Documents: the images and PDFs a record references, harvested, stored once, served by grant.

* :mod:`node.documents.store` — content-addressed blobs (filesystem or S3-compatible);
* :mod:`node.documents.models` — ``Document`` (one blob) and ``RecordDocument`` (a published
  record's reference to one), plus the per-office fetch configuration and the scan marker;
* :mod:`node.documents.sniff` — what a file really is, from its first bytes;
* :mod:`node.documents.references` — which files an ST.96 record references;
* :mod:`node.documents.listing` — the ``<about>`` fragment listing a record's document URLs,
  added by the OAI-PMH provider only for clients with a "documents" grant;
* :mod:`node.documents.views` — ``GET/HEAD /documents/<office>/<ip_type>/<sha256>``.

``init_app(app)`` attaches the store and the default (open) access seam; access control
replaces the seam with its own (see :data:`DOCUMENT_ACCESS`).
"""

from __future__ import annotations

from flask import Flask, current_app

from node.documents.store import DocumentStore, open_store
from node.extensions import DOCUMENT_ACCESS, DOCUMENT_STORE


def allow_all(_request, _office: str, _ip_type: str) -> bool:
    """The default seam: everything is readable until access control installs its own."""
    return True


def init_app(app: Flask) -> DocumentStore:
    """Open the store named by ``DOCUMENT_STORE``, register the blueprint, install the seam."""
    from node.documents import listing, views
    from node.oai.handlers import register_about_provider

    store = open_store(app.config["DOCUMENT_STORE"], app.config)
    app.extensions[DOCUMENT_STORE] = store
    app.extensions.setdefault(DOCUMENT_ACCESS, allow_all)
    app.register_blueprint(views.bp)
    register_about_provider(app, listing.page_abouts)
    return store


def get_store() -> DocumentStore:
    """The current app's document store."""
    return current_app.extensions[DOCUMENT_STORE]
