"""Error answers: pages in the site's layout for people, JSON for the APIs, and the protocol
endpoints' own plain answers left alone.

A bad filter value, a refused or unknown page must look like the rest of the site and say in one
sentence what went wrong; a script calling ``/api/...`` must get JSON it can parse, never HTML.
"""

from __future__ import annotations

from flask import Flask, jsonify, render_template, request
from werkzeug.exceptions import HTTPException

#: Codes answered with a page (or JSON under /api/).
CODES = (400, 403, 404, 405)
#: Machine endpoints with their own error formats (OAI-PMH, OAuth 2.0, document downloads).
PROTOCOL_PREFIXES = ("/oai", "/oauth", "/documents")
API_PREFIX = "/api/"

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


def message(error: HTTPException) -> str:
    """The sentence shown: the view's own description, else the code's explanation."""
    generic = type(error).description
    if error.description and error.description != generic:
        return error.description
    return EXPLANATIONS.get(error.code or 400, generic or "")


def handle(error: HTTPException):
    """One handler for every code in :data:`CODES`, choosing the format by the URL."""
    path = request.path
    if path.startswith(PROTOCOL_PREFIXES):
        return error
    if path.startswith(API_PREFIX):
        response = jsonify(error=error.name, status=error.code, message=message(error))
        response.status_code = error.code
        return response
    page = render_template(
        "error.html", error=error, title=TITLES.get(error.code, error.name), text=message(error)
    )
    return page, error.code


def init_app(app: Flask) -> None:
    for code in CODES:
        app.register_error_handler(code, handle)
