"""Invitations: single-use tokens for directory stakeholders, exported as a link list."""

from __future__ import annotations

import csv
import hashlib
import io
import secrets
from typing import Any

from sqlalchemy import func, select

from engage.audit.services import record
from engage.directory.models import Stakeholder
from engage.errors import DomainError
from engage.extensions import db
from engage.timeutil import utcnow
from engage.urls import external_url
from surveys.models import Anonymity, Invitation, InvitationToken, Survey, SurveyStatus


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def new_token() -> str:
    """256 random bits, URL-safe; only its hash is ever stored."""
    return secrets.token_urlsafe(32)


def find_invitation(survey: Survey, token: str) -> Invitation | None:
    """The invitation any of whose tokens is ``token`` on this survey, or None for a forged or
    foreign token. Whether the invitation may still answer is ``Invitation.used``."""
    if not token or len(token) > 100:
        return None
    hashed = token_hash(token)
    query = select(Invitation).where(Invitation.survey_id == survey.id)
    found = db.session.scalar(query.where(Invitation.token_hash == hashed))
    if found is None:  # a replaced token: rare, so the common lookup stays one indexed read
        found = db.session.scalar(
            query.join(InvitationToken).where(InvitationToken.token_hash == hashed)
        )
    return found


def replace_token(invitation: Invitation, token: str) -> None:
    """Make ``token`` the invitation's latest; the earlier ones keep opening it until it is
    answered, so a reminder never locks out someone halfway through the survey."""
    db.session.add(InvitationToken(token_hash=invitation.token_hash, invitation_id=invitation.id))
    invitation.token_hash = token_hash(token)


def create_invitations(survey: Survey, people: list[Stakeholder]) -> list[tuple[Invitation, str]]:
    """One invitation per person not yet invited; returns (invitation, token) pairs.

    Tokens have 256 bits of randomness; only their SHA-256 is stored, so the caller must hand
    each token out now (a mail or a download) or replace it later to send it.

    Raises:
        DomainError: the survey is closed.
    """
    if survey.status == SurveyStatus.CLOSED:
        raise DomainError("The survey is closed; reopen it before inviting more people.")
    invited = set(
        db.session.scalars(
            select(Invitation.stakeholder_id).where(Invitation.survey_id == survey.id)
        )
    )
    created = []
    for person in people:
        if person.id in invited:
            continue
        token = new_token()
        invitation = Invitation(
            survey_id=survey.id, stakeholder=person, token_hash=token_hash(token)
        )
        db.session.add(invitation)
        created.append((invitation, token))
    db.session.flush()
    return created


def invite(survey: Survey, people: list[Stakeholder], actor: Any) -> list[tuple[Stakeholder, str]]:
    """Invite every person not yet invited for a mail merge; returns (person, link) pairs,
    which can be downloaded exactly once, now."""
    links = []
    for invitation, token in create_invitations(survey, people):
        invitation.exported_at = utcnow()
        links.append(
            (invitation.stakeholder, external_url("respond.page", slug=survey.slug, t=token))
        )
    db.session.flush()
    record(actor, "survey.invited", "survey", survey.id, count=len(links), channel="csv")
    return links


def links_csv(links: list[tuple[Stakeholder, str]]) -> str:
    """A mail-merge CSV: name, email, preferred language, personal link."""
    from engage.spreadsheets import neutralise

    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["name", "email", "language", "link"])
    for person, link in links:
        row = [person.name, person.email or "", person.preferred_language, link]
        writer.writerow([neutralise(cell) for cell in row])
    return out.getvalue()


def invitation_counts(survey: Survey) -> dict[str, int]:
    """Invited and answered totals. Who answered is never listed: for anonymous surveys
    staff must not learn it, and counts are all any mode needs for monitoring."""
    invited = db.session.scalar(
        select(func.count(Invitation.id)).where(Invitation.survey_id == survey.id)
    )
    used = db.session.scalar(
        select(func.count(Invitation.id)).where(Invitation.survey_id == survey.id, Invitation.used)
    )
    return {"invited": invited or 0, "answered": used or 0}


def may_see_respondents(survey: Survey, user: Any) -> bool:
    """Confidential links are visible to admins only; identified surveys to survey staff."""
    from engage.auth.roles import Role

    if survey.anonymity == Anonymity.ANONYMOUS:
        return False
    return survey.anonymity == Anonymity.IDENTIFIED or user.role == Role.ADMIN
