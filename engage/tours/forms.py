"""Listening-tour forms. Choices for people, units and guides are filled in by the views."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    DateField,
    FieldList,
    Form,
    FormField,
    IntegerField,
    SelectField,
    SelectMultipleField,
    StringField,
    TextAreaField,
)
from wtforms.validators import DataRequired, Length, NumberRange, Optional

from engage.directory.forms import CONSENT_LABELS, ROLE_LABELS
from engage.forms_util import choices
from engage.tours.models import FollowUpStatus, SessionKind, SessionStatus

KIND_LABELS = {
    SessionKind.INTERVIEW: _l("Interview"),
    SessionKind.MEETING: _l("Staff meeting"),
    SessionKind.FOCUS_GROUP: _l("Focus group"),
    SessionKind.TOWN_HALL: _l("Town hall"),
}
STATUS_LABELS = {
    SessionStatus.PLANNED: _l("Planned"),
    SessionStatus.HELD: _l("Held"),
    SessionStatus.WRITTEN_UP: _l("Written up"),
}
FOLLOW_UP_LABELS = {
    FollowUpStatus.OPEN: _l("Open"),
    FollowUpStatus.DONE: _l("Done"),
    FollowUpStatus.DROPPED: _l("Dropped"),
}


def _pairs(labels: dict, blank: str | None = None) -> list:
    pairs = [(k.value, v) for k, v in labels.items()]
    return choices([("", blank), *pairs] if blank is not None else pairs)


class QuestionForm(Form):
    text_en = TextAreaField(_l("Question (English)"), validators=[Optional(), Length(max=2000)])
    text_es = TextAreaField(_l("Question (Spanish)"), validators=[Optional(), Length(max=2000)])
    text_hmn = TextAreaField(_l("Question (Hmong)"), validators=[Optional(), Length(max=2000)])
    prompt_en = TextAreaField(
        _l("Prompts for the interviewer (English)"), validators=[Optional(), Length(max=2000)]
    )
    prompt_es = TextAreaField(_l("Prompts (Spanish)"), validators=[Optional(), Length(max=2000)])
    prompt_hmn = TextAreaField(_l("Prompts (Hmong)"), validators=[Optional(), Length(max=2000)])


class GuideForm(FlaskForm):
    title = StringField(_l("Title"), validators=[DataRequired(), Length(max=200)])
    audience = StringField(
        _l("Audience"),
        validators=[Optional(), Length(max=200)],
        description=_l("Who the guide is for, e.g. department directors or residents."),
    )
    questions = FieldList(FormField(QuestionForm), min_entries=1, max_entries=60)


class SessionForm(FlaskForm):
    title = StringField(_l("Title"), validators=[DataRequired(), Length(max=200)])
    kind = SelectField(_l("Kind of session"), choices=_pairs(KIND_LABELS))
    status = SelectField(_l("Status"), choices=_pairs(STATUS_LABELS))
    held_on = DateField(_l("Date"), validators=[DataRequired()])
    place = StringField(_l("Place"), validators=[Optional(), Length(max=200)])
    online = BooleanField(_l("Held online"))
    guide_version_id = SelectField(_l("Interview guide"), coerce=int, validators=[Optional()])
    org_units = SelectMultipleField(
        _l("Departments, municipalities or teams"), coerce=int, validators=[Optional()]
    )
    stakeholders = SelectMultipleField(
        _l("Participants from the directory"), coerce=int, validators=[Optional()]
    )
    anonymous_count = IntegerField(
        _l("Other participants (number)"),
        default=0,
        validators=[Optional(), NumberRange(min=0, max=100_000)],
        description=_l("People not in the directory, e.g. 12 residents at a town hall."),
    )
    anonymous_role = SelectField(
        _l("Who the other participants were"), choices=_pairs(ROLE_LABELS, blank="—"), default=""
    )
    consent_recording = BooleanField(_l("Participants agreed to recording"))
    consent_quote = SelectField(_l("Quoting consent"), choices=_pairs(CONSENT_LABELS))
    fellows = SelectMultipleField(_l("Fellows present"), coerce=int, validators=[Optional()])
    shared_with = SelectMultipleField(
        _l("Share with"),
        coerce=int,
        validators=[Optional()],
        description=_l("Colleagues who may read and edit this session's notes."),
    )
    summary = TextAreaField(_l("Summary"), validators=[Optional(), Length(max=20_000)])


class SpanFields:
    """Where a selection is: offsets from the browser, or the exact words typed."""

    note_id = SelectField(_l("Note"), coerce=int)
    start = IntegerField(_l("Start position"), validators=[Optional(), NumberRange(min=0)])
    end = IntegerField(_l("End position"), validators=[Optional(), NumberRange(min=0)])
    exact = TextAreaField(
        _l("Exact words"),
        validators=[Optional(), Length(max=20_000)],
        description=_l("Select text in a note, or type or paste the exact words here."),
    )


class QuoteForm(SpanFields, FlaskForm):
    speaker_role = SelectField(_l("Speaker"), choices=_pairs(ROLE_LABELS, blank="—"), default="")
    speaker_label = StringField(
        _l("Speaker description"),
        validators=[Optional(), Length(max=200)],
        description=_l("Shown only if the quote may be attributed."),
    )
    consent = SelectField(
        _l("Quoting consent"),
        choices=_pairs(CONSENT_LABELS, blank=_l("Same as the session")),
        default="",
    )


class CodeApplyForm(SpanFields, FlaskForm):
    code_id = SelectField(_l("Code"), coerce=int)


class FollowUpForm(FlaskForm):
    description = TextAreaField(_l("What needs to happen"), validators=[Length(max=5000)])
    owner_id = SelectField(_l("Owner"), coerce=int, validators=[Optional()])
    due = DateField(_l("Due"), validators=[Optional()])
    status = SelectField(_l("Status"), choices=_pairs(FOLLOW_UP_LABELS))


class CodeForm(FlaskForm):
    name = StringField(_l("Code"), validators=[DataRequired(), Length(max=300)])
    description = TextAreaField(_l("Description"), validators=[Optional(), Length(max=5000)])
    parent_id = SelectField(_l("Under"), coerce=int, validators=[Optional()])


class ConsentForm(FlaskForm):
    consent = SelectField(_l("Quoting consent"), choices=_pairs(CONSENT_LABELS))


class BlankForm(FlaskForm):
    """CSRF only (notes save, deletes, re-attach)."""
