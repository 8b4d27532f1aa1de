"""Confirming destructive actions, with or without JavaScript.

A destructive button (Revoke, Rotate, Deactivate, Reject) is a POST form carrying
``data-confirm="<question>"`` and an empty ``confirmed`` field. The static script
(``static/iphub.js``) asks the question and fills the field on "OK"; the view acts only when
the field says ``yes`` and otherwise answers with a confirmation page in the site's layout. So
one click never destroys anything: not when the script is blocked or fails, not when a name
contains quotes, and the question is never turned into script (it is only ever an attribute
value or page text, escaped by Jinja).
"""

from __future__ import annotations

from flask import Flask, render_template, request

from node.auth.forms import PostForm

FIELD = "confirmed"

QUESTIONS = {
    "grant.revoke": "Revoke the access of {party} to {office}'s {ip_type}? Its client id stops "
    "working at once and cannot be restored.",
    "grant.rotate": "Issue a new secret for {party}'s access to {office}'s {ip_type}? The "
    "current secret stops working at once.",
    "user.deactivate": "Deactivate {email}? They are logged out and can no longer log in.",
    "request.reject": "Reject {office}'s request to add the third party {code} ({name})?",
    "delivery.reject": "Reject {office}'s held {ip_type} delivery (run {run})? Its held versions "
    "are discarded; the previous versions stay served and the office's records stay stored.",
}


def question(kind: str, **names: object) -> str:
    """The question for an action; the one text the dialog and the confirmation page show."""
    return QUESTIONS[kind].format(**names)


def confirmed() -> bool:
    return request.form.get(FIELD) == "yes"


def page(kind: str, action: str, cancel: str, **names: object):
    """The confirmation page for a POST that arrived unconfirmed (no script, or a forged post).

    ``action`` is the button's label ("Revoke"); the page posts the same form to the same URL
    with ``confirmed=yes``, and ``cancel`` leads back without changing anything.
    """
    return render_template(
        "confirm.html",
        question=question(kind, **names),
        action=action,
        target=request.path,
        cancel=cancel,
        form=PostForm(),
        field=FIELD,
    )


def init_app(app: Flask) -> None:
    app.add_template_global(question, "confirm_question")
