"""Portal forms. Choices are filled per request from the store, so a forged value is rejected
by WTForms' choice validation before any view code sees it."""

from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import RadioField, SelectField, StringField
from wtforms.validators import DataRequired, Length, Optional, Regexp

from node.auth.forms import choices
from store.access_models import LEVEL_LABELS, THIRD_PARTY_KINDS
from store.models import IP_TYPES

CODE_PATTERN = Regexp(r"^[A-Za-z0-9][A-Za-z0-9_-]*$", message="Letters, digits, - and _ only.")


class GrantForm(FlaskForm):
    third_party = SelectField("Third party", coerce=int, validators=[DataRequired()])
    ip_type = SelectField("IP type", choices=choices((t, t.capitalize()) for t in IP_TYPES))
    level = RadioField("Access", choices=choices(LEVEL_LABELS.items()), default="data")


class ThirdPartyForm(FlaskForm):
    code = StringField("Code", validators=[DataRequired(), Length(max=40), CODE_PATTERN])
    name = StringField("Name", validators=[DataRequired(), Length(max=200)])
    kind = SelectField(
        "Kind",
        choices=choices((k, "WIPO" if k == "wipo" else k.capitalize()) for k in THIRD_PARTY_KINDS),
    )
    contact = StringField("Contact", validators=[Optional(), Length(max=200)])
