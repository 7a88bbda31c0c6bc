"""Reminders to invitees who have not answered (counts only; see surveys.reminders)."""

from __future__ import annotations

from flask import Response as HttpResponse
from flask import flash, redirect, render_template, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user

from engage import mail
from engage.access import roles
from engage.errors import DomainError
from engage.extensions import db
from surveys import distribution, mailing, reminders
from surveys.blueprint import STAFF, bp, managed_survey
from surveys.views_invitations import flash_refused_and_left


@bp.get("/<int:survey_id>/reminders")
@roles(*STAFF)
def reminders_page(survey_id: int) -> ResponseReturnValue:
    survey = managed_survey(survey_id)
    return render_template(
        "surveys/reminders.html",
        survey=survey,
        overview=reminders.overview(survey),
        mail_configured=mail.configured(),
        batch=mailing.BATCH,
        may_list=distribution.may_see_respondents(survey, current_user),
    )


@bp.post("/<int:survey_id>/reminders/send")
@roles(*STAFF)
def send_reminders(survey_id: int) -> ResponseReturnValue:
    survey = managed_survey(survey_id)
    try:
        sent = reminders.send_reminders(survey, current_user)
    except DomainError as exc:
        db.session.rollback()
        flash(str(exc), "error")
    else:
        db.session.commit()  # the reminders that went out, even when a later one failed
        flash(ngettext("%(num)s reminder sent.", "%(num)s reminders sent.", sent.sent), "success")
        if sent.error:
            flash(_("Sending stopped early: %(error)s", error=sent.error), "error")
        flash_refused_and_left(sent)
    return redirect(url_for("surveys.reminders_page", survey_id=survey.id))


@bp.post("/<int:survey_id>/reminders.csv")
@roles(*STAFF)
def reminders_csv(survey_id: int) -> ResponseReturnValue:
    """New personal links of those who have not answered, for a mail merge (once, now)."""
    survey = managed_survey(survey_id)
    try:
        links = reminders.reminder_links(survey, current_user)
    except DomainError as exc:
        db.session.rollback()
        flash(str(exc), "error")
        return redirect(url_for("surveys.reminders_page", survey_id=survey.id))
    db.session.commit()
    return HttpResponse(
        distribution.links_csv(links),
        mimetype="text/csv",
        headers={"Content-Disposition": f"attachment; filename=reminders-{survey.id}.csv"},
    )
