"""The OAI-PMH 2.0 provider: ``/oai`` serving published ST.96, oai_dc and original records.

Register with ``app.register_blueprint(oai.bp)`` and ``oai.init_app(app)`` (installs the default,
open view resolver). See docs/oai-pmh.md for the protocol choices, among them the stateless
resumption tokens whose list upper bound is frozen at the first request
(:mod:`node.oai.resumption`).
"""

from __future__ import annotations

from flask import Flask

from node.oai import client_view
from node.oai.views import bp

__all__ = ["bp", "init_app"]


def init_app(app: Flask) -> None:
    """Install the provider's defaults: the open view resolver unless one is already set."""
    client_view.init_app(app)
