"""The one shape of a JSON API's error, for every API of the node and the harvester::

    {"error": "bad-request", "status": 400, "message": "by must be run or cycle"}

``error`` is a stable code a script can test (:data:`JSON_CODES`), ``status`` repeats the HTTP
status, ``message`` is one sentence for a person. The one exception is the OAuth 2.0 token
endpoint, whose errors keep RFC 6749's shape (``{"error": "invalid_client",
"error_description": ...}``, section 5.2) because OAuth clients parse exactly that.

A leaf module (Flask only), so that request hooks, blueprints and the error handlers of
:mod:`node.web.errors` can all import it.
"""

from __future__ import annotations

from flask import Response, jsonify

#: The ``error`` code of a JSON API error, by HTTP status.
JSON_CODES = {
    400: "bad-request",
    401: "unauthorised",
    403: "forbidden",
    404: "not-found",
    405: "method-not-allowed",
    409: "conflict",
    413: "too-large",
    422: "unprocessable",
    429: "too-many-requests",
    500: "internal-error",
    503: "unavailable",
}
#: What a 401 of the JSON APIs asks for: HTTP Basic or a bearer token from /oauth/token.
API_CHALLENGE = 'Basic realm="iphub", Bearer realm="iphub"'


def json_error(status: int, text: str, headers: dict[str, str] | None = None) -> Response:
    """The JSON APIs' one error answer (see the module docstring)."""
    response = jsonify(error=JSON_CODES.get(status, "error"), status=status, message=text)
    response.status_code = status
    response.headers.update(headers or {})
    return response
