"""Builder forms. Translations are plain fields per language (``text_es``, ``text_hmn``)."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileAllowed, FileField, FileRequired
from wtforms import (
    BooleanField,
    DateField,
    RadioField,
    SelectField,
    SelectMultipleField,
    StringField,
    TextAreaField,
)
from wtforms.validators import DataRequired, Length, Optional
from wtforms.widgets import CheckboxInput, ListWidget

from engage.forms_util import FiniteFloatField, choices
from surveys import qtypes
from surveys.models import Anonymity, SurveyKind

KIND_LABELS = {
    SurveyKind.BUY_IN: _l("Buy-in survey"),
    SurveyKind.FEEDBACK: _l("Feedback form"),
    SurveyKind.CENSUS: _l("Census questionnaire"),
    SurveyKind.CUSTOM: _l("Custom"),
}
ANONYMITY_LABELS = {
    Anonymity.ANONYMOUS: _l("Anonymous: no link from answers to people"),
    Anonymity.CONFIDENTIAL: _l("Confidential: linked, visible to admins only"),
    Anonymity.IDENTIFIED: _l("Identified: staff see who answered"),
}
OTHER_LANGUAGES = (("es", "Español"), ("hmn", "Hmoob"))


class MultiCheckboxField(SelectMultipleField):
    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()


class SurveyForm(FlaskForm):
    title = StringField(_l("Title"), validators=[DataRequired(), Length(max=300)])
    kind = SelectField(_l("Kind"), choices=choices((k.value, v) for k, v in KIND_LABELS.items()))
    anonymity = SelectField(
        _l("Anonymity"),
        choices=choices((k.value, v) for k, v in ANONYMITY_LABELS.items()),
        description=_l("Once the survey has opened, anonymity can only be made stronger."),
    )
    public = BooleanField(_l("Anyone with the link may answer (otherwise invitations only)"))
    languages = MultiCheckboxField(
        _l("Languages besides English"), choices=choices(OTHER_LANGUAGES)
    )
    intro = TextAreaField(_l("Introduction"), validators=[Length(max=5000)])
    thanks = TextAreaField(_l("What happens next (thank-you page)"), validators=[Length(max=5000)])
    opens_on = DateField(_l("Opens on (optional)"), validators=[Optional()])
    closes_on = DateField(_l("Closes on (optional)"), validators=[Optional()])
    review_step = BooleanField(_l("Let respondents check their answers before submitting"))


def _add_translation_fields(form_cls: type, fields: tuple[tuple[str, str, bool], ...]) -> None:
    """Add ``<name>_<lang>`` fields for each other language."""
    for lang, lang_name in OTHER_LANGUAGES:
        for name, label, long in fields:
            field_cls = TextAreaField if long else StringField
            setattr(
                form_cls,
                f"{name}_{lang}",
                field_cls(f"{label} ({lang_name})", validators=[Optional()]),
            )


_add_translation_fields(
    SurveyForm,
    (
        ("title", "Title", False),
        ("intro", "Introduction", True),
        ("thanks", "What happens next", True),
    ),
)


class SectionForm(FlaskForm):
    title = StringField(_l("Section title"), validators=[Length(max=300)])
    intro = TextAreaField(_l("Introduction"), validators=[Length(max=5000)])
    condition = StringField(
        _l("Show only when (skip rule)"),
        description=_l("For example: q1 = yes and q3 >= 4. Leave empty to always show."),
    )


_add_translation_fields(
    SectionForm, (("title", "Section title", False), ("intro", "Introduction", True))
)

TYPE_CHOICES = [(name, qtype.label) for name, qtype in qtypes.REGISTRY.items()]


class QuestionForm(FlaskForm):
    type = SelectField(_l("Question type"), choices=choices(TYPE_CHOICES))
    code = StringField(
        _l("Code"),
        validators=[Optional(), Length(max=40)],
        description=_l("A short name used in skip rules and export columns, e.g. q3."),
    )
    text = TextAreaField(_l("Question"), validators=[DataRequired(), Length(max=2000)])
    help = TextAreaField(_l("Help text"), validators=[Length(max=2000)])
    required = BooleanField(_l("Required"))
    options = TextAreaField(
        _l("Choices"),
        description=_l(
            "One per line, as 'label' or 'code | label'. For Likert, optional custom point labels."
        ),
    )
    rows = TextAreaField(
        _l("Matrix rows"), description=_l("One statement per line, as 'label' or 'code | label'.")
    )
    points = SelectField(
        _l("Likert points"), default="5", choices=choices([("5", "5"), ("7", "7")])
    )
    minimum = FiniteFloatField(_l("Smallest number allowed"), validators=[Optional()])
    maximum = FiniteFloatField(_l("Largest number allowed"), validators=[Optional()])
    allow_other = BooleanField(_l("Offer “Other, please specify”"))
    random_order = BooleanField(_l("Show choices in random order"))
    maps_to = SelectField(
        _l("The answer records the respondent's"),
        default="",
        choices=choices([("", _l("nothing")), ("org_unit", _l("org unit")), ("role", _l("role"))]),
    )
    fill_from = SelectField(
        _l("Fill choices from the directory"),
        default="",
        choices=choices(
            [
                ("", _l("no")),
                ("department", _l("departments")),
                ("municipality", _l("municipalities")),
            ]
        ),
    )
    condition = StringField(
        _l("Show only when (skip rule)"),
        description=_l(
            "For example: q1 = yes, q2 in (a, b), q4 not answered, q5 >= 7; join with and/or."
        ),
    )


_add_translation_fields(
    QuestionForm,
    (
        ("text", "Question", True),
        ("help", "Help text", True),
        ("options", "Choices, one per line in the same order", True),
        ("rows", "Matrix rows, one per line in the same order", True),
    ),
)


#: how new invitations go out; e-mail is offered only when a mail server is configured
DELIVERIES = choices(
    [
        ("email", _l("E-mail each person their link")),
        ("csv", _l("Download the links (CSV) for a mail merge")),
    ]
)


class InviteForm(FlaskForm):
    org_unit = SelectField(_l("Stakeholders in org unit"), coerce=int)
    role = SelectField(_l("With role"))
    delivery = RadioField(_l("Send the invitations"), choices=DELIVERIES, default="csv")


class DeleteResponseForm(FlaskForm):
    reason = TextAreaField(_l("Reason for deleting"), validators=[DataRequired(), Length(max=1000)])


class ShareForm(FlaskForm):
    email = StringField(
        _l("E-mail address of a colleague"),
        validators=[DataRequired(), Length(max=254)],
        description=_l("They can then edit, distribute and export this survey."),
    )


class TranslationUploadForm(FlaskForm):
    file = FileField(
        _l("Translated spreadsheet (.xlsx)"),
        validators=[
            FileRequired(_l("Choose the translated file.")),
            FileAllowed(["xlsx"], _l("Upload the .xlsx file you downloaded and translated.")),
        ],
        description=_l(
            "Fill in the es and hmn columns and leave the key and en columns as they are. "
            "Empty cells leave the current translation unchanged."
        ),
    )
