"""The ``app.extensions`` keys of the node's parts, each written once.

A part that installs something on the app (a resolver, a registry, a store) and the parts that
read it import the key from here, so a key cannot be misspelt in one place and silently miss.
The store's own key (``node.storage.EXTENSION_KEY``) stays with the store, the lowest layer.
"""

from __future__ import annotations

#: ``request -> OaiView | Response``: what the caller may harvest (:mod:`node.oai.client_view`;
#: access control installs :func:`node.access.resolver.resolve_oai_view`).
OAI_VIEW_RESOLVER = "iphub.oai_view_resolver"
#: The provider's metadata formats, prefix → format (:mod:`node.oai.formats`).
OAI_FORMATS = "iphub.oai_formats"
#: Functions adding a per-client ``about`` to records
#: (:func:`node.oai.handlers.register_about_provider`).
OAI_ABOUT_PROVIDERS = "iphub.oai_about_providers"
#: The document store (:mod:`node.documents`).
DOCUMENT_STORE = "iphub.document_store"
#: ``(request, office, ip_type) -> bool | Response``: may the caller read those documents.
DOCUMENT_ACCESS = "iphub.document_access"
