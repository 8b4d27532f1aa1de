"""Request parameters as the node accepts them: bounded integers, text without control bytes.

Why here and not in each view: a NUL byte reaches PostgreSQL as a query error, an integer of
twenty digits overflows its columns, ``"²".isdigit()`` is true but ``int("²")`` fails; each was a
500. One hook refuses control characters in every query and form value (``/oai`` answers with
its own protocol errors instead), and :func:`bounded_int` parses paging numbers the same way
everywhere. Refusals are 400 with one sentence: JSON for the APIs, a plain page otherwise.
"""

from __future__ import annotations

import re

from flask import Flask, Response, abort, jsonify, request

from node.json_errors import JSON_CODES, json_error

#: PostgreSQL's ``integer``: the widest value any id, limit or offset column holds.
MAX_INT = 2**31 - 1
#: C0 controls but tab, newline and carriage return (text areas send those), DEL, surrogates.
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ud800-\udfff]")
_DIGITS = re.compile("[0-9]{1,10}")
#: Paths that answer malformed arguments in their own protocol (OAI-PMH ``badArgument``).
OWN_ERRORS = frozenset({"/oai"})
API_PATH, OAUTH_PATH = "/api/", "/oauth/"


class ParamError(ValueError):
    """A request parameter the node cannot use; the message says which and why."""


def has_control_characters(text: str) -> bool:
    return _CONTROL.search(text) is not None


def bounded_int(raw: str | None, name: str, default: int, *, minimum: int = 0) -> int:
    """``raw`` as an int in [minimum, MAX_INT]; ``default`` when absent or empty.

    ASCII digits only: ``"²"``, ``"-1"``, ``"1e9"`` and twenty-digit numbers are a ParamError.
    """
    if raw is None or raw == "":
        return default
    if not _DIGITS.fullmatch(raw) or not minimum <= int(raw) <= MAX_INT:
        raise ParamError(f"{name} must be a whole number from {minimum} to {MAX_INT}")
    return int(raw)


def printable(text: str, limit: int) -> str:
    """``text`` with control characters replaced and cut to ``limit``: safe to store and log."""
    return _CONTROL.sub("?", text)[:limit]


def error_response(status: int, message: str) -> Response:
    """An error in the caller's language: the APIs' JSON error under /api, RFC 6749's under
    /oauth (``invalid_request`` for a 400), else a plain sentence."""
    if request.path.startswith(API_PATH):
        return json_error(status, message)
    if request.path.startswith(OAUTH_PATH):
        code = "invalid_request" if status == 400 else JSON_CODES.get(status, "error")
        response = jsonify(error=code, error_description=message)
    else:
        response = Response(message + "\n", mimetype="text/plain")
    response.status_code = status
    return response


def bad_request(message: str) -> Response:
    return error_response(400, message)


def int_arg(name: str, default: int, *, minimum: int = 0) -> int:
    """A query-string integer, or abort with a 400 that names it."""
    try:
        return bounded_int(request.args.get(name), name, default, minimum=minimum)
    except ParamError as error:
        abort(bad_request(str(error)))


def _refuse_control_characters() -> Response | None:
    if has_control_characters(request.path):
        return bad_request("the path contains control characters")
    if request.path in OWN_ERRORS:
        return None
    values = [*request.args.items(multi=True)]
    if request.mimetype in ("application/x-www-form-urlencoded", "multipart/form-data"):
        values += request.form.items(multi=True)
    for key, value in values:
        if has_control_characters(key) or has_control_characters(value):
            return bad_request(f"the parameter {key!r} contains control characters")
    return None


def init_app(app: Flask) -> None:
    """Refuse control characters in the path, query and form values before any view runs."""
    app.before_request(_refuse_control_characters)
