"""The form for creating an API token."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, SelectField, StringField
from wtforms.validators import DataRequired, Length

from engage.api.tokens import LIFETIMES
from engage.forms_util import choices


class TokenForm(FlaskForm):
    name = StringField(
        _l("Name"),
        validators=[DataRequired(_l("Give the token a name.")), Length(max=100)],
        description=_l("What it is for, e.g. 'kiosk at the library' or 'Power BI refresh'."),
    )
    days = SelectField(
        _l("Expires after"),
        choices=choices((str(d), _l("%(n)s days", n=d)) for d in LIFETIMES),
        default="90",
    )
    write = BooleanField(
        _l("Allow writing (record survey responses), not only reading"),
        description=_l("Leave unticked unless the program must send answers in."),
    )
