"""Administration forms."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, DateField, EmailField, SelectField, StringField
from wtforms.validators import DataRequired, Email, Length, Optional

from engage.auth.roles import Role
from engage.forms_util import choices


def role_choices() -> list:
    return choices((role.value, role.label) for role in Role)


class UserCreateForm(FlaskForm):
    email = EmailField(_l("Email address"), validators=[DataRequired(), Email(), Length(max=254)])
    name = StringField(_l("Full name"), validators=[DataRequired(), Length(max=200)])
    role = SelectField(_l("Role"), choices=role_choices(), validators=[DataRequired()])


class UserEditForm(FlaskForm):
    name = StringField(_l("Full name"), validators=[DataRequired(), Length(max=200)])
    role = SelectField(_l("Role"), choices=role_choices(), validators=[DataRequired()])
    active = BooleanField(_l("Account is active"))


class AuditFilterForm(FlaskForm):
    class Meta:
        csrf = False  # a GET filter form changes nothing

    action = StringField(_l("Action starts with"), validators=[Optional(), Length(max=60)])
    actor = StringField(_l("Who (email contains)"), validators=[Optional(), Length(max=254)])
    since = DateField(_l("From date"), validators=[Optional()])
    until = DateField(_l("To date"), validators=[Optional()])
