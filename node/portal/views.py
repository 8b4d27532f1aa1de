"""Portal views: an office's Data Exchange Authorizations, third parties and audit log.

Every route takes the office code from the URL and checks it against the logged-in user before
touching the store; a grant id from a form is only ever looked up *within* that office, so a
tampered URL or a forged post about another office's grant finds nothing (403/404).
"""

from __future__ import annotations

from textwrap import shorten

from flask import (
    Blueprint,
    abort,
    flash,
    make_response,
    redirect,
    render_template,
    request,
    url_for,
)
from sqlalchemy import select
from sqlalchemy.orm import Session

from node.access import audit, grants, parties
from node.auth.forms import PostForm, choices
from node.auth.session import current_user, login_required
from node.portal.forms import GrantForm, ThirdPartyForm
from node.storage import get_db
from node.web import confirm
from node.web.errors import or_404
from store.access_models import LEVEL_LABELS, Grant, ThirdParty
from store.models import Office

bp = Blueprint("portal", __name__, url_prefix="/portal")

#: Third parties' names are cut to this in the drop-down, so every choice is readable in it.
CHOICE_NAME_LENGTH = 90


def _office(session: Session, code: str) -> Office:
    """The office of the URL, if the user may manage it: 403 before revealing existence."""
    user = current_user()
    if user is None or not user.may_manage(code.upper()):
        abort(403)
    return or_404(grants.office_by_code(session, code))


def _own_grant(session: Session, office: Office, grant_id: int) -> Grant:
    return or_404(
        session.scalar(select(Grant).where(Grant.id == grant_id, Grant.office_id == office.id))
    )


def _grant_form(session: Session) -> GrantForm:
    form = GrantForm()
    form.third_party.choices = choices(
        (p.id, f"{p.code} — {shorten(p.name, CHOICE_NAME_LENGTH, placeholder=' …')}")
        for p in parties.all_parties(session)
    )
    return form


def _page(
    session: Session,
    office: Office,
    form: GrantForm | None = None,
    revealed: dict[int, str] | None = None,
    status: int = 200,
):
    all_grants = grants.listing(session, office)
    return render_template(
        "portal/authorizations.html",
        office=office,
        form=form or _grant_form(session),
        active=[g for g in all_grants if g.active],
        revoked=[g for g in all_grants if not g.active],
        revealed=revealed or {},
        action_form=PostForm(),
        levels=LEVEL_LABELS,
        grant_names=grant_names,
    ), status


def grant_names(grant: Grant) -> dict[str, str]:
    """What the rotate and revoke questions name (the card's button and the page say the same)."""
    return {
        "party": grant.third_party.name,
        "office": grant.office.code,
        "ip_type": grant.ip_type,
    }


def _confirmation(office: Office, grant: Grant, action: str, label: str):
    cancel = url_for("portal.authorizations", office=office.code)
    return confirm.page(f"grant.{action}", label, cancel, **grant_names(grant))


@bp.get("/")
@login_required
def index():
    user = current_user()
    if user.office_code:
        return redirect(url_for("portal.authorizations", office=user.office_code))
    if user.is_coordinator:
        return redirect(url_for("console.index"))
    abort(403)


@bp.get("/<office>/authorizations")
@login_required
def authorizations(office: str):
    with get_db().session() as session:
        return _page(session, _office(session, office))


@bp.post("/<office>/authorizations")
@login_required
def save_authorization(office: str):
    """Create a grant (showing its secret once) or change the level of the existing one."""
    with get_db().session() as session:
        the_office = _office(session, office)
        form = _grant_form(session)
        if not form.validate_on_submit():
            flash("The authorization was not saved; check the form.", "error")
            return _page(session, the_office, form, status=400)
        party = session.get(ThirdParty, form.third_party.data)
        result = grants.grant_access(
            session, the_office, party, form.ip_type.data, form.level.data, current_user().actor
        )
        session.flush()
        messages = {
            "created": "Authorization created. Copy the secret now: it is shown only once.",
            "level_changed": "Access level changed; the credentials stay the same.",
            "unchanged": "This third party already has exactly this access.",
        }
        flash(messages[result.outcome])
        revealed = {result.grant.id: result.secret} if result.secret else {}
        return _page(session, the_office, revealed=revealed, status=201 if revealed else 200)


def _confirmed_grant(
    session: Session, office: str, grant_id: int, action: str, label: str
) -> tuple[Office, Grant]:
    """(office, grant) of a grant form posted to the URL's own office and confirmed; 400 without
    a valid form (CSRF), 404 for a grant of another office, and for a post not yet confirmed
    the confirmation page (`action`, button `label`) as the answer."""
    the_office = _office(session, office)
    if not PostForm().validate_on_submit():
        abort(400)
    grant = _own_grant(session, the_office, grant_id)
    if not confirm.confirmed():
        abort(make_response(_confirmation(the_office, grant, action, label)))
    return the_office, grant


@bp.post("/<office>/authorizations/<int:grant_id>/rotate")
@login_required
def rotate(office: str, grant_id: int):
    with get_db().session() as session:
        the_office, grant = _confirmed_grant(session, office, grant_id, "rotate", "Rotate secret")
        try:
            secret = grants.rotate(session, grant, current_user().actor)
        except grants.GrantError as error:
            flash(str(error), "error")
            return _page(session, the_office, status=409)
        flash("New secret issued; the previous one no longer works. Copy it now.")
        return _page(session, the_office, revealed={grant.id: secret})


@bp.post("/<office>/authorizations/<int:grant_id>/revoke")
@login_required
def revoke(office: str, grant_id: int):
    with get_db().session() as session:
        _, grant = _confirmed_grant(session, office, grant_id, "revoke", "Revoke")
        grants.revoke(session, grant, current_user().actor)
        flash(f"Revoked {grant.client_id}; its next request is refused.")
    return redirect(url_for("portal.authorizations", office=office))


@bp.route("/<office>/third-parties/new", methods=["GET", "POST"])
@login_required
def add_third_party(office: str):
    """Invite directly when the coordinator allows it, else request approval."""
    with get_db().session() as session:
        the_office = _office(session, office)
        direct = current_user().is_coordinator or parties.may_invite(session, the_office)
        form = ThirdPartyForm()
        status = 400 if request.method == "POST" else 200
        if form.validate_on_submit():
            data = (form.code.data, form.name.data, form.kind.data, form.contact.data or "")
            try:
                if direct:
                    parties.add(session, *data, current_user().actor, the_office.code)
                    flash(f"Third party {form.code.data.upper()} added.")
                else:
                    parties.request_party(session, the_office, *data, current_user().actor)
                    flash("Request sent to the coordinator for approval.")
            except parties.PartyError as error:
                flash(str(error), "error")
                status = 409
            else:
                return redirect(url_for("portal.authorizations", office=the_office.code))
        return render_template(
            "portal/third_party.html", office=the_office, form=form, direct=direct
        ), status


@bp.get("/<office>/audit")
@login_required
def audit_log(office: str):
    with get_db().session() as session:
        the_office = _office(session, office)
        events = audit.recent(session, the_office.code)
        return render_template("portal/audit.html", office=the_office, events=events)
