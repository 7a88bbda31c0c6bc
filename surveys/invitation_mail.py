"""Invitations by e-mail: each stakeholder gets their personal link, staff get counts only.

An invitation has been *sent* once Engage e-mailed it (``emailed_at``) or staff downloaded its
link for a mail merge (``exported_at``). Those not sent yet (no e-mail address, the mail server
failed, or beyond one batch) keep their place and can be e-mailed or exported later, each time
with a new token, since only hashes are stored; the earlier tokens keep working.

Whether an invitation was answered plays no part in any of this: a count of those "not
answered" among a few unsent invitations would tell staff who answered an anonymous survey.

Sending runs inside the request, as reminders do, so one request sends at most
``surveys.mailing.BATCH`` messages; the page offers the rest as the next batch.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from engage import mail
from engage.audit.services import record
from engage.directory.models import Stakeholder
from engage.errors import DomainError
from engage.extensions import db
from engage.timeutil import utcnow
from surveys.distribution import create_invitations, new_token, replace_token
from surveys.mailing import Delivery, personal_link, reachable, send_links
from surveys.models import Invitation, Survey, SurveyStatus


@dataclass
class Sending(Delivery):
    """A ``Delivery`` plus what it left for the CSV."""

    #: invitations that cannot be e-mailed (no address): their links go in the CSV
    without_email: int = 0


@dataclass
class Unsent:
    with_email: int
    without_email: int

    @property
    def total(self) -> int:
        return self.with_email + self.without_email


def _unsent(survey: Survey) -> list[Invitation]:
    """Invitations neither e-mailed nor exported, of people who still agree to be contacted."""
    query = (
        select(Invitation)
        .where(
            Invitation.survey_id == survey.id,
            Invitation.emailed_at.is_(None),
            Invitation.exported_at.is_(None),
        )
        .options(selectinload(Invitation.stakeholder))
        .order_by(Invitation.id)
    )
    return [i for i in db.session.scalars(query) if i.stakeholder and i.stakeholder.consent_contact]


def unsent_counts(survey: Survey) -> Unsent:
    pending = _unsent(survey)
    with_email = sum(reachable(i) for i in pending)
    return Unsent(with_email, len(pending) - with_email)


def _check(survey: Survey, *, by_mail: bool = True) -> None:
    if survey.status == SurveyStatus.CLOSED:
        raise DomainError("The survey is closed; reopen it before sending invitations.")
    if by_mail and not mail.configured():
        raise DomainError("No mail server is configured; download the links (CSV) instead.")


def invite_by_mail(survey: Survey, people: list[Stakeholder], actor: Any) -> Sending:
    """Invite every person not yet invited and e-mail those with an address their link.

    Raises:
        DomainError: the survey is closed or no mail server is configured.
    """
    _check(survey)
    created = create_invitations(survey, people)
    record(actor, "survey.invited", "survey", survey.id, count=len(created), channel="email")
    return _send(survey, created, actor, _emailed)


def send_unsent(survey: Survey, actor: Any) -> Sending:
    """E-mail the invitations not sent yet (a batch), each with a new token.

    Raises:
        DomainError: the survey is closed or no mail server is configured.
    """
    _check(survey)
    pending = [(i, new_token()) for i in _unsent(survey)]
    return _send(survey, pending, actor, _renewed)


def _emailed(invitation: Invitation, _token: str) -> None:
    invitation.emailed_at = utcnow()


def _renewed(invitation: Invitation, token: str) -> None:
    replace_token(invitation, token)
    invitation.emailed_at = utcnow()


def _send(
    survey: Survey,
    pending: list[tuple[Invitation, str]],
    actor: Any,
    on_sent: Callable[[Invitation, str], None],
) -> Sending:
    mailable = [(i, token) for i, token in pending if reachable(i)]
    done = send_links(survey, mailable, _wording, on_sent)
    result = Sending(**vars(done), without_email=len(pending) - len(mailable))
    counts = {"sent": result.sent, "failed": result.failed, "refused": result.refused,
              "without_email": result.without_email}  # fmt: skip
    record(actor, "survey.invitations_emailed", "survey", survey.id, **counts, left=result.left)
    return result


def unsent_links(survey: Survey, actor: Any) -> list[tuple[Stakeholder, str]]:
    """New links for every invitation not sent yet, for a mail merge; marks them sent.

    Raises:
        DomainError: the survey is closed.
    """
    _check(survey, by_mail=False)
    links = []
    for invitation in _unsent(survey):
        token = new_token()
        replace_token(invitation, token)
        invitation.exported_at = utcnow()
        links.append((invitation.stakeholder, personal_link(survey, invitation.stakeholder, token)))
    db.session.flush()
    record(actor, "survey.invitations_exported", "survey", survey.id, count=len(links))
    return links


def _wording(title: str, name: str, link: str) -> tuple[str, str]:
    subject = _("Invitation: %(title)s", title=title)
    body = _(
        'Hello %(name)s,\n\nYou are invited to take part in the survey "%(title)s". '
        "Your personal link:\n\n%(link)s\n\n"
        "The link is for you alone and can be used to answer once; please do not forward it.",
        name=name,
        title=title,
        link=link,
    )
    return subject, body
