"""The share list: who besides the creator, analysts and admins may manage a survey."""

from __future__ import annotations

from flask import flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_login import current_user

from engage.access import roles
from engage.auth.models import User
from engage.errors import DomainError
from engage.extensions import db
from surveys import sharing
from surveys.blueprint import STAFF, bp, managed_survey
from surveys.forms import ShareForm


@bp.route("/<int:survey_id>/sharing", methods=["GET", "POST"])
@roles(*STAFF)
def sharing_page(survey_id: int) -> ResponseReturnValue:
    survey = managed_survey(survey_id)
    form = ShareForm()
    if form.validate_on_submit():
        try:
            user = sharing.share(survey, form.email.data, current_user)
        except DomainError as exc:
            db.session.rollback()
            form.email.errors = [*form.email.errors, str(exc)]
        else:
            db.session.commit()
            flash(_("%(name)s can now edit this survey.", name=user.name), "success")
            return redirect(url_for("surveys.sharing_page", survey_id=survey.id))
    creator = db.session.get(User, survey.created_by_id) if survey.created_by_id else None
    return render_template(
        "surveys/sharing.html", survey=survey, form=form, creator=creator
    ), 400 if form.errors else 200


@bp.post("/<int:survey_id>/sharing/remove")
@roles(*STAFF)
def unshare(survey_id: int) -> ResponseReturnValue:
    survey = managed_survey(survey_id)
    sharing.unshare(survey, request.form.get("user", 0, type=int), current_user)
    db.session.commit()
    flash(_("Sharing updated."), "success")
    return redirect(url_for("surveys.sharing_page", survey_id=survey.id))
