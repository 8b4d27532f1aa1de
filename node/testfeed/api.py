"""The test feed's JSON API (blueprint ``testfeed_api`` at ``/api/v1``).

``POST /api/v1/offices/<CODE>/test-feed`` tests a file (multipart field ``file``, or the raw
body with ``?filename=``) or an endpoint (JSON or form: ``url``, optional ``set``), with
``metadata_prefix``; it answers 201 with the delivery's summary once it is checked (a delivery
holds at most the coordinator's limit of records, so the answer comes in the request).
Credentials as for uploads: the office's staff, a coordinator, or ``CODE:upload-key``.

``GET /api/v1/test-feed?office=KH`` lists deliveries, ``GET /api/v1/test-feed/<id>`` gives the
summary with findings by rule and their guidance, ``.../records`` the records and
``.../records/<rid>`` one record with its findings, the ST.96 produced and the original sent.
Errors come in the node's one JSON shape (:func:`node.web.errors.handle`).
"""

from __future__ import annotations

from flask import Blueprint, abort, current_app, jsonify, request

from node.access.principals import from_request
from node.access.resolver import authenticate_office
from node.access.viewer import api_viewer, authorised_office
from node.params import int_arg
from node.storage import get_db
from node.testfeed import access
from store.testfeed import FileTooLarge, Refused
from store.testfeed.models import TestDelivery
from store.testfeed.report import (
    delivery_json,
    record_count,
    record_json,
    record_row_json,
    records_page,
    summary_json,
)

bp = Blueprint("testfeed_api", __name__, url_prefix="/api/v1")

PAGE_MAX = 500
#: What a multipart envelope may add to a test file's bytes.
ENVELOPE_BYTES = 64 * 1024


def _sender(code: str) -> str:
    """Who starts a test of office ``code``: its staff, a coordinator, or its upload key."""
    if authenticate_office(request, code):
        principal, _ = from_request()
        return principal.name if principal is not None else code.upper()
    viewer = api_viewer()
    if not viewer.may_see(code):
        abort(403, description=f"only {code.upper()}'s staff and coordinators may test its feed")
    return viewer.name


@bp.post("/offices/<code>/test-feed")
def create(code: str):
    """Check a test file or a test endpoint now; 201 with the summary, nothing published."""
    by = _sender(code)
    _refuse_oversized()
    body = request.get_json(silent=True) if request.is_json else None
    values = body if isinstance(body, dict) else request.values
    prefix = str(values.get("metadata_prefix") or "").strip()
    if not prefix:
        abort(400, description="metadata_prefix is required (e.g. st66, st36, st86, st96)")
    db, config = get_db(), current_app.config
    feed = access.runner()
    try:
        if values.get("url"):
            delivery_id = feed.try_endpoint(db, config, code, str(values["url"]), prefix, by=by,
                                            set_spec=str(values.get("set") or ""))  # fmt: skip
        else:
            sent = request.files.get("file")
            data = sent.read() if sent is not None else request.get_data()
            name = (sent.filename if sent is not None else None) or request.args.get("filename")
            delivery_id = access.runner().try_upload(
                db, config, code, name or "upload.xml", data, prefix, by=by
            )
    except FileTooLarge as refused:
        abort(413, description=str(refused))
    except Refused as refused:
        abort(400, description=str(refused))
    return jsonify(_summary(delivery_id)), 201


def _summary(delivery_id: int) -> dict:
    """The summary of a delivery just made (its sender was checked for its office)."""
    with get_db().session() as session:
        delivery = session.get(TestDelivery, delivery_id)
        return summary_json(session, delivery, access.limits(session, current_app.config))


def _refuse_oversized() -> None:
    """413 before the body is read when its declared length is over the test-file limit (a
    little more for the multipart envelope)."""
    with get_db().session() as session:
        max_bytes = access.limits(session, current_app.config).max_bytes
    if (request.content_length or 0) > max_bytes + ENVELOPE_BYTES:
        abort(413, description=f"test files are limited to {max_bytes:,} bytes (send a sample)")


@bp.get("/test-feed")
def listing():
    """The caller's office's deliveries (a coordinator: any office's, or all)."""
    office = authorised_office(api_viewer(), request.args.get("office"))
    with get_db().session() as session:
        limits = access.limits(session, current_app.config)
        found = [delivery_json(d, limits) for d in access.deliveries(session, office)]
    return jsonify(deliveries=found, max_records=limits.max_records,
                   retention_days=limits.retention_days)  # fmt: skip


@bp.get("/test-feed/<int:delivery_id>")
def detail(delivery_id: int):
    viewer = api_viewer()
    with get_db().session() as session:
        delivery = access.visible_delivery(session, delivery_id, viewer.may_see)
        return jsonify(summary_json(session, delivery, access.limits(session, current_app.config)))


@bp.get("/test-feed/<int:delivery_id>/records")
def records(delivery_id: int):
    viewer = api_viewer()
    limit = min(int_arg("limit", 100, minimum=1), PAGE_MAX)
    offset = int_arg("offset", 0)
    with get_db().session() as session:
        delivery = access.visible_delivery(session, delivery_id, viewer.may_see)
        rows = [record_row_json(r) for r in records_page(session, delivery.id, offset, limit)]
        total = record_count(session, delivery.id)
    return jsonify(total=total, offset=offset, limit=limit, records=rows)


@bp.get("/test-feed/<int:delivery_id>/records/<int:record_id>")
def record(delivery_id: int, record_id: int):
    viewer = api_viewer()
    with get_db().session() as session:
        delivery = access.visible_delivery(session, delivery_id, viewer.may_see)
        return jsonify(record_json(access.visible_record(session, delivery, record_id)))
