"""The upload form for survey definitions."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField, FileRequired
from wtforms import HiddenField, RadioField, SelectChoice, SelectField

KINDS = [
    SelectChoice("xlsform", _l("XLSForm (ODK, KoboToolbox): .xlsx or KoboToolbox .json")),
    SelectChoice("limesurvey", _l("LimeSurvey: .lss, .lsg, .lsq, or .lsa with responses")),
]


class DefinitionImportForm(FlaskForm):
    kind = RadioField(_l("Made with"), choices=KINDS, default="xlsform")
    file = FileField(
        _l("Survey file"),
        validators=[FileRequired(_l("Choose a file to import."))],
        description=_l(
            "You see what would be imported, changed or skipped before a draft survey is "
            "created; nothing changes if the file is refused."
        ),
    )


class ConfirmForm(FlaskForm):
    """Import a checked upload (it waits under ``key``, see surveys.importers.uploads)."""

    key = HiddenField()
    kind = HiddenField()


class ResponsesUploadForm(FlaskForm):
    survey = SelectField(_l("Survey the answers belong to"), choices=[])
    file = FileField(
        _l("Spreadsheet of responses"),
        validators=[FileRequired(_l("Choose a file to import."))],
        description=_l(
            "CSV or XLSX exported from Google Forms, Microsoft Forms, SurveyMonkey or Excel. "
            "Next you match columns to questions and see every row checked before saving."
        ),
    )
