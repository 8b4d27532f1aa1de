"""Gating pages: the office's held deliveries with the records in question (portal), every
office's deliveries and the thresholds form (console), and release/reject buttons for whoever
may decide (:func:`store.gating.queries.may_decide`)."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, url_for
from flask_wtf import FlaskForm
from wtforms import BooleanField, FloatField, SelectField, StringField
from wtforms.validators import DataRequired, NumberRange, Optional

from node.auth.forms import PostForm, choices
from node.auth.session import coordinator_required, current_user, login_required
from node.storage import get_db
from node.web import confirm
from store.gating import decide, queries, settings
from store.models import IP_TYPES

bp = Blueprint("gating", __name__)


def _share(name: str) -> FloatField:
    what = settings.THRESHOLDS[name]
    label = f"{what[0].upper()}{what[1:]} (max %)"
    return FloatField(label, validators=[Optional(), NumberRange(0, 100)])


class GateForm(FlaskForm):
    """Thresholds in per cent (the store keeps fractions); empty = off."""

    office = StringField("Office", validators=[DataRequired()])
    ip_type = SelectField("IP type", choices=choices((t, t) for t in IP_TYPES))
    critical_share = _share("critical_share")
    invalid_share = _share("invalid_share")
    count_drop = _share("count_drop")
    collision_share = _share("collision_share")
    auto_release_hours = FloatField("Auto-release after (hours)",
                                    validators=[Optional(), NumberRange(0.01)])  # fmt: skip
    office_may_release = BooleanField("The office may release or reject")

    def values(self) -> dict:
        found = {name: _fraction(getattr(self, name).data) for name in settings.THRESHOLDS}
        found["auto_release_hours"] = self.auto_release_hours.data
        found["office_may_release"] = self.office_may_release.data
        return found


def _fraction(percent: float | None) -> float | None:
    return None if percent is None else percent / 100


@bp.get("/portal/<office>/gating")
@login_required
def portal(office: str):
    """The office's gated deliveries; the held ones with their records in question."""
    office = office.upper()
    user = current_user()
    if not user.may_manage(office):
        abort(403)
    with get_db().session() as session:
        found = queries.deliveries(session, office)
        return render_template(
            "gating/portal.html", office=office, deliveries=found, action_form=PostForm(),
            records={d.id: queries.records(session, d) for d in found if d.state == "held"},
            deciders={d.id for d in found if queries.may_decide(session, d, user.role,
                                                                user.office_code)},
            limits=settings.listing(session, office), thresholds=settings.THRESHOLDS,
        )  # fmt: skip


@bp.route("/console/gating", methods=["GET", "POST"])
@coordinator_required
def console():
    """Every office's deliveries, held ones first, and the thresholds per office × IP type."""
    form = GateForm()
    if form.validate_on_submit():
        office = form.office.data.strip().upper()
        try:
            with get_db().session() as session:
                settings.set_limits(session, office, form.ip_type.data, current_user().email,
                                    **form.values())  # fmt: skip
        except ValueError as error:  # an office not configured: said beside the field
            form.office.errors.append(str(error))
        else:
            flash(f"Gating thresholds of {office} {form.ip_type.data} saved.")
            return redirect(url_for("gating.console"))
    with get_db().session() as session:
        held = queries.deliveries(session, None, "held")
        return render_template(
            "gating/console.html", form=form, held=held, action_form=PostForm(),
            records={d.id: queries.records(session, d) for d in held},
            recent=queries.deliveries(session, None, limit=50),
            limits=settings.listing(session), thresholds=settings.THRESHOLDS,
        ), (400 if form.is_submitted() else 200)  # fmt: skip


@bp.post("/gating/deliveries/<int:delivery_id>/<any(release, reject):action>")
@login_required
def act(delivery_id: int, action: str):
    """Release or reject a held delivery, then back to the page it was decided on."""
    if not PostForm().validate_on_submit():
        abort(400)
    user = current_user()
    with get_db().session() as session:
        delivery = queries.decidable(session, delivery_id, user.role, user.office_code)
        office = delivery.office_code
        if action == "reject" and not confirm.confirmed():
            back = url_for("gating.console" if user.is_coordinator else "gating.portal",
                           office=None if user.is_coordinator else office)  # fmt: skip
            return confirm.page("delivery.reject", "Reject", back, office=office,
                                ip_type=delivery.ip_type, run=delivery.run_id)  # fmt: skip
        try:
            decide.decide(session, delivery_id, action, user.email)
        except decide.NotHeld as error:
            flash(str(error))
        else:
            flash(f"Delivery {delivery_id} of {office} {action}d.")
    if user.is_coordinator:
        return redirect(url_for("gating.console"))
    return redirect(url_for("gating.portal", office=office))
