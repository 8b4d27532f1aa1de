"""``GET``/``HEAD /documents/<OFFICE>/<ip_type>/<sha256>``: one document, by grant.

Why this URL shape: the digest makes it stable for as long as the bytes do and gives a strong
ETag for free; the office and IP type in the path are what the grant is about, so deciding
access is one call to the seam and one indexed lookup, with no record to load. The same image
referenced by two offices' records has two URLs (one per grant) but is stored once.

Order of checks, so nothing leaks: the access seam first (a client without a "documents"
grant gets 403 whether or not the document exists), then existence (404), then conditional
headers (304/412), then ``Range`` (206/416). The body is streamed from the store in chunks.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from urllib.parse import quote

from flask import Blueprint, Response, abort, current_app, request
from sqlalchemy import select

from node.documents.ranges import Multipart, Span, Unsatisfiable, resolve
from node.documents.seam import allow_all, get_store
from node.extensions import DOCUMENT_ACCESS
from node.storage import get_db
from store.document_files import valid_digest
from store.document_models import Document, RecordDocument
from store.models import IP_TYPES, PublishedRecord

bp = Blueprint("documents", __name__, url_prefix="/documents")

#: Sent with every document: never rendered as anything but its declared type, never framed
#: with scripts, cached only by the client itself (access depends on credentials).
SAFETY_HEADERS = {
    "X-Content-Type-Options": "nosniff",
    "Content-Security-Policy": "default-src 'none'; sandbox",
    "Cache-Control": "private, max-age=3600",
    "Vary": "Authorization",
    "Accept-Ranges": "bytes",
}


@dataclass(frozen=True, slots=True)
class Found:
    """What the view needs about one servable document."""

    sha256: str
    size: int
    mime_type: str
    created_at: datetime
    filename: str

    @property
    def etag(self) -> str:
        return self.sha256


@bp.route("/<office>/<ip_type>/<sha256>", methods=["GET", "HEAD"])
def document(office: str, ip_type: str, sha256: str) -> Response:
    """Serve one document to a client whose grant covers ``office`` × ``ip_type``."""
    if ip_type not in IP_TYPES or not valid_digest(sha256):
        abort(404)
    denied = _check_access(office, ip_type)
    if denied is not None:
        return denied
    found = find(office, ip_type, sha256)
    if found is None:
        abort(404)
    return _respond(found)


def _check_access(office: str, ip_type: str) -> Response | None:
    """None when allowed; else the seam's own response (e.g. 401) or a plain 403."""
    decision = current_app.extensions.get(DOCUMENT_ACCESS, allow_all)(request, office, ip_type)
    if isinstance(decision, Response):
        return decision
    if not decision:
        return Response(
            "No documents grant for this office and IP type.\n", 403, mimetype="text/plain"
        )
    return None


def find(office: str, ip_type: str, sha256: str) -> Found | None:
    """The document if a live published record of ``office``/``ip_type`` references it.

    Any row with a stored blob counts, whatever its last fetch did: a record whose new file
    failed keeps serving its previous one, like ingest keeps an office's last good record.
    """
    query = (
        select(Document, RecordDocument.reference)
        .join(RecordDocument, RecordDocument.sha256 == Document.sha256)
        .join(PublishedRecord, PublishedRecord.id == RecordDocument.published_record_id)
        .where(
            Document.sha256 == sha256,
            RecordDocument.office_code == office,
            RecordDocument.ip_type == ip_type,
            PublishedRecord.deleted.is_(False),
        )
        .limit(1)
    )
    with get_db().session() as session:
        row = session.execute(query).first()
    if row is None:
        return None
    doc, reference = row
    return Found(doc.sha256, doc.size, doc.mime_type, doc.created_at, _filename(reference))


def _filename(reference: str) -> str:
    return reference.rstrip("/").rsplit("/", 1)[-1].split("?", 1)[0] or "document"


def _respond(found: Found) -> Response:
    if _precondition_failed(found):
        return _bare(found, 412)
    if _not_modified(found):
        return _bare(found, 304)
    if request.method != "GET" or not _if_range_matches(found):
        return _whole(found)
    try:
        spans = resolve(request.headers.get("Range"), found.size)
    except Unsatisfiable:
        return _bare(found, 416)
    if spans is None:
        return _whole(found)
    return _partial(found, spans[0]) if len(spans) == 1 else _multipart(found, spans)


def _precondition_failed(found: Found) -> bool:
    """If-Match (strong comparison): a client editing against a version it no longer has."""
    if_match = request.if_match
    return bool(if_match) and not if_match.is_strong(found.etag) and not if_match.star_tag


def _not_modified(found: Found) -> bool:
    """If-None-Match (weak comparison) wins over If-Modified-Since, as RFC 9110 §13.2.2 says."""
    if request.if_none_match:
        return request.if_none_match.contains_weak(found.etag)
    since = request.if_modified_since
    return since is not None and found.created_at <= since.replace(tzinfo=None)


def _if_range_matches(found: Found) -> bool:
    """If-Range: the range applies only to the representation the client already has."""
    if_range = request.if_range
    if if_range.etag is not None:
        return if_range.etag == found.etag  # strong comparison; weak tags never match
    if if_range.date is not None:
        return if_range.date.replace(tzinfo=None) == found.created_at
    return True


def _headers(found: Found, response: Response) -> Response:
    response.headers.update(SAFETY_HEADERS)
    response.set_etag(found.etag)
    response.last_modified = found.created_at
    name = quote(found.filename)
    response.headers["Content-Disposition"] = f"inline; filename*=UTF-8''{name}"
    return response


def _bare(found: Found, status: int) -> Response:
    response = Response(status=status)
    if status == 416:
        response.headers["Content-Range"] = f"bytes */{found.size}"
    return _headers(found, response)


def _reader(found: Found):
    """``read(start, end)`` bound to the store now: the body runs after the request context."""
    store = get_store()
    return lambda start, end: store.read(found.sha256, start, end)


def _stream(found: Found, start: int, end: int) -> Iterator[bytes]:
    return _reader(found)(start, end)


def _streamed(found: Found, body: Iterator[bytes], status: int, length: int, mimetype: str):
    response = Response(body, status=status, mimetype=mimetype, direct_passthrough=True)
    response.content_length = length
    return _headers(found, response)


def _whole(found: Found) -> Response:
    body = _stream(found, 0, found.size) if request.method == "GET" else iter(())
    return _streamed(found, body, 200, found.size, found.mime_type)


def _partial(found: Found, span: Span) -> Response:
    body = _stream(found, span.start, span.end)
    response = _streamed(found, body, 206, span.end - span.start, found.mime_type)
    response.headers["Content-Range"] = span.content_range(found.size)
    return response


def _multipart(found: Found, spans: list[Span]) -> Response:
    parts = Multipart(spans, found.size, found.mime_type)
    body = parts.body(_reader(found))
    response = _streamed(found, body, 206, parts.content_length(), found.mime_type)
    response.headers["Content-Type"] = parts.media_type
    return response
