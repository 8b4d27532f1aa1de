"""Console forms (Flask-WTF, CSRF on every post)."""

from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import BooleanField, EmailField, PasswordField, SelectField, StringField, URLField
from wtforms.validators import URL, DataRequired, Length, Optional, Regexp

from node.access.users import MIN_PASSWORD_LENGTH
from node.auth.forms import choices
from store.access_models import ROLES


class OfficeForm(FlaskForm):
    code = StringField(
        "Office code (ST.3)",
        validators=[
            DataRequired(),
            Length(min=2, max=8),
            Regexp(r"^[A-Za-z]{2}[A-Za-z0-9]*$", message="An ST.3 code such as KH or EM."),
        ],
    )
    name = StringField("Name", validators=[DataRequired(), Length(max=200)])
    may_invite = BooleanField("May add third parties without approval")


class EndpointForm(FlaskForm):
    url = URLField(
        "OAI-PMH base URL", validators=[DataRequired(), URL(require_tld=False), Length(max=500)]
    )
    metadata_prefix = StringField("Metadata prefix", validators=[DataRequired(), Length(max=40)])
    set_spec = StringField("Set", validators=[Optional(), Length(max=200)])
    schedule = StringField(
        "Schedule",
        validators=[Optional(), Length(max=100)],
        description='cron ("0 2 * * *") or "every 6h"; empty = on demand',
    )
    enabled = BooleanField("Enabled", default=True)


class UserForm(FlaskForm):
    email = EmailField(
        "Email",
        validators=[
            DataRequired(),
            Length(max=254),
            Regexp(r"^[^@\s]+@[^@\s]+$", message="An email address."),
        ],
    )
    role = SelectField("Role", choices=choices((r, r.capitalize()) for r in ROLES))
    office = SelectField("Office (office staff)", validators=[Optional()])
    password = PasswordField(
        "Initial password", validators=[DataRequired(), Length(min=MIN_PASSWORD_LENGTH, max=200)]
    )
