"""The portal's "Test feed" pages, and the console's view of every office's tests and limits.

An office's staff (or a coordinator, through the same URL) send a test file or name a test
endpoint; the page answering the form is the delivery's summary: records, valid, findings by
rule with their fix guidance, then each record with its findings, the ST.96 the hub made and
the original as sent. Nothing on these pages is published.
"""

from __future__ import annotations

from typing import TypeVar

from flask import (
    Blueprint,
    abort,
    current_app,
    flash,
    make_response,
    redirect,
    render_template,
    url_for,
)
from flask_wtf import FlaskForm
from flask_wtf.file import FileField, FileRequired
from wtforms import FloatField, IntegerField, SelectField, StringField
from wtforms.validators import DataRequired, Length, NumberRange, Optional

from mappings.pipeline import SUPPORTED_PREFIXES
from node.access.viewer import from_session
from node.auth.forms import choices
from node.auth.session import coordinator_required, current_user, login_required
from node.params import int_arg
from node.storage import get_db
from node.testfeed import access
from store.testfeed import Refused
from store.testfeed import limits as feed_limits
from store.testfeed.report import record_json, records_page, summary_json

bp = Blueprint("testfeed", __name__)
#: A form class of this page (:func:`_posted` returns an instance of the class it is given).
F = TypeVar("F", bound=FlaskForm)

RECORDS_PER_PAGE = 200


def _prefixes():
    return choices((p, p) for p in sorted(SUPPORTED_PREFIXES))


class UploadForm(FlaskForm):
    file = FileField("Test file (XML or zip)", validators=[FileRequired()])
    metadata_prefix = SelectField("Format", choices=_prefixes())


class EndpointForm(FlaskForm):
    url = StringField("OAI-PMH base URL", validators=[DataRequired(), Length(max=480)])
    metadata_prefix = SelectField("Format", choices=_prefixes())
    set_spec = StringField("Set (optional)", validators=[Optional(), Length(max=200)])


class LimitsForm(FlaskForm):
    max_records = IntegerField("Records per test delivery", validators=[NumberRange(1, 100_000)])
    retention_days = FloatField("Days kept", validators=[NumberRange(0.01, 3650)])


def _office(office: str) -> str:
    """The office of the URL when the user is its staff or a coordinator; 403 otherwise."""
    viewer = from_session()
    if viewer is None or not viewer.may_see(office):
        abort(403)
    return office.upper()


def _page(office: str, upload: UploadForm, endpoint: EndpointForm, status: int = 200):
    with get_db().session() as session:
        return render_template(
            "testfeed/portal.html", office=office, upload=upload, endpoint=endpoint,
            deliveries=access.deliveries(session, office),
            limits=access.limits(session, current_app.config),
        ), status  # fmt: skip


@bp.get("/portal/<office>/test-feed")
@login_required
def portal(office: str):
    """The office's test deliveries and the two ways to start one."""
    return _page(_office(office), UploadForm(), EndpointForm())


def _again(office: str, form: FlaskForm):
    """The page again (400) with the posted `form` and its errors, the other form blank."""
    forms = {UploadForm: UploadForm(formdata=None), EndpointForm: EndpointForm(formdata=None)}
    forms[type(form)] = form
    return _page(office, forms[UploadForm], forms[EndpointForm], status=400)


def _posted(office: str, form_class: type[F]) -> tuple[str, F]:
    """(office, form) of a valid post; an invalid one is answered by :func:`_again`."""
    office = _office(office)
    form = form_class()
    if not form.validate_on_submit():
        abort(make_response(_again(office, form)))
    return office, form


def _started(office: str, start, form: FlaskForm, field):
    """Run a test and show its summary; a refusal goes back to the form with the reason."""
    try:
        delivery_id = start()
    except Refused as refused:
        field.errors = [*field.errors, str(refused)]
        return _again(office, form)
    flash("Test delivery checked; nothing was published.")
    return redirect(url_for("testfeed.delivery", office=office, delivery_id=delivery_id))


@bp.post("/portal/<office>/test-feed/upload")
@login_required
def upload(office: str):
    office, form = _posted(office, UploadForm)
    sent = form.file.data
    return _started(office, lambda: access.runner().try_upload(
        get_db(), current_app.config, office, sent.filename or "upload.xml", sent.read(),
        form.metadata_prefix.data, by=current_user().email,
    ), form, form.file)  # fmt: skip


@bp.post("/portal/<office>/test-feed/endpoint")
@login_required
def endpoint(office: str):
    office, form = _posted(office, EndpointForm)
    return _started(office, lambda: access.runner().try_endpoint(
        get_db(), current_app.config, office, form.url.data, form.metadata_prefix.data,
        by=current_user().email, set_spec=(form.set_spec.data or "").strip(),
    ), form, form.url)  # fmt: skip


@bp.get("/portal/<office>/test-feed/<int:delivery_id>")
@login_required
def delivery(office: str, delivery_id: int):
    """One delivery's summary, findings by rule with guidance, and its records."""
    office = _office(office)
    offset = int_arg("offset", 0)
    with get_db().session() as session:
        found = access.visible_delivery(session, delivery_id, lambda code: code == office)
        summary = summary_json(session, found, access.limits(session, current_app.config))
        rows = records_page(session, found.id, offset, RECORDS_PER_PAGE)
        return render_template(
            "testfeed/delivery.html", office=office, summary=summary, records=rows,
            offset=offset, per_page=RECORDS_PER_PAGE,
        )  # fmt: skip


@bp.get("/portal/<office>/test-feed/<int:delivery_id>/records/<int:record_id>")
@login_required
def record(office: str, delivery_id: int, record_id: int):
    """One record: its findings with guidance, the ST.96 produced, the original as sent."""
    office = _office(office)
    with get_db().session() as session:
        found = access.visible_delivery(session, delivery_id, lambda code: code == office)
        shown = record_json(access.visible_record(session, found, record_id))
        return render_template("testfeed/record.html", office=office, delivery=found, record=shown)


@bp.route("/console/test-feed", methods=["GET", "POST"])
@coordinator_required
def console():
    """Every office's test deliveries, and the limits the coordinator sets."""
    form = LimitsForm()
    if form.validate_on_submit():
        with get_db().session() as session:
            feed_limits.save(
                session, max_records=form.max_records.data,
                retention_days=form.retention_days.data, by=current_user().email,
            )  # fmt: skip
        flash("Test feed limits saved.")
        return redirect(url_for("testfeed.console"))
    with get_db().session() as session:
        limits = access.limits(session, current_app.config)
        if not form.is_submitted():
            form.max_records.data = limits.max_records
            form.retention_days.data = limits.retention_days
        return render_template(
            "testfeed/console.html", form=form, limits=limits,
            deliveries=access.deliveries(session, None),
        ), (400 if form.is_submitted() else 200)  # fmt: skip
