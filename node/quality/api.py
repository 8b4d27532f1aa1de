"""JSON quality API, ``/api/v1/quality/...``: findings, counts, trends, CSV export.

Office staff see their own office only (another office's code is 403, not an empty list);
coordinators see every office, or one with ``?office=``. Lists page with ``limit``/``offset``
and return the total, so a client knows how many pages there are.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator

from flask import Blueprint, Response, abort, jsonify, request, stream_with_context
from sqlalchemy import select

from mappings.rules import REGISTRY
from mappings.rules.guidance import guidance_for
from node.access.viewer import api_viewer, authorised_office
from node.params import bad_request, int_arg
from node.quality import queries
from node.quality.sources import no_source_reason
from node.storage import get_db
from store.base import iso_seconds
from store.models import PublishedRecord
from store.quality_models import QualityComment, QualityFinding

bp = Blueprint("quality_api", __name__, url_prefix="/api/v1/quality")

CSV_COLUMNS = (
    "id",
    "office",
    "ip_type",
    "record",
    "application_number",
    "rule_id",
    "severity",
    "state",
    "path",
    "source_field",
    "source_field_note",
    "message",
    "suggestion",
    "guidance_what",
    "guidance_why",
    "guidance_fix",
    "generated",
    "first_seen",
    "last_seen",
    "resolved_at",
    "accepted_at",
)


def guidance_json(rule_id: str) -> dict[str, str] | None:
    """The rule's fix guidance (what, why, fix), or None for a mapper's own id without one."""
    guidance = guidance_for(rule_id)
    return guidance.as_dict() if guidance else None


def _csv_row(data: dict) -> list:
    """One CSV line: the finding's fields with its guidance flattened into three columns."""
    guidance = data["guidance"] or {}
    flat = {**data, **{f"guidance_{k}": v for k, v in guidance.items()}}
    return [flat.get(c, "") for c in CSV_COLUMNS]


def finding_json(finding: QualityFinding, record: PublishedRecord) -> dict:
    return {
        "id": finding.id,
        "office": finding.office_code,
        "ip_type": finding.ip_type,
        "record": record.oai_identifier,
        "record_id": record.id,
        "application_number": record.application_number,
        "rule_id": finding.rule_id,
        "severity": finding.severity,
        "state": finding.state,
        "path": finding.path,
        "source_field": finding.source_field,
        "source_field_note": no_source_reason(finding),
        "message": finding.message,
        "suggestion": finding.suggestion,
        "guidance": guidance_json(finding.rule_id),
        "generated": finding.generated,
        "first_seen": iso_seconds(finding.first_seen_at),
        "last_seen": iso_seconds(finding.last_seen_at),
        "resolved_at": iso_seconds(finding.resolved_at),
        "accepted_at": iso_seconds(finding.accepted_at),
        "accepted_by": finding.accepted_by,
        "reopened": finding.reopened,
    }


def _filters() -> queries.Filters:
    office = authorised_office(api_viewer(), request.args.get("office"))
    try:
        return queries.Filters.from_args(request.args, office)
    except queries.FilterError as error:
        abort(bad_request(str(error)))


@bp.get("/findings")
def findings():
    """Findings with filters (office, ip_type, rule, severity, state, record) and paging."""
    filters = _filters()
    limit, offset = int_arg("limit", 50), int_arg("offset", 0)
    with get_db().session() as session:
        page = queries.findings_page(session, filters, limit, offset)
        items = [finding_json(f, r) for f, r in page.items]
    following = page.offset + page.limit
    return jsonify(
        total=page.total,
        limit=page.limit,
        offset=page.offset,
        next_offset=following if following < page.total else None,
        items=items,
    )


@bp.get("/findings.csv")
def findings_csv():
    """The same findings as CSV, streamed (no page limit), for spreadsheets."""
    filters = _filters()

    def rows() -> Iterator[str]:
        buffer = io.StringIO()
        writer = csv.writer(buffer)
        writer.writerow(CSV_COLUMNS)
        with get_db().session() as session:
            for finding, record in queries.iter_findings(session, filters):
                writer.writerow(_csv_row(finding_json(finding, record)))
                if buffer.tell() > 32_768:
                    yield buffer.getvalue()
                    buffer.seek(0)
                    buffer.truncate()
        yield buffer.getvalue()

    name = f"quality-{filters.office or 'all'}-{filters.state or 'all'}.csv"
    return Response(
        stream_with_context(rows()),
        mimetype="text/csv",
        headers={"Content-Disposition": f'attachment; filename="{name}"'},
    )


@bp.get("/findings/<int:finding_id>")
def finding(finding_id: int):
    """One finding with its discussion."""
    viewer = api_viewer()
    with get_db().session() as session:
        row = viewer.visible(session.get(QualityFinding, finding_id))
        data = finding_json(row, row.record)
        notes = session.scalars(
            select(QualityComment)
            .where(QualityComment.finding_id == finding_id)
            .order_by(QualityComment.created_at, QualityComment.id)
        )
        data["comments"] = [
            {
                "kind": c.kind,
                "body": c.body,
                "author": c.author,
                "role": c.author_role,
                "at": iso_seconds(c.created_at),
            }
            for c in notes
        ]
    return jsonify(data)


@bp.get("/summary")
def summary():
    """Counts per rule × severity × state, open findings per severity, worst fields."""
    office = authorised_office(api_viewer(), request.args.get("office"))
    ip_type = request.args.get("ip_type") or None
    with get_db().session() as session:
        rows = queries.counts(session, office, ip_type)
        worst = queries.worst_fields(session, office)
        overview = queries.office_overview(session, office)
    return jsonify(
        office=office,
        ip_type=ip_type,
        by_rule=rows,
        open_by_severity=queries.by_severity(rows),
        worst_fields=worst,
        offices=overview,
    )


TREND_STEPS = {"run": queries.trend, "cycle": queries.trend_by_cycle}


@bp.get("/trend")
def trend():
    """Open findings and share of clean records after each harvest run (``by=run``, the
    default) or each harvest cycle of the office (``by=cycle``: all IP types together)."""
    office = authorised_office(api_viewer(), request.args.get("office"))
    ip_type = request.args.get("ip_type") or None
    by = request.args.get("by", "run")
    if by not in TREND_STEPS:
        abort(bad_request("by must be run or cycle"))
    with get_db().session() as session:
        points = TREND_STEPS[by](session, office, ip_type)
    return jsonify(office=office, ip_type=ip_type, by=by, runs=[p.as_dict() for p in points])


@bp.get("/offices")
def offices():
    """Offices side by side (a coordinator sees all, office staff their own)."""
    office = authorised_office(api_viewer(), request.args.get("office"))
    with get_db().session() as session:
        return jsonify(offices=queries.office_overview(session, office))


@bp.get("/rules")
def rules():
    """The rule registry (id, severity, IP types, path, message, suggestion, guidance, origin)."""
    api_viewer()
    return jsonify(
        rules=[
            {
                "id": r.id,
                "severity": r.severity,
                "ip_types": sorted(r.ip_types),
                "path": r.path,
                "message": r.message,
                "suggestion": r.suggestion,
                "guidance": guidance_json(r.id),
                "family": r.family,
                "origin": r.origin,
            }
            for r in REGISTRY.values()
        ]
    )
