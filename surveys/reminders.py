"""Reminders to invitees who have not answered, without showing staff who has answered.

Only a token's hash is stored, so a reminder cannot repeat the original link: each reminded
invitation gets a new token and the reminder carries the new link; the earlier links keep
working until the invitation is answered (surveys.distribution.replace_token). Only unused
invitations are reminded: an invitation is used when its token hash is in
``SubmissionReceipt``, which holds no response id, so finding them links nothing to answers.

Who may see the list of people still to answer is who may see who answered (the list is the
complement of the answered ones): nobody for anonymous surveys, admins for confidential ones,
survey staff for identified ones (distribution.may_see_respondents). Everybody else gets the
reminders sent by e-mail when a mail server is configured, and counts only; a breakdown of
the counts by language is shown only when no cell is under the suppression threshold.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from flask import current_app
from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from analysis.stats.suppression import suppress_counts
from engage import mail
from engage.audit.services import record
from engage.directory.models import Stakeholder
from engage.errors import DomainError
from engage.extensions import db
from engage.timeutil import utcnow
from surveys.distribution import may_see_respondents, new_token, replace_token
from surveys.mailing import Delivery, language_of, personal_link, reachable, send_links
from surveys.models import Invitation, Survey, SurveyStatus


@dataclass
class Overview:
    """What the reminder page shows: counts only."""

    invited: int
    answered: int
    waiting: int
    #: of the waiting: how many can be reminded (contact consent and an e-mail address)
    reachable: int
    #: language -> (waiting, answered); empty when a cell would be under the threshold
    by_language: dict[str, tuple[int, int]] = field(default_factory=dict)


def _invitations(survey: Survey) -> list[Invitation]:
    query = (
        select(Invitation)
        .where(Invitation.survey_id == survey.id)
        .options(selectinload(Invitation.stakeholder))
        .order_by(Invitation.id)
        .execution_options(populate_existing=True)  # ``used`` as it is now, not when loaded
    )
    return list(db.session.scalars(query))


def overview(survey: Survey) -> Overview:
    """Invited, answered and waiting counts; see the module docstring for the breakdown."""
    invitations = _invitations(survey)
    waiting = [i for i in invitations if not i.used]
    result = Overview(
        invited=len(invitations),
        answered=len(invitations) - len(waiting),
        waiting=len(waiting),
        reachable=sum(reachable(i) for i in waiting),
    )
    language = {i.id: language_of(survey, i.stakeholder) for i in invitations}
    waits = Counter(language[i.id] for i in waiting)
    answers = Counter(language[i.id] for i in invitations if i.used)
    cells = set(waits) | set(answers)
    k = current_app.config["ENGAGE_SUPPRESSION_K"]
    full_waits, full_answers = {c: waits[c] for c in cells}, {c: answers[c] for c in cells}
    if len(cells) > 1 and not (suppress_counts(full_waits, k) | suppress_counts(full_answers, k)):
        result.by_language = {c: (waits[c], answers[c]) for c in sorted(cells)}
    return result


def _check(survey: Survey) -> None:
    if survey.status != SurveyStatus.OPEN:
        raise DomainError("Only an open survey can send reminders.")


def _renewed(invitation: Invitation, token: str) -> None:
    replace_token(invitation, token)
    invitation.reminded_at = utcnow()


def _renew(survey: Survey, invitation: Invitation) -> str:
    """A new token for an unused invitation; returns the new personal link."""
    token = new_token()
    _renewed(invitation, token)
    return personal_link(survey, invitation.stakeholder, token)


def send_reminders(survey: Survey, actor: Any) -> Delivery:
    """E-mail reachable invitees who have not answered a new personal link, a batch at a time,
    those reminded longest ago (or never) first, so that sending again goes on down the list.

    Renews each token only after its message was accepted, so on a mail failure the caller
    can commit the reminders that went out and nothing else changed.

    Raises:
        DomainError: the survey is not open or no mail server is configured.
    """
    _check(survey)
    if not mail.configured():
        raise DomainError("No mail server is configured; download the list instead.")
    waiting = [i for i in _invitations(survey) if not i.used and reachable(i)]
    # never reminded first (oldest invitations first), then the longest ago
    waiting.sort(key=lambda i: (i.reminded_at is not None, i.reminded_at or i.created_at, i.id))
    result = send_links(survey, [(i, new_token()) for i in waiting], _wording, _renewed)
    record(actor, "survey.reminded", "survey", survey.id, count=result.sent, channel="email")
    return result


def reminder_links(survey: Survey, actor: Any) -> list[tuple[Stakeholder, str]]:
    """New personal links for reachable invitees who have not answered (for a mail merge).

    Raises:
        DomainError: the survey is not open, or the actor may not learn who answered.
    """
    _check(survey)
    if not may_see_respondents(survey, actor):
        raise DomainError(
            "The list of people who have not answered would show who has answered, which this "
            "survey's anonymity does not allow you to see. Reminders can be sent by e-mail "
            "once a mail server is configured."
        )
    links = [
        (i.stakeholder, _renew(survey, i))
        for i in _invitations(survey)
        if not i.used and reachable(i)
    ]
    db.session.flush()
    record(actor, "survey.reminded", "survey", survey.id, count=len(links), channel="csv")
    return links


def _wording(title: str, name: str, link: str) -> tuple[str, str]:
    subject = _("Reminder: %(title)s", title=title)
    body = _(
        'Hello %(name)s,\n\nWe would still like to hear from you in the survey "%(title)s". '
        "Your personal link:\n\n%(link)s\n\n"
        "If you have answered in the meantime, thank you, and please ignore this message.",
        name=name,
        title=title,
        link=link,
    )
    return subject, body
