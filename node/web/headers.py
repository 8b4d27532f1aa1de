"""Security headers of the HTML pages.

The pages load script only from the node's own static files (``script-src 'self'``), so no
value from the database can ever run as script, even if a template forgot to escape it: the
browser refuses inline script and ``on…=`` attributes outright.
"""

from __future__ import annotations

from flask import Flask, Response

CONTENT_SECURITY_POLICY = (
    "default-src 'self'; script-src 'self'; object-src 'none'; base-uri 'self'; "
    "frame-ancestors 'none'; form-action 'self'"
)


def add_headers(response: Response) -> Response:
    """HTML answers only: XML, JSON and documents are not rendered as pages."""
    if response.mimetype == "text/html":
        response.headers.setdefault("Content-Security-Policy", CONTENT_SECURITY_POLICY)
        response.headers.setdefault("X-Content-Type-Options", "nosniff")
    return response


def init_app(app: Flask) -> None:
    app.after_request(add_headers)
