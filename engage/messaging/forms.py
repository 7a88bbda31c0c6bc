"""Messaging forms. Choices that depend on the database are filled by the views."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    RadioField,
    SelectField,
    SelectMultipleField,
    StringField,
    TextAreaField,
)
from wtforms.validators import DataRequired, Length, Optional
from wtforms.widgets import CheckboxInput, ListWidget

from engage.forms_util import choices
from engage.messaging.drafts import MAX_TEXT
from engage.messaging.evidence import METRICS
from engage.messaging.models import BlockKind

BLOCK_LABELS = {
    BlockKind.HEADING: _l("Heading"),
    BlockKind.PARAGRAPH: _l("Paragraph"),
    BlockKind.CLAIM: _l("Claim (a finding that needs evidence)"),
    BlockKind.STATISTIC: _l("Statistic"),
    BlockKind.QUOTE: _l("Quote"),
    BlockKind.CALL_TO_ACTION: _l("Call to action"),
}
#: Kinds typed by hand; statistics and quotes are inserted from the report.
TYPED_KINDS = (BlockKind.HEADING, BlockKind.PARAGRAPH, BlockKind.CLAIM, BlockKind.CALL_TO_ACTION)
LANGUAGE_LABELS = {"en": "English", "es": "Español", "hmn": "Hmoob"}


class MultiCheckboxField(SelectMultipleField):
    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()


class DraftSettingsForm(FlaskForm):
    title = StringField(_l("Title"), validators=[DataRequired(), Length(max=200)])
    audience_id = SelectField(_l("Audience"), coerce=int)
    channel_id = SelectField(_l("Channel"), coerce=int)
    run_id = SelectField(
        _l("Based on report"), coerce=int, description=_l("Only published reports can be used.")
    )


class DraftForm(DraftSettingsForm):
    theme_ids = MultiCheckboxField(
        _l("Start with a claim for each of these themes"), coerce=int, validators=[Optional()],
        description=_l("Themes of the chosen report; you can add more later."),
    )  # fmt: skip


class BlockForm(FlaskForm):
    kind = SelectField(
        _l("Kind of block"), choices=choices((k.value, BLOCK_LABELS[k]) for k in TYPED_KINDS)
    )
    text = TextAreaField(_l("Text"), validators=[DataRequired(), Length(max=MAX_TEXT)])


class EditBlockForm(FlaskForm):
    text = TextAreaField(_l("Text (English)"), validators=[DataRequired(), Length(max=MAX_TEXT)])


class StatisticForm(FlaskForm):
    theme_id = SelectField(_l("Theme"), coerce=int)
    metric = RadioField(_l("Statistic"), choices=choices((k, _l(v)) for k, v in METRICS.items()))
    group_column = SelectField(
        _l("Group column"), validators=[Optional()],
        description=_l("Only for the number of groups heard."),
    )  # fmt: skip
    claim_id = SelectField(_l("Where"), coerce=int)


class QuoteForm(FlaskForm):
    quote = RadioField(_l("Quote"), validators=[DataRequired()])
    claim_id = SelectField(_l("Where"), coerce=int)


class ThemeLinkForm(FlaskForm):
    theme_id = SelectField(_l("Theme"), coerce=int)


class TranslationForm(FlaskForm):
    text = TextAreaField(_l("Translation"), validators=[Optional(), Length(max=MAX_TEXT)])


class CommentForm(FlaskForm):
    text = TextAreaField(_l("Comment"), validators=[DataRequired(), Length(max=5000)])


class SendBackForm(FlaskForm):
    note = TextAreaField(_l("What should change"), validators=[DataRequired(), Length(max=5000)])


class ExportForm(FlaskForm):
    fmt = RadioField(
        _l("Format"), default="md",
        choices=choices([("md", "Markdown"), ("html", _l("HTML e-mail body")),
                         ("txt", _l("Plain text"))]),
    )  # fmt: skip
    language = SelectField(_l("Language"), choices=choices(LANGUAGE_LABELS.items()))
    appendix = BooleanField(
        _l("Include the evidence appendix (review copy; leave out for the public copy)"),
        default=True,
    )


class JargonForm(FlaskForm):
    term = StringField(_l("Jargon"), validators=[DataRequired(), Length(max=100)])
    plain = StringField(_l("Plainer words"), validators=[DataRequired(), Length(max=200)])
