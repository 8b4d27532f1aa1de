"""Monitoring pages: the office portal's and the console's freshness/completeness view, the
coordinator's thresholds, and the third parties' status of the sets they are granted.

The status page answers with the same credentials as ``/oai`` (a grant's client id and secret
or bearer token): a client sees only the sets its grant covers, an office its own, a
coordinator all; JSON with ``?format=json`` or ``Accept: application/json``.
"""

from __future__ import annotations

from datetime import datetime

from flask import (
    Blueprint,
    Response,
    abort,
    flash,
    jsonify,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_wtf import FlaskForm
from sqlalchemy import select
from wtforms import FloatField, IntegerField, SelectField, StringField
from wtforms.validators import DataRequired, NumberRange, Optional

from node.access.principals import from_request
from node.access.resolver import resolve_oai_view
from node.auth.forms import choices
from node.auth.session import coordinator_required, current_user, login_required
from node.json_errors import json_error
from node.monitoring import alerts, years
from node.monitoring.figures import SetFigures, collect, for_sets
from node.notify import subscriptions
from node.storage import get_db
from store.base import iso_seconds, utcnow
from store.models import IP_TYPES, Office
from store.monitoring_models import FeedThreshold

bp = Blueprint("monitoring", __name__)


class ThresholdForm(FlaskForm):
    office = StringField("Office", validators=[DataRequired()])
    ip_type = SelectField(
        "IP type", choices=choices([("", "every IP type"), *((t, t) for t in IP_TYPES)])
    )
    quiet_days = FloatField("Days without updates", validators=[Optional(), NumberRange(0.01)])
    count_gap = FloatField("Count divergence (share)", validators=[Optional(), NumberRange(0)])
    failed_runs = IntegerField("Consecutive failed runs", validators=[Optional(), NumberRange(1)])


def set_json(figures: SetFigures, gaps: list[years.Gap], now: datetime, *, full: bool) -> dict:
    """One set's status; ``full`` adds what only the office and coordinators see."""
    found = {
        "set": figures.set_spec,
        "office": figures.office,
        "ip_type": figures.ip_type,
        "fresh_as_of": iso_seconds(figures.last_change),
        "last_successful_harvest": iso_seconds(figures.last_harvest),
        "freshness_seconds": figures.freshness(now),
        "records_held": figures.held,
        "records_at_office": figures.at_office,
        "office_counted_at": iso_seconds(figures.counted_at),
        "completeness": round(figures.completeness, 4)
        if figures.completeness is not None
        else None,
        "gaps_by_year": [g.as_dict() for g in gaps],
    }
    if full:
        found["open_findings"] = figures.open_findings
        found["failing_runs_in_a_row"] = figures.failing_streak
        found["alerts"] = [
            {"kind": a.kind, "message": a.message, "since": iso_seconds(a.opened_at)}
            for a in figures.open_alerts
        ]
    return found


def _with_gaps(session, sets: list[SetFigures]) -> list[tuple[SetFigures, list[years.Gap]]]:
    return [(s, years.gaps(years.stored(session, s.office, s.ip_type))) for s in sets]


@bp.get("/portal/<office>/monitoring")
@login_required
def portal(office: str):
    """The office's own sets: freshness, completeness, gaps, alerts (open and past)."""
    office = office.upper()
    if not current_user().may_manage(office):
        abort(403)
    with get_db().session() as session:
        rows = _with_gaps(session, collect(session, office))
        return render_template(
            "monitoring/portal.html", office=office, rows=rows, now=utcnow(),
            history=alerts.history(session, office),
        )  # fmt: skip


@bp.route("/console/monitoring", methods=["GET", "POST"])
@coordinator_required
def console():
    """Every office's sets side by side, open alerts, and the thresholds form."""
    form = ThresholdForm()
    if form.validate_on_submit():
        with get_db().session() as session:
            alerts.set_threshold(
                session, form.office.data.strip().upper(), form.ip_type.data or "",
                quiet_days=form.quiet_days.data, count_gap=form.count_gap.data,
                failed_runs=form.failed_runs.data,
            )  # fmt: skip
        flash(f"Thresholds of {form.office.data.upper()} saved.")
        return redirect(url_for("monitoring.console"))
    with get_db().session() as session:
        rows = _with_gaps(session, collect(session))
        thresholds = list(
            session.scalars(select(FeedThreshold).order_by(FeedThreshold.office_code))
        )
        return render_template(
            "monitoring/console.html", rows=rows, now=utcnow(), form=form,
            thresholds=thresholds, history=alerts.history(session, None),
            receivers=subscriptions.listing(session, None), offices=_office_codes(session),
        ), (400 if form.is_submitted() else 200)  # fmt: skip


def _office_codes(session) -> list[str]:
    return list(session.scalars(select(Office.code).order_by(Office.code)))


def _oai_view():
    view = resolve_oai_view(request)
    if isinstance(view, Response):
        abort(_as_json(view) if _wants_json() else view)
    return view


def _as_json(refused: Response) -> Response:
    """The resolver's plain 401/429/503 as the JSON APIs' error, its challenge kept."""
    response = json_error(refused.status_code, refused.get_data(as_text=True).strip())
    for name in ("WWW-Authenticate", "Retry-After"):
        for value in refused.headers.getlist(name):
            response.headers.add(name, value)
    return response


def _is_office_or_coordinator() -> bool:
    """Findings and alerts are between the offices and the coordinators, not third parties."""
    principal, _ = from_request()
    return principal is not None and principal.kind in ("office", "coordinator")


def _wants_json() -> bool:
    if request.args.get("format") == "json":
        return True
    best = request.accept_mimetypes.best_match(["text/html", "application/json"])
    return best == "application/json"


@bp.get("/status/")
@bp.get("/status/<path:set_spec>")
def status(set_spec: str | None = None):
    """How fresh and complete the granted sets are (third parties, offices, coordinators)."""
    view = _oai_view()
    now = utcnow()
    with get_db().session() as session:
        sets = for_sets(collect(session), view.allows)
        if set_spec is not None:
            sets = [s for s in sets if s.set_spec == set_spec]
            if not sets:
                abort(json_error(404, f"no set {set_spec} you may see") if _wants_json() else 404)
        full = _is_office_or_coordinator()
        data = [set_json(s, g, now, full=full) for s, g in _with_gaps(session, sets)]
    if _wants_json():
        return jsonify(generated_at=iso_seconds(now), sets=data)
    return render_template("monitoring/status.html", sets=data, now=now)
