"""Report forms: starting a run, uploading answers, curating themes."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileAllowed, FileField, FileRequired
from wtforms import (
    BooleanField,
    DateField,
    SelectField,
    SelectMultipleField,
    StringField,
    TextAreaField,
)
from wtforms.validators import DataRequired, Length, Optional

from engage.forms_util import choices

LANGUAGES = choices([("en", "English"), ("es", "Español"), ("hmn", "Hmoob")])


class RunForm(FlaskForm):
    title = StringField(_l("Report title"), validators=[DataRequired(), Length(max=200)])
    evidence = SelectMultipleField(
        _l("Answers and notes to theme"),
        validators=[DataRequired(_l("Pick at least one source of answers or notes."))],
        description=_l("Hold Ctrl (Cmd on a Mac) to pick several."),
    )
    date_from = DateField(_l("From (date)"), validators=[Optional()])
    date_to = DateField(_l("To (date)"), validators=[Optional()])
    org_units = SelectMultipleField(_l("Only these org units"), coerce=int, validators=[Optional()])
    languages = SelectMultipleField(_l("Only these languages"), choices=LANGUAGES)


class UploadForm(FlaskForm):
    name = StringField(_l("Name"), validators=[DataRequired(), Length(max=200)])
    file = FileField(
        _l("CSV or XLSX file"),
        validators=[FileRequired(), FileAllowed(["csv", "xlsx", "xlsm"], _l("CSV or XLSX only."))],
    )
    text_column = StringField(_l("Column with the answers"), validators=[DataRequired()])
    group_columns = StringField(
        _l("Columns to break results down by"),
        description=_l("Column headers separated by commas, e.g. municipality, role."),
    )
    quotable = BooleanField(_l("The people who wrote these agreed to be quoted without names"))


class RenameForm(FlaskForm):
    label = StringField(_l("Theme label"), validators=[Length(max=200)])


class SummaryForm(FlaskForm):
    summary = TextAreaField(_l("Summary"), validators=[Length(max=5000)])


class MergeForm(FlaskForm):
    target = SelectField(_l("Merge this theme into"), coerce=int)


class UnitsForm(FlaskForm):
    """Split (label) or move (target) a selection of a theme's answers."""

    units = SelectMultipleField(_l("Answers"))
    label = StringField(_l("Label of the new theme"), validators=[Length(max=200)])
    target = SelectField(_l("Move them to"), coerce=int, validate_choice=False)
