"""Login and logout for the office portal and the coordinator console (session cookies)."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from sqlalchemy import select

from node.access import audit, throttle
from node.auth.forms import LoginForm, PostForm
from node.auth.redirects import same_site_path
from node.auth.session import current_user, log_in, log_out
from node.storage import get_db
from store import credentials
from store.access_models import User

bp = Blueprint("auth", __name__)


@bp.app_context_processor
def _inject() -> dict:
    """Every page can show who is logged in and a logout button with its CSRF token."""
    return {"current_user": current_user(), "logout_form": PostForm()}


def _home_of(user: User) -> str:
    if user.role == "coordinator":
        return url_for("console.index")
    if user.office is None:
        return url_for("portal.index")
    return url_for("portal.authorizations", office=user.office.code)


def _authenticate(session, email: str, password: str) -> tuple[User | None, str | None]:
    """(user, None) on success, (None, message) otherwise; failures are counted and audited."""
    if throttle.address_retry_after(session):
        return None, "Too many failed attempts from your address; try again later."
    if throttle.is_blocked(session, email):
        audit.record(session, email, "login.throttled")
        return None, "Too many failed attempts; try again in 15 minutes."
    user = session.scalar(select(User).where(User.email == email))
    ok = credentials.password_matches(password, user.password_hash if user else None)
    if not ok or user is None or not user.active:
        throttle.record_failure(session, email, "portal")
        audit.record(session, email, "login.failed")
        return None, "Wrong email or password."
    throttle.clear(session, email)
    audit.record(session, email, "login", user.office.code if user.office else None)
    return user, None


@bp.route("/login", methods=["GET", "POST"])
def login():
    form = LoginForm()
    status = 200
    if form.validate_on_submit():
        email = form.email.data.strip().lower()
        with get_db().session() as session:
            user, message = _authenticate(session, email, form.password.data)
            if user is not None:
                log_in(session, user.id)
                return redirect(same_site_path(request.args.get("next")) or _home_of(user))
        flash(message, "error")
        status = 429 if message and message.startswith("Too many") else 401
    elif request.method == "POST":
        status = 400
    return render_template("auth/login.html", form=form), status


@bp.post("/logout")
def logout():
    if not PostForm().validate_on_submit():
        abort(400)
    user = current_user()
    if user is not None:
        with get_db().session() as session:
            audit.record(session, user.email, "logout", user.office_code)
    log_out()
    flash("Logged out.")
    return redirect(url_for("auth.login"))
