"""Console views, coordinators only: the node's offices, endpoints, sets, third parties, users,
grants, harvest runs and audit log. Every change goes through the same audited services as the
portal and the CLI."""

from __future__ import annotations

from types import SimpleNamespace

from flask import (
    Blueprint,
    abort,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    url_for,
)
from sqlalchemy import select
from sqlalchemy.orm import Session

from node import ports
from node.access import audit, grants, parties, users
from node.auth.forms import PostForm, choices
from node.auth.session import coordinator_required, current_user
from node.console import queries
from node.console.forms import EndpointForm, OfficeForm, UserForm
from node.portal.forms import ThirdPartyForm
from node.portal.views import grant_names
from node.storage import get_db
from node.web import confirm
from node.web.errors import or_404
from store import liveness
from store.access_models import LEVEL_LABELS, Grant, ThirdPartyRequest, User
from store.models import Endpoint, Office

bp = Blueprint("console", __name__, url_prefix="/console")


@bp.before_request
@coordinator_required
def _coordinators_only() -> None:
    """Every console route, including ones added later, is for coordinators only."""


def _actor() -> str:
    return current_user().actor


def _office(session: Session, code: str) -> Office:
    return or_404(grants.office_by_code(session, code))


@bp.get("/")
def index():
    liveness.reap(get_db())  # runs whose process is gone show as interrupted
    with get_db().session() as session:
        return render_template(
            "console/index.html",
            offices=queries.offices(session),
            pending=parties.pending(session),
            runs=queries.latest_runs(session),
            grant_count=len(grants.listing(session, active_only=True)),
            events=audit.recent(session, limit=10),
        )


@bp.route("/offices", methods=["GET", "POST"])
def offices():
    form = OfficeForm()
    with get_db().session() as session:
        if form.validate_on_submit():
            code = form.code.data.upper()
            if grants.office_by_code(session, code) is not None:
                flash(f"Office {code} already exists.", "error")
            else:
                office = Office(code=code, name=form.name.data.strip())
                session.add(office)
                session.flush()
                audit.record(session, _actor(), "office.added", code, name=office.name)
                parties.set_may_invite(session, office, form.may_invite.data, _actor())
                flash(f"Office {code} added.")
                return redirect(url_for("console.office", code=code))
        return render_template("console/offices.html", offices=queries.offices(session), form=form)


@bp.route("/offices/<code>", methods=["GET", "POST"])
def office(code: str):
    """Edit an office's name and policy; list and add its harvest endpoints."""
    with get_db().session() as session:
        the_office = _office(session, code)
        form = OfficeForm(obj=the_office)
        form.code.render_kw = {"readonly": True}
        if request.method == "GET":
            form.may_invite.data = parties.may_invite(session, the_office)
        elif form.validate_on_submit():
            the_office.name = form.name.data.strip()
            audit.record(session, _actor(), "office.changed", the_office.code, name=the_office.name)
            parties.set_may_invite(session, the_office, form.may_invite.data, _actor())
            flash("Office saved.")
            return redirect(url_for("console.office", code=the_office.code))
        return render_template(
            "console/office.html",
            office=the_office,
            form=form,
            endpoint_form=EndpointForm(formdata=None),
            action_form=PostForm(),
        )


def _endpoint_values(form: EndpointForm) -> dict:
    return {
        "url": form.url.data.strip(),
        "metadata_prefix": form.metadata_prefix.data.strip(),
        "set_spec": (form.set_spec.data or "").strip(),
        "schedule": (form.schedule.data or "").strip(),
        "enabled": bool(form.enabled.data),
    }


@bp.post("/offices/<code>/endpoints")
def add_endpoint(code: str):
    with get_db().session() as session:
        the_office = _office(session, code)
        form = EndpointForm()
        if not form.validate_on_submit():
            flash(
                "Endpoint not added: "
                + "; ".join(
                    f"{form[name].label.text}: {', '.join(errs)}"
                    for name, errs in form.errors.items()
                ),
                "error",
            )
            return redirect(url_for("console.office", code=the_office.code))
        values = _endpoint_values(form)
        session.add(Endpoint(office_id=the_office.id, **values))
        audit.record(session, _actor(), "endpoint.added", the_office.code, **values)
        flash("Endpoint added.")
    return redirect(url_for("console.office", code=code))


@bp.route("/offices/<code>/endpoints/<int:endpoint_id>", methods=["GET", "POST"])
def endpoint(code: str, endpoint_id: int):
    with get_db().session() as session:
        the_office = _office(session, code)
        row = session.get(Endpoint, endpoint_id)
        if row is None or row.office_id != the_office.id:
            abort(404)
        form = EndpointForm(obj=row)
        if form.validate_on_submit():
            values = _endpoint_values(form)
            for key, value in values.items():
                setattr(row, key, value)
            audit.record(
                session, _actor(), "endpoint.changed", the_office.code, endpoint_id=row.id, **values
            )
            flash("Endpoint saved.")
            return redirect(url_for("console.office", code=the_office.code))
        return render_template("console/endpoint.html", office=the_office, endpoint=row, form=form)


@bp.get("/sets")
def sets():
    with get_db().session() as session:
        return render_template("console/sets.html", sets=queries.sets(session))


@bp.route("/third-parties", methods=["GET", "POST"])
def third_parties():
    form = ThirdPartyForm()
    with get_db().session() as session:
        if form.validate_on_submit():
            try:
                parties.add(
                    session,
                    form.code.data,
                    form.name.data,
                    form.kind.data,
                    form.contact.data or "",
                    _actor(),
                )
                flash(f"Third party {form.code.data.upper()} added.")
                return redirect(url_for("console.third_parties"))
            except parties.PartyError as error:
                flash(str(error), "error")
        return render_template(
            "console/third_parties.html",
            form=form,
            parties=parties.all_parties(session),
            pending=parties.pending(session),
            action_form=PostForm(),
            request_names=request_names,
        )


def request_names(item: ThirdPartyRequest) -> dict[str, str]:
    """What the reject question names (the button and the confirmation page say the same)."""
    return {"office": item.office.code, "code": item.code, "name": item.name}


@bp.post("/third-parties/requests/<int:request_id>/<decision>")
def decide_request(request_id: int, decision: str):
    if decision not in {"approve", "reject"} or not PostForm().validate_on_submit():
        abort(400)
    with get_db().session() as session:
        if decision == "reject" and not confirm.confirmed():
            item = or_404(session.get(ThirdPartyRequest, request_id))
            cancel = url_for("console.third_parties")
            return confirm.page("request.reject", "Reject", cancel, **request_names(item))
        try:
            flash(parties.decide(session, request_id, decision == "approve", _actor()).message)
        except parties.PartyError as error:
            session.rollback()
            flash(str(error), "error")
    return redirect(url_for("console.third_parties"))


def _user_form(session: Session) -> UserForm:
    form = UserForm()
    form.office.choices = choices(
        [("", "—")] + [(o.code, f"{o.code} — {o.name}") for o in queries.offices(session)]
    )
    return form


@bp.route("/users", methods=["GET", "POST"])
def users_page():
    with get_db().session() as session:
        form = _user_form(session)
        if form.validate_on_submit():
            office = grants.office_by_code(session, form.office.data) if form.office.data else None
            try:
                users.add(
                    session, form.email.data, form.password.data, form.role.data, office, _actor()
                )
                flash(f"User {form.email.data.strip().lower()} added.")
                return redirect(url_for("console.users_page"))
            except users.UserError as error:
                flash(str(error), "error")
        return render_template(
            "console/users.html", form=form, users=users.all_users(session), action_form=PostForm()
        )


@bp.post("/users/<int:user_id>/<state>")
def set_user_state(user_id: int, state: str):
    if state not in {"activate", "deactivate"} or not PostForm().validate_on_submit():
        abort(400)
    with get_db().session() as session:
        user = or_404(session.get(User, user_id))
        if user.id == current_user().id and state == "deactivate":
            flash("You cannot deactivate yourself.", "error")
        elif state == "deactivate" and not confirm.confirmed():
            cancel = url_for("console.users_page")
            return confirm.page("user.deactivate", "Deactivate", cancel, email=user.email)
        else:
            users.set_active(session, user, state == "activate", _actor())
            flash(f"{user.email} {state}d.")
    return redirect(url_for("console.users_page"))


@bp.get("/grants")
def grants_page():
    with get_db().session() as session:
        return render_template(
            "console/grants.html",
            grants=grants.listing(session),
            levels=LEVEL_LABELS,
            action_form=PostForm(),
            grant_names=grant_names,
        )


@bp.post("/grants/<int:grant_id>/revoke")
def revoke_grant(grant_id: int):
    if not PostForm().validate_on_submit():
        abort(400)
    with get_db().session() as session:
        grant = or_404(session.scalar(select(Grant).where(Grant.id == grant_id)))
        if not confirm.confirmed():
            cancel = url_for("console.grants_page")
            return confirm.page("grant.revoke", "Revoke", cancel, **grant_names(grant))
        grants.revoke(session, grant, _actor())
        flash(f"Revoked {grant.client_id}.")
    return redirect(url_for("console.grants_page"))


@bp.get("/harvests")
def harvests():
    liveness.reap(get_db())
    with get_db().session() as session:
        return render_template("console/harvests.html", runs=queries.latest_runs(session),
                               reprocess_runs=queries.reprocess_runs(session, limit=5))  # fmt: skip


@bp.get("/workers")
def workers():
    """Reprocess runs, and the task engine's workers and queues (or why they are not shown)."""
    status = ports.plugged(current_app, ports.ENGINE_STATUS)
    engine = status(current_app.config) if status is not None else _NO_ENGINE
    with get_db().session() as session:
        return render_template("console/workers.html", runs=queries.reprocess_runs(session),
                               engine=engine)  # fmt: skip


#: What the workers page says when the app was made without the task engine plugged in.
_NO_ENGINE = SimpleNamespace(configured=False, reachable=False, broker="", workers=[], queues=[],
                             message="The task engine is not part of this app.")  # fmt: skip


@bp.get("/audit")
def audit_page():
    with get_db().session() as session:
        return render_template("console/audit.html", events=audit.recent(session, limit=500))
