"""Personal invitations: create them and send them by e-mail or as a CSV for a mail merge."""

from __future__ import annotations

from flask import Response as HttpResponse
from flask import flash, redirect, render_template, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user

from engage import mail
from engage.access import roles
from engage.directory import services as directory
from engage.directory.forms import ROLE_LABELS
from engage.directory.models import Stakeholder
from engage.extensions import db
from engage.forms_util import choices
from surveys import distribution, invitation_mail, mailing, qr
from surveys.blueprint import STAFF, attempt, bp, managed_survey
from surveys.forms import DELIVERIES, InviteForm
from surveys.invitation_mail import Sending
from surveys.models import Survey
from surveys.views_results import unit_choices


@bp.route("/<int:survey_id>/invitations", methods=["GET", "POST"])
@roles(*STAFF)
def invitations(survey_id: int) -> ResponseReturnValue:
    """Invite directory stakeholders by e-mail, or download their links once, right now."""
    survey = managed_survey(survey_id)
    form = _invite_form()
    if form.validate_on_submit():
        query = directory.stakeholder_query("", form.org_unit.data or None, form.role.data)
        people = list(db.session.scalars(query.where(Stakeholder.consent_contact.is_(True))))
        if form.delivery.data == "email":
            # commits what went out, even when the mail server failed later
            sending = attempt(lambda: invitation_mail.invite_by_mail(survey, people, current_user))
            if sending is not None:
                return _sent(survey, sending)
        else:
            links = attempt(lambda: distribution.invite(survey, people, current_user))
            if links is not None:
                return _csv(survey, links, "invitations")
    return render_template(
        "surveys/invitations.html",
        survey=survey,
        form=form,
        counts=distribution.invitation_counts(survey),
        unsent=invitation_mail.unsent_counts(survey),
        batch=mailing.BATCH,
        mail_configured=mail.configured(),
        public_link=qr.public_link(survey),
        qr_png=qr.HAS_PNG,
    )


def _invite_form() -> InviteForm:
    form = InviteForm()
    form.org_unit.choices = choices([(0, _("Any org unit")), *unit_choices()])
    form.role.choices = choices(
        [("", _("Any role")), *((k.value, v) for k, v in ROLE_LABELS.items())]
    )
    if not mail.configured():
        form.delivery.choices = [c for c in DELIVERIES if c.value == "csv"]
    elif not form.is_submitted():
        form.delivery.data = "email"
    return form


@bp.post("/<int:survey_id>/invitations/send")
@roles(*STAFF)
def send_invitations(survey_id: int) -> ResponseReturnValue:
    """E-mail the invitations not sent yet (one batch)."""
    survey = managed_survey(survey_id)
    sending = attempt(lambda: invitation_mail.send_unsent(survey, current_user))
    if sending is None:
        return redirect(url_for("surveys.invitations", survey_id=survey.id))
    return _sent(survey, sending)


@bp.post("/<int:survey_id>/invitations/unsent.csv")
@roles(*STAFF)
def unsent_csv(survey_id: int) -> ResponseReturnValue:
    """New links of the invitations not sent yet, for a mail merge (once, now)."""
    survey = managed_survey(survey_id)
    links = attempt(lambda: invitation_mail.unsent_links(survey, current_user))
    if links is None:
        return redirect(url_for("surveys.invitations", survey_id=survey.id))
    return _csv(survey, links, "invitations-unsent")


def _csv(survey: Survey, links: list[tuple[Stakeholder, str]], name: str) -> HttpResponse:
    return HttpResponse(
        distribution.links_csv(links),
        mimetype="text/csv",
        headers={"Content-Disposition": f"attachment; filename={name}-{survey.id}.csv"},
    )


def _sent(survey: Survey, sending: Sending) -> ResponseReturnValue:
    """Counts only: staff never learn who was or was not reached."""
    flash(
        ngettext("%(num)s invitation e-mailed.", "%(num)s invitations e-mailed.", sending.sent),
        "success",
    )
    if sending.failed:
        flash(
            _(
                "Not sent because the mail server failed: %(num)s (%(error)s). Their links are "
                "kept: send them again or download them below.",
                num=sending.failed,
                error=sending.error,
            ),
            "error",
        )
    if sending.without_email:
        flash(
            _(
                "Without an e-mail address: %(num)s. Download their links below for a mail merge.",
                num=sending.without_email,
            ),
            "info",
        )
    flash_refused_and_left(sending)
    return redirect(url_for("surveys.invitations", survey_id=survey.id))


def flash_refused_and_left(delivery: mailing.Delivery) -> None:
    """What a sending run skipped or left for the next batch (counts only)."""
    if delivery.refused:
        flash(
            _(
                "Addresses the mail server refused: %(num)s. Their links are kept; check those "
                "addresses in the directory.",
                num=delivery.refused,
            ),
            "error",
        )
    if delivery.left:
        flash(
            _(
                "Waiting for the next batch (at most %(batch)s go out at a time): %(num)s.",
                batch=mailing.BATCH,
                num=delivery.left,
            ),
            "info",
        )
