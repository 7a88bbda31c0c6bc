"""Reminders: only unanswered invitations, new links, counts only, audited, e-mail or CSV."""

from __future__ import annotations

import csv
import io
import re

from sqlalchemy import func, select

from engage.audit.models import AuditEvent
from engage.auth.roles import Role
from engage.directory.models import Stakeholder, StakeholderRole
from engage.extensions import db
from surveys import distribution, mailing, reminders
from surveys.models import (
    Anonymity,
    Invitation,
    InvitationToken,
    Response,
    SubmissionReceipt,
    Survey,
)
from tests.surveys.smtp_server import smtp_server
from tests.surveys.test_respond import complete

LINK = re.compile(r"https?://\S+/s/\S+")
PEOPLE = [  # (name, email, consent to contact, language)
    ("Ana Quispe-Zurita", "ana@example.org", True, "es"),
    ("Bo Xiong-Vang", "bo@example.org", True, "en"),
    ("Cy Okonkwo-Lee", "cy@example.org", True, "en"),
    ("Di Marchetti-Ruiz", "di@example.org", False, "en"),
]


def invite_all(app, survey_id: int) -> dict[str, str]:
    """Invite PEOPLE; returns first name -> first token."""
    with app.test_request_context():
        people = [
            Stakeholder(
                name=name,
                email=email,
                consent_contact=consent,
                preferred_language=lang,
                role=StakeholderRole.RESIDENT,
            )
            for name, email, consent, lang in PEOPLE
        ]
        db.session.add_all(people)
        survey = db.session.get(Survey, survey_id)
        links = distribution.invite(survey, people, "test")
        db.session.commit()
        return {person.name.split()[0]: link.split("t=")[1] for person, link in links}


def _audits(app) -> list[dict]:
    with app.app_context():
        query = select(AuditEvent).where(AuditEvent.action == "survey.reminded")
        return [event.detail for event in db.session.scalars(query)]


def test_anonymous_survey_reminds_by_mail_and_shows_counts_only(
    app, client, login_as, make_survey, mail_to
):
    survey = make_survey(Anonymity.ANONYMOUS, public=False, languages=("en", "es"))
    tokens = invite_all(app, survey.id)
    assert complete(client, survey.slug, f"?t={tokens['Bo']}")[0].status_code == 303
    login_as(Role.ANALYST)

    page = client.get(f"/surveys/{survey.id}/reminders").get_data(as_text=True)
    for name, email, _c, _l in PEOPLE:
        assert name not in page and email not in page
    assert "not broken down" in page  # groups of 1-2 people are under the threshold
    assert client.post_form(f"/surveys/{survey.id}/reminders.csv").status_code == 302

    with smtp_server() as server:
        mail_to(server.server_address[1])
        sent = client.post_form(f"/surveys/{survey.id}/reminders/send", follow_redirects=True)
    assert "2 reminders sent." in sent.get_data(as_text=True)
    received = {m["To"]: m for m in server.received}
    assert set(received) == {"ana@example.org", "cy@example.org"}  # not Bo (answered), not Di
    spanish = received["ana@example.org"].get_content()
    link = LINK.search(spanish).group(0)
    assert "lang=es" in link and link.startswith(app.config["ENGAGE_BASE_URL"])

    path = link.split("/s/", 1)[1]
    assert client.get(f"/s/{path}").status_code == 200
    assert client.get(f"/s/{survey.slug}?t={tokens['Ana']}").status_code == 200  # still hers
    assert client.get(f"/s/{survey.slug}?t={tokens['Bo']}").status_code == 409  # still used
    assert client.get(f"/s/{survey.slug}?t={tokens['Di']}").status_code == 200  # not reminded
    assert _audits(app) == [{"count": 2, "channel": "email"}]


def test_a_mail_failure_keeps_the_links_of_those_not_reminded(
    app, client, login_as, make_survey, mail_to
):
    survey = make_survey(Anonymity.ANONYMOUS, public=False)
    tokens = invite_all(app, survey.id)
    login_as(Role.ANALYST)
    with smtp_server(refuse_after=1) as server:
        mail_to(server.server_address[1])
        page = client.post_form(f"/surveys/{survey.id}/reminders/send", follow_redirects=True)
    text = page.get_data(as_text=True)
    assert "1 reminder sent." in text and "Sending stopped early" in text
    assert len(server.received) == 1
    for name in ("Ana", "Bo", "Cy"):  # the first links all still work
        assert client.get(f"/s/{survey.slug}?t={tokens[name]}").status_code == 200
    with app.app_context():  # only the one reminded got a new token
        reminded = select(func.count()).where(Invitation.reminded_at.is_not(None))
        assert db.session.scalar(reminded) == 1
        assert db.session.scalar(select(func.count()).select_from(InvitationToken)) == 1


def test_identified_survey_lists_new_links_for_a_mail_merge(app, client, login_as, make_survey):
    survey = make_survey(Anonymity.IDENTIFIED, public=False)
    tokens = invite_all(app, survey.id)
    complete(client, survey.slug, f"?t={tokens['Cy']}")
    login_as(Role.ANALYST)
    download = client.post_form(f"/surveys/{survey.id}/reminders.csv")
    assert download.status_code == 200 and download.mimetype == "text/csv"
    rows = list(csv.DictReader(io.StringIO(download.get_data(as_text=True))))
    assert {row["name"].split()[0] for row in rows} == {"Ana", "Bo"}
    for row in rows:
        token = row["link"].split("t=")[1].split("&")[0]
        assert client.get(f"/s/{survey.slug}?t={token}").status_code == 200
    assert client.get(f"/s/{survey.slug}?t={tokens['Ana']}").status_code == 200
    assert _audits(app) == [{"count": 2, "channel": "csv"}]


def test_confidential_list_is_for_admins_only(app, client, login_as, make_survey):
    survey = make_survey(Anonymity.CONFIDENTIAL, public=False)
    tokens = invite_all(app, survey.id)
    login_as(Role.ANALYST)
    refused = client.post_form(f"/surveys/{survey.id}/reminders.csv", follow_redirects=True)
    assert "does not allow you to see" in refused.get_data(as_text=True)
    assert client.get(f"/s/{survey.slug}?t={tokens['Ana']}").status_code == 200  # unchanged
    assert _audits(app) == []


def test_breakdown_by_language_only_when_no_cell_is_small(app, make_survey):
    survey_ref = make_survey(Anonymity.ANONYMOUS, public=False, languages=("en", "es"))
    with app.test_request_context():
        app.config["ENGAGE_SUPPRESSION_K"], before = 5, app.config["ENGAGE_SUPPRESSION_K"]
        survey = db.session.get(Survey, survey_ref.id)
        people = [
            Stakeholder(
                name=f"P{n}",
                preferred_language=("en", "es")[n % 2],
                role=StakeholderRole.RESIDENT,
            )
            for n in range(20)
        ]
        db.session.add_all(people)
        links = distribution.invite(survey, people, "test")
        for _person, link in links[:10]:  # 5 in each language answer
            key = distribution.token_hash(link.split("t=")[1])
            db.session.add(SubmissionReceipt(key_hash=key, survey_id=survey.id))
        db.session.flush()
        shown = reminders.overview(survey)
        assert (shown.invited, shown.answered, shown.waiting) == (20, 10, 10)
        assert shown.by_language == {"en": (5, 5), "es": (5, 5)}
        invitation = db.session.scalars(select(Invitation).where(~Invitation.used)).first()
        db.session.add(SubmissionReceipt(key_hash=invitation.token_hash, survey_id=survey.id))
        db.session.flush()
        assert reminders.overview(survey).by_language == {}  # a waiting cell of 4 < K
        app.config["ENGAGE_SUPPRESSION_K"] = before
        db.session.rollback()


def test_reminders_are_for_managers_only(client, login_as, make_survey):
    survey = make_survey(public=False)
    login_as(Role.FELLOW)  # not the creator, not shared
    assert client.get(f"/surveys/{survey.id}/reminders").status_code == 403
    assert client.post_form(f"/surveys/{survey.id}/reminders/send").status_code == 403
    client.post_form("/logout")
    login_as(Role.VIEWER)
    assert client.get(f"/surveys/{survey.id}/reminders").status_code == 403


def test_a_reminder_racing_a_submission_never_allows_a_second_response(app, client, make_survey):
    survey = make_survey(Anonymity.ANONYMOUS, public=False)
    tokens = invite_all(app, survey.id)
    assert complete(client, survey.slug, f"?t={tokens['Bo']}")[0].status_code == 303
    # A reminder that read "not answered yet" just before that submission committed renews
    # the token afterwards: the new link must find the invitation used all the same.
    with app.test_request_context():
        invitation = db.session.scalars(select(Invitation).where(Invitation.used)).one()
        link = reminders._renew(db.session.get(Survey, survey.id), invitation)
        db.session.commit()
    new_token = link.split("t=")[1].split("&")[0]
    page = client.get(f"/s/{survey.slug}?t={new_token}").get_data(as_text=True)
    assert "already been used" in page and 'name="state"' not in page
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(Response)) == 1
        assert db.session.scalar(select(func.count()).select_from(SubmissionReceipt)) == 1


def test_reminders_go_out_a_batch_at_a_time_down_the_list(
    app, client, login_as, make_survey, mail_to, monkeypatch
):
    monkeypatch.setattr(mailing, "BATCH", 1)
    survey = make_survey(Anonymity.ANONYMOUS, public=False)
    invite_all(app, survey.id)
    login_as(Role.ANALYST)
    with smtp_server() as server:
        mail_to(server.server_address[1])
        page = client.get(f"/surveys/{survey.id}/reminders").get_data(as_text=True)
        assert "E-mail 1 reminders" in page  # of 3 reachable: one batch
        sent = client.post_form(f"/surveys/{survey.id}/reminders/send", follow_redirects=True)
        text = sent.get_data(as_text=True)
        assert "1 reminder sent." in text and "(at most 1 go out at a time): 2." in text
        for _ in range(2):
            client.post_form(f"/surveys/{survey.id}/reminders/send")
        client.post_form(f"/surveys/{survey.id}/reminders/send")  # a second round starts over
    to = [m["To"] for m in server.received]
    assert len(set(to[:3])) == 3 and to[3] == to[0]  # nobody twice before everybody once
