"""Messaging forms. Choices that depend on the database are filled by the views."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    IntegerField,
    RadioField,
    SelectField,
    SelectMultipleField,
    StringField,
    TextAreaField,
)
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange, Optional
from wtforms.widgets import CheckboxInput, ListWidget

from engage.directory.models import QuoteConsent
from engage.forms_util import choices
from engage.messaging.drafts import MAX_TEXT
from engage.messaging.evidence import METRICS
from engage.messaging.models import AudienceKind, BlockKind, ChannelKind

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
        choices=choices([("docx", _l("Word document (approved drafts)")), ("md", "Markdown"),
                         ("html", _l("HTML e-mail body")), ("txt", _l("Plain text"))]),
    )  # fmt: skip
    language = SelectField(_l("Language"), choices=choices(LANGUAGE_LABELS.items()))
    appendix = BooleanField(
        _l("Include the evidence appendix (review copy; leave out for the public copy)"),
        default=True,
    )


class JargonForm(FlaskForm):
    term = StringField(_l("Jargon"), validators=[DataRequired(), Length(max=100)])
    plain = StringField(_l("Plainer words"), validators=[DataRequired(), Length(max=200)])


AUDIENCE_KIND_LABELS = {
    AudienceKind.COUNTY_EMPLOYEES: _l("County employees"),
    AudienceKind.DEPARTMENT: _l("A department"),
    AudienceKind.MUNICIPAL_LEADERS: _l("Municipal leaders"),
    AudienceKind.RESIDENTS: _l("Residents"),
    AudienceKind.PARTNERS: _l("Partners"),
    AudienceKind.ELECTED_OFFICIALS: _l("Elected officials"),
}
CHANNEL_KIND_LABELS = {
    ChannelKind.EMAIL: _l("E-mail"),
    ChannelKind.INTRANET: _l("Intranet post"),
    ChannelKind.WEB_PAGE: _l("Web page"),
    ChannelKind.FLYER: _l("Flyer"),
    ChannelKind.TALKING_POINTS: _l("Talking points"),
    ChannelKind.SOCIAL: _l("Social post"),
}
#: What an audience may read, widest consent it needs first (see evidence.allows).
AUDIENCE_CONSENT_LABELS = {
    QuoteConsent.ATTRIBUTED: _l(
        "Only quotes their authors agreed to have published with their name"
    ),
    QuoteConsent.ANONYMOUS_PUBLIC: _l("Quotes cleared for the public (anonymous or named)"),
    QuoteConsent.INTERNAL: _l("Also quotes given for internal county use (staff audiences only)"),
}


def _pairs(labels: dict) -> list:
    return choices((k.value, v) for k, v in labels.items())


class AudienceForm(FlaskForm):
    name = StringField(_l("Name"), validators=[DataRequired(), Length(max=200)])
    kind = SelectField(_l("Kind of audience"), choices=_pairs(AUDIENCE_KIND_LABELS))
    languages = MultiCheckboxField(
        _l("Languages"), choices=choices(LANGUAGE_LABELS.items()),
        validators=[DataRequired(_l("Choose at least one language."))],
    )  # fmt: skip
    quote_consent = RadioField(
        _l("Quotes this audience may read"),
        choices=_pairs(AUDIENCE_CONSENT_LABELS),
        validators=[DataRequired(_l("Choose which quotes this audience may read."))],
    )  # fmt: skip
    target_grade = IntegerField(
        _l("Reading-grade target"), validators=[InputRequired(), NumberRange(1, 18)],
        description=_l("The highest reading grade drafts for this audience should have "
                       "(8 or lower for residents)."),
    )  # fmt: skip


class ChannelForm(FlaskForm):
    name = StringField(_l("Name"), validators=[DataRequired(), Length(max=200)])
    kind = SelectField(_l("Kind of channel"), choices=_pairs(CHANNEL_KIND_LABELS))
    max_chars = IntegerField(
        _l("Length limit (characters)"), validators=[Optional(), NumberRange(min=1, max=1_000_000)],
        description=_l("Leave empty for no limit; a social post has one, e.g. 280."),
    )  # fmt: skip
