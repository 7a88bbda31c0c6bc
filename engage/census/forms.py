"""Census forms. The self-assessment is built per rubric (see ``parse_answers``)."""

from __future__ import annotations

from typing import Any

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    DateField,
    EmailField,
    FieldList,
    Form,
    FormField,
    HiddenField,
    RadioField,
    SelectField,
    SelectMultipleField,
    StringField,
    TextAreaField,
)
from wtforms.validators import DataRequired, InputRequired, Length, Optional, ValidationError

from engage.census.default_rubric import LEVEL_NAMES
from engage.census.models import LEVELS, InitiativeStatus, MetricKind, RubricDimension
from engage.census.waves import Answer
from engage.forms_util import FiniteFloatField, choices
from engage.wholenumber import whole_number

LEVEL_CHOICES = choices((lv, f"{lv} – {LEVEL_NAMES[lv]}") for lv in LEVELS)
METRIC_LABELS = {
    MetricKind.CENSUS: _l("Census level on a rubric dimension"),
    MetricKind.SURVEY: _l("Share agreeing with a survey statement (%)"),
    MetricKind.MANUAL: _l("Figure entered by hand, with its source"),
}
STATUS_LABELS = {
    InitiativeStatus.PLANNED: _l("Planned"),
    InitiativeStatus.IN_PROGRESS: _l("In progress"),
    InitiativeStatus.DONE: _l("Done"),
    InitiativeStatus.PAUSED: _l("Paused"),
}


class CsrfForm(FlaskForm):
    """Forms whose fields are rendered by hand still carry the CSRF token."""


class WaveForm(FlaskForm):
    title = StringField(_l("Title"), validators=[DataRequired(), Length(max=200)])
    org_units = SelectMultipleField(
        _l("Departments"),
        coerce=int,
        validators=[Optional()],
        description=_l("Each department's lead answers the census for it."),
    )
    survey_id = SelectField(
        _l("Census questionnaire (survey of kind census)"),
        coerce=int,
        validators=[Optional()],
        description=_l("Optional: a census survey built in Surveys, sent alongside the rubric."),
    )


class ReviewForm(FlaskForm):
    level = RadioField(
        _l("Reviewed level"),
        coerce=int,
        choices=LEVEL_CHOICES,
        validators=[InputRequired(_l("Choose a level."))],
    )
    reason = TextAreaField(
        _l("Reason"),
        validators=[DataRequired(_l("Give a reason.")), Length(max=5000)],
        description=_l("The department sees this beside its own level."),
    )


class LeadForm(FlaskForm):
    email = EmailField(_l("Email of the lead's account"), validators=[DataRequired()])
    org_unit_id = SelectField(_l("Department"), coerce=int)


def _after_baseline(form: Any, field: Any) -> None:
    if field.data and form.baseline_date.data and field.data <= form.baseline_date.data:
        raise ValidationError(_l("The due date must be after the baseline date."))


class BenchmarkForm(FlaskForm):
    name = StringField(_l("Name"), validators=[DataRequired(), Length(max=200)])
    org_unit_id = SelectField(_l("Org unit"), coerce=int)
    metric_kind = SelectField(
        _l("What is measured"), choices=choices((k.value, v) for k, v in METRIC_LABELS.items())
    )
    dimension_key = SelectField(_l("Rubric dimension (census metrics)"), validators=[Optional()])
    question_id = SelectField(
        _l("Likert question (survey metrics)"), coerce=int, validators=[Optional()]
    )
    source = TextAreaField(
        _l("Source"),
        validators=[Optional(), Length(max=2000)],
        description=_l("Required for hand-entered figures: the report or system they come from."),
    )
    unit_label = StringField(_l("Unit"), validators=[Optional(), Length(max=40)])
    baseline_value = FiniteFloatField(
        _l("Baseline value"), validators=[InputRequired(_l("Enter the baseline value."))]
    )
    baseline_date = DateField(
        _l("Baseline date"), validators=[InputRequired(_l("Enter the date of the baseline."))]
    )
    target_value = FiniteFloatField(
        _l("Target value"), validators=[InputRequired(_l("Enter the target value."))]
    )
    due_date = DateField(
        _l("Due date"), validators=[InputRequired(_l("Enter the due date.")), _after_baseline]
    )


class ValueForm(FlaskForm):
    value = FiniteFloatField(_l("Value"), validators=[InputRequired(_l("Enter the value."))])
    as_of = DateField(_l("Measured on"), validators=[InputRequired(_l("Enter the date."))])
    source = StringField(_l("Source"), validators=[Optional(), Length(max=500)])


class InitiativeForm(FlaskForm):
    title = StringField(_l("Title"), validators=[DataRequired(), Length(max=200)])
    owner = StringField(_l("Owner"), validators=[DataRequired(), Length(max=200)])
    description = TextAreaField(_l("What it does"), validators=[Optional(), Length(max=5000)])
    status = SelectField(
        _l("Status"), choices=choices((k.value, v) for k, v in STATUS_LABELS.items())
    )
    starts_on = DateField(_l("Starts"), validators=[Optional()])
    ends_on = DateField(_l("Ends"), validators=[Optional()])
    budget_note = TextAreaField(_l("Budget note"), validators=[Optional(), Length(max=2000)])
    org_units = SelectMultipleField(_l("Org units"), coerce=int, validators=[Optional()])
    themes = SelectMultipleField(
        _l("Themes and concerns it answers"), coerce=int, validators=[Optional()]
    )
    benchmarks = SelectMultipleField(
        _l("Benchmarks it should move"), coerce=int, validators=[Optional()]
    )
    public = BooleanField(
        _l("Show on the public “you said, we did” page (with its published themes only)")
    )


class DimensionForm(Form):
    key = HiddenField(validators=[Length(max=60)])
    name = StringField(_l("Dimension name"), validators=[Optional(), Length(max=200)])
    focus_area = StringField(
        _l("Strategic plan focus area"), validators=[Optional(), Length(max=200)]
    )
    objective = TextAreaField(_l("Objective"), validators=[Optional()])
    level_1 = TextAreaField(_l("Level 1 – Emerging"), validators=[Optional()])
    level_2 = TextAreaField(_l("Level 2 – Developing"), validators=[Optional()])
    level_3 = TextAreaField(_l("Level 3 – Established"), validators=[Optional()])
    level_4 = TextAreaField(_l("Level 4 – Leading"), validators=[Optional()])
    remove = BooleanField(_l("Remove this dimension in the new version"))


class RubricForm(FlaskForm):
    title = StringField(_l("Rubric title"), validators=[DataRequired(), Length(max=200)])
    note = TextAreaField(
        _l("What changed"), validators=[DataRequired(_l("Say what changed in this version."))]
    )
    dimensions = FieldList(FormField(DimensionForm))


def rubric_values(form: RubricForm) -> list[dict[str, Any]]:
    """Dimensions kept in the edit; a blank new row (no name, no key) is ignored."""
    found = []
    for entry in form.dimensions.entries:
        data = entry.form.data
        if data["remove"] or not (data["name"] or data["key"]):
            continue
        descriptors = {str(lv): data[f"level_{lv}"] or "" for lv in LEVELS}
        found.append({**data, "descriptors": descriptors})
    return found


def parse_answers(
    form: dict[str, str], dimensions: list[RubricDimension]
) -> tuple[list[Answer], dict[int, str]]:
    """The self-assessment as entered, and an error message per dimension that needs one."""
    answers, errors = [], {}
    for dim in dimensions:
        raw = (form.get(f"level-{dim.id}") or "").strip()
        level = whole_number(raw)
        if level is None:
            errors[dim.id] = str(_l("Choose a level for %(name)s.", name=dim.name))
        elif level not in LEVELS:
            errors[dim.id] = str(_l("Levels run from 1 to %(top)s.", top=LEVELS[-1]))
        links = form.get(f"links-{dim.id}", "")[:5000]
        answers.append(Answer(dim.id, level, links, form.get(f"notes-{dim.id}", "")[:10000]))
    return answers, errors
