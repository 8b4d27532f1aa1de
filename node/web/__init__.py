"""What every HTML page of the node shares: error pages in the site's layout, confirmations of
destructive actions, and the security headers that forbid inline script.

``init_app(app)`` is called by the app factory; the portal, console and quality pages rely on it.
"""

from __future__ import annotations

from flask import Flask

from node.web import confirm, errors, headers


def init_app(app: Flask) -> None:
    """Error handlers, the ``confirm_question`` template global and the page headers."""
    errors.init_app(app)
    confirm.init_app(app)
    headers.init_app(app)
