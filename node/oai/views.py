"""The ``/oai`` endpoint: a thin view that validates, dispatches and streams.

GET and POST (``application/x-www-form-urlencoded``) are answered alike. Protocol errors are
HTTP 200 with ``<error>`` elements (never 4xx/5xx); the scope resolver may answer first (e.g.
401). Responses stream through ``stream_with_context`` and are compressed with gzip or deflate
when the client's Accept-Encoding allows it.
"""

from __future__ import annotations

from collections.abc import Iterable

from flask import Blueprint, Response, current_app, request, stream_with_context

from node.oai import handlers, render, verbs
from node.oai.dates import utcnow
from node.oai.errors import BadArgument, BadVerb, OAIError, OAIErrors
from node.oai.handlers import Context
from node.oai.scope import Scope, resolve
from node.oai.tokens import TokenCodec
from node.storage import get_db

bp = Blueprint("oai", __name__)

CONTENT_TYPE = "text/xml; charset=utf-8"


@bp.route("/oai", methods=["GET", "POST"])
def endpoint() -> Response:
    """Answer one OAI-PMH request."""
    scope = resolve(request)
    if isinstance(scope, Response):
        return scope
    context = _context(scope)
    try:
        oai_request = verbs.validate(request.values)
        body = handlers.dispatch(context, oai_request)
    except (OAIError, OAIErrors) as raised:
        return _error_response(context, raised)
    echo = {"verb": oai_request.verb, **oai_request.args}
    return _respond(context, echo, body)


def _context(scope: Scope) -> Context:
    config = current_app.config
    return Context(
        db=get_db(),
        scope=scope,
        codec=TokenCodec(config["SECRET_KEY"], config["OAI_TOKEN_TTL"]),
        base_url=config.get("BASE_URL") or request.base_url,
        now=utcnow(),
        page_size=config["OAI_PAGE_SIZE"],
        repository_name=config["REPOSITORY_NAME"],
        repository_identifier=config["REPOSITORY_IDENTIFIER"],
        admin_email=config["ADMIN_EMAIL"],
    )


def _error_response(context: Context, raised: OAIError | OAIErrors) -> Response:
    errors = raised.errors if isinstance(raised, OAIErrors) else (raised,)
    syntax = any(isinstance(e, BadVerb | BadArgument) for e in errors)
    echo = None if syntax else _echo_arguments()
    return _respond(context, echo, [render.errors_body(errors)])


def _echo_arguments() -> dict[str, str]:
    """The request's arguments for ``<request>`` when they were legal (spec 3.2)."""
    return {key: request.values[key] for key in request.values}


def _respond(context: Context, echo: dict[str, str] | None, body: Iterable[bytes]) -> Response:
    def generate() -> Iterable[bytes]:
        yield render.envelope_open(context.now, context.base_url, echo)
        yield from body
        yield render.ENVELOPE_CLOSE

    encoding = _encoding()
    chunks = render.compressed(render.chunked(generate()), encoding)
    response = Response(stream_with_context(chunks), content_type=CONTENT_TYPE)
    response.headers["Vary"] = "Accept-Encoding"
    if encoding:
        response.headers["Content-Encoding"] = encoding
    return response


def _encoding() -> str | None:
    """gzip, else deflate, when the client accepts it with a non-zero quality."""
    accepted = request.accept_encodings
    for encoding in ("gzip", "deflate"):
        if encoding in accepted and accepted[encoding] > 0:
            return encoding
    return None
