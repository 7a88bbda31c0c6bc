"""The leads still to answer an open wave, as a page and a CSV download (no e-mail is sent)."""

from __future__ import annotations

from flask import Response, flash, redirect, render_template, url_for
from flask.typing import ResponseReturnValue
from flask_login import current_user

from engage.access import roles
from engage.census import reminders
from engage.census.models import Wave
from engage.census.views import bp
from engage.census.views.common import STAFF, get_or_404
from engage.errors import DomainError
from engage.extensions import db


@bp.get("/waves/<int:wave_id>/reminders")
@roles(*STAFF)
def wave_reminders(wave_id: int) -> ResponseReturnValue:
    wave = get_or_404(Wave, wave_id)
    try:
        waiting = reminders.waiting(wave)
    except DomainError as exc:
        flash(str(exc), "error")
        return redirect(url_for("census.wave", wave_id=wave.id))
    return render_template("census/reminders.html", wave=wave, waiting=waiting)


@bp.get("/waves/<int:wave_id>/reminders.csv")
@roles(*STAFF)
def wave_reminders_csv(wave_id: int) -> ResponseReturnValue:
    wave = get_or_404(Wave, wave_id)
    try:
        content, name = reminders.waiting_csv(wave, current_user)
    except DomainError as exc:
        flash(str(exc), "error")
        return redirect(url_for("census.wave", wave_id=wave.id))
    db.session.commit()
    return Response(
        content,
        mimetype="text/csv; charset=utf-8",
        headers={"Content-Disposition": f'attachment; filename="{name}"'},
    )
