"""Quality pages: the office dashboard, record drill-down, discussions, the coordinator view.

Routes live under the portal's and console's URL spaces (``/portal/<OFFICE>/quality``,
``/console/quality``) but in their own blueprint, so the quality feature is registered (and
removed) as one unit. Each office route checks the logged-in user against the office in the URL
before reading anything; a finding id from a URL is only looked up within that office.
"""

from __future__ import annotations

from flask import (
    Blueprint,
    Response,
    abort,
    flash,
    redirect,
    render_template,
    request,
    url_for,
)
from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from mappings.rules import REGISTRY
from node.access.viewer import Viewer, from_session
from node.auth.session import coordinator_required, login_required
from node.params import int_arg
from node.quality import actions, chart, queries, xmlview
from node.quality.forms import CommentForm, DecisionForm
from node.quality.sources import no_source_reason
from node.storage import get_db
from store.feedback import SCHEMA_PATH, SCHEMA_URL_PATH
from store.models import IP_TYPES, PublishedRecord, SourceRecord
from store.quality_models import QualityComment, QualityFinding

bp = Blueprint("quality", __name__, static_folder="static", static_url_path="/static/quality")
bp.add_app_template_global(no_source_reason)

PAGE_SIZE = 25


def _viewer_for(office: str) -> Viewer:
    viewer = from_session()
    if viewer is None or not viewer.may_see(office):
        abort(403)
    return viewer


def _own_finding(session: Session, office: str, finding_id: int) -> QualityFinding:
    row = session.get(QualityFinding, finding_id)
    if row is None or row.office_code != office:
        abort(404)
    return row


@bp.get(SCHEMA_URL_PATH)
def feedback_schema():
    """The feedback schema, at the URL the ``feedback`` metadata format declares."""
    return Response(SCHEMA_PATH.read_bytes(), mimetype="application/xml")


@bp.get("/portal/<office>/quality")
@login_required
def dashboard(office: str):
    office = office.upper()
    _viewer_for(office)
    ip_type = request.args.get("ip_type") or None
    if ip_type not in (None, *IP_TYPES):
        abort(400, f"ip_type must be one of {', '.join(IP_TYPES)}.")
    try:
        filters = queries.Filters.from_args(request.args, office)
    except queries.FilterError as error:
        abort(400, f"{error}.")
    page_no = int_arg("page", 1, minimum=1)
    with get_db().session() as session:
        rows = queries.counts(session, office, ip_type)
        page = queries.findings_page(session, filters, PAGE_SIZE, (page_no - 1) * PAGE_SIZE)
        context = {
            "office": office,
            "ip_type": ip_type,
            "filters": filters,
            "rows": rows,
            "severity": queries.by_severity(rows),
            "overview": (queries.office_overview(session, office) or [None])[0],
            "worst": queries.worst_fields(session, office),
            "chart": chart.trend_svg(queries.trend_by_cycle(session, office, ip_type)),
            "page": page,
            "page_no": page_no,
            "ip_types": IP_TYPES,
            "rules": REGISTRY,
        }
        return render_template("quality/dashboard.html", **context)


@bp.get("/portal/<office>/quality/records/<int:record_id>")
@login_required
def record(office: str, record_id: int):
    """The record's ST.96 with findings pinned to elements, next to the office's original."""
    office = office.upper()
    _viewer_for(office)
    with get_db().session() as session:
        published = session.get(PublishedRecord, record_id)
        if published is None or published.office_code != office:
            abort(404)
        findings = session.scalars(
            select(QualityFinding)
            .where(QualityFinding.published_record_id == record_id)
            .order_by(QualityFinding.state, QualityFinding.severity, QualityFinding.rule_id)
        ).all()
        source = (
            session.get(SourceRecord, published.source_record_id)
            if published.source_record_id
            else None
        )
        visible = [f for f in findings if f.state != "resolved"]
        lines, unplaced = (
            xmlview.lines_of(published.st96, visible) if published.st96 else ([], visible)
        )
        return render_template(
            "quality/record.html",
            office=office,
            record=published,
            findings=findings,
            lines=lines,
            unplaced=unplaced,
            source_lines=xmlview.source_lines(source.raw if source else None),
            source=source,
        )


@bp.route("/portal/<office>/quality/findings/<int:finding_id>", methods=["GET", "POST"])
@login_required
def finding(office: str, finding_id: int):
    """A finding's discussion: comments and proposals, accept / reopen."""
    office = office.upper()
    viewer = _viewer_for(office)
    form = CommentForm()
    with get_db().session() as session:
        row = _own_finding(session, office, finding_id)
        if form.validate_on_submit():
            actions.comment(
                session,
                rule_id=row.rule_id,
                body=form.body.data,
                author=viewer.name,
                author_role=viewer.role,
                office_code=office,
                finding=row,
                kind=form.kind.data,
            )
            flash("Comment added.")
            return redirect(url_for("quality.finding", office=office, finding_id=finding_id))
        status = 400 if request.method == "POST" else 200
        notes = session.scalars(
            select(QualityComment)
            .where(QualityComment.finding_id == finding_id)
            .order_by(QualityComment.created_at, QualityComment.id)
        ).all()
        return render_template(
            "quality/finding.html",
            office=office,
            finding=row,
            record=row.record,
            rule=REGISTRY.get(row.rule_id),
            notes=notes,
            form=form,
            decision=DecisionForm(formdata=None),
        ), status


@bp.post("/portal/<office>/quality/findings/<int:finding_id>/<any(accept, reopen):action>")
@login_required
def decide(office: str, finding_id: int, action: str):
    """Accept a finding ("really empty at source") or withdraw an acceptance."""
    office = office.upper()
    viewer = _viewer_for(office)
    form = DecisionForm()
    if not form.validate_on_submit():
        abort(400)
    with get_db().session() as session:
        row = _own_finding(session, office, finding_id)
        step = actions.accept if action == "accept" else actions.reopen
        try:
            step(session, row, viewer.name, viewer.role, form.note.data or "")
        except actions.ActionError as error:
            flash(str(error), "error")
        else:
            flash("Finding accepted." if action == "accept" else "Finding reopened.")
    return redirect(url_for("quality.finding", office=office, finding_id=finding_id))


@bp.route("/portal/<office>/quality/rules/<rule_id>", methods=["GET", "POST"])
@login_required
def rule(office: str, rule_id: str):
    """A rule's discussion for one office (plus the coordinator's notes for every office)."""
    office = office.upper()
    viewer = _viewer_for(office)
    return _rule_page(viewer, rule_id, office)


@bp.route("/console/quality/rules/<rule_id>", methods=["GET", "POST"])
@coordinator_required
def console_rule(rule_id: str):
    """A rule's discussion across offices (coordinator)."""
    return _rule_page(from_session(), rule_id, None)


def _rule_page(viewer: Viewer, rule_id: str, office: str | None):
    form = CommentForm()
    with get_db().session() as session:
        if form.validate_on_submit():
            actions.comment(
                session,
                rule_id=rule_id,
                body=form.body.data,
                author=viewer.name,
                author_role=viewer.role,
                office_code=office,
                kind=form.kind.data,
            )
            flash("Comment added.")
            if office:
                return redirect(url_for("quality.rule", office=office, rule_id=rule_id))
            return redirect(url_for("quality.console_rule", rule_id=rule_id))
        query = select(QualityComment).where(
            QualityComment.rule_id == rule_id, QualityComment.finding_id.is_(None)
        )
        if office:
            query = query.where(
                or_(QualityComment.office_code == office, QualityComment.office_code.is_(None))
            )
        notes = session.scalars(query.order_by(QualityComment.created_at, QualityComment.id))
        counts = [r for r in queries.counts(session, office) if r["rule"] == rule_id]
        status = 400 if request.method == "POST" else 200
        return render_template(
            "quality/rule.html",
            office=office,
            rule_id=rule_id,
            rule=REGISTRY.get(rule_id),
            notes=list(notes),
            counts=counts,
            form=form,
        ), status


@bp.get("/console/quality")
@coordinator_required
def console():
    """All offices side by side: figures, trend per office, rules × offices."""
    with get_db().session() as session:
        overview = queries.office_overview(session)
        charts = {
            entry["office"]: chart.trend_svg(queries.trend_by_cycle(session, entry["office"]))
            for entry in overview
        }
        matrix = _rule_matrix(session, [e["office"] for e in overview])
    return render_template(
        "quality/console.html", overview=overview, charts=charts, matrix=matrix, rules=REGISTRY
    )


def _rule_matrix(session: Session, offices: list[str]) -> list[dict]:
    """Open findings per rule and office (rules with at least one open finding)."""
    table: dict[str, dict] = {}
    for office in offices:
        for row in queries.counts(session, office):
            if row["open"]:
                entry = table.setdefault(
                    row["rule"], {"rule": row["rule"], "severity": row["severity"], "by": {}}
                )
                entry["by"][office] = entry["by"].get(office, 0) + row["open"]
    return sorted(
        table.values(),
        key=lambda e: (queries.SEVERITY_RANK.get(e["severity"], 9), -sum(e["by"].values())),
    )
