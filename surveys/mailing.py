"""E-mailing personal survey links: invitations and reminders share this sender.

Each message carries its own token. The caller's ``on_sent`` records it on the invitation only
after the mail server accepted the message, so a failure changes nothing for the invitations
it did not reach: their links stay as they were, to be sent again or exported. An address the
server refuses (a typo, a closed mailbox) is counted and skipped; a server that fails stops
the batch. One request sends at most ``BATCH`` messages.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass

from flask import g

from engage import mail
from engage.directory.models import Stakeholder
from engage.extensions import db
from engage.urls import external_url
from surveys.models import Invitation, Survey
from surveys.wording import text_of

#: (survey title, person's name, personal link) -> (subject, body) in the current language
Wording = Callable[[str, str, str], tuple[str, str]]
#: most messages one request sends (a request should finish well within a worker's timeout)
BATCH = 100


@dataclass
class Delivery:
    """What one sending run did, in counts (staff never see who)."""

    sent: int = 0
    #: not sent because the mail server failed (the rest of the batch)
    failed: int = 0
    #: the mail server's error, for staff
    error: str = ""
    #: addresses the mail server refused (the batch went on); staff see the count only
    refused: int = 0
    #: beyond this batch, still to send
    left: int = 0


def reachable(invitation: Invitation) -> bool:
    """Whether its stakeholder agreed to be contacted and has an e-mail address."""
    person = invitation.stakeholder
    return person is not None and bool(person.email) and person.consent_contact


def language_of(survey: Survey, person: Stakeholder | None) -> str:
    """The person's preferred language when the survey offers it, else English."""
    wanted = getattr(person, "preferred_language", "en")
    return wanted if wanted in survey.languages else "en"


def personal_link(survey: Survey, person: Stakeholder | None, token: str) -> str:
    lang = language_of(survey, person)
    return external_url("respond.page", slug=survey.slug, t=token, lang=lang)


def send_links(
    survey: Survey,
    batch: Sequence[tuple[Invitation, str]],
    wording: Wording,
    on_sent: Callable[[Invitation, str], None],
) -> Delivery:
    """E-mail each (reachable invitation, token) its personal link, in its person's language.

    Sends the first ``BATCH`` and counts the rest as left. Skips a refused address; stops at
    the first other failure of the mail server. ``on_sent`` and a flush follow each accepted
    message, so the caller may commit what went out.
    """
    result = Delivery(left=max(len(batch) - BATCH, 0))
    batch = batch[:BATCH]
    try:
        with mail.connection() as server:
            for invitation, token in batch:
                person = invitation.stakeholder
                lang = language_of(survey, person)
                link = personal_link(survey, person, token)
                with in_language(lang):
                    words = wording(text_of(survey, "title", lang), person.name, link)
                try:
                    mail.send(server, [mail.message(person.email, *words)])
                except mail.Refused:
                    result.refused += 1
                    continue
                on_sent(invitation, token)
                db.session.flush()
                result.sent += 1
    except mail.MailError as exc:
        result.failed, result.error = len(batch) - result.sent - result.refused, str(exc)
    return result


@contextmanager
def in_language(lang: str) -> Iterator[None]:
    """Translate strings into ``lang`` for one message (the interface language is g's)."""
    before = g.get("engage_lang")
    g.engage_lang = lang
    try:
        yield
    finally:
        if before is None:
            g.pop("engage_lang", None)
        else:
            g.engage_lang = before
