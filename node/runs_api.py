"""JSON API of runs (blueprint ``runs_api`` at ``/api/v1``): push uploads and runs.

``POST /api/v1/offices/<CODE>/uploads`` (HTTP Basic: user = office code, password = the
office's upload key) takes the file as a multipart field ``file`` or as the raw body;
``metadata_prefix`` comes from the query string or form. ``GET /api/v1/runs?office=KH`` and
``GET /api/v1/runs/<id>`` show what harvests and uploads did.

An upload is stored with a ``pending`` run (:func:`store.uploads.accept`); the harvester's
upload processor (:data:`node.ports.UPLOADS`, plugged in by :mod:`iphub.app`) processes a small
one in the request and drains larger ones in the background. Without it, ``iphub scheduler``
processes them.
"""

from __future__ import annotations

from flask import Blueprint, current_app, jsonify, request, url_for
from sqlalchemy import select

from mappings.pipeline import SUPPORTED_PREFIXES
from node import ports
from node.access.resolver import authenticate_office
from node.access.viewer import api_viewer, authorised_office
from node.json_errors import json_error
from node.params import int_arg
from node.storage import get_db
from node.web.errors import or_404
from store.models import Endpoint, HarvestRun, Office
from store.runs import list_runs, run_json
from store.uploads import CLAIMABLE, UploadError, accept, unsupported

bp = Blueprint("runs_api", __name__, url_prefix="/api/v1")


def _unauthorised():
    return json_error(
        401,
        "HTTP Basic with the office's upload key",
        {"WWW-Authenticate": 'Basic realm="iphub uploads"'},
    )


def _default_prefix(code: str) -> str | None:
    db = get_db()
    with db.session() as session:
        return session.scalar(
            select(Endpoint.metadata_prefix)
            .join(Office, Office.id == Endpoint.office_id)
            .where(Office.code == code.upper())
            .order_by(Endpoint.id)
            .limit(1)
        )


@bp.errorhandler(413)
def _too_large(_error):
    limit = current_app.config.get("MAX_CONTENT_LENGTH")
    return json_error(413, f"uploads are limited to {limit:,} bytes")


@bp.post("/offices/<code>/uploads")
def create_upload(code: str):
    """Store the upload and its run; small ones are processed now (201, or 422 when nothing
    could be stored), larger ones in the background (202 and a Location to poll)."""
    if not authenticate_office(request, code):
        return _unauthorised()
    prefix = request.values.get("metadata_prefix") or _default_prefix(code)
    if not prefix:
        return json_error(400, "metadata_prefix is required")
    sent = request.files.get("file")
    data = sent.read() if sent is not None else request.get_data()
    filename = (sent.filename if sent is not None else None) or request.args.get("filename")
    if not data:
        return json_error(400, "no file: send it as field 'file'")
    try:
        if prefix not in SUPPORTED_PREFIXES:
            raise unsupported(prefix)
        run_id = accept(get_db(), code, filename or "upload.xml", data, prefix)
    except UploadError as error:
        return json_error(400, str(error))
    processor = ports.plugged(current_app, ports.UPLOADS)
    if processor is not None and len(data) <= int(current_app.config["UPLOAD_INLINE_BYTES"]):
        processor.process(run_id)
    run = _run(run_id)
    if run.status in CLAIMABLE:
        if processor is not None:
            processor.kick()
        response = jsonify(run_json(run, code.upper()))
        response.status_code = 202
        response.headers["Location"] = url_for("runs_api.run_detail", run_id=run_id)
        return response
    nothing_stored = run.failed and not (run.new or run.updated or run.unchanged or run.deleted)
    return jsonify(run_json(run, code.upper())), 422 if nothing_stored else 201


def _run(run_id: int) -> HarvestRun:
    with get_db().session() as session:
        return or_404(session.get(HarvestRun, run_id))


@bp.get("/runs")
def runs():
    """Runs an office's staff (own office) or a coordinator (any, or all) may see."""
    office = authorised_office(api_viewer(), request.args.get("office"))
    limit = min(int_arg("limit", 50, minimum=1), 1000)
    listed = list_runs(get_db(), office, limit)
    _keep_uploads_moving(listed)
    return jsonify(runs=listed)


def _keep_uploads_moving(listed: list[dict]) -> None:
    """A client polling an unfinished upload drives it: the background drain is kicked, which
    claims the run when no live process holds it (e.g. its worker was killed)."""
    processor = ports.plugged(current_app, ports.UPLOADS)
    if processor is not None and any(
        r["kind"] == "upload" and r["status"] in CLAIMABLE for r in listed
    ):
        processor.kick()


@bp.get("/runs/<int:run_id>")
def run_detail(run_id: int):
    with get_db().session() as session:
        row = session.execute(
            select(HarvestRun, Office.code)
            .join(Office, Office.id == HarvestRun.office_id)
            .where(HarvestRun.id == run_id)
        ).first()
        if row is None or not api_viewer().may_see(row[1]):
            return json_error(404, f"no run {run_id}")
        shown = run_json(*row)
    _keep_uploads_moving([shown])
    return jsonify(shown)
