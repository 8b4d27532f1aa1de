"""The ``/oai`` endpoint: a thin view that validates, dispatches and streams.

GET and POST (``application/x-www-form-urlencoded``) are answered alike. Protocol errors are
HTTP 200 with ``<error>`` elements (never 4xx/5xx); the view resolver may answer first (e.g.
401). Responses stream through ``stream_with_context`` and are compressed with gzip or deflate
when the client's Accept-Encoding allows it.
"""

from __future__ import annotations

from collections.abc import Iterable

from flask import Blueprint, Response, current_app, request, stream_with_context

from node.oai import formats, render, verbs
from node.oai.client_view import OaiView, resolve
from node.oai.handlers import HANDLERS, Context
from node.oai.resumption import TokenCodec
from node.storage import get_db
from oaiprotocol.errors import OAIError, OAIErrors, echo_arguments
from store.base import utcnow

bp = Blueprint("oai", __name__)

CONTENT_TYPE = "text/xml; charset=utf-8"


@bp.route("/oai", methods=["GET", "POST"])
def endpoint() -> Response:
    """Answer one OAI-PMH request."""
    view = resolve(request)
    if isinstance(view, Response):
        return view
    context = _context(view)
    try:
        oai_request = verbs.validate(request.values, context.formats)
        body = HANDLERS[oai_request.verb](context, oai_request)
    except (OAIError, OAIErrors) as raised:
        return _error_response(context, raised)
    echo = {"verb": oai_request.verb, **oai_request.args}
    return _respond(context, echo, body)


def _context(view: OaiView) -> Context:
    config = current_app.config
    return Context(
        db=get_db(),
        view=view,
        formats=formats.registry(),
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
    echo = _echo_arguments() if echo_arguments(errors) else None
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
