"""Directory forms."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileAllowed, FileField, FileRequired
from wtforms import (
    BooleanField,
    EmailField,
    SelectField,
    SelectMultipleField,
    StringField,
    TextAreaField,
)
from wtforms.validators import DataRequired, Email, Length, Optional

from engage.directory.models import OrgUnitKind, QuoteConsent, StakeholderRole
from engage.forms_util import choices

KIND_LABELS = {
    OrgUnitKind.DEPARTMENT: _l("Department"),
    OrgUnitKind.MUNICIPALITY: _l("Municipality"),
    OrgUnitKind.STRATEGY_TEAM: _l("Strategy team"),
    OrgUnitKind.PARTNER: _l("Partner organisation"),
}
ROLE_LABELS = {
    StakeholderRole.EMPLOYEE: _l("County employee"),
    StakeholderRole.MUNICIPAL_STAFF: _l("Municipal staff"),
    StakeholderRole.RESIDENT: _l("Resident"),
    StakeholderRole.PARTNER: _l("Partner"),
    StakeholderRole.LEADER: _l("Leader"),
}
CONSENT_LABELS = {
    QuoteConsent.NONE: _l("Do not quote"),
    QuoteConsent.INTERNAL: _l("Quote internally only"),
    QuoteConsent.ANONYMOUS_PUBLIC: _l("Quote publicly without name"),
    QuoteConsent.ATTRIBUTED: _l("Quote publicly with name"),
}
LANGUAGE_CHOICES = [("en", "English"), ("es", "Español"), ("hmn", "Hmoob")]


class OrgUnitForm(FlaskForm):
    kind = SelectField(_l("Kind"), choices=choices((k.value, v) for k, v in KIND_LABELS.items()))
    name = StringField(_l("Name"), validators=[DataRequired(), Length(max=200)])
    subkind = StringField(
        _l("Sub-kind"),
        validators=[Optional(), Length(max=40)],
        description=_l("For example city or village."),
    )
    parent_id = SelectField(_l("Part of"), coerce=int, validators=[Optional()])
    description = TextAreaField(_l("Description"), validators=[Optional(), Length(max=5000)])


class StakeholderForm(FlaskForm):
    name = StringField(_l("Name"), validators=[DataRequired(), Length(max=200)])
    email = EmailField(_l("Email"), validators=[Optional(), Email(), Length(max=254)])
    phone = StringField(_l("Phone"), validators=[Optional(), Length(max=40)])
    title = StringField(_l("Job title or role"), validators=[Optional(), Length(max=200)])
    role = SelectField(
        _l("Stakeholder type"), choices=choices((k.value, v) for k, v in ROLE_LABELS.items())
    )
    org_units = SelectMultipleField(_l("Org units"), coerce=int, validators=[Optional()])
    preferred_language = SelectField(_l("Preferred language"), choices=choices(LANGUAGE_CHOICES))
    consent_contact = BooleanField(_l("Agreed to be contacted"))
    consent_quote = SelectField(
        _l("Quoting consent"), choices=choices((k.value, v) for k, v in CONSENT_LABELS.items())
    )
    notes = TextAreaField(_l("Notes"), validators=[Optional(), Length(max=10000)])


class ImportForm(FlaskForm):
    file = FileField(
        _l("CSV or XLSX file"),
        validators=[
            FileRequired(),
            FileAllowed(["csv", "xlsx"], _l("Upload a .csv or .xlsx file.")),
        ],
        description=_l(
            "Columns: name, role (required); email, phone, title, org_units (separated by ;), "
            "preferred_language, consent_contact, consent_quote, notes."
        ),
    )
    encoding = SelectField(
        _l("Text encoding (CSV)"),
        choices=choices([("auto", "UTF-8 (default)"), ("cp1252", "Windows-1252 (older Excel)")]),
    )
    valid_only = BooleanField(_l("If some rows have problems, import the valid rows anyway"))
