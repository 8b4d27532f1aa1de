"""Discussion and decision forms (Flask-WTF: every POST carries a CSRF token)."""

from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import SelectField, TextAreaField
from wtforms.validators import DataRequired, Length, Optional

from node.auth.forms import choices

COMMENT_CHOICES = choices(
    [
        ("comment", "Comment"),
        ("rule-change", "Propose a rule change"),
        ("mapping-fix", "Propose a mapping fix"),
    ]
)


class CommentForm(FlaskForm):
    """A comment or proposal on a finding or a rule."""

    kind = SelectField("Kind", choices=COMMENT_CHOICES, default="comment")
    body = TextAreaField("Message", validators=[DataRequired(), Length(max=5000)])


class DecisionForm(FlaskForm):
    """Accept a finding ("really empty at source") or withdraw the acceptance, with a note."""

    note = TextAreaField("Note", validators=[Optional(), Length(max=2000)])
