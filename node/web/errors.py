"""Error answers: pages in the site's layout for people, JSON for the APIs, and the protocol
endpoints' own plain answers left alone.

A bad filter value, a refused or unknown page must look like the rest of the site and say in one
sentence what went wrong; a script calling ``/api/...`` must get JSON it can parse, never HTML.

Every JSON API answers an error in one shape, :func:`node.json_errors.json_error`.
"""

from __future__ import annotations

from typing import TypeVar

from flask import Flask, abort, render_template, request
from werkzeug.exceptions import HTTPException

from node.json_errors import API_CHALLENGE, json_error

#: Codes answered with a page in the site's layout (every code is JSON under /api/).
CODES = (400, 403, 404, 405)
#: Machine endpoints with their own error formats (OAI-PMH, OAuth 2.0, document downloads).
PROTOCOL_PREFIXES = ("/oai", "/oauth", "/documents")
API_PREFIX = "/api/"

T = TypeVar("T")

TITLES = {
    400: "Bad request",
    403: "Not allowed",
    404: "Not found",
    405: "Not allowed here",
}
EXPLANATIONS = {
    400: "The page got a value it does not accept, or a form that has expired: go back, "
    "reload the page and try again.",
    403: "Your account may not open this page. Each office sees and changes only its own data.",
    404: "There is nothing at this address.",
    405: "This address does not accept that kind of request.",
}


def or_404(found: T | None) -> T:
    """What a route looked up, or a 404 page when it is not there (an id or code from the URL)."""
    if found is None:
        abort(404)
    return found


def message(error: HTTPException) -> str:
    """The sentence shown: the view's own description, else the code's explanation."""
    generic = type(error).description
    if error.description and error.description != generic:
        return error.description
    return EXPLANATIONS.get(error.code or 400, generic or "")


def handle(error: HTTPException):
    """One handler for every HTTP error, choosing the format by the URL: JSON under /api/ for
    any code, a page for :data:`CODES`, else the error as Werkzeug answers it."""
    path = request.path
    if path.startswith(PROTOCOL_PREFIXES):
        return error
    if path.startswith(API_PREFIX):
        if error.response is not None:  # a view's own answer, e.g. abort(bad_request(...))
            return error.response
        headers = {k: v for k, v in error.get_headers() if k.lower() != "content-type"}
        if error.code == 401:
            headers.setdefault("WWW-Authenticate", API_CHALLENGE)
        return json_error(error.code or 500, message(error), headers)
    if error.code not in CODES:
        return error
    page = render_template(
        "error.html", error=error, title=TITLES.get(error.code, error.name), text=message(error)
    )
    return page, error.code


def init_app(app: Flask) -> None:
    app.register_error_handler(HTTPException, handle)
