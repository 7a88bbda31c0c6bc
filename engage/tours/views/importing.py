"""Import notes: upload, preview with per-row errors, then confirm."""

from __future__ import annotations

from flask import current_app, flash, redirect, render_template, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from flask_wtf import FlaskForm
from flask_wtf.file import FileField, FileRequired
from itsdangerous import BadSignature, URLSafeSerializer
from sqlalchemy import select
from wtforms import DateField, HiddenField, SelectField, SelectMultipleField
from wtforms.validators import Optional

from engage.access import roles
from engage.audit.services import record
from engage.directory.models import OrgUnit
from engage.errors import DomainError
from engage.extensions import db
from engage.forms_util import choices
from engage.tours import importing
from engage.tours.forms import KIND_LABELS
from engage.tours.views import STAFF, bp


class ImportForm(FlaskForm):
    file = FileField(
        _l("Notes file (.docx, .txt or .csv)"),
        validators=[FileRequired()],
        description=_l(
            "DOCX/TXT: one session per file; it may start with Title:, Date:, Kind:, Place: and "
            "Org units: lines. CSV: one session per row with columns title, notes and optionally "
            "date, kind, place, org_units (separated by ;)."
        ),
    )
    kind = SelectField(
        _l("Default kind"), choices=choices((k.value, v) for k, v in KIND_LABELS.items())
    )
    held_on = DateField(_l("Default date"), validators=[Optional()])
    org_units = SelectMultipleField(_l("Default org units"), validators=[Optional()])


class ConfirmForm(FlaskForm):
    token = HiddenField()


def _serializer() -> URLSafeSerializer:
    return URLSafeSerializer(current_app.config["SECRET_KEY"], salt="tours-import")


@bp.route("/import", methods=["GET", "POST"])
@roles(*STAFF)
def import_notes() -> ResponseReturnValue:
    form, rows, token = ImportForm(), None, ""
    form.org_units.choices = choices((name, name) for name in _unit_names())
    if form.validate_on_submit():
        defaults = importing.Defaults(form.kind.data, form.held_on.data, form.org_units.data)
        upload = form.file.data
        try:
            rows = importing.check_upload(upload.filename or "", upload.read(), defaults)
        except DomainError as exc:
            form.file.errors.append(str(exc))
        else:
            token = _serializer().dumps({"rows": importing.to_plain(rows), "user": current_user.id})
    status = 400 if form.errors or (rows and any(r.errors for r in rows)) else 200
    return render_template(
        "tours/import.html", form=form, rows=rows, confirm=ConfirmForm(token=token)
    ), status


def _unit_names() -> list[str]:
    return list(db.session.scalars(select(OrgUnit.name).order_by(OrgUnit.name).distinct()))


@bp.post("/import/confirm")
@roles(*STAFF)
def confirm_import() -> ResponseReturnValue:
    form = ConfirmForm()
    try:
        if not form.validate_on_submit():
            raise DomainError(_("The form expired; upload the file again."))
        payload = _serializer().loads(form.token.data or "")
        if payload.get("user") != current_user.id:
            raise DomainError(_("This preview belongs to someone else; upload the file again."))
        # Re-validate: org units may have changed since the preview.
        rows = importing.validate(importing.from_plain(payload["rows"]), importing.Defaults())
        sessions = importing.apply_import(rows, current_user)
    except BadSignature:
        flash(_("The preview could not be read; upload the file again."), "error")
        return redirect(url_for("tours.import_notes"))
    except DomainError as exc:
        flash(str(exc), "error")
        return redirect(url_for("tours.import_notes"))
    record(current_user, "tour_session.imported", "tour_session", None, sessions=len(sessions))
    db.session.commit()
    flash(_("Imported %(n)s sessions.", n=len(sessions)), "success")
    return redirect(url_for("tours.index"))
