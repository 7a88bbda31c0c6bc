"""The translation spreadsheet: download every string of a survey, upload it translated."""

from __future__ import annotations

from flask import Response as HttpResponse
from flask import render_template
from flask.typing import ResponseReturnValue
from flask_login import current_user

from engage.access import roles
from engage.audit.services import record
from engage.errors import DomainError
from engage.extensions import db
from surveys import translation_files
from surveys.blueprint import STAFF, bp, managed_survey
from surveys.forms import TranslationUploadForm

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@bp.get("/<int:survey_id>/translations.xlsx")
@roles(*STAFF)
def translations_download(survey_id: int) -> ResponseReturnValue:
    survey = managed_survey(survey_id)
    body = translation_files.workbook_bytes(survey)
    record(current_user, "survey.translations_exported", "survey", survey.id)
    db.session.commit()
    name = f"{survey.slug}-translations.xlsx"
    return HttpResponse(
        body, mimetype=XLSX, headers={"Content-Disposition": f"attachment; filename={name}"}
    )


@bp.route("/<int:survey_id>/translations", methods=["GET", "POST"])
@roles(*STAFF)
def translations(survey_id: int) -> ResponseReturnValue:
    survey = managed_survey(survey_id)
    form, report = TranslationUploadForm(), None
    if form.validate_on_submit():
        try:
            report = translation_files.import_workbook(survey, form.file.data.read(), current_user)
        except DomainError as exc:
            db.session.rollback()
            form.file.errors = [*form.file.errors, str(exc)]
        else:
            db.session.commit()
    status = 400 if form.errors else 200
    return render_template(
        "surveys/translations.html", survey=survey, form=form, report=report
    ), status
