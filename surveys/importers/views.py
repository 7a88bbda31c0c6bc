"""Upload pages: import a survey definition and read its mapping report."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_login import current_user

from engage.access import roles
from engage.auth.roles import Role
from engage.errors import DomainError
from engage.extensions import db
from surveys.importers import services, uploads
from surveys.importers.forms import ConfirmForm, DefinitionImportForm
from surveys.importers.models import SurveyImport

bp = Blueprint("imports", __name__, url_prefix="/imports")
STAFF = (Role.FELLOW, Role.ANALYST, Role.ADMIN)
FOLDER = "definition_imports"


@bp.route("/", methods=["GET", "POST"])
@roles(*STAFF)
def index() -> ResponseReturnValue:
    """Upload: the file is imported on trial and its report shown; nothing is kept yet."""
    form = DefinitionImportForm()
    if form.validate_on_submit():
        upload = form.file.data
        data, name = upload.read(), upload.filename or ""
        try:
            entry = services.import_definition(form.kind.data, data, name, current_user)
        except DomainError as exc:
            form.file.errors.append(str(exc))
        else:
            report, title, filename = entry.report, entry.survey.title, entry.filename
            db.session.rollback()  # a trial: the survey is created once confirmed
            key = uploads.keep(FOLDER, name, data)
            confirm = ConfirmForm(key=key, kind=form.kind.data)
            return render_template(
                "imports/report.html", report=report, filename=filename, title=title,
                confirm=confirm,
            )  # fmt: skip
        db.session.rollback()
    status = 400 if form.errors else 200
    recent = services.recent_imports()
    return render_template("imports/index.html", form=form, recent=recent), status


@bp.post("/confirm")
@roles(*STAFF)
def confirm() -> ResponseReturnValue:
    """Import the checked file for real and open the new draft survey."""
    form = ConfirmForm()
    if not form.validate_on_submit() or form.kind.data not in services.SUFFIXES:
        abort(400)
    path = uploads.kept(FOLDER, form.key.data or "")
    try:
        entry = services.import_definition(
            form.kind.data, path.read_bytes(), uploads.original_name(path), current_user
        )
    except DomainError as exc:  # the same bytes passed the check; only a changed app fails
        db.session.rollback()
        flash(str(exc), "error")
        return redirect(url_for("imports.index"))
    db.session.commit()
    path.unlink()
    flash(_("Imported as a draft survey. The import report is listed under Recent imports."),
          "success")  # fmt: skip
    return redirect(url_for("surveys.detail", survey_id=entry.survey_id))


@bp.get("/<int:import_id>")
@roles(*STAFF)
def report(import_id: int) -> ResponseReturnValue:
    entry = db.session.get(SurveyImport, import_id) or abort(404)
    return render_template(
        "imports/report.html", report=entry.report, filename=entry.filename,
        title=entry.survey.title if entry.survey else "", survey_id=entry.survey_id,
    )  # fmt: skip


from surveys.importers import views_responses  # noqa: E402, F401  (routes on this blueprint)
