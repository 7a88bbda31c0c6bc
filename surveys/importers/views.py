"""Upload pages: import a survey definition and read its mapping report."""

from __future__ import annotations

from flask import Blueprint, abort, redirect, render_template, url_for
from flask.typing import ResponseReturnValue
from flask_login import current_user

from engage.access import roles
from engage.auth.roles import Role
from engage.errors import DomainError
from engage.extensions import db
from surveys.importers import services
from surveys.importers.forms import DefinitionImportForm
from surveys.importers.models import SurveyImport

bp = Blueprint("imports", __name__, url_prefix="/imports")
STAFF = (Role.FELLOW, Role.ANALYST, Role.ADMIN)


@bp.route("/", methods=["GET", "POST"])
@roles(*STAFF)
def index() -> ResponseReturnValue:
    form = DefinitionImportForm()
    if form.validate_on_submit():
        upload = form.file.data
        try:
            entry = services.import_definition(
                form.kind.data, upload.read(), upload.filename or "", current_user
            )
        except DomainError as exc:
            db.session.rollback()
            form.file.errors.append(str(exc))
        else:
            db.session.commit()
            return redirect(url_for("imports.report", import_id=entry.id))
    status = 400 if form.errors else 200
    recent = services.recent_imports()
    return render_template("imports/index.html", form=form, recent=recent), status


@bp.get("/<int:import_id>")
@roles(*STAFF)
def report(import_id: int) -> ResponseReturnValue:
    entry = db.session.get(SurveyImport, import_id) or abort(404)
    return render_template("imports/report.html", entry=entry)


from surveys.importers import views_responses  # noqa: E402, F401  (routes on this blueprint)
