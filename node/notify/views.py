"""The office portal's feedback subscriptions and delivery log (a coordinator may manage any
office's through the same page, as with authorizations).

A webhook's secret is shown once, in the page answering the form that created it; afterwards
only its first characters are.
"""

from __future__ import annotations

from flask import Blueprint, abort, current_app, flash, redirect, render_template, url_for
from flask_wtf import FlaskForm
from wtforms import SelectField, StringField
from wtforms.validators import DataRequired, Length

from node.auth.forms import PostForm, choices
from node.auth.session import current_user, login_required
from node.notify import subscriptions
from node.notify.sender import SendSettings, send_due
from node.storage import get_db
from store.urls import UrlRefused

bp = Blueprint("notify", __name__, url_prefix="/portal")


class SubscriptionForm(FlaskForm):
    kind = SelectField(
        "Kind",
        choices=choices([("webhook", "Webhook (signed JSON post)"), ("email", "E-mail digest")]),
    )
    target = StringField("URL or e-mail address", validators=[DataRequired(), Length(max=500)])


def _office(office: str) -> str:
    office = office.upper()
    user = current_user()
    if user is None or not user.may_manage(office):
        abort(403)
    return office


def _page(office: str, form: SubscriptionForm, revealed: dict | None = None, status: int = 200):
    with get_db().session() as session:
        return render_template(
            "notify/portal.html", office=office, form=form, action_form=PostForm(),
            subscriptions=subscriptions.listing(session, office),
            deliveries=subscriptions.delivery_log(session, office), revealed=revealed,
        ), status  # fmt: skip


@bp.get("/<office>/notifications")
@login_required
def portal(office: str):
    return _page(_office(office), SubscriptionForm())


@bp.post("/<office>/notifications")
@login_required
def add(office: str):
    """Register a webhook (its secret shown once) or an e-mail address."""
    office = _office(office)
    form = SubscriptionForm()
    if not form.validate_on_submit():
        return _page(office, form, status=400)
    allow = bool(current_app.config.get("NOTIFY_ALLOW_PRIVATE"))
    try:
        with get_db().session() as session:
            if form.kind.data == "webhook":
                row, secret = subscriptions.add_webhook(
                    session, office, form.target.data, allow_private=allow, by=current_user().email
                )
                revealed = {"id": row.id, "url": row.target, "secret": secret}
            else:
                subscriptions.add_email(session, office, form.target.data, by=current_user().email)
                revealed = None
    except (UrlRefused, subscriptions.SubscriptionError) as refused:
        form.target.errors = [*form.target.errors, str(refused)]
        return _page(office, form, status=400)
    flash(f"Feedback will be sent to {form.target.data}.")
    return _page(office, SubscriptionForm(formdata=None), revealed)


@bp.post("/<office>/notifications/<int:subscription_id>/<any(stop, test):action>")
@login_required
def act(office: str, subscription_id: int, action: str):
    """Stop a subscription, or send it a test delivery now."""
    office = _office(office)
    if not PostForm().validate_on_submit():
        abort(400)
    with get_db().session() as session:
        done = (subscriptions.deactivate if action == "stop" else subscriptions.send_test)(
            session, office, subscription_id
        )
    if not done:
        abort(404)
    if action == "test":
        settings = SendSettings.from_config(current_app.config)
        send_due(get_db(), settings, subscription_id=subscription_id)
    flash("Subscription stopped." if action == "stop" else "Test delivery sent; see the log.")
    return redirect(url_for("notify.portal", office=office))
