"""Upload pages for responses: upload, map columns to questions, preview every row, import.

The upload waits between the steps (see ``uploads``: deleted once imported, never served).
"""

from __future__ import annotations

from flask import abort, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_login import current_user
from flask_wtf import FlaskForm
from sqlalchemy import select

from engage.access import roles
from engage.errors import DomainError
from engage.extensions import db
from engage.forms_util import choices
from surveys.importers import uploads
from surveys.importers.forms import ResponsesUploadForm
from surveys.importers.responses import FIELDS, check_mapping, import_responses, preview
from surveys.importers.responses_read import Sheet, read_sheet
from surveys.importers.views import STAFF, bp
from surveys.models import Survey
from surveys.sharing import may_manage

FOLDER = "response_imports"
GUESSES = {"timestamp": "submitted_on", "completion time": "submitted_on",
           "submitted on": "submitted_on", "date submitted": "submitted_on",
           "language": "language"}  # fmt: skip


@bp.route("/responses", methods=["GET", "POST"])
@roles(*STAFF)
def responses_upload() -> ResponseReturnValue:
    form = ResponsesUploadForm()
    surveys = db.session.scalars(select(Survey).where(Survey.is_template.is_(False))).all()
    # Importing responses changes a survey: only its managers may pick it.
    form.survey.choices = choices(
        (str(s.id), s.title) for s in surveys if may_manage(current_user, s)
    )
    if form.validate_on_submit():
        upload = form.file.data
        key = uploads.keep(FOLDER, upload.filename or "upload.csv", upload.read())
        return redirect(url_for("imports.responses_map", key=key, survey=form.survey.data))
    return render_template("imports/responses.html", form=form), 400 if form.errors else 200


@bp.route("/responses/<key>", methods=["GET", "POST"])
@roles(*STAFF)
def responses_map(key: str) -> ResponseReturnValue:
    path = uploads.kept(FOLDER, key)
    filename = uploads.original_name(path)
    survey = db.session.get(Survey, request.values.get("survey", type=int) or 0) or abort(404)
    if not may_manage(current_user, survey):
        abort(403)
    form, error, rows = FlaskForm(), None, None
    try:
        sheet = read_sheet(path.read_bytes(), filename)
    except DomainError as exc:
        path.unlink()
        return render_template("imports/responses_map.html", error=str(exc), survey=survey), 400
    mapping = _mapping(sheet.header, survey) if request.method == "POST" else _guess(sheet, survey)
    if form.validate_on_submit():
        try:
            if request.form.get("action") == "import":
                entry = import_responses(survey, sheet, filename, mapping, current_user)
                db.session.commit()
                path.unlink()
                return redirect(url_for("imports.report", import_id=entry.id))
            rows = preview(survey, sheet, check_mapping(survey, sheet, mapping))
        except DomainError as exc:
            db.session.rollback()
            error = str(exc)
    return render_template(
        "imports/responses_map.html", form=form, survey=survey, sheet=sheet, mapping=mapping,
        rows=rows, error=error, key=key, fields=FIELDS, filename=filename,
    ), 400 if error else 200  # fmt: skip


def _mapping(header: list[str], survey: Survey) -> dict[str, str]:
    return {name: request.form.get(f"map-{i}", "") for i, name in enumerate(header)}


def _guess(sheet: Sheet, survey: Survey) -> dict[str, str]:
    """Columns named like a question's code or text, or like a tool's timestamp column."""
    by_name = {q.code.casefold(): q.code for q in survey.questions}
    by_name.update({q.text.strip().casefold(): q.code for q in survey.questions})
    by_name.update(GUESSES)
    return {h: by_name.get(h.strip().casefold(), "") for h in sheet.header}
