"""What one client may harvest: the hook between the OAI-PMH provider and access control.

The view asks ``current_app.extensions[OAI_VIEW_RESOLVER](request)`` for a :class:`OaiView`
(or a ready :class:`flask.Response`, e.g. a 401 with ``WWW-Authenticate``, returned as is).
:func:`init_app` installs a resolver granting everything, so the node is open until the access
control package installs its own. Everything outside a view answers exactly as if it did not
exist (idDoesNotExist, noRecordsMatch, absent from ListSets): a client cannot probe for data it
may not see. Resumption tokens are bound to ``client_id``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from flask import Flask, Request, Response, current_app

from node.extensions import OAI_VIEW_RESOLVER


@dataclass(frozen=True)
class OaiView:
    """A client's view of the store."""

    client_id: str | None
    grants: frozenset[tuple[str, str]] | None  # (office_code, ip_type); None = unrestricted
    originals: bool = True  # may harvest the offices' original records (prefix ``original``)

    def allows(self, office: str, ip_type: str) -> bool:
        """Whether records of ``office`` and ``ip_type`` are visible."""
        return self.grants is None or (office, ip_type) in self.grants

    def allows_documents(self, office: str, ip_type: str) -> bool:
        """Whether the documents of those records are too: "data and documents" grants, the
        office itself and coordinators (the same callers that see the originals)."""
        return self.originals and self.allows(office, ip_type)


UNRESTRICTED = OaiView(client_id=None, grants=None, originals=True)

ViewResolver = Callable[[Request], "OaiView | Response"]


def open_resolver(_request: Request) -> OaiView:
    """The default: anonymous and unrestricted."""
    return UNRESTRICTED


def init_app(app: Flask) -> None:
    """Install the open resolver unless access control already installed one."""
    app.extensions.setdefault(OAI_VIEW_RESOLVER, open_resolver)


def resolve(request: Request) -> OaiView | Response:
    """The current request's view, or the response the resolver wants sent instead."""
    return current_app.extensions.get(OAI_VIEW_RESOLVER, open_resolver)(request)
